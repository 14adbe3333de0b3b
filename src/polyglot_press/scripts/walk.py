"""Finding the words worth a look, without a per-word search of the text.

Words are found from the runs of characters that can start a finding: in
sparse text the non-ASCII runs; in dense text of one main script (Cyrillic,
Greek...) the characters outside that script, the non-ASCII digits and the
mathematical letters. Each distinct word is analysed once (memoised).

>>> words, dominant = collect_words("Оwen met Анна", ScanContext())
>>> [(w.word, w.info.mixed) for w in words], dominant
([('Оwen', True), ('Анна', False)], 'Latn')
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import regex

from .chars import FACTS, WORD_BACK_RE, WORD_CHAR_RE, WORD_CLASS, WORD_RE, analyze_word, facts
from .context import WHOLE_SCRIPT, ScanContext
from .records import WordAt, WordInfo

__all__ = ["HIGH_RUN_RE", "collect_words", "estimate_dominant", "is_dense", "triggers_for", "words_sparse"]

# runs of non-ASCII characters (a negated class: regex scans it fast)
NON_ASCII_RUN_RE = regex.compile(r"[^\x00-\x7F]+")


def is_word_char(ch: str) -> bool:
    hit = WORD_CHARS.get(ch)
    if hit is None:
        hit = WORD_CHAR_RE.match(ch) is not None
        WORD_CHARS[ch] = hit
    return hit


WORD_CHARS: dict[str, bool] = {}


def words_sparse(
    text: str, triggers: tuple[regex.Pattern[str], ...] = (NON_ASCII_RUN_RE,), *, low: bool = False
) -> Iterator[tuple[int, int]]:
    """Spans of the words holding a character any of ``triggers`` matches.

    A trigger may match a run of characters ("«Привет—мир»"): every word that
    starts or ends inside the run is reported, once. ``low`` says the text's
    letters lie below U+0660 (``LOW_SCRIPTS``), so the ``RARE_TRIGGERS`` are
    run only where characters above it are (see :func:`rare_spans`).
    """
    back = WORD_BACK_RE.match
    forward = WORD_RE.match
    next_word_char = WORD_CHAR_RE.search
    if len(triggers) == 1:
        runs: Iterator[tuple[int, int]] = (m.span() for m in triggers[0].finditer(text))
    else:
        rare = [t for t in triggers if low and t in RARE_TRIGGERS]
        common = [t for t in triggers if t not in rare]
        streams: list[Iterator[tuple[int, int]]] = [(m.span() for m in t.finditer(text)) for t in common]
        if rare:
            streams.append(rare_spans(text, rare))
        runs = heapq.merge(*streams)
    pos = 0
    for p, run_end in runs:
        if run_end <= pos:
            continue
        if p < pos:
            p = pos
        if run_end - p == 1 and not is_word_char(text[p]):
            continue  # the common case: one quote mark or dash
        while p < run_end:
            if not is_word_char(text[p]):
                hit = next_word_char(text, p, run_end)
                if hit is None:
                    break
                p = hit.start()
            b = back(text, pos, p)
            start = b.start() if b is not None else p
            f = forward(text, p)
            end = f.end() if f is not None else p + 1
            yield start, end
            pos = p = end


def rare_spans(text: str, patterns: list[regex.Pattern[str]]) -> Iterator[tuple[int, int]]:
    """Spans of the matches of ``patterns`` (members of ``RARE_TRIGGERS``), in order.

    Those match single characters at or above U+0660 only, so they are run only
    inside the runs of such characters: in Cyrillic or Greek text these are a
    few dashes and quotes, and one fast pass finds them (instead of a pass of
    each slower property class over the whole text).
    """
    if frozenset(patterns) == RARE_TRIGGERS:
        patterns = [RARE_RE]  # one pass per run; a character both match is one span, not two
    for run in HIGH_RUN_RE.finditer(text):
        a, b = run.span()
        if len(patterns) == 1:
            yield from (m.span() for m in patterns[0].finditer(text, a, b))
        else:
            yield from sorted(m.span() for p in patterns for m in p.finditer(text, a, b))


def ascii_latin_letters(text: str, raw: bytes | None = None) -> int:
    """ASCII letters in ``text`` (``raw``: ``text.encode("ascii", "ignore")`` if already made)."""
    if raw is None:
        raw = text.encode("ascii", "ignore")
    return len(raw) - len(raw.translate(None, ASCII_LETTERS))


ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
# above this share of non-ASCII characters, words are collected by type, not by token
DENSE = 0.02


def interesting(info: WordInfo, dominant: str | None) -> bool:
    """True when the word needs a look, given the text's dominant script."""
    return bool(
        info.mixed
        or info.compat_runs
        or info.stand_ins
        or info.mixed_digits
        or (info.script is not None and info.script != dominant)
    )


