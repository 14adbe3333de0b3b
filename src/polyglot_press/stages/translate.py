"""The ``translate:<lang>`` stage: a source document in, its translation and a record out.

For each segment: protect the glossary terms (placeholders calibrated per
engine), translate through the engine (and the translation memory), restore
and verify the terms (:mod:`polyglot_press.terminology`); then
:meth:`~polyglot_press.document.Document.replace_segments` writes the
translations into the document's skeleton. One stage per target language;
:class:`~polyglot_press.press.Press` runs it over many documents at once.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..document import Document, Segment
from ..engines.base import Engine
from ..engines.routing import Router
from ..errors import InputError, LanguagePairError
from ..lang import known_language, same_language
from ..records import TermCheck, consistency
from ..report import StageRecord
from ..terminology import Calibrator, SegmentResult, TermLayer, translate_segments
from ..text import Finding, Severity, Span, keep_whitespace
from ..tm import CachedEngine, FuzzyMatch, MemoryMatches, memory_matches
from . import TRANSLATE, Host, StageSettings

__all__ = ["TranslateStage", "Translator"]


class TranslateSettings(StageSettings, Protocol):
    """The configuration the translate stage reads (a ``PressConfig`` has it)."""

    @property
    def n_best(self) -> int:
        """Hypotheses asked for when a segment lost a term."""
        ...


class Translator(Host, Protocol):
    """What the translate stage needs of its :class:`~polyglot_press.press.Press`."""

    @property
    def config(self) -> TranslateSettings:
        """The configuration of the run."""
        ...

    @property
    def router(self) -> Router:
        """The engine chosen per language pair."""
        ...

    @property
    def layer(self) -> TermLayer:
        """The terminology layer (glossaries compiled)."""
        ...

    @property
    def calibrator(self) -> Calibrator:
        """The placeholder form chosen per engine and pair."""
        ...

    def engine_for(self, source: str, target: str) -> Engine:
        """The raw engine for ``source -> target``."""
        ...

    def translator(self, source: str, target: str) -> Engine:
        """The engine for ``source -> target`` behind the translation memory (when on)."""
        ...


@dataclass(slots=True)
class _Plan:
    """What one ``translate:<lang>`` stage will do with a batch of documents."""

    docs: list[Document]
    groups: dict[str, list[tuple[int, Segment]]]
    rerouted: dict[int, list[Finding]]


class TranslateStage:
    """The ``translate:<lang>`` stage of one :class:`Press`: a source document in,
    its translation and a record (term checks, findings, the engine) out.

    Called on one document it is a stage like the others; :meth:`plan` and
    :meth:`run` do the same for many documents at once, with one engine call
    per source language (the press checks every target's pairs before it
    translates anything).
    """

    def __init__(self, press: Translator, target: str) -> None:
        self.press = press
        self.target = target
        self.name = f"{TRANSLATE}:{target}"

    def __call__(self, doc: Document) -> tuple[Document, StageRecord]:
        return self.run(self.plan([doc]))[0]

    def plan(self, docs: Sequence[Document]) -> _Plan:
        """Group the segments to translate by source language; reroute those whose
        detected language no engine translates into the target (see :meth:`_routable`)."""
        groups: dict[str, list[tuple[int, Segment]]] = {}
        for i, doc in enumerate(docs):
            for segment in doc.iter_segments():
                if not any(c.isalpha() for c in segment.text):
                    continue  # numbers, punctuation, table rules: nothing to translate
                source = self._source_of(doc, segment)
                if same_language(source, self.target):
                    continue
                groups.setdefault(source, []).append((i, segment))
        plan = _Plan(list(docs), {}, {})
        plan.groups = self._routable(groups, plan)
        return plan

    def _source_of(self, doc: Document, segment: Segment) -> str:
        lang = self.press.config.source or known_language(segment.lang) or known_language(doc.lang)
        if lang is None:
            raise InputError("cannot tell the source language of segment "
                             f"{segment.index} ({segment.text[:40]!r}); pass source=... "
                             "(--from on the command line)", path=doc.path)
        return lang

    def _routable(self, groups: dict[str, list[tuple[int, Segment]]],
                  plan: _Plan) -> dict[str, list[tuple[int, Segment]]]:
        """Move segments whose detected language no engine translates into the target
        to their document's language (a short segment is easily misdetected); each
        move is recorded as a ``segment-rerouted`` finding of the document."""
        target = self.target
        routed: dict[str, list[tuple[int, Segment]]] = {}
        for source, items in groups.items():
            try:
                self.press.engine_for(source, target)
            except LanguagePairError as exc:
                moved = False
                for i, segment in items:
                    fallback = self.press.config.source or known_language(plan.docs[i].lang)
                    if fallback is None or fallback == source:
                        raise
                    copied = same_language(fallback, target)
                    if not copied:
                        routed.setdefault(fallback, []).append((i, segment))
                    what = ("left untranslated (the document is in the target language)"
                            if copied else f"translated as {fallback}, the document's language")
                    plan.rerouted.setdefault(i, []).append(Finding(
                        segment.span, "segment-rerouted",
                        f"segment {segment.index} was detected as {source}, which no engine "
                        f"translates into {target} ({exc}); {what}",
                        Severity.WARNING, "press", text=segment.text))
                    moved = True
                if moved:
                    continue
            routed.setdefault(source, []).extend(items)
        return routed

    def run(self, plan: _Plan, progress: Callable[[int], None] | None = None,
            ) -> list[tuple[Document, StageRecord]]:
        """Translate a plan: one ``(translation, record)`` per document of the plan."""
        press, target = self.press, self.target
        outputs: list[dict[int, SegmentResult]] = [{} for _ in plan.docs]
        offers: list[dict[int, list[FuzzyMatch]]] = [{} for _ in plan.docs]
        used: list[set[str]] = [set() for _ in plan.docs]  # the engines each document's segments went to
        for source, items in plan.groups.items():
            translator = press.translator(source, target)
            raw = press.engine_for(source, target)
            samples = [s.text for _, s in items[:12]]
            form = press.calibrator.form_for(raw, source, target, samples).form
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
            # human translations in the memory are used first; fuzzy ones only offered
            found = _memory_matches(translator, texts, source, target)
            todo = [k for k, hit in enumerate(found.exact) if hit is None]
            # inline codes (tags, format placeholders, cue breaks) get the form calibrated for codes
            code_form = (press.calibrator.code_form_for(raw, source, target, samples).form
                         if any(spans[k] for k in todo) else None)
            done = translate_segments(press.layer, translator, [texts[k] for k in todo], source,
                                      target, form, protected=[spans[k] for k in todo],
                                      n_best=press.config.n_best, retry_engine=raw,
                                      code_form=code_form)
            results = dict(zip(todo, done, strict=True))
            for k, ((i, segment), unwrapped) in enumerate(zip(items, maps, strict=True)):
                result = results.get(k) or _human_result(texts[k], str(found.exact[k]))
                if k in results:
                    used[i].add(raw.identity)
                outputs[i][segment.index] = unwrapped.back(result)
                if found.fuzzy[k]:
                    offers[i][segment.index] = found.fuzzy[k]
            if progress is not None:
                progress(len(items))
        return [self._assemble(doc, out, plan.rerouted.get(i, []), sorted(used[i]), offers[i])
                for i, (doc, out) in enumerate(zip(plan.docs, outputs, strict=True))]

    def _assemble(self, source: Document, outputs: dict[int, SegmentResult],
                  rerouted: list[Finding], engines: list[str],
                  offers: dict[int, list[FuzzyMatch]]) -> tuple[Document, StageRecord]:
        translated = source.replace_segments({i: r.text for i, r in outputs.items()})
        # segments the QA flags (a term missing, markup the engine broke): XLIFF asks for review
        review = frozenset(index for index, result in outputs.items()
                           if any(not c.ok for c in result.checks)
                           or any(f.severity is Severity.ERROR or f.kind == "markup-fallback"
                                  for f in result.findings))
        translated = dataclasses.replace(translated, lang=self.target, review=review)
        new_starts = {s.index: s.span.start for s in translated.iter_segments()}
        old = {s.index: s.span.start for s in source.iter_segments()}
        checks: list[TermCheck] = []
        findings: list[Finding] = list(rerouted)
        for index, result in sorted(outputs.items()):
            src, dst = old[index], new_starts[index]
            checks.extend(c.shifted(source=src, target=dst, segment=index) for c in result.checks)
            findings.extend(dataclasses.replace(f, span=f.span.shift(dst)) for f in result.findings)
        renderings = consistency(checks)
        findings.extend(_consistency_findings(renderings, checks))
        data: dict[str, object] = {
            "target": self.target,
            "engine": engines[0] if len(engines) == 1 else engines,
            "segments": len(outputs),
            "protected": sum(1 for r in outputs.values() if r.protected),
        }
        if offers:
            data["memory_fuzzy"] = {str(i): [m.to_dict() for m in matches]
                                    for i, matches in sorted(offers.items())}
        record = StageRecord(self.name, tuple(findings), (), data, term_checks=tuple(checks),
                             consistency={k: tuple(v) for k, v in renderings.items()})
        return translated, record


def _memory_matches(translator: Engine, texts: list[str], source: str,
                    target: str) -> MemoryMatches:
    """What the translation memory behind ``translator`` (if any) offers for ``texts``."""
    if isinstance(translator, CachedEngine):
        return memory_matches(translator.memory, texts, source, target)
    return MemoryMatches([None] * len(texts), [[] for _ in texts])


def _human_result(source: str, translation: str) -> SegmentResult:
    """A segment taken whole from a human translation in the memory (no engine, no term repair)."""
    text = keep_whitespace(source, translation)
    return SegmentResult(text, (), (Finding(
        Span(0, len(text)), "memory-human", "human translation from the translation memory, "
        "used as it is", Severity.INFO, rule="tm-human-exact", text=translation),))


def _consistency_findings(renderings: dict[str, list[str]],
                          checks: Sequence[TermCheck]) -> list[Finding]:
    """One ``qa-consistency`` warning per concept rendered in more than one way."""
    out = []
    for concept, forms in renderings.items():
        spans = [c.target_span for c in checks if c.concept == concept and c.target_span]
        span = spans[0] if spans else Span(0, 0)
        out.append(Finding(span, "qa-consistency", f"{concept!r} is rendered in "
                           f"{len(forms)} ways in this document: {', '.join(forms)}",
                           Severity.WARNING, "qa", text=", ".join(forms)))
    return out


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
