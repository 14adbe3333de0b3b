"""What a run gives back: a :class:`Result` per document, or a :class:`Failure`.

``result["pt"]`` is the Portuguese document; ``result.report`` holds every
finding, change and term check of the run; ``result.write(folder)`` writes
each translation. :meth:`~polyglot_press.press.Press.pipe` with
``errors="yield"`` gives a :class:`Failure` in place of a document it could
not read or translate, and goes on with the others.

>>> from polyglot_press.document import Document
>>> from polyglot_press.report import Report
>>> r = Result(Document.from_text("Hi."), {"pt": Document.from_text("Olá.")}, Report([]))
>>> r["pt"].text, r.targets
('Olá.', ['pt'])
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .document import Document
from .errors import InputError, PolyglotPressError
from .records import TermCheck
from .report import Report

__all__ = ["Failure", "Result"]


@dataclass(slots=True)
class Result:
    """The translations of one document: ``result["pt"]`` is the Portuguese document.

    ``source`` is the document after repair and name normalization (what was
    translated); ``report`` has one :class:`~polyglot_press.report.DocumentReport`.
    """

    source: Document
    documents: dict[str, Document]
    report: Report
    #: other translations of each segment, when asked for (``alternatives=N``):
    #: ``{target: {segment index: [hypothesis, ...]}}``, best first
    segment_alternatives: dict[str, dict[int, list[str]]] = field(default_factory=dict)

    def __getitem__(self, lang: str) -> Document:
        try:
            return self.documents[lang]
        except KeyError:
            raise KeyError(f"no translation into {lang!r}; targets: "
                           f"{', '.join(self.documents) or 'none'}") from None

    @property
    def targets(self) -> list[str]:
        """The target languages, in the order asked for."""
        return list(self.documents)

    def alternatives(self, target: str) -> list[str]:
        """Other translations of the whole text into ``target``, as LibreTranslate's
        ``alternatives`` gives them: the k-th one takes each segment's k-th other
        hypothesis (keeping the chosen translation where a segment has fewer).

        Empty unless the translation asked for ``alternatives=N``. They are the
        engine's own hypotheses: glossary terms are not enforced or checked in them.
        """
        per_segment = self.segment_alternatives.get(target, {})
        count = max((len(alts) for alts in per_segment.values()), default=0)
        document = self[target]
        return [
            document.replace_segments(
                {index: alts[k] for index, alts in per_segment.items() if len(alts) > k}
            ).text
            for k in range(count)
        ]

    def checks(self, target: str | None = None) -> list[TermCheck]:
        """Every term check (of one target, or of all)."""
        return [c for d in self.report.documents for c in d.term_checks(target)]

    def missing(self) -> list[TermCheck]:
        """Term instances the translations do not have (missing or forbidden); see
        :meth:`unresolved` for terms that are there with an article that does not agree."""
        return [c for c in self.checks() if not c.present]

    def unresolved(self) -> list[TermCheck]:
        """Term instances present, with an article the agreement data could not fix
        (status ``agreement-unresolved``)."""
        return [c for c in self.checks() if c.status == "agreement-unresolved"]

    def write(self, folder: str | os.PathLike[str], *, name: str | None = None) -> list[Path]:
        """Write each translation as ``folder/<stem>.<lang><suffix>``; return the paths."""
        out = Path(folder)
        if not out.is_dir():
            raise InputError(f"{out}: output folder does not exist")
        base = Path(name or self.source.path or "document.txt")
        suffix = base.suffix or (".md" if self.source.format == "markdown" else ".txt")
        written = []
        for lang, doc in self.documents.items():
            path = out / f"{base.stem}.{lang}{suffix}"
            doc.write(path)
            written.append(path)
        return written


@dataclass(frozen=True, slots=True)
class Failure:
    """A document :meth:`Press.pipe` could not read or translate (``errors="yield"``).

    ``source`` names it (its path, or the label it was read under); ``error``
    is the :class:`~polyglot_press.errors.PolyglotPressError` that stopped it.
    """

    source: str
    error: PolyglotPressError

    def __str__(self) -> str:
        return str(self.error) if self.source in str(self.error) else f"{self.source}: {self.error}"