@lru_cache(maxsize=64)
def triggers_for(script: str) -> tuple[regex.Pattern[str], ...]:
    """Characters that can start a finding in text written in ``script``.

    Anything outside ``script``, Common and Inherited (a negated class, which
    ``regex`` scans fast), plus every non-ASCII digit (two systems may mix even
    within the main script) and the mathematical alphanumerics. A word made
    only of ``script`` letters, Common characters and ASCII digits can be
    neither mixed-script, nor whole-script confusable, nor a compatibility form.
    """
    return (
        regex.compile(rf"[^\p{{scx={script}}}\p{{scx=Zyyy}}\p{{scx=Zinh}}]+"),
        OTHER_DIGIT_RE,
        MATH_ALNUM_RE,
    )


OTHER_DIGIT_RE = regex.compile(r"[^\P{Nd}0-9]")
# by-script trigger for them: the <font> ones (a single property scans fast; a
# union of two does not). The <wide> letters are Latin and the <wide> digits
# non-ASCII digits, so the other triggers find them (a test checks it).
MATH_ALNUM_RE = regex.compile(r"\p{Decomposition_Type=Font}")
# triggers that match single characters at or above U+0660 only (a test checks it):
# rare_spans runs them inside the runs of such characters
RARE_TRIGGERS = frozenset({OTHER_DIGIT_RE, MATH_ALNUM_RE})
HIGH_RUN_RE = regex.compile(r"[^\x00-\u065F]+")
# either rare trigger (slow over a whole text, fast inside short runs)
RARE_RE = regex.compile(r"[[^\P{Nd}0-9]\p{Decomposition_Type=Font}]", regex.V1)
# scripts whose letters lie below U+0660: in their text the characters above it are
# few (dashes, quotes), elsewhere (Devanagari, Han) nearly every word holds some
LOW_SCRIPTS = frozenset({"Grek", "Cyrl", "Armn", "Hebr"})


def is_dense(text: str, non_ascii: int) -> bool:
    """True when the UTF-8 bytes beyond one per character reach ``DENSE`` of the length.

    Each of the ``non_ascii`` characters adds one to three bytes, so the UTF-8
    encoding is made only when those bounds leave the answer open.
    """
    limit = DENSE * len(text)
    if non_ascii >= limit:
        return True
    if 3 * non_ascii < limit:
        return False
    return len(text.encode("utf-8")) - len(text) >= limit


def estimate_dominant(text: str, raw: bytes | None = None) -> tuple[str, float]:
    """The script most letters of ``text`` are in, and its share, from an even sample."""
    latin = ascii_latin_letters(text, raw)
    step = max(1, len(text) // SAMPLE)
    sample = Counter(NON_ASCII_LETTER_RE.findall(text[::step]))  # first-seen order, as in the text
    counts: Counter[str] = Counter()
    for ch, n in sample.items():
        main = (FACTS.get(ch) or facts(ch))[0]
        if main is not None:
            counts[main] += step * n
    counts["Latn"] += latin
    total = sum(counts.values())
    if not total:
        return "Latn", 1.0
    script, count = counts.most_common(1)[0]
    return script, count / total


ASCII_WORD_RE = regex.compile(rf"(?<![{WORD_CLASS}])[A-Za-z]{{3,}}(?![{WORD_CLASS}])")
NON_ASCII_LETTER_RE = regex.compile(r"[^\P{L}\x00-\x7F]")
SAMPLE = 5_000
# a text whose main script holds at least this share of its letters is walked
# from the characters outside that script; below it every word type is analysed
MAIN_SHARE = 0.6


def collect_words(text: str, ctx: ScanContext) -> tuple[list[WordAt], str]:
    """The words of ``text`` that need a look, in text order, and the text's dominant script.

    One pass: words are found from the runs of characters that can start a
    finding (each distinct word analysed once, cached), never by searching the
    text per word.
    """
    counts: Counter[str] = Counter()
    occurrences: list[WordAt] = []
    dominant = ctx.script
    mode = "sparse"
    triggers: tuple[regex.Pattern[str], ...] = (NON_ASCII_RUN_RE,)
    raw = text.encode("ascii", "ignore")
    if is_dense(text, len(text) - len(raw)):
        main, share = estimate_dominant(text, raw)
        if share >= MAIN_SHARE and main != "Latn" and dominant in (None, main):
            mode, dominant, triggers = "by-script", main, triggers_for(main)
    count = dominant is None  # by-script mode already knows the main script
    for start, end in words_sparse(text, triggers, low=dominant in LOW_SCRIPTS):
        word = text[start:end]
        info = analyze_word(word)
        if count:
            for script, k in info.letters.items():
                counts[script] += k
            counts["Latn"] -= info.ascii_letters
        occurrences.append(WordAt(start, end, word, info))
    if dominant is None:
        counts["Latn"] += ascii_latin_letters(text, raw)
        dominant = counts.most_common(1)[0][0] if counts else "Latn"
    if mode != "by-script" and dominant == "Cyrl" and ctx.wants(WHOLE_SCRIPT):
        # Latin words in Russian text may spell Russian words ("HOBOE"): the ASCII ones too
        occurrences.extend(
            WordAt(m.start(), m.end(), m.group(), analyze_word(m.group()))
            for m in ASCII_WORD_RE.finditer(text)
        )
        occurrences.sort(key=lambda item: item.start)
    return [o for o in occurrences if interesting(o.info, dominant)], dominant
