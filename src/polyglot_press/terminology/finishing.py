"""After the translation: agreement, leaked placeholders, headline casing.

Run by :func:`~polyglot_press.terminology.loop.translate_segments` on every
candidate translation of a segment.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import regex

from ..engines.base import Engine
from ..text import Finding, Severity, Span
from .checks import TermCheck
from .layer import TermLayer
from .masking import Masked
from .placeholders import PlaceholderForm

if TYPE_CHECKING:
    from .loop import SegmentResult, _Segment



def _shift_after(span: Span | None, at: int, delta: int) -> Span | None:
    if span is None or span.start < at:
        return span
    return span.shift(delta)


def _agree(result: SegmentResult, masked: Masked, target: str) -> SegmentResult:
    """Make the article or contraction before each term, and an adjective attached to it,
    agree with the glossary's gender, number and no-article (right to left, so spans
    stay valid); each fix is a finding and turns the check ``repaired``; an article
    no single form fixes turns it ``agreement-unresolved``."""
    from ..agreement import agree, rules_for

    if rules_for(target) is None:
        return result
    grammar = {(t.concept, t.span): t for t in masked.terms
               if t.gender is not None or t.no_article}
    if not grammar:
        return result
    text = result.text
    checks = list(result.checks)
    findings = list(result.findings)
    order = sorted((i for i, c in enumerate(checks) if c.ok and c.target_span is not None
                    and (c.concept, c.source_span) in grammar),
                   key=lambda i: checks[i].target_span.start,  # type: ignore[union-attr]
                   reverse=True)
    for i in order:
        check = checks[i]
        instance = grammar[(check.concept, check.source_span)]  # type: ignore[index]
        span = check.target_span
        assert span is not None
        fixed = agree(text, span, target, instance.gender, instance.number,
                      no_article=instance.no_article)
        if fixed.unresolved is not None:
            checks[i] = dataclasses.replace(
                check, status="agreement-unresolved",
                message=(check.message + "; " if check.message else "") + fixed.unresolved)
            findings.append(Finding(span, "term-agreement-unresolved", fixed.unresolved,
                                    Severity.WARNING, "agreement", text=span.slice(text),
                                    suggestion=None))
            continue
        if not fixed.changes:
            continue
        text = fixed.text
        for change in sorted(fixed.changes, key=lambda c: c.span.start, reverse=True):
            delta = len(change.after) - len(change.before)
            checks = [dataclasses.replace(c, target_span=_shift_after(c.target_span,
                                                                      change.span.end, delta))
                      for c in checks]
            findings = [dataclasses.replace(f, span=_shift_after(f.span, change.span.end, delta)
                                            or f.span) for f in findings]
        # the term itself moved only by the changes before it
        checks[i] = dataclasses.replace(checks[i], target_span=fixed.term_span)
        moved = 0
        for change in sorted(fixed.changes, key=lambda c: c.span.start):
            start = change.span.start + moved
            findings.append(Finding(Span(start, start + len(change.after)), "term-agreement",
                                    change.reason, Severity.INFO, "agreement",
                                    text=change.after, suggestion=None))
            moved += len(change.after) - len(change.before)
        said = "; ".join(f"{c.before.strip()!r} -> {c.after.strip() or '(no article)'!r}"
                         for c in fixed.changes)
        checks[i] = dataclasses.replace(
            checks[i], status="repaired" if check.status != "variant" else check.status,
            message=(check.message + "; " if check.message else "") + said)
    return dataclasses.replace(result, text=text, checks=tuple(checks), findings=tuple(findings))


def leak_pattern(form: PlaceholderForm) -> regex.Pattern[str]:
    """Placeholder tokens of ``form`` with any number, intact or damaged (``ZX3``,
    ``xq 12``): what must never reach a written file.

    >>> p = leak_pattern(PlaceholderForm("zxq", "ZXQ{n}"))
    >>> [m.group() for m in p.finditer("o ZX3 e o ZXQ12 e o zq 4, 2023")]
    ['ZX3', 'ZXQ12', 'zq 4']
    """
    head, _, tail = form.template.partition("{n}")
    letters = [c for c in head if c.isalpha()]
    sep = r"[\s_.\-]?"
    alternatives = {regex.escape(head) + sep + r"\d{1,4}" + (sep + regex.escape(tail) if tail else "")}
    if len(letters) >= 2 and not tail:
        for a, b in itertools.combinations(range(len(letters)), 2):
            alternatives.add(regex.escape(letters[a]) + sep + regex.escape(letters[b])
                             + sep + r"\d{1,4}")
    before = r"(?<![\p{L}\p{N}])" if head[:1].isalnum() else ""
    body = "|".join(sorted(alternatives, key=len, reverse=True))
    return regex.compile(before + "(?:" + body + r")(?![\p{N}])", regex.IGNORECASE)


def _unleak(result: SegmentResult, masked: Masked, form: PlaceholderForm) -> SegmentResult:
    """Remove any placeholder token left in the text (never written), as an error finding;
    the loop then prefers a candidate without one."""
    pattern = leak_pattern(form)
    source_tokens = {m.group().casefold() for m in pattern.finditer(masked.source)}
    leaks = [m for m in pattern.finditer(result.text)
             if m.group().casefold() not in source_tokens]
    if not leaks:
        return result
    text = result.text
    checks = list(result.checks)
    findings = list(result.findings)
    for match in reversed(leaks):
        start, end = match.start(), match.end()
        if start > 0 and text[start - 1] == " " and (end == len(text) or not text[end].isalnum()):
            start -= 1  # the space before it goes too
        delta = start - end
        text = text[:start] + text[end:]
        checks = [dataclasses.replace(c, target_span=_shift_after(c.target_span, end, delta))
                  for c in checks]
        findings = [dataclasses.replace(f, span=_shift_after(f.span, end, delta) or f.span)
                    for f in findings]
        findings.append(Finding(Span(start, start), "placeholder-leaked",
                                f"the engine damaged a placeholder into {match.group()!r}, which "
                                "no term could be restored from; it was removed",
                                Severity.ERROR, "terminology", text=match.group()))
    return dataclasses.replace(result, text=text, checks=tuple(checks), findings=tuple(findings))


_CASED_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’]*")


def _common_word(word: str, lang: str) -> bool | None:
    """Whether ``word`` (any case) is among the 60,000 most frequent words of ``lang``
    (``data/common-<lang>.txt.gz``, from pyspellchecker's frequency lists, see
    ``tools/generate_common_words.py``); None when there is no list for ``lang``.

    >>> _common_word("Results", "en"), _common_word("Kissinger", "en"), _common_word("x", "ru")
    (True, False, None)
    """
    words = _common_words(_lang_base_of(lang))
    return None if words is None else word.casefold() in words


@functools.cache
def _common_words(lang: str) -> frozenset[str] | None:
    import gzip
    from importlib import resources

    path = resources.files(__package__).joinpath("data", f"common-{lang}.txt.gz")
    if not path.is_file():
        return None
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _vocabulary(engine: Engine, source: str, target: str) -> frozenset[str]:
    """The engine's whole-word vocabulary, when it can tell (``vocabulary(source, target)``,
    an optional engine method); empty otherwise."""
    method = getattr(engine, "vocabulary", None)
    if not callable(method):
        return frozenset()
    try:
        words = method(source, target)
    except Exception:
        return frozenset()
    return words if isinstance(words, frozenset) else frozenset()


def _headlines(layer: TermLayer, segments: Sequence[_Segment], source: str,
               vocabulary_of: Callable[[], frozenset[str]] = frozenset) -> list[str]:
    """Put Title Case and ALL CAPS segments in sentence case before translation (in place)
    and say which they were (``"title"``, ``"caps"`` or ``""``).

    Glossary terms, protected spans, acronyms, words written with a capital
    inside a sentence elsewhere in the batch, and words the engine's vocabulary
    knows only with a capital (names: Croatia, Johannesburg) keep their case.
    """
    from .masking import _in_capitals, _is_title_case

    kinds: list[str] = []
    names: set[str] = set()
    for seg in segments:
        words = [w for w in _CASED_WORD.findall(seg.text) if len(w) > 3]
        if sum(1 for w in words if w[0].isupper()) * 2 > len(words):
            continue  # a headline, or most words capitalized: no evidence of names
        for m in _CASED_WORD.finditer(seg.text):
            before = seg.text[:m.start()].rstrip()
            if m.group()[:1].isupper() and before and before[-1] not in ".!?:;\"“«(" \
                    and not m.group().isupper():
                names.add(m.group())
    for seg in segments:
        matches = [m.span for m in layer.matches(seg.text, source)]
        keep = matches + [span for span, _ in seg.spans]
        kind = ("title" if _is_title_case(seg.text)
                else "caps" if _in_capitals(seg.text, keep) and len(_CASED_WORD.findall(seg.text)) >= 3
                else "")
        kinds.append(kind)
        if not kind:
            continue
        seg.original = seg.text
        vocabulary = vocabulary_of() if kind == "title" else frozenset()
        out = list(seg.text)
        if kind == "caps":  # a term in capitals is sent as the glossary writes it
            for match in layer.matches(seg.text, source):
                written = match.text
                form = match.refs[0].form if match.refs else written
                if len(form) == len(written) and form.casefold() == written.casefold():
                    out[match.start:match.end] = form
        first = True
        for m in _CASED_WORD.finditer(seg.text):
            word = m.group()
            inside = any(s.start <= m.start() < s.end for s in keep)
            known_as_name = word in vocabulary and word.lower() not in vocabulary
            # a name: a word no frequency list of the language has in lower case
            # ("Kissinger", "Siminoff"), or an initial ("George W. Bush")
            rare = len(word) > 2 and _common_word(word, source) is False
            initial = len(word) == 1 and seg.text[m.end():m.end() + 1] == "."
            if inside or (kind == "title" and ((word.isupper() and len(word) > 1)
                                               or word in names or known_as_name or rare
                                               or initial
                                               or any(c.isupper() for c in word[1:]))):
                first = False
                continue
            lowered = word.lower()
            if first:
                lowered = lowered[:1].upper() + lowered[1:]
                first = False
            if len(lowered) == len(word):
                out[m.start():m.end()] = lowered
        seg.text = "".join(out)
    return kinds


def _lowered(original: str, cased: str) -> dict[str, str]:
    """Words of a Title Case headline that sentence case lowered: lowered -> as written."""
    return {b.group(): a.group() for a, b in zip(_CASED_WORD.finditer(original),
                                               _CASED_WORD.finditer(cased), strict=False)
            if a.group() != b.group() and len(b.group()) > 2}


def _headline_case(result: SegmentResult, kind: str, target: str,
                   keep: Sequence[str] = (), exact_case: frozenset[str] = frozenset(),
                   lowered: dict[str, str] | None = None) -> SegmentResult:
    """Give a headline back in the casing its reader expects: a segment in capitals in
    capitals (protected spans such as URLs and code as they were); a Title Case one in
    Title Case for English, in sentence case (what the engine gave back) for
    Portuguese, Spanish, French and the others. Glossary terms keep their case."""
    from .masking import _MINOR

    text = result.text
    if kind == "caps":
        guarded = [Span(m.start(), m.end()) for piece in keep if piece
                   for m in regex.finditer(regex.escape(piece), text)]
        guarded += [c.target_span for c in result.checks
                    if c.target_span is not None and c.concept in exact_case]
        out = "".join(c if any(g.start <= i < g.end for g in guarded) or len(c.upper()) != 1
                      else c.upper() for i, c in enumerate(text))
        checks = tuple(c if c.target_span is None or c.found is None
                       else dataclasses.replace(c, found=c.target_span.slice(out))
                       for c in result.checks)
        return dataclasses.replace(result, text=out, checks=checks)
    if kind != "title":
        return result
    if lowered:
        # a word the engine copied as it was (a name it does not translate) gets its
        # capital back: "kanjar" -> "Kanjar"; words of the target language stay
        from ..qa import _words

        common = _words("function_words").get(_lang_base_of(target), frozenset())

        def back(m: regex.Match[str]) -> str:
            word = m.group()
            if word in common or word not in lowered:
                return word
            # a frequent word of the target language is its own word, not a name copied
            # through ("diabetes", "original" in Portuguese)
            if _common_word(word, target):
                return word
            return lowered[word]

        text = _CASED_WORD.sub(back, text)
        result = dataclasses.replace(result, text=text)
    if _lang_base_of(target) != "en":
        return result
    chars = list(text)
    terms = [c.target_span for c in result.checks if c.target_span is not None]
    for i, m in enumerate(_CASED_WORD.finditer(text)):
        word = m.group()
        if any(s.start <= m.start() < s.end for s in terms):
            continue
        if (i == 0 or word.casefold() not in _MINOR) and word[:1].islower():
            chars[m.start()] = word[0].upper()
    return dataclasses.replace(result, text="".join(chars))


def _exact_case(layer: TermLayer, checks: Sequence[TermCheck], target: str) -> frozenset[str]:
    """Concepts of ``checks`` whose target term keeps its case exactly (never capitalized)."""
    from ..glossary.model import CasePolicy
    from .masking import _term_for

    out = set()
    for check in checks:
        concept = layer.concept(check.concept)
        term = None if concept is None else (
            _term_for(concept, target) or _term_for(concept, check.source_lang or ""))
        if term is None or term.case_policy() is CasePolicy.EXACT:
            out.add(check.concept)
    return frozenset(out)


def _lang_base_of(lang: str) -> str:
    from .masking import _lang_base

    return _lang_base(lang)
