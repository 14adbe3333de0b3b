"""The segment loop: translate, verify, protect where needed, keep the best candidate."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..engines.base import Engine
from ..text import Finding, Severity, Span
from .checks import TermCheck
from .layer import TermLayer
from .masking import Masked, Restored
from .placeholders import PlaceholderForm
from .verify import Verified

# -------------------------------------------------------------- the whole loop


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """One translated segment: final text, term checks (segment offsets), findings."""

    text: str
    checks: tuple[TermCheck, ...] = ()
    findings: tuple[Finding, ...] = ()
    masked: str = ""
    n_best_used: bool = False


def _score(masked: Masked, restored: Restored) -> int:
    return sum(1 for state in restored.outcome.values() if state != "lost")


def _needs_retry(masked: Masked, restored: Restored, verified: Verified) -> bool:
    if any(state == "lost" for state in restored.outcome.values()):
        return True
    return any(c.status in {"missing", "forbidden-variant-found"} for c in verified.checks)


_EMPHASIS_MARK = regex.compile(r"[*_~]+")


def _markup_pairs(spans: Sequence[tuple[Span, str]], text: str) -> list[tuple[int, int]]:
    """Index pairs of protected markup spans that enclose text: emphasis open/close,
    ``[``/``![`` with ``](...)``/``][...]``."""
    pairs: list[tuple[int, int]] = []
    opened: list[int] = []
    for i, (span, kind) in enumerate(spans):
        if kind != "markup":
            continue
        mark = span.slice(text)
        if mark in {"[", "!["}:
            opened.append(i)
        elif mark.startswith(("](", "][")):
            j = next((k for k in reversed(opened) if spans[k][0].slice(text) in {"[", "!["}), None)
            if j is not None:
                opened.remove(j)
                pairs.append((j, i))
        elif _EMPHASIS_MARK.fullmatch(mark):
            j = next((k for k in reversed(opened) if spans[k][0].slice(text) == mark), None)
            if j is not None:
                opened.remove(j)
                pairs.append((j, i))
            else:
                opened.append(i)
    return pairs


def _has_words(text: str) -> bool:
    return any(c.isalnum() for c in text)


def markup_problems(masked: Masked, restored: Restored) -> list[str]:
    """What is wrong with the protected spans in a restored translation (empty: nothing).

    Every protected span must come back, in the source's order, and paired
    markup (emphasis, link text) must still enclose text where the source's did.

    >>> layer = TermLayer([])
    >>> form = PlaceholderForm("zxq", "ZXQ{n}")
    >>> m = layer.protect("that __observers__ were", "en", "pt", form,
    ...                   [(Span(5, 7), "markup"), (Span(16, 18), "markup")])
    >>> markup_problems(m, layer.restore(m, "que ZXQ1 observadores ZXQ2 foram", "pt"))
    []
    >>> markup_problems(m, layer.restore(m, "os observadores do ZXQ1 ZXQ2 foram", "pt"))
    ["'__' ... '__' no longer encloses any text"]
    """
    spans = sorted(masked.protected, key=lambda p: p[0])
    if not spans:
        return []
    problems: list[str] = []
    where: list[Span | None] = []
    alone: list[bool] = []  # not glued to a term (a term may move, and its markup with it)
    for span, _ in spans:
        slot = next((s for s in masked.slots if s.span.start <= span.start and span.end <= s.span.end),
                    None)
        placed = restored.placed.get(slot.n) if slot is not None else None
        alone.append(slot is None or slot.kind != "term")
        if slot is None or placed is None or restored.outcome.get(slot.n) == "lost":
            problems.append(f"{span.slice(masked.source)!r} was lost")
            where.append(None)
            continue
        offset = span.start - slot.span.start
        if offset + len(span) <= len(slot.prefix):
            start = placed.start + offset
        else:
            start = placed.end - (len(slot.source_text) - offset)
        where.append(Span(start, start + len(span)))
    if problems:
        return problems
    order = [w for w, free in zip(where, alone, strict=True) if w is not None and free]
    if any(b.start < a.end for a, b in itertools.pairwise(order)):
        problems.append("protected spans came back in another order")
    for i, j in _markup_pairs(spans, masked.source):
        a, b = where[i], where[j]
        if a is None or b is None:
            continue
        inside_source = masked.source[spans[i][0].end:spans[j][0].start]
        if a.end > b.start or (_has_words(inside_source)
                               and not _has_words(restored.text[a.end:b.start])):
            problems.append(f"{spans[i][0].slice(masked.source)!r} ... "
                            f"{spans[j][0].slice(masked.source)!r} no longer encloses any text")
    return problems


def translate_segments(
    layer: TermLayer,
    engine: Engine,
    segments: Sequence[str],
    source: str,
    target: str,
    form: PlaceholderForm,
    *,
    protected: Sequence[Sequence[tuple[Span, str]]] | None = None,
    n_best: int = 4,
    retry_engine: Engine | None = None,
) -> list[SegmentResult]:
    """Protect, translate in one batch, restore and verify ``segments``.

    ``protected[i]`` lists spans of segment ``i`` (segment offsets, with their
    kind) that must survive unchanged. Segments that lost a placeholder or a
    term are translated again with ``n_best`` hypotheses (by ``retry_engine``,
    default ``engine``) and the hypothesis that keeps the most wins; a term
    still missing is looked for as the engine renders it alone and replaced
    (``layer.repair_aligned``); when protected markup is lost, reordered or
    no longer encloses its text, the text between protected spans is
    translated piece by piece.
    """
    spans_of = protected or [() for _ in segments]
    masks = [layer.protect(text, source, target, form, spans)
             for text, spans in zip(segments, spans_of, strict=True)]
    outputs = engine.translate_batch([m.text for m in masks], source, target) if masks else []
    results: list[SegmentResult | None] = [None] * len(masks)
    retry: list[int] = []
    states: list[tuple[Restored, Verified]] = []
    repaired_slots: list[frozenset[int]] = [frozenset() for _ in masks]
    for i, (masked, output) in enumerate(zip(masks, outputs, strict=True)):
        restored = layer.restore(masked, output, target)
        verified = layer.verify(masked, restored, target)
        states.append((restored, verified))
        if _needs_retry(masked, restored, verified) and n_best > 1:
            retry.append(i)
    if retry:
        alternatives = (retry_engine or engine).translate_batch(
            [masks[i].text for i in retry], source, target, n_best=n_best)
        for i, hyps in zip(retry, alternatives, strict=True):
            masked = masks[i]
            best_restored, best_verified = states[i]
            best_key = (_score(masked, best_restored),
                        sum(1 for c in best_verified.checks if c.status in {"exact", "inflected"}))
            chosen = False
            for hyp in hyps:
                restored = layer.restore(masked, hyp, target)
                verified = layer.verify(masked, restored, target)
                key = (_score(masked, restored),
                       sum(1 for c in verified.checks if c.status in {"exact", "inflected"}))
                if key > best_key:
                    best_key, best_restored, best_verified, chosen = key, restored, verified, True
            if chosen:
                before = {n for n, s in states[i][0].outcome.items() if s != "lost"}
                fixed = frozenset(n for n, s in best_restored.outcome.items()
                                  if s != "lost" and n not in before)
                repaired_slots[i] = fixed
                before_ok = {(c.concept, c.source_span) for c in states[i][1].checks if c.ok}
                best_verified = layer.verify(masked, best_restored, target, fixed)
                best_verified = _mark_n_best(best_verified, before_ok)
                states[i] = (best_restored, best_verified)
    # a term still missing: find the engine's own rendering of it and replace that
    if layer.repair_aligned:
        wanted = sorted({c.source_text for _, v in states for c in v.checks
                         if c.status == "missing" and c.source_text})
        if wanted:
            rendered = engine.translate_batch(wanted, source, target)
            renderings = dict(zip(wanted, rendered, strict=True))
            for i, masked in enumerate(masks):
                restored, verified = states[i]
                if any(c.status == "missing" for c in verified.checks):
                    again = layer.verify(masked, restored, target, repaired_slots[i], renderings)
                    if repaired_slots[i]:
                        before_ok = {(c.concept, c.source_span) for c in verified.checks
                                     if c.ok and c.method != "n-best"}
                        again = _mark_n_best(again, before_ok)
                    states[i] = (restored, again)
    for i, masked in enumerate(masks):
        restored, verified = states[i]
        problems = markup_problems(masked, restored)
        if problems:
            results[i] = _in_pieces(layer, engine, masked, source, target, form,
                                    spans_of[i], problems)
        else:
            results[i] = SegmentResult(verified.text, verified.checks, verified.findings,
                                       masked.text, bool(repaired_slots[i]) or i in retry)
    return [r for r in results if r is not None]


def _mark_n_best(verified: Verified, before_ok: set[tuple[str, Span | None]]) -> Verified:
    """Terms found by morphology only thanks to an n-best hypothesis count as repaired."""
    return dataclasses.replace(verified, checks=tuple(
        dataclasses.replace(c, status="repaired", method="n-best")
        if c.status in {"exact", "inflected"} and c.method == "morphology"
        and (c.concept, c.source_span) not in before_ok else c
        for c in verified.checks))


def _in_pieces(layer: TermLayer, engine: Engine, masked: Masked, source: str, target: str,
               form: PlaceholderForm, spans: Sequence[tuple[Span, str]],
               problems: Sequence[str]) -> SegmentResult:
    """Translate the runs between protected spans one by one (structure over fluency)."""
    text = masked.source
    cuts = sorted((s for s, kind in spans if len(s)), key=lambda s: s.start)
    runs: list[tuple[int, int, bool]] = []
    position = 0
    for span in cuts:
        if span.start > position:
            runs.append((position, span.start, True))
        runs.append((span.start, span.end, False))
        position = max(position, span.end)
    if position < len(text):
        runs.append((position, len(text), True))
    todo = [(s, e) for s, e, translate in runs if translate and text[s:e].strip()
            and any(c.isalpha() for c in text[s:e])]
    pieces = translate_segments(layer, engine, [text[s:e] for s, e in todo], source, target,
                                form, n_best=1) if todo else []
    done = dict(zip(todo, pieces, strict=True))
    out: list[str] = []
    checks: list[TermCheck] = []
    findings: list[Finding] = []
    placed: dict[int, Span] = {}
    length = 0
    for start, end, _ in runs:
        result = done.get((start, end))
        if result is None:
            piece = text[start:end]
            placed[start] = Span(length, length + len(piece))
        else:
            original = text[start:end]
            lead = original[: len(original) - len(original.lstrip())]
            trail = original[len(original.rstrip()):]
            piece = lead + result.text.strip() + trail
            offset = length + len(lead) - (len(result.text) - len(result.text.lstrip()))
            checks.extend(c.shifted(source=start, target=offset) for c in result.checks)
            findings.extend(dataclasses.replace(f, span=f.span.shift(offset)) for f in result.findings)
        out.append(piece)
        length += len(piece)
    joined = "".join(out)
    findings.insert(0, Finding(Span(0, len(text)), "markup-fallback",
                               f"the engine broke the protected markup ({'; '.join(problems)}); "
                               "the text between protected spans was translated piece by piece "
                               "to keep it", Severity.WARNING, "terminology", text=text))
    # the pieces keep every protected span by construction; what can still go wrong is
    # a run the engine translated to nothing, leaving a pair of markers around no text
    kept = sorted(((s, kind) for s, kind in spans if len(s)), key=lambda p: p[0])
    ordered = [s for s, _ in kept]
    for i, j in _markup_pairs(kept, text):
        a, b = placed.get(ordered[i].start), placed.get(ordered[j].start)
        if a is None or b is None:
            continue
        if _has_words(text[ordered[i].end:ordered[j].start]) and not _has_words(joined[a.end:b.start]):
            findings.append(Finding(Span(a.start, b.end), "markup-lost",
                                    f"{ordered[i].slice(text)!r} ... {ordered[j].slice(text)!r} "
                                    "encloses no text in the translation (the engine dropped it)",
                                    Severity.ERROR, "terminology", text=joined[a.start:b.end]))
    return SegmentResult(joined, tuple(checks), tuple(findings), masked.text)


