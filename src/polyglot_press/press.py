"""Press: the configured pipeline, built once and reused for many documents.

A document goes through the stages in order, each a callable
``(Document) -> (Document, StageRecord)`` (see :mod:`polyglot_press.stages`):

read -> repair (script fixes) -> detect languages -> normalize names
-> for each target (``translate:<lang>``): protect terms -> engine (through
the translation memory) -> restore -> verify -> [stages listed after
``translate``, on each translation].

``Press.translate(doc, targets=[...])`` returns a :class:`Result` with one
translated :class:`~polyglot_press.document.Document` per target and a
:class:`~polyglot_press.report.Report` holding every finding, change and
:class:`~polyglot_press.records.TermCheck`. ``Press.pipe(docs)`` streams
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
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, overload

from ._files import default_cache_dir
from .document import Document
from .engines.base import Engine
from .engines.routing import Router
from .errors import (
    InputError,
    LanguagePairError,
    MissingDependencyError,
    OfflineError,
    PolyglotPressError,
)
from .glossary.model import Glossary
from .lang import same_language
from .report import DocumentReport, Report
from .results import Failure, Result
from .stages import DEFAULT_STAGES, TRANSLATE, Stage, StageError, get_stage_factory, run_stage
from .stages.translate import TranslateStage, _unwrap
from .terminology import Calibrator, TermLayer

__all__ = ["Failure", "Press", "PressConfig", "Result"]

#: Old ``PressConfig`` names -> new ones ("repair" means script fixes only).
_RENAMED = {"repair_forbidden": "replace_forbidden", "repair_aligned": "replace_aligned"}
#: Stages that a ``False`` boolean of the same name removes (shorthand).
_SWITCHES = ("repair", "detect", "normalize_names")


@dataclass(frozen=True, slots=True)
class PressConfig:
    """How a :class:`Press` runs. Every field has a documented default.

    - ``engine`` (``"auto"``): engine name (see ``polyglot-press engines``);
      ``auto`` picks per language pair (:mod:`polyglot_press.engines.routing`).
    - ``source`` (``None``): the source language; ``None`` detects it per segment.
    - ``stages`` (``None``): the stages to run, by name, in order (see
      :mod:`polyglot_press.stages`); ``None`` means ``repair, detect,
      normalize_names, translate``. ``translate`` must be listed once.
    - ``repair`` (True): shorthand; ``False`` removes the ``repair`` stage (script
      fixes: homoglyphs, invisibles, bidi controls) from ``stages``.
    - ``detect`` (True): shorthand; ``False`` removes ``detect`` (the language of
      every segment).
    - ``normalize_names`` (True): shorthand; ``False`` removes ``normalize_names``
      (name variants rewritten to the glossary's form).
    - ``memory`` (True): consult and fill the translation memory.
    - ``n_best`` (4): hypotheses asked for when a segment lost a term.
    - ``replace_forbidden`` (True): replace forbidden target forms the engine used
      (was ``repair_forbidden``, still accepted with a ``DeprecationWarning``).
    - ``replace_aligned`` (True): replace the engine's own rendering of a missing
      term (the term translated alone, found in the output) by the glossary's form
      (was ``repair_aligned``).
    - ``protect`` (True): hide terms behind placeholders; ``False`` only
      verifies (audits what the engine does with the terms on its own).
    - ``batch_size`` (256): segments per engine call in :meth:`Press.pipe`.
    - ``cache_dir`` (``None``): where the memory and placeholder calibrations
      live (default: ``$POLYGLOT_PRESS_CACHE_DIR`` or the user cache folder).

    >>> PressConfig(repair=False).pipeline
    ('detect', 'normalize_names', 'translate')
    >>> PressConfig(stages=("detect", "translate", "my-qa")).pipeline
    ('detect', 'translate', 'my-qa')
    """

    engine: str = "auto"
    source: str | None = None
    stages: tuple[str, ...] | None = None
    repair: bool = True
    detect: bool = True
    normalize_names: bool = True
    memory: bool = True
    n_best: int = 4
    replace_forbidden: bool = True
    replace_aligned: bool = True
    protect: bool = True
    batch_size: int = 256
    cache_dir: Path | None = None
    repair_forbidden: dataclasses.InitVar[bool | None] = None
    repair_aligned: dataclasses.InitVar[bool | None] = None

    def __post_init__(self, repair_forbidden: bool | None, repair_aligned: bool | None) -> None:
        for old, value in (("repair_forbidden", repair_forbidden),
                           ("repair_aligned", repair_aligned)):
            if value is not None:
                _warn_renamed(old, stacklevel=4)
                object.__setattr__(self, _RENAMED[old], value)
        if self.n_best < 1 or self.batch_size < 1:
            raise ValueError("n_best and batch_size must be at least 1")
        if self.stages is not None:
            if isinstance(self.stages, str):
                object.__setattr__(self, "stages", tuple(
                    n.strip() for n in self.stages.split(",") if n.strip()))
            else:
                object.__setattr__(self, "stages", tuple(self.stages))
            assert self.stages is not None
            if self.stages.count(TRANSLATE) != 1:
                raise StageError(f"stages must list {TRANSLATE!r} exactly once: "
                                 f"{', '.join(self.stages) or 'none given'}")
            if len(set(self.stages)) != len(self.stages):
                raise StageError(f"a stage is listed twice: {', '.join(self.stages)}")

    @property
    def pipeline(self) -> tuple[str, ...]:
        """The stages that run: :attr:`stages` (or the default) less those switched off."""
        off = {name for name in _SWITCHES if not getattr(self, name)}
        return tuple(n for n in (self.stages or DEFAULT_STAGES) if n not in off)


def _warn_renamed(old: str, stacklevel: int) -> None:
    warnings.warn(f"PressConfig.{old} is now {_RENAMED[old]} ('repair' means script fixes "
                  "only)", DeprecationWarning, stacklevel=stacklevel)


def _renamed_property(old: str) -> property:
    """Reading an old name gives the new field's value (with a warning), not the InitVar's ``None``.

    ``dataclasses.replace`` reads every InitVar to pass it on: it gets ``None``
    ("not given"), so copying a config neither warns nor overrides the new field.
    """
    def get(self: PressConfig) -> bool | None:
        if sys._getframe(1).f_code is dataclasses.replace.__code__:
            return None
        _warn_renamed(old, stacklevel=3)
        value: bool = getattr(self, _RENAMED[old])
        return value

    return property(get, doc=f"Deprecated: read ``{_RENAMED[old]}``.")


for _old in _RENAMED:
    setattr(PressConfig, _old, _renamed_property(_old))


@dataclass(slots=True)
class _Job:
    """One document on its way through the pipeline."""

    source: Document
    report: DocumentReport


class Press:
    """The pipeline: glossaries compiled, engines, memory and stages built once.

    ``glossaries`` are :class:`~polyglot_press.glossary.Glossary` objects or
    paths; ``engine`` a name or an :class:`~polyglot_press.engines.Engine`
    instance; keyword options build a :class:`PressConfig`. ``memory_store``
    is an open memory to use instead of ``cache_dir/tm.sqlite3`` (a
    :class:`~polyglot_press.tm.TranslationMemory`, or a
    :class:`~polyglot_press.tm.DeltaWriter` over a snapshot, as corpus runs
    give each worker); it is used only when ``memory`` is on.
    """

    def __init__(self, glossaries: Iterable[Glossary | str | os.PathLike[str]] = (),
                 engine: str | Engine = "auto", *, config: PressConfig | None = None,
                 memory_store: Any = None, **options: Any) -> None:
        loaded = [g if isinstance(g, Glossary) else Glossary.load(Path(g)) for g in glossaries]
        if isinstance(engine, str):
            options.setdefault("engine", engine)
        if "cache_dir" in options and options["cache_dir"] is not None:
            options["cache_dir"] = Path(options["cache_dir"])
        base = config or PressConfig()
        try:
            self.config = dataclasses.replace(base, **options) if options else base
        except TypeError as exc:
            valid = [*PressConfig.__dataclass_fields__]
            raise TypeError(f"Press: {exc}; valid options: {', '.join(valid)}") from None
        self.glossaries = tuple(loaded)
        self.layer = TermLayer(self.glossaries, repair_forbidden=self.config.replace_forbidden,
                               protect=self.config.protect,
                               repair_aligned=self.config.replace_aligned)
        self.cache_dir = self.config.cache_dir or default_cache_dir()
        self.calibrator = Calibrator(self.cache_dir)
        self.router = Router(engine if not isinstance(engine, str) else self.config.engine)
        self._cached: dict[tuple[str, str], Engine] = {}
        self._memory: Any = memory_store
        pipeline = self.config.pipeline
        at = pipeline.index(TRANSLATE)
        self.stages_before = self._build(pipeline[:at])
        self.stages_after = self._build(pipeline[at + 1:])

    def _build(self, names: Sequence[str]) -> list[tuple[str, Stage]]:
        built = []
        for name in names:
            stage = get_stage_factory(name)(self)
            if stage is not None and not callable(stage):
                raise StageError(f"the factory of stage {name!r} returned {type(stage).__name__}, "
                                 "not a stage (a callable, or None when it has nothing to do)")
            if stage is not None:
                built.append((name, stage))
        return built

    # -- engines ---------------------------------------------------------------

    def engine_for(self, source: str, target: str) -> Engine:
        """The raw engine that translates ``source -> target`` (built once per pair)."""
        return self.router.engine_for(source, target)

    def translator(self, source: str, target: str) -> Engine:
        """The engine for ``source -> target`` behind the translation memory (when on)."""
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

    @property
    def memory_store(self) -> Any:
        """The open translation memory (``None`` until first used, or when the memory is off)."""
        return self._memory

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
        """Run the stages listed before ``translate`` (by default repair, language
        detection and name normalization) on ``doc``."""
        report = DocumentReport(doc.path, doc.format, doc.lang)
        for name, stage in self.stages_before:
            doc, record = run_stage(name, stage, doc)
            report.stages.append(record)
        report.lang = doc.lang or self.config.source
        return doc, report

    # -- translation ----------------------------------------------------------

    def translate(self, doc: Document | str | os.PathLike[str], targets: Sequence[str], *,
                  progress: Callable[[int], None] | None = None,
                  alternatives: int = 0) -> Result:
        """Translate ``doc`` (a document, or a path to read) into every language of ``targets``.

        A string must name an existing file; to translate a string itself, use
        :meth:`translate_text`. With ``alternatives=N`` the result also holds up
        to N other translations (:meth:`Result.alternatives`).
        """
        return next(iter(self.pipe([_document_arg(doc)], targets, progress=progress,
                                   alternatives=alternatives)))

    def translate_text(self, text: str, targets: Sequence[str], *, format: str = "text",
                       progress: Callable[[int], None] | None = None,
                       alternatives: int = 0) -> Result:
        """Translate the string ``text`` (plain text, or ``format="markdown"``).

        >>> import tempfile
        >>> press = Press(engine="bergamot", source="en", cache_dir=tempfile.mkdtemp())
        >>> press.translate_text("Good morning.", targets=["pt"])["pt"].text
        'Bom dia.'
        >>> press.translate("Good morning.", targets=["pt"])
        Traceback (most recent call last):
        ...
        TypeError: Press.translate: 'Good morning.' is not an existing file; ... Press.translate_text(...
        """
        if not isinstance(text, str):
            raise TypeError(f"Press.translate_text takes a str, not {type(text).__name__}; "
                            "use Press.translate for documents and files")
        return self.translate(Document.from_text(text, format), targets, progress=progress,
                              alternatives=alternatives)

    @overload
    def pipe(self, docs: Iterable[Document | str | os.PathLike[str]], targets: Sequence[str], *,
             progress: Callable[[int], None] | None = None, alternatives: int = 0,
             errors: Literal["raise"] = "raise") -> Iterator[Result]: ...

    @overload
    def pipe(self, docs: Iterable[Document | str | os.PathLike[str]], targets: Sequence[str], *,
             progress: Callable[[int], None] | None = None, alternatives: int = 0,
             errors: Literal["yield"]) -> Iterator[Result | Failure]: ...

    def pipe(self, docs: Iterable[Document | str | os.PathLike[str]], targets: Sequence[str], *,
             progress: Callable[[int], None] | None = None,
             alternatives: int = 0, errors: str = "raise") -> Iterator[Result | Failure]:
        """Translate many documents, batching segments of several documents per engine call.

        Results come in the order of ``docs``. ``progress(n)`` is called after
        each engine batch with the number of segments translated. With
        ``alternatives=N`` each result also holds up to N other translations
        of each segment (the engine's n-best hypotheses), in
        :attr:`Result.segment_alternatives` and in the report's
        ``translate:<lang>`` stage data. With ``errors="yield"`` a document that
        cannot be read or translated gives a :class:`Failure` in its place and
        the others go on; with ``"raise"`` (the default) its error is raised.
        """
        if errors not in ("raise", "yield"):
            raise ValueError("errors must be 'raise' or 'yield'")
        if alternatives < 0:
            raise ValueError(f"alternatives must be 0 or more, not {alternatives}")
        if alternatives:
            inner: Iterator[Result | Failure] = (
                self.pipe(docs, targets, progress=progress, errors="yield") if errors == "yield"
                else self.pipe(docs, targets, progress=progress))
            for result in inner:
                if isinstance(result, Result):
                    self._add_alternatives(result, alternatives)
                yield result
            return
        if isinstance(targets, str):
            targets = [t.strip() for t in targets.split(",") if t.strip()]
        if not targets:
            raise InputError("no target language given")
        batch: list[_Job] = []
        size = 0
        for doc in docs:
            try:
                prepared, report = self.prepare(_document_arg(doc))
            except PolyglotPressError as exc:
                if errors == "raise":
                    raise
                yield from self._run_isolated(batch, targets, progress)
                batch, size = [], 0
                yield Failure(str(getattr(doc, "path", None) or doc), exc)
                continue
            batch.append(_Job(prepared, report))
            size += sum(1 for _ in prepared.iter_segments())
            if size >= self.config.batch_size:
                yield from (self._run(batch, targets, progress) if errors == "raise"
                            else self._run_isolated(batch, targets, progress))
                batch, size = [], 0
        if batch:
            yield from (self._run(batch, targets, progress) if errors == "raise"
                        else self._run_isolated(batch, targets, progress))

    def _run_isolated(self, jobs: list[_Job], targets: Sequence[str],
                      progress: Callable[[int], None] | None) -> Iterator[Result | Failure]:
        """Run a batch; when it fails, run its documents one by one so one bad
        document gives one :class:`Failure` and the others their results."""
        if not jobs:
            return
        try:
            results = list(self._run(jobs, targets, progress))
        except (LanguagePairError, MissingDependencyError, OfflineError):
            raise  # the set-up is wrong, not a document: every one would fail alike
        except PolyglotPressError as exc:
            if len(jobs) == 1:
                yield Failure(jobs[0].source.path or "<document>", exc)
                return
            for job in jobs:
                yield from self._run_isolated([job], targets, None)
            return
        yield from results

    def _run(self, jobs: list[_Job], targets: Sequence[str],
             progress: Callable[[int], None] | None) -> Iterator[Result]:
        # every pair is checked before anything is translated: an unsupported target
        # fails at once, not after the others have been translated
        stages = [TranslateStage(self, target) for target in targets]
        plans = [stage.plan([job.source for job in jobs]) for stage in stages]
        translated = [stage.run(plan, progress) for stage, plan in zip(stages, plans, strict=True)]
        for i, job in enumerate(jobs):
            documents: dict[str, Document] = {}
            for target, outputs in zip(targets, translated, strict=True):
                doc, record = outputs[i]
                job.report.stages.append(record)
                for name, stage in self.stages_after:
                    doc, after = run_stage(name, stage, doc)
                    job.report.stages.append(dataclasses.replace(after, stage=f"{name}:{target}"))
                documents[target] = doc
            yield Result(job.source, documents, Report([job.report]))

    def _add_alternatives(self, result: Result, count: int) -> None:
        """Ask each engine for ``count + 1`` hypotheses of every translated segment and
        keep up to ``count`` that differ from the chosen translation."""
        for target in result.targets:
            stage = TranslateStage(self, target)
            chosen = {s.index: s.text for s in result[target].iter_segments()}
            groups: dict[str, list[Any]] = {}
            for segment in result.source.iter_segments():
                if chosen.get(segment.index) == segment.text:
                    continue  # not translated (no letters, or already in the target language)
                source = stage._source_of(result.source, segment)
                if not same_language(source, target):
                    groups.setdefault(source, []).append(segment)
            found: dict[int, list[str]] = {}
            for source, segments in groups.items():
                try:
                    engine = self.engine_for(source, target)
                except LanguagePairError:
                    continue  # rerouted segments: their translation came another way
                texts = [_unwrap(s.text).text for s in segments]
                hypotheses = engine.translate_batch(texts, source, target, n_best=count + 1)
                for segment, hyps in zip(segments, hypotheses, strict=True):
                    others = [h for h in dict.fromkeys(hyps) if h != chosen.get(segment.index)]
                    if others:
                        found[segment.index] = others[:count]
            result.segment_alternatives[target] = found
            name = f"translate:{target}"
            stages = result.report.documents[0].stages
            for number, record in enumerate(stages):
                if record.stage == name:
                    data = {**record.data, "alternatives": {str(i): a for i, a in found.items()}}
                    stages[number] = dataclasses.replace(record, data=data)


def _document_arg(doc: Document | str | os.PathLike[str]) -> Document:
    """A document given to :meth:`Press.translate`: a :class:`Document`, or a path to read."""
    if isinstance(doc, Document):
        return doc
    if isinstance(doc, str):
        if not Path(doc).exists():
            shown = doc if len(doc) <= 60 else doc[:57] + "..."
            raise TypeError(f"Press.translate: {shown!r} is not an existing file; to translate "
                            "a string, use Press.translate_text(text, targets=...)")
        return Document.read(doc)
    if isinstance(doc, os.PathLike):
        return Document.read(doc)
    raise TypeError(f"Press.translate takes a Document or a path, not {type(doc).__name__}")
