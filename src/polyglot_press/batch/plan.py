"""One document of a batch: where its translations go, whether it is done, and writing it.

``translate DIR`` and the corpus runner both go through :class:`BatchPlan`,
so they name outputs alike (``2024/a.md`` → ``2024/a.pt.md``), read every
format alike (:meth:`~polyglot_press.document.Document.from_bytes`, binary
DOCX included), and keep one manifest (:mod:`.manifest`).

>>> output_path("2024/march/release.docx", "pt", "docx")
'2024/march/release.pt.docx'
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._files import atomic_write_bytes
from ..errors import InputError
from ..formats import get_format
from .manifest import Entry, Manifest, concepts_digest, config_digest, document_digest

if TYPE_CHECKING:
    from ..document import Document
    from ..formats.blocks import ReadOptions
    from ..glossary import Glossary
    from ..glossary.matcher import GlossaryMatcher
    from ..press import PressConfig, Result

__all__ = ["BatchPlan", "ConceptIndex", "Planned", "inside", "is_hidden", "output_path"]


def output_path(doc_id: str, lang: str, fmt: str) -> str:
    """Where the ``lang`` translation of document ``doc_id`` goes, relative to the output folder.

    >>> output_path("2024/march/release.md", "pt", "markdown")
    '2024/march/release.pt.md'
    >>> output_path("wire-17", "de", "text")
    'wire-17.de.txt'
    """
    clean = posixpath.normpath(doc_id.replace("\\", "/"))
    if clean.startswith(("/", "../")) or clean in ("..", ".") or ":" in clean.split("/")[0]:
        raise InputError(f"document id {doc_id!r} would be written outside the output folder")
    stem, suffix = posixpath.splitext(clean)
    if not suffix:
        suffix = get_format(fmt).suffixes[0] or ".txt"
    return f"{stem}.{lang}{suffix}"


def is_hidden(relative: str) -> bool:
    """Whether a path under a walked folder is hidden (``.git``, the run's state): left out.

    >>> is_hidden(".git/HEAD"), is_hidden("news/.draft.md"), is_hidden("news/a.md")
    (True, True, False)
    """
    return any(part.startswith(".") for part in relative.replace("\\", "/").split("/"))


def inside(root: Path, rel: str) -> Path:
    """``root / rel``, refused when a symlinked folder on the way leads out of ``root``."""
    path = root / rel
    real_root = root.resolve()
    real = path.parent.resolve() / path.name
    if not real.is_relative_to(real_root):
        raise InputError(f"{rel} would be written outside the output folder {root} "
                         f"(through a symbolic link, to {real})")
    return path


def _readable_json(text: str | None) -> bool:
    import json

    try:
        return text is not None and isinstance(json.loads(text), dict)
    except ValueError:
        return False


class ConceptIndex:
    """The glossary concepts a document mentions (``glossary:id``): as written, or as name
    normalization rewrites it (a misspelt or romanized name, a homoglyph), so a change
    to a concept the pipeline will find redoes the document."""

    def __init__(self, glossaries: Sequence[Glossary]) -> None:
        from ..glossary.matcher import GlossaryMatcher

        self.glossaries = tuple(glossaries)
        self.matchers: list[GlossaryMatcher] = [GlossaryMatcher(g) for g in self.glossaries]
        self.concepts = {f"{g.name}:{c['id']}": c for g in self.glossaries
                         for c in g.to_dict()["concepts"]}

    @property
    def empty(self) -> bool:
        """No concept at all: every document's digest is the same, and no text is needed."""
        return not self.concepts

    def mentioned(self, text: str, lang: str | None) -> set[str]:
        """The concepts ``text`` names."""
        from ..names import normalize_names

        found: set[str] = set()
        for matcher, glossary in zip(self.matchers, self.glossaries, strict=True):
            seen = [text]
            if glossary.concepts:
                normalized = normalize_names(text, glossary, lang)
                if normalized.changes:
                    seen.append(normalized.text)
            found.update(f"{glossary.name}:{m.concept_id}" for part in seen for m in matcher.find(part))
        return found

    def digest(self, text: str | None, lang: str | None) -> str:
        """The digest of the concepts ``text`` names (``text`` may be ``None`` when :attr:`empty`)."""
        if self.empty or text is None:
            return concepts_digest(())
        mentioned = self.mentioned(text, lang)
        return concepts_digest(self.concepts[k] for k in sorted(mentioned) if k in self.concepts)


@dataclass
class Planned:
    """A document's entry, and either the document to translate or, when it is done, its kept report."""

    entry: Entry
    document: Document | None
    skipped: bool = False
    report: str | None = None


class BatchPlan:
    """How one run treats each document: its digests, whether it is done, where it is written.

    ``output`` is the output folder (``None``: nothing is written and nothing
    skipped). ``extra`` holds settings outside the press configuration that
    change what is kept (``translate --alternatives``).
    """

    def __init__(self, output: str | Path | None, targets: Sequence[str], config: PressConfig,
                 glossaries: Sequence[Glossary], read_options: ReadOptions,
                 extra: Mapping[str, Any] | None = None) -> None:
        self.output = None if output is None else Path(output)
        self.targets = tuple(targets)
        self.read_options = read_options
        self.source = config.source
        self.config = config_digest(self.targets, config, glossaries, read_options, extra)
        self.concepts = ConceptIndex(glossaries)
        self.manifest = None if self.output is None else Manifest(self.output)

    def reader(self, data: bytes, fmt: str, label: str, lang: str | None = None) -> Callable[[], Document]:
        """Reads ``data`` as a ``fmt`` document with this run's read options (``label`` names it
        in errors; ``lang`` is its declared language), as ``translate FILE`` reads a file."""
        def load() -> Document:
            import dataclasses

            from ..document import Document

            doc = Document.from_bytes(data, fmt, path=label, options=self.read_options)
            return dataclasses.replace(doc, lang=lang) if lang else doc
        return load

    def plan(self, doc_id: str, data: bytes, fmt: str, lang: str | None,
             load: Callable[[], Document]) -> Planned:
        """The entry ``doc_id`` would get now; skipped when the manifest has it and its outputs exist.

        ``load`` reads the document (it may raise: the caller reports the
        document as failed); it is called only when the document is
        translated, or when the glossaries have concepts to look for.
        """
        import hashlib

        document = None
        text = None
        if not self.concepts.empty and self.manifest is not None:
            document = load()
            text = document.text
        outputs = ({lang_: output_path(doc_id, lang_, fmt) for lang_ in self.targets}
                   if self.manifest is not None else {})
        entry = Entry(doc_id, hashlib.sha256(data).hexdigest(), document_digest(self.config, fmt, lang),
                      self.concepts.digest(text, lang or self.source), outputs)
        if self.manifest is not None and self.output is not None:
            done = self.manifest.read(doc_id)
            if done is not None and done.matches(entry) and all(
                    (self.output / p).is_file() for p in done.outputs.values()):
                report = self.manifest.read_report(doc_id)
                if _readable_json(report):  # without its report the resumed run's report is not whole
                    return Planned(entry, None, True, report)
        return Planned(entry, document if document is not None else load())

    def finish(self, entry: Entry, result: Result, report: str) -> list[Path]:
        """Write the translations atomically, then the report and the entry; return the paths written."""
        assert self.output is not None
        assert self.manifest is not None
        paths = {lang: inside(self.output, rel) for lang, rel in entry.outputs.items()}
        for lang, path in paths.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, result[lang].to_bytes())
        self.manifest.write_report(entry.id, report)
        self.manifest.write(entry)
        return list(paths.values())
