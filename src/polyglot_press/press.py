"""Press: the configured pipeline, built once and reused for many documents.

A document goes through the stages in order, each returning a new document
and a record of what it did:

read -> scan/repair (script analysis) -> detect languages -> normalize names
-> for each target: protect terms -> engine (through the translation memory)
-> restore -> verify.

``Press.translate(doc, targets=[...])`` returns a :class:`Result` with one
translated :class:`~polyglot_press.document.Document` per target and a
:class:`~polyglot_press.report.Report` holding every finding, change and
:class:`~polyglot_press.terminology.TermCheck`. ``Press.pipe(docs)`` streams
many documents, translating the segments of several documents in one engine
call. Structure is kept: only segments are replaced, so headings stay
headings, Markdown emphasis, links and inline code come through around
translated text, and code blocks are never sent to an engine.

>>> from polyglot_press.glossary import Glossary, Concept, Term
>>> g = Glossary("demo", concepts=(
...     Concept("osce", "organization", (Term("en", "OSCE"), Term("pt", "OSCE"))),))
>>> import tempfile
>>> press = Press(glossaries=[g], engine="bergamot", source="en", cache_dir=tempfile.mkdtemp())
>>> result = press.translate(Document.from_text("The OSCE mission ended."), targets=["pt"])
>>> "OSCE" in result["pt"].text, [c.status for c in result.checks("pt")]
(True, ['exact'])
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .document import Document, Segment
from .engines.base import Engine, normalize_language
from .errors import InputError, LanguagePairError
from .glossary.model import Glossary
from .report import DocumentReport, Report, StageRecord
from .terminology import (
    Calibrator,
    SegmentResult,
    TermCheck,
    TermLayer,
    consistency,
    default_cache_dir,
    translate_segments,
)
from .text import Change, Finding, Severity, Span, apply_changes

__all__ = ["Press", "PressConfig", "Result"]

_UNKNOWN = {None, "", "und", "zxx", "mul"}


@dataclass(frozen=True, slots=True)
class PressConfig:
    """How a :class:`Press` runs. Every field has a documented default.

    - ``engine`` (``"auto"``): engine name (see ``polyglot-press engines``);
      ``auto`` picks per language pair.
    - ``source`` (``None``): the source language; ``None`` detects it per segment.
    - ``repair`` (True): fix what script analysis says is safe to fix
      (homoglyphs, invisibles, bidi controls) before translating.
    - ``detect`` (True): detect the language of every segment.
    - ``normalize_names`` (True): rewrite name variants to the glossary's form.
    - ``memory`` (True): consult and fill the translation memory.
    - ``n_best`` (4): hypotheses asked for when a segment lost a term.
    - ``repair_forbidden`` (True): replace forbidden target forms the engine used.
    - ``repair_aligned`` (True): replace the engine's own rendering of a missing
      term (the term translated alone, found in the output) by the glossary's form.
    - ``protect`` (True): hide terms behind placeholders; ``False`` only
      verifies (audits what the engine does with the terms on its own).
    - ``batch_size`` (256): segments per engine call in :meth:`Press.pipe`.
    - ``cache_dir`` (``None``): where the memory and placeholder calibrations
      live (default: ``$POLYGLOT_PRESS_CACHE_DIR`` or the user cache folder).
    """

    engine: str = "auto"
    source: str | None = None
    repair: bool = True
    detect: bool = True
    normalize_names: bool = True
    memory: bool = True
    n_best: int = 4
    repair_forbidden: bool = True
    repair_aligned: bool = True
    protect: bool = True
    batch_size: int = 256
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        if self.n_best < 1 or self.batch_size < 1:
            raise ValueError("n_best and batch_size must be at least 1")


@dataclass(slots=True)
class Result:
    """The translations of one document: ``result["pt"]`` is the Portuguese document.

    ``source`` is the document after repair and name normalization (what was
    translated); ``report`` has one :class:`~polyglot_press.report.DocumentReport`.
    """

    source: Document
    documents: dict[str, Document]
    report: Report

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

    def checks(self, target: str | None = None) -> list[TermCheck]:
        """Every term check (of one target, or of all)."""
        return [c for d in self.report.documents for c in d.term_checks(target)]

    def missing(self) -> list[TermCheck]:
        """Term instances the translations do not have (missing or forbidden)."""
        return [c for c in self.checks() if not c.ok]

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


@dataclass(slots=True)
class _Job:
    """One document on its way through the pipeline."""

    source: Document
    report: DocumentReport
    outputs: dict[str, dict[int, SegmentResult]] = field(default_factory=dict)
    rerouted: dict[str, list[Finding]] = field(default_factory=dict)


def _shift_change(change: Change, delta: int) -> Change:
    return dataclasses.replace(change, span=change.span.shift(delta))


def _shift_finding(finding: Finding, delta: int) -> Finding:
    return dataclasses.replace(finding, span=finding.span.shift(delta))


class Press:
    """The pipeline: glossaries compiled, engines and memory opened once.

    ``glossaries`` are :class:`~polyglot_press.glossary.Glossary` objects or
    paths; ``engine`` a name or an :class:`~polyglot_press.engines.Engine`
    instance; keyword options build a :class:`PressConfig`.
    """

    def __init__(self, glossaries: Iterable[Glossary | str | os.PathLike[str]] = (),
                 engine: str | Engine = "auto", *, config: PressConfig | None = None,
                 **options: Any) -> None:
        loaded = [g if isinstance(g, Glossary) else Glossary.load(Path(g)) for g in glossaries]
        if isinstance(engine, str):
            options.setdefault("engine", engine)
            self._engine_instance: Engine | None = None
        else:
            self._engine_instance = engine
        if "cache_dir" in options and options["cache_dir"] is not None:
            options["cache_dir"] = Path(options["cache_dir"])
        base = config or PressConfig()
        try:
            self.config = dataclasses.replace(base, **options) if options else base
        except TypeError as exc:
            raise TypeError(f"Press: {exc}; valid options: "
                            f"{', '.join(PressConfig.__dataclass_fields__)}") from None
        self.glossaries = tuple(loaded)
        self.layer = TermLayer(self.glossaries, repair_forbidden=self.config.repair_forbidden,
                               protect=self.config.protect,
                               repair_aligned=self.config.repair_aligned)
        self.cache_dir = self.config.cache_dir or default_cache_dir()
        self.calibrator = Calibrator(self.cache_dir)
        self._engines: dict[tuple[str, str], Engine] = {}
        self._cached: dict[tuple[str, str], Engine] = {}
        self._memory: Any = None

    # -- engines ---------------------------------------------------------------

    def engine_for(self, source: str, target: str) -> Engine:
        """The raw engine that translates ``source -> target`` (built once per pair)."""
        key = (source, target)
        engine = self._engines.get(key)
        if engine is None:
            if self._engine_instance is not None:
                engine = self._engine_instance
                resolve = getattr(engine, "resolve_pair", None)
                if callable(resolve):
                    resolve(source, target)
                elif (source, target) not in set(engine.pairs()):
                    raise LanguagePairError(f"engine {engine.name!r} cannot translate "
                                            f"{source}->{target}")
            else:
                from .engines import get_engine

                reuse = next((e for e in self._engines.values()
                              if self.config.engine != "auto" or _covers(e, source, target)), None)
                if reuse is not None and _covers(reuse, source, target):
                    engine = reuse
                else:
                    engine = get_engine(self.config.engine, source=source, target=target)
            self._engines[key] = engine
        return engine

    def _translator(self, source: str, target: str) -> Engine:
        key = (source, target)
        cached = self._cached.get(key)
        if cached is None:
            raw = self.engine_for(source, target)
            if self.config.memory:
                from .tm import CachedEngine, TranslationMemory

                if self._memory is None:
                    self._memory = TranslationMemory(self.cache_dir / "tm.sqlite3")
                cached = CachedEngine(raw, self._memory, glossary=self.layer.digest())
            else:
                cached = raw
            self._cached[key] = cached
        return cached

    def close(self) -> None:
        """Close the translation memory (it reopens when needed)."""
        if self._memory is not None:
            self._memory.close()

    def __enter__(self) -> Press:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- stages before translation ----------------------------------------------

    def prepare(self, doc: Document) -> tuple[Document, DocumentReport]:
        """Run repair, language detection and name normalization on ``doc``."""
        report = DocumentReport(doc.path, doc.format, doc.lang)
        if self.config.repair:
            doc = self._repair(doc, report)
        if self.config.detect and self.config.source is None:
            from .langid import detect_languages

            doc = detect_languages(doc)
            segments = {str(s.index): s.lang for s in doc.iter_segments()}
            report.stages.append(StageRecord("detect", data={"lang": doc.lang,
                                                             "segments": segments}))
        if self.config.normalize_names and self.glossaries:
            doc = self._normalize(doc, report)
        report.lang = doc.lang or self.config.source
        return doc, report

    def _reparse(self, doc: Document, text: str) -> Document:
        new = Document.from_text(text, doc.format, path=doc.path, options=doc.options, bom=doc.bom)
        old = list(doc.iter_segments())
        fresh = list(new.iter_segments())
        if len(old) == len(fresh):  # keep detected languages
            langs = {s.index: s.lang for s in old}
            blocks = tuple(dataclasses.replace(b, lang=doc.blocks[b.index].lang if b.index < len(
                doc.blocks) else None, segments=tuple(dataclasses.replace(s, lang=langs.get(s.index))
                                                      for s in b.segments)) for b in new.blocks)
            new = dataclasses.replace(new, blocks=blocks, lang=doc.lang)
        return new

    def _repair(self, doc: Document, report: DocumentReport) -> Document:
        from .scripts import repair

        findings: list[Finding] = []
        changes: list[Change] = []
        for segment in doc.iter_segments():
            if segment.text.isascii():
                continue
            fixed = repair(segment.text)
            start = segment.span.start
            findings.extend(_shift_finding(f, start) for f in fixed.findings)
            changes.extend(_shift_change(c, start) for c in fixed.changes)
        report.stages.append(StageRecord("repair", tuple(findings), tuple(changes)))
        if not changes:
            return doc
        return self._reparse(doc, apply_changes(doc.text, changes))

    def _normalize(self, doc: Document, report: DocumentReport) -> Document:
        from .names import normalize_names

        changes: list[Change] = []
        for segment in doc.iter_segments():
            lang = _known(segment.lang) or _known(doc.lang) or self.config.source
            text = segment.text
            seg_changes: list[Change] = []
            for glossary in self.glossaries:
                result = normalize_names(text, glossary, lang)
                if result.changes:
                    if seg_changes:
                        break  # a second glossary's edits would refer to new offsets; keep the first
                    seg_changes.extend(result.changes)
                    text = result.text
            changes.extend(_shift_change(c, segment.span.start) for c in seg_changes)
        report.stages.append(StageRecord("normalize_names", changes=tuple(changes)))
        if not changes:
            return doc
        return self._reparse(doc, apply_changes(doc.text, changes))

    # -- translation ----------------------------------------------------------

    def _source_of(self, doc: Document, segment: Segment) -> str:
        lang = self.config.source or _known(segment.lang) or _known(doc.lang)
        if lang is None:
            raise InputError("cannot tell the source language of segment "
                             f"{segment.index} ({segment.text[:40]!r}); pass source=... "
                             "(--from on the command line)", path=doc.path)
        return lang

    def translate(self, doc: Document | str, targets: Sequence[str], *,
                  progress: Callable[[int], None] | None = None) -> Result:
        """Translate ``doc`` (a document, or a path to read) into every language of ``targets``."""
        document = Document.read(doc) if isinstance(doc, str) else doc
        return next(iter(self.pipe([document], targets, progress=progress)))

    def pipe(self, docs: Iterable[Document | str], targets: Sequence[str], *,
             progress: Callable[[int], None] | None = None) -> Iterator[Result]:
        """Translate many documents, batching segments of several documents per engine call.

        Results come in the order of ``docs``. ``progress(n)`` is called after
        each engine batch with the number of segments translated.
        """
        if isinstance(targets, str):
            targets = [t.strip() for t in targets.split(",") if t.strip()]
        if not targets:
            raise InputError("no target language given")
        batch: list[_Job] = []
        size = 0
        for doc in docs:
            document = Document.read(doc) if isinstance(doc, str) else doc
            prepared, report = self.prepare(document)
            batch.append(_Job(prepared, report))
            size += sum(1 for _ in prepared.iter_segments())
            if size >= self.config.batch_size:
                yield from self._run(batch, targets, progress)
                batch, size = [], 0
        if batch:
            yield from self._run(batch, targets, progress)

    def _run(self, jobs: list[_Job], targets: Sequence[str],
             progress: Callable[[int], None] | None) -> Iterator[Result]:
        # every pair is checked before anything is translated: an unsupported target
        # fails at once, not after the others have been translated
        plans: dict[str, dict[str, list[tuple[_Job, Segment]]]] = {}
        for target in targets:
            groups: dict[str, list[tuple[_Job, Segment]]] = {}
            for job in jobs:
                job.outputs[target] = {}
                for segment in job.source.iter_segments():
                    if not any(c.isalpha() for c in segment.text):
                        continue  # numbers, punctuation, table rules: nothing to translate
                    source = self._source_of(job.source, segment)
                    if _same_language(source, target):
                        continue
                    groups.setdefault(source, []).append((job, segment))
            plans[target] = self._routable(groups, target)
        for target, groups in plans.items():
            for source, items in groups.items():
                translator = self._translator(source, target)
                raw = self.engine_for(source, target)
                samples = [s.text for _, s in items[:12]]
                form = self.calibrator.form_for(raw, source, target, samples).form
                # a sentence hard-wrapped over several lines is translated as one line
                # (line break and indentation become one space) and written back as one
                texts: list[str] = []
                spans: list[list[tuple[Span, str]]] = []
                maps: list[_Unwrapped] = []
                for _, segment in items:
                    unwrapped = _unwrap(segment.text)
                    maps.append(unwrapped)
                    texts.append(unwrapped.text)
                    spans.append([(unwrapped.span(p.span.shift(-segment.span.start)), p.kind)
                                  for p in segment.protected])
                results = translate_segments(self.layer, translator, texts, source, target, form,
                                             protected=spans, n_best=self.config.n_best,
                                             retry_engine=raw)
                for (job, segment), unwrapped, result in zip(items, maps, results, strict=True):
                    job.outputs[target][segment.index] = unwrapped.back(result)
                if progress is not None:
                    progress(len(items))
        for job in jobs:
            yield self._assemble(job, targets)

    def _routable(self, groups: dict[str, list[tuple[_Job, Segment]]],
                  target: str) -> dict[str, list[tuple[_Job, Segment]]]:
        """Move segments whose detected language no engine translates into ``target``
        to their document's language (a short segment is easily misdetected); each
        move is recorded as a ``segment-rerouted`` finding of the job."""
        routed: dict[str, list[tuple[_Job, Segment]]] = {}
        for source, items in groups.items():
            try:
                self.engine_for(source, target)
            except LanguagePairError as exc:
                moved = False
                for job, segment in items:
                    fallback = self.config.source or _known(job.source.lang)
                    if fallback is None or fallback == source:
                        raise
                    copied = _same_language(fallback, target)
                    if not copied:
                        routed.setdefault(fallback, []).append((job, segment))
                    what = ("left untranslated (the document is in the target language)"
                            if copied else f"translated as {fallback}, the document's language")
                    job.rerouted.setdefault(target, []).append(Finding(
                        segment.span, "segment-rerouted",
                        f"segment {segment.index} was detected as {source}, which no engine "
                        f"translates into {target} ({exc}); {what}",
                        Severity.WARNING, "press", text=segment.text))
                    moved = True
                if moved:
                    continue
            routed.setdefault(source, []).extend(items)
        return routed

    def _assemble(self, job: _Job, targets: Sequence[str]) -> Result:
        documents: dict[str, Document] = {}
        report = job.report
        for target in targets:
            outputs = job.outputs.get(target, {})
            translated = job.source.replace_segments({i: r.text for i, r in outputs.items()})
            translated = dataclasses.replace(translated, lang=target)
            new_starts = {s.index: s.span.start for s in translated.iter_segments()}
            old = {s.index: s for s in job.source.iter_segments()}
            checks: list[TermCheck] = []
            findings: list[Finding] = list(job.rerouted.get(target, ()))
            for index, result in sorted(outputs.items()):
                src, dst = old[index].span.start, new_starts[index]
                checks.extend(c.shifted(source=src, target=dst, segment=index)
                              for c in result.checks)
                findings.extend(_shift_finding(f, dst) for f in result.findings)
            engines = sorted({self._engines[k].identity for k in self._engines if k[1] == target})
            data = {
                "target": target,
                "engine": engines[0] if len(engines) == 1 else engines,
                "segments": len(outputs),
            }
            report.stages.append(StageRecord(
                f"translate:{target}", tuple(findings), (), data,
                term_checks=tuple(checks),
                consistency={k: tuple(v) for k, v in consistency(checks).items()}))
            documents[target] = translated
        return Result(job.source, documents, Report([report]))


_LINE_BREAK = re.compile(r"[ \t]*\n\s*")


@dataclass(frozen=True, slots=True)
class _Unwrapped:
    """A segment with its line breaks (and the indentation after them) made one space.

    ``cuts`` lists ``(position in text, characters removed before it)``, to map
    offsets back to the segment.
    """

    original: str
    text: str
    cuts: tuple[tuple[int, int], ...] = ()

    def offset(self, position: int) -> int:
        """A position in :attr:`text` as a position in :attr:`original`."""
        removed = 0
        for at, total in self.cuts:
            if at <= position:
                removed = total
        return position + removed

    def span(self, span: Span) -> Span:
        """A span of the original as a span of :attr:`text` (protected spans)."""
        def inner(position: int) -> int:
            removed = 0
            for at, total in self.cuts:
                if self.offset(at) <= position:
                    removed = total
            return max(0, position - removed)
        return Span(inner(span.start), inner(span.end))

    def back(self, result: SegmentResult) -> SegmentResult:
        """The result with its source spans moved back to the original segment."""
        if not self.cuts:
            return result
        checks = tuple(dataclasses.replace(c, source_span=None if c.source_span is None else Span(
            self.offset(c.source_span.start), self.offset(c.source_span.end)))
            for c in result.checks)
        return dataclasses.replace(result, checks=checks)


def _unwrap(text: str) -> _Unwrapped:
    r"""Join a hard-wrapped segment into one line.

    >>> u = _unwrap("Line one of\n   the OSCE paragraph.")
    >>> u.text, u.offset(u.text.index("OSCE")) == 19
    ('Line one of the OSCE paragraph.', True)
    """
    if "\n" not in text:
        return _Unwrapped(text, text)
    out: list[str] = []
    cuts: list[tuple[int, int]] = []
    position = 0
    removed = 0
    length = 0
    for match in _LINE_BREAK.finditer(text.rstrip()):
        piece = text[position:match.start()]
        out.append(piece + " ")
        length += len(piece) + 1
        removed += len(match.group()) - 1
        cuts.append((length, removed))
        position = match.end()
    out.append(text[position:])
    return _Unwrapped(text, "".join(out), tuple(cuts))


def _known(lang: str | None) -> str | None:
    return None if lang in _UNKNOWN else lang


def _same_language(a: str, b: str) -> bool:
    return normalize_language(a).split("-")[0] == normalize_language(b).split("-")[0]


def _covers(engine: Engine, source: str, target: str) -> bool:
    resolve = getattr(engine, "resolve_pair", None)
    try:
        if callable(resolve):
            resolve(source, target)
            return True
    except LanguagePairError:
        return False
    return (source, target) in set(engine.pairs())

