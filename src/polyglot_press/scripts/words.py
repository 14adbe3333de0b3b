"""Findings about words: mixed scripts, compatibility letters, mixed digits, and whole-script candidates.

>>> [(i.finding.kind, i.finding.suggestion) for i in word_issues("Пpивет, мир", ScanContext())]
[('mixed-script', 'Привет')]
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..text import Change, Finding, Severity, Span
from . import _ucd
from ._data import tables as _t
from .chars import CJK_RE, WIDE_RE, char_info, stand_in
from .confusables import counterpart
from .context import COMPATIBILITY, MIXED_NUMBERS, MIXED_SCRIPT, WHOLE_SCRIPT, ScanContext
from .records import Candidate, Issue, WordInfo
from .resolve import resolved_scripts
from .walk import collect_words
from .whole_script import (
    judge_candidates,
    letter_issue,
    may_spoof,
    odd_letters,
    odd_word_issue,
    reading_of,
    spoof_letter,
)

__all__ = ["word_issues"]


def word_issues(text: str, ctx: ScanContext) -> list[Issue]:
    """Issues about the words of ``text`` (not its invisible or bidi characters)."""
    occurrences, dominant = collect_words(text, ctx)
    if not occurrences:
        return []
    issues: list[Issue] = []
    # words of another script: each judged on its own and against its neighbourhood
    genuine: dict[str, list[int]] = {}  # script -> starts of its words that read as nothing else
    candidates: list[Candidate] = []
    for start, end, word, info in occurrences:
        script = info.script
        if script is not None and script != dominant and not may_spoof(word, script, dominant):
            # letters no orthography uses ("eĸi" in Kazakh text): spelled from lookalikes all the same
            if odd_letters(word, script) and ctx.wants(WHOLE_SCRIPT):
                odd = odd_word_issue(Candidate(start, end, word, script, ""), dominant)
                if odd is not None:
                    issues.append(odd)
        elif script is not None and script != dominant:
            reading = reading_of(word, dominant)
            if reading is None:
                odd = None
                if odd_letters(word, script) and ctx.wants(WHOLE_SCRIPT):
                    odd = odd_word_issue(Candidate(start, end, word, script, ""), dominant)
                if odd is not None:
                    issues.append(odd)  # "ԁег": reads as "der" only with loose lookalikes
                else:
                    genuine.setdefault(script, []).append(start)
            elif sum(info.letters.values()) == 1 and not spoof_letter(word, script, reading):
                # a one-letter word: a mention ("the Cyrillic 'О'", "α-particle") or worth a review
                if ctx.wants(WHOLE_SCRIPT):
                    found = letter_issue(text, Candidate(start, end, word, script, reading), dominant)
                    if found is not None:
                        issues.append(found)
            else:
                candidates.append(Candidate(start, end, word, script, reading))
        if info.mixed and ctx.wants(MIXED_SCRIPT):
            issues.append(_mixed_issue(start, word, info, dominant))
        if info.compat_runs and ctx.wants(COMPATIBILITY):
            window = text[max(0, start - 40) : end + 40]
            if CJK_RE.search(window) is None:
                for a, b in info.compat_runs:
                    issues.append(_compat_issue(start + a, word[a:b], info.majority))
        if info.stand_ins and ctx.wants(COMPATIBILITY):
            issues.extend(_stand_in_issues(start, word, info))
        if info.mixed_digits and ctx.wants(MIXED_NUMBERS):
            issues.append(_numbers_issue(start, word))
    if candidates and ctx.wants(WHOLE_SCRIPT):
        issues.extend(judge_candidates(text, candidates, genuine, dominant, ctx.language))
    return issues


@lru_cache(maxsize=1 << 14)
def _minority_fix(word: str, majority: str, core_only: bool = False) -> tuple[tuple[int, str], ...] | None:
    """Replacements (index, new char) moving minority letters into ``majority``.

    With ``core_only`` every replacement must be a core letter of that script
    (ASCII for Latin; the Russian, Ukrainian, Belarusian, Serbian, Macedonian and
    Kazakh alphabets for Cyrillic), so "аpple" in Russian text is not respelled
    with the Abkhaz palochka "ӏ".
    """
    fixes: list[tuple[int, str]] = []
    for i, ch in enumerate(word):
        scripts = _ucd.augmented_scripts(ch)
        if not scripts or majority in scripts or not ch.isalpha():
            continue
        other = counterpart(ch, majority)
        if other is None or not _ucd.is_allowed(other):
            return None  # no lookalike, or only a technical/obsolete one (ĸ, ʙ)
        if core_only and not _is_core(other, majority):
            return None
        fixes.append((i, other))
    if not fixes:
        return None
    fixed = list(word)
    for i, other in fixes:
        fixed[i] = other
    if not resolved_scripts("".join(fixed)):
        return None
    return tuple(fixes)


_CORE_CYRILLIC = frozenset([chr(cp) for cp in range(0x0400, 0x0460)] + list("ӘәҒғҚқҢңӨөҰұҮүҺһҐґ"))


def _is_core(ch: str, script: str) -> bool:
    if script == "Latn":
        return ch.isascii()
    if script == "Cyrl":
        return ch in _CORE_CYRILLIC
    return True


def _mixed_issue(start: int, word: str, info: WordInfo, dominant: str) -> Issue:
    # Prefer the text's own script when the word can be spelled in it ("раураl" in
    # English text is "paypal"), else the script most of the word's letters use.
    majority = info.majority
    fixes = None
    targets = [dominant] if dominant in info.letters else []
    if majority is not None and majority not in targets:
        targets.append(majority)
    for target, core_only in [(t, True) for t in targets] + [(t, False) for t in targets]:
        fixes = _minority_fix(word, target, core_only)
        if fixes:
            majority = target
            break
    names = ", ".join(f"{_t.SCRIPT_NAMES.get(s, s)} {n}" for s, n in sorted(info.letters.items()))
    span = Span(start, start + len(word))
    if fixes:
        suggestion_chars = list(word)
        for i, other in fixes:
            suggestion_chars[i] = other
        suggestion = "".join(suggestion_chars)
        odd = [word[i] for i, _ in fixes]
        target = _t.SCRIPT_NAMES.get(majority or "", majority or "")
        message = f"{word!r} mixes scripts ({names}); " + ", ".join(
            f"{char_info(c).name} looks like {target} {o!r}" for c, (_, o) in zip(odd, fixes, strict=True)
        )
        change_list = tuple(
            Change(
                Span(start + i, start + i + 1),
                word[i],
                other,
                MIXED_SCRIPT,
                f"{char_info(word[i]).name} in a {target} word",
            )
            for i, other in fixes
        )
        finding = Finding(
            span,
            MIXED_SCRIPT,
            message,
            Severity.ERROR,
            "mixed-script-confusable",
            0.95,
            word,
            suggestion,
            tuple(char_info(c) for c in odd),
        )
        return Issue(finding, change_list, "homoglyph")
    odd_chars = tuple(
        char_info(c)
        for c in word
        if c.isalpha() and _ucd.augmented_scripts(c) and majority not in _ucd.augmented_scripts(c)
    ) or tuple(char_info(c) for c in word if _ucd.augmented_scripts(c))
    finding = Finding(
        span,
        MIXED_SCRIPT,
        f"{word!r} mixes scripts ({names}); no safe single-script spelling",
        Severity.WARNING,
        "mixed-script",
        0.7,
        word,
        None,
        odd_chars,
    )
    return Issue(finding, (), "homoglyph")


def _into_script(letters: str, script: str | None) -> str | None:
    """``letters`` (Latin) spelled in ``script`` when the word they sit in is of that script.

    "Ｔокаев" is a Cyrillic word: its fullwidth T becomes the Cyrillic "Т", not a
    Latin "T" that would leave the word mixed. None when a letter has no
    counterpart there (then no repair is safe).
    """
    if script is None or script == "Latn" or not any(c.isalpha() for c in letters):
        return letters
    out = []
    for c in letters:
        other = counterpart(c, script) if c.isalpha() else c
        if other is None or not _ucd.is_allowed(other):
            return None
        out.append(other)
    return "".join(out)


def _compat_issue(start: int, run: str, script: str | None) -> Issue:
    nfkc = unicodedata.normalize("NFKC", run)
    fixed = _into_script(nfkc, script)
    kinds = {"fullwidth" if WIDE_RE.match(c) else "mathematical" for c in run}
    finding = Finding(
        Span(start, start + len(run)),
        COMPATIBILITY,
        f"{' and '.join(sorted(kinds))} compatibility letters {run!r} outside CJK text (NFKC: {nfkc!r})",
        Severity.WARNING,
        "compatibility-form",
        0.9,
        run,
        fixed,
        tuple(char_info(c) for c in dict.fromkeys(run)),
    )
    if fixed is None:
        return Issue(finding, (), "compatibility")
    per_char = [_into_script(unicodedata.normalize("NFKC", c), script) or c for c in run]
    changes = tuple(
        Change(Span(start + i, start + i + 1), c, after, COMPATIBILITY, f"NFKC of {char_info(c).name}")
        for i, (c, after) in enumerate(zip(run, per_char, strict=True))
    )
    return Issue(finding, changes, "compatibility")


def _stand_in_issues(start: int, word: str, info: WordInfo) -> list[Issue]:
    """Roman-numeral, IPA, small-capital and modifier letters passing for others ("Ⅿicrosoft", "ɡoogle")."""
    runs: list[list[int]] = []
    for i in info.stand_ins:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    issues = []
    for run in runs:
        a, b = run[0], run[-1] + 1
        chars = word[a:b]
        plain = "".join(stand_in(c) or c for c in chars)
        fixed = _into_script(plain, info.majority)
        roman = all(0x2160 <= ord(c) <= 0x217F for c in chars)
        rule = "roman-numeral-letter" if roman else "phonetic-letter"
        what = "Roman numeral" if roman else "phonetic letter"
        finding = Finding(
            Span(start + a, start + b),
            COMPATIBILITY,
            f"{what} {chars!r} ({', '.join(char_info(c).name for c in dict.fromkeys(chars))}) "
            f"passes for {plain!r} inside the word {word!r}",
            Severity.WARNING,
            rule,
            0.9,
            chars,
            fixed,
            tuple(char_info(c) for c in dict.fromkeys(chars)),
        )
        changes: tuple[Change, ...] = ()
        if fixed is not None:
            changes = (Change(Span(start + a, start + b), chars, fixed, COMPATIBILITY, f"{what} {chars!r}"),)
        issues.append(Issue(finding, changes, "compatibility"))
    return issues


def _numbers_issue(start: int, word: str) -> Issue:
    systems: dict[int, list[str]] = {}
    for ch in word:
        value = unicodedata.decimal(ch, -1)
        if value >= 0 and unicodedata.category(ch) == "Nd":
            systems.setdefault(ord(ch) - value, []).append(ch)
    names = [unicodedata.name(chr(z), "?").rsplit(" DIGIT", 1)[0] for z in systems]
    finding = Finding(
        Span(start, start + len(word)),
        MIXED_NUMBERS,
        f"{word!r} mixes digits of {len(systems)} decimal systems ({', '.join(names)})",
        Severity.WARNING,
        "mixed-numbers",
        0.9,
        word,
        None,
        tuple(char_info(chars[0]) for chars in systems.values()),
    )
    return Issue(finding, (), "numbers")
