"""The segment loop: translate, verify, protect where needed, keep the best candidate."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..engines.base import Engine
from ..text import Finding, Severity, Span, keep_whitespace
from .checks import TermCheck
from .codes import _has_words, _markup_pairs, _Memo, _runs, markup_problems
from .finishing import (
    _agree,
    _exact_case,
    _headline_case,
    _headlines,
    _lowered,
    _unleak,
    _vocabulary,
)
from .layer import TermLayer
from .masking import Masked, Restored
from .placeholders import PlaceholderForm
from .verify import Verified

# -------------------------------------------------------------- the whole loop


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """One translated segment: final text, term checks (segment offsets), findings.

    ``protected``: the segment needed protection (its terms went to the engine
    behind placeholders, after the plain translation missed or broke one).
    """

    text: str
    checks: tuple[TermCheck, ...] = ()
    findings: tuple[Finding, ...] = ()
    masked: str = ""
    n_best_used: bool = False
    protected: bool = False


def _score(masked: Masked, restored: Restored) -> int:
    return sum(1 for state in restored.outcome.values() if state != "lost")


def _needs_retry(masked: Masked, restored: Restored, verified: Verified) -> bool:
    if any(state == "lost" for state in restored.outcome.values()):
        return True
    return any(c.status in {"missing", "forbidden-variant-found"} for c in verified.checks)


@dataclass(slots=True)
class _Candidate:
    """One translation of a segment: its mask, restored text and verification."""

    kind: str  # "plain" (terms left to the engine) or "protected" (terms behind placeholders)
    masked: Masked
    restored: Restored
    verified: Verified
    repaired: frozenset[int] = frozenset()
    retried: bool = False


@dataclass(slots=True)
class _Segment:
    """One segment on its way through the loop: every candidate and the result."""

    text: str
    spans: Sequence[tuple[Span, str]]
    original: str = ""  # the text before a headline was put in sentence case
    plain: _Candidate | None = None
    protected: _Candidate | None = None
    result: SegmentResult | None = None


_NOT_GOOD = frozenset({"missing", "forbidden-variant-found"})


def _needs_protection(candidate: _Candidate) -> bool:
    """A term missing, forbidden, or wrong (the engine's own word replaced by the glossary's
    form, or a forbidden form replaced), or broken markup."""
    if any(c.status in _NOT_GOOD or (c.status == "repaired" and c.method in {"replaced", "aligned"})
           for c in candidate.verified.checks):
        return True
    if any(state == "lost" for state in candidate.restored.outcome.values()):
        return True
    return bool(markup_problems(candidate.masked, candidate.restored))


def _translate(layer: TermLayer, memo: _Memo, segments: Sequence[_Segment], source: str,
               target: str, form: PlaceholderForm, kind: str,
               code_form: PlaceholderForm | None = None,
               renderings: dict[str, str] | None = None,
               alone: Sequence[str] = ()) -> list[_Candidate]:
    """Translate ``segments`` (as ``kind``) and, in the same engine call, the source terms
    ``alone`` by themselves, whose renderings go into ``renderings``."""
    masks = [layer.protect(s.text, source, target, form, s.spans, terms=kind == "protected",
                           code_form=code_form)
             for s in segments]
    texts = [m.text for m in masks] + list(alone)
    outputs = memo.batch(texts)
    if renderings is not None:
        renderings.update(zip(alone, outputs[len(masks):], strict=True))
    out = []
    for masked, output in zip(masks, outputs[:len(masks)], strict=True):
        restored = layer.restore(masked, output, target)
        out.append(_Candidate(kind, masked, restored, layer.verify(masked, restored, target)))
    return out


#: Whether an engine (by identity) gives alternatives: one that answers an n-best
#: request with a single hypothesis (bergamot) would only repeat its 1-best translation.
_ALTERNATIVES: dict[str, bool] = {}


def _gives_alternatives(engine: Engine, text: str, source: str, target: str, n_best: int) -> bool:
    """Asked once per engine and process, with one short text of the retry."""
    known = _ALTERNATIVES.get(engine.identity)
    if known is None:
        (hyps,) = engine.translate_batch([text], source, target, n_best=n_best)
        known = _ALTERNATIVES[engine.identity] = len(hyps) > 1
    return known


def _retry_n_best(layer: TermLayer, engine: Engine, candidates: Sequence[_Candidate],
                  source: str, target: str, n_best: int) -> None:
    """Translate the candidates that lost a placeholder or a term again with ``n_best``
    hypotheses; the hypothesis that keeps the most wins (in place). Not for an engine
    that gives no alternatives."""
    retry = [c for c in candidates if _needs_retry(c.masked, c.restored, c.verified)]
    if not retry or n_best <= 1 or not _gives_alternatives(
            engine, min((c.masked.text for c in retry), key=len), source, target, n_best):
        return
    alternatives = engine.translate_batch([c.masked.text for c in retry], source, target,
                                          n_best=n_best)
    for candidate, hyps in zip(retry, alternatives, strict=True):
        candidate.retried = True
        masked = candidate.masked
        best_restored, best_verified = candidate.restored, candidate.verified
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
            before = {n for n, s in candidate.restored.outcome.items() if s != "lost"}
            fixed = frozenset(n for n, s in best_restored.outcome.items()
                              if s != "lost" and n not in before)
            before_ok = {(c.concept, c.source_span) for c in candidate.verified.checks if c.ok}
            best_verified = layer.verify(masked, best_restored, target, fixed)
            candidate.repaired = fixed
            candidate.restored = best_restored
            candidate.verified = _mark_n_best(best_verified, before_ok)


def _missing_terms(layer: TermLayer, candidates: Sequence[_Candidate],
                   known: Mapping[str, str] | None = None) -> list[str]:
    """The source terms of ``candidates`` still missing (those whose rendering alone is not
    in ``known``, when given)."""
    if not layer.repair_aligned:
        return []
    return sorted({c.source_text for cand in candidates for c in cand.verified.checks
                   if c.status == "missing" and c.source_text
                   and (known is None or c.source_text not in known)})


def _repair_aligned(layer: TermLayer, memo: _Memo, candidates: Sequence[_Candidate],
                    source: str, target: str, renderings: dict[str, str] | None = None) -> None:
    """A term still missing: find the engine's own rendering of it and replace that.

    ``renderings`` holds the renderings already asked for (the loop asks for those of
    the plain pass in the same engine call as the protected pass); only the others
    go to the engine, and are added to it."""
    if not layer.repair_aligned:
        return
    renderings = {} if renderings is None else renderings
    missing = _missing_terms(layer, candidates)
    if not missing:
        return
    wanted = [term for term in missing if term not in renderings]
    if wanted:
        renderings.update(zip(wanted, memo.batch(wanted), strict=True))
    for candidate in candidates:
        verified = candidate.verified
        if not any(c.status == "missing" for c in verified.checks):
            continue
        again = layer.verify(candidate.masked, candidate.restored, target, candidate.repaired,
                             renderings)
        if candidate.repaired:
            before_ok = {(c.concept, c.source_span) for c in verified.checks
                         if c.ok and c.method != "n-best"}
            again = _mark_n_best(again, before_ok)
        candidate.verified = again


def _judge(candidate: _Candidate, result: SegmentResult) -> tuple[int, int, int, int]:
    """Higher is better: terms in the translation, fewer QA errors, terms the engine wrote
    itself or placed (not replaced afterwards), plain over protected."""
    ok = sum(1 for c in result.checks if c.ok)
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    placed = sum(1 for c in result.checks if c.ok and c.method not in {"replaced", "aligned"})
    return ok, -errors, placed, 1 if candidate.kind == "plain" else 0


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
    translate_first: bool = True,
    qa: bool = True,
    agreement: bool = True,
    code_form: PlaceholderForm | None = None,
) -> list[SegmentResult]:
    """Translate ``segments`` in batches, verify every glossary term, protect only where needed.

    ``protected[i]`` lists spans of segment ``i`` (segment offsets, with their
    kind) that must survive unchanged; they always travel as placeholders.

    1. Every segment is translated as it is (terms left to the engine, which
       chooses articles and prepositions around words it sees) and its terms
       verified; a term still missing is looked for as the engine renders it
       alone and replaced (``layer.repair_aligned``).
    2. Only the segments with a missing, wrong or forbidden term, or broken
       markup, go through protection: terms behind placeholders, one batch;
       segments that lost a placeholder or a term are translated again with
       ``n_best`` hypotheses (by ``retry_engine``, default ``engine``).
       ``translate_first=False`` (or a layer with ``protect=False``) skips
       step 1 (every segment protected) or step 2 (only verified).
    3. The article and preposition before each term are made to agree with
       its gender and number from the glossary (:mod:`polyglot_press.agreement`;
       ``agreement=False`` leaves them alone); no placeholder may be left (a
       damaged one is removed as an error, which sends the segment back to
       the plain candidate); the QA checks (:mod:`polyglot_press.qa`) run on
       each candidate, and the best by terms kept, then fewest QA errors, wins,
       the plain translation on a tie. ``SegmentResult.protected`` says which.

    When protected markup is lost, reordered or no longer encloses its text,
    the text between protected spans is translated piece by piece (the pieces
    of every such segment in one engine call).

    ``code_form``: the placeholder form for protected spans (inline codes),
    calibrated for codes (:meth:`Calibrator.code_form_for`); default ``form``.
    A text is sent to the engine once per call, however many candidates need it.
    """
    return _translate_segments(layer, _Memo(engine, source, target), segments, source, target,
                               form, protected, n_best, retry_engine, translate_first, qa,
                               agreement, code_form)


def _translate_segments(
    layer: TermLayer, memo: _Memo, segments: Sequence[str], source: str, target: str,
    form: PlaceholderForm, protected: Sequence[Sequence[tuple[Span, str]]] | None, n_best: int,
    retry_engine: Engine | None, translate_first: bool, qa: bool, agreement: bool,
    code_form: PlaceholderForm | None,
) -> list[SegmentResult]:
    engine = memo.engine
    spans_of = protected or [() for _ in segments]
    todo = [_Segment(text, spans) for text, spans in zip(segments, spans_of, strict=True)]
    if not todo:
        return []
    headline = _headlines(layer, todo, source,
                          lambda: _vocabulary(retry_engine or engine, source, target))
    first_plain = translate_first or not layer.protect_terms
    renderings: dict[str, str] = {}  # source term -> the engine's rendering of it alone
    plain: list[_Candidate] = []
    if first_plain:
        for seg, cand in zip(todo, _translate(layer, memo, todo, source, target, form, "plain",
                                              code_form), strict=True):
            seg.plain = cand
        plain = [s.plain for s in todo if s.plain is not None]
        if not layer.protect_terms:
            _repair_aligned(layer, memo, plain, source, target, renderings)
    if layer.protect_terms:
        # a segment with a missing term needs protection whatever its aligned repair
        # gives, so the terms the plain pass missed are translated alone in the same
        # engine call as the protected pass, and the plain candidates repaired after it
        again = [s for s in todo if s.plain is None or _needs_protection(s.plain)]
        alone = _missing_terms(layer, plain, renderings)
        if again or alone:
            for seg, cand in zip(again, _translate(layer, memo, again, source, target, form,
                                                   "protected", code_form, renderings, alone),
                                 strict=True):
                seg.protected = cand
        _repair_aligned(layer, memo, plain, source, target, renderings)
        if again:
            candidates = [s.protected for s in again if s.protected is not None]
            _retry_n_best(layer, retry_engine or engine, candidates, source, target, n_best)
            _repair_aligned(layer, memo, candidates, source, target, renderings)
    elif n_best > 1:
        _retry_n_best(layer, retry_engine or engine, [s.plain for s in todo if s.plain], source,
                      target, n_best)
    # the runs between codes of every segment whose markup broke: one engine call
    memo.batch([seg.text[s:e] for seg in todo for c in (seg.plain, seg.protected)
                if c is not None and markup_problems(c.masked, c.restored)
                for s, e in _runs(seg.text, seg.spans)[1]])
    for i, seg in enumerate(todo):
        judged: list[tuple[tuple[int, int, int, int], SegmentResult]] = []
        for candidate in (seg.plain, seg.protected):
            if candidate is None:
                continue
            result = _finish(layer, memo, candidate, seg, source, target, form, headline[i], qa,
                             agreement, code_form)
            judged.append((_judge(candidate, result), result))
        seg.result = max(judged, key=lambda j: j[0])[1]
    return [s.result for s in todo if s.result is not None]


def _finish(layer: TermLayer, memo: _Memo, candidate: _Candidate, seg: _Segment, source: str,
            target: str, form: PlaceholderForm, headline: str, qa: bool,
            agreement: bool = True, code_form: PlaceholderForm | None = None) -> SegmentResult:
    """The segment result of one candidate: markup fallback, agreement, leaks, casing, QA."""
    masked, restored, verified = candidate.masked, candidate.restored, candidate.verified
    problems = markup_problems(masked, restored)
    if problems:
        result = _in_pieces(layer, memo, masked, source, target, form, seg.spans, problems)
    else:
        result = SegmentResult(verified.text, verified.checks, verified.findings, masked.text,
                               bool(candidate.repaired) or candidate.retried)
    if agreement:
        result = _agree(result, masked, target)
    result = _unleak(result, masked, form)
    if code_form is not None and code_form != form:
        result = _unleak(result, masked, code_form)
    if headline:
        result = _headline_case(result, headline, target,
                                [span.slice(seg.text) for span, _ in seg.spans],
                                _exact_case(layer, result.checks, target),
                                _lowered(seg.original, seg.text))
    if qa:
        from ..qa import check_segment

        found = check_segment(seg.text, result.text, source, target, form=form,
                              protected=[p for p, _ in seg.spans])
        result = dataclasses.replace(result, findings=result.findings + tuple(found))
    return dataclasses.replace(result, protected=candidate.kind == "protected")


def _mark_n_best(verified: Verified, before_ok: set[tuple[str, Span | None]]) -> Verified:
    """Terms found by morphology only thanks to an n-best hypothesis count as repaired."""
    return dataclasses.replace(verified, checks=tuple(
        dataclasses.replace(c, status="repaired", method="n-best")
        if c.status in {"exact", "inflected"} and c.method == "morphology"
        and (c.concept, c.source_span) not in before_ok else c
        for c in verified.checks))


def _in_pieces(layer: TermLayer, memo: _Memo, masked: Masked, source: str, target: str,
               form: PlaceholderForm, spans: Sequence[tuple[Span, str]],
               problems: Sequence[str]) -> SegmentResult:
    """Translate the runs between protected spans one by one (structure over fluency)."""
    text = masked.source
    runs, todo = _runs(text, spans)
    pieces = _translate_segments(layer, memo, [text[s:e] for s, e in todo], source, target,
                                 form, None, 1, None, True, False, True, None) if todo else []
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
            piece = keep_whitespace(original, result.text.strip())
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
