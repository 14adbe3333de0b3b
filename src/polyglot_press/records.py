"""Check records: typed results that stages return and reports carry.

These are core types, like :class:`~polyglot_press.text.Change` and
:class:`~polyglot_press.text.Finding`: the stage that makes them
(the terminology layer) and the report that holds them both import them from
here, so a report can be read without loading any stage.

>>> check = TermCheck("osce", "missing", "pt", "OSCE", source_text="OSCE", segment=3)
>>> check.ok, TermCheck.from_dict(check.to_dict()) == check
(False, True)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .text import Span

__all__ = ["OK_STATUSES", "PRESENT_STATUSES", "STATUSES", "TermCheck", "consistency"]

#: Every status a :class:`TermCheck` can have. ``agreement-unresolved``: the term
#: is in the translation, but the article or contraction right before it does not
#: agree with the glossary's gender and number, and no single form could fix it
#: (German *die* before a masculine term: *der* or *den*?). Not ok: the sentence
#: needs an editor, and ``translate --strict`` fails on it.
STATUSES = ("exact", "inflected", "variant", "repaired", "agreement-unresolved", "missing",
            "forbidden-variant-found")
#: The statuses that mean the term is in the translation, with nothing left to fix.
OK_STATUSES = frozenset({"exact", "inflected", "variant", "repaired"})
#: The statuses that mean the term's form is in the translation (ok or not).
PRESENT_STATUSES = OK_STATUSES | {"agreement-unresolved"}


@dataclass(frozen=True, slots=True)
class TermCheck:
    """How one glossary term instance came through translation.

    ``source_span`` points into the source document's text (or the segment,
    before :class:`~polyglot_press.press.Press` moves it), ``target_span`` into
    the target text. ``expected`` is the glossary's target form, ``found``
    what the translation has (``None`` when missing). ``method`` says how it
    was ensured or found: ``placeholder``, ``placeholder-recovered``,
    ``n-best``, ``morphology``, ``replaced``, ``aligned`` (the engine's own
    rendering of the term replaced by the glossary's form).

    >>> c = TermCheck("osce", "exact", "pt", "OSCE", "OSCE", source_lang="en")
    >>> TermCheck.from_dict(c.to_dict()) == c, c.ok
    (True, True)
    """

    concept: str
    status: str
    target_lang: str
    expected: str
    found: str | None = None
    source_lang: str | None = None
    source_text: str = ""
    segment: int | None = None
    source_span: Span | None = None
    target_span: Span | None = None
    method: str = ""
    message: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"TermCheck status {self.status!r} is not one of {', '.join(STATUSES)}")

    @property
    def ok(self) -> bool:
        """True when the term is in the translation with nothing left to fix (exact,
        inflected, variant or repaired; not ``agreement-unresolved``)."""
        return self.status in OK_STATUSES

    @property
    def present(self) -> bool:
        """True when the term's form is in the translation, even with grammar around it
        left unresolved.

        >>> c = TermCheck("kz", "agreement-unresolved", "de", "Kasachstan", "Kasachstan")
        >>> c.ok, c.present
        (False, True)
        """
        return self.status in PRESENT_STATUSES

    def shifted(self, source: int = 0, target: int = 0, segment: int | None = None) -> TermCheck:
        """The same check with spans moved (segment offsets to document offsets)."""
        return dataclasses.replace(
            self,
            source_span=None if self.source_span is None else self.source_span.shift(source),
            target_span=None if self.target_span is None else self.target_span.shift(target),
            segment=self.segment if segment is None else segment,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form (see ``docs/report.schema.json``, ``term_check``)."""
        return {
            "concept": self.concept,
            "status": self.status,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "source_text": self.source_text,
            "expected": self.expected,
            "found": self.found,
            "segment": self.segment,
            "source_span": None if self.source_span is None else self.source_span.to_list(),
            "target_span": None if self.target_span is None else self.target_span.to_list(),
            "method": self.method,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TermCheck:
        """Inverse of :meth:`to_dict`."""
        source_span = data.get("source_span")
        target_span = data.get("target_span")
        found = data.get("found")
        segment = data.get("segment")
        source_lang = data.get("source_lang")
        return cls(
            concept=str(data["concept"]),
            status=str(data["status"]),
            target_lang=str(data["target_lang"]),
            expected=str(data["expected"]),
            found=None if found is None else str(found),
            source_lang=None if source_lang is None else str(source_lang),
            source_text=str(data.get("source_text", "")),
            segment=None if segment is None else int(segment),
            source_span=None if source_span is None else Span.from_list(source_span),
            target_span=None if target_span is None else Span.from_list(target_span),
            method=str(data.get("method", "")),
            message=str(data.get("message", "")),
        )


def consistency(checks: Sequence[TermCheck]) -> dict[str, list[str]]:
    """Concepts rendered in more than one way: ``{concept: [renderings...]}``.

    Inflected forms of one term count as one rendering (they share the
    expected form); only different words do not.

    >>> a = TermCheck("cec", "exact", "pt", "CEC", "CEC")
    >>> b = TermCheck("cec", "repaired", "pt", "CEC", "CEC")
    >>> consistency([a, b])
    {}
    """
    renderings: dict[str, dict[str, None]] = {}
    for check in checks:
        if not check.present or check.found is None:
            continue
        key = check.expected if check.status == "inflected" else check.found
        renderings.setdefault(check.concept, {})[key.casefold()] = None
    return {c: list(r) for c, r in renderings.items() if len(r) > 1}
