"""Whole-script confusables: a word wholly in another script that reads as a word of the text's script.

A word such as "ѕсоре" in English text is judged on its own (is it a Russian
or Ukrainian word form? how likely are its letters in its own script and its
reading in the main one?) and in its neighbourhood (a host name, capitals next
to it, a genuine word of its script nearby, a cue such as "the Russian word").
See docs/scripts.md, "Whole-script judgement".

>>> reading_of("ѕсоре", "Latn")
'scope'
>>> reading_of("шаш", "Latn") is None
True
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache, lru_cache

import regex

from ..text import Change, Finding, Severity, Span
from . import _ucd
from ._data import tables as _t
from .chars import PARA_RE, analyze_word, char_info
from .confusables import counterpart
from .context import WHOLE_SCRIPT
from .plausibility import LANGUAGES, is_cyrillic_word, script_score
from .records import Candidate, Issue

__all__ = ["judge_candidates", "may_spoof", "reading_of", "spoof_letter"]

_RUSSIAN_CAPITALS = frozenset("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")

# words naming a script or its languages: "The Russian word КОТ"
_CUES: dict[str, tuple[str, ...]] = {
    "Cyrl": (
        "cyrillic",
        "russian",
        "ukrainian",
        "belarusian",
        "bulgarian",
        "serbian",
        "macedonian",
        "kazakh",
        "kyrgyz",
        "tajik",
        "tatar",
        "bashkir",
        "mongolian",
        "chuvash",
        "yakut",
        "chechen",
        "ossetian",
        "rusyn",
    ),
    "Grek": ("greek", "hellenic"),
    "Armn": ("armenian",),
    "Geor": ("georgian",),
    "Cher": ("cherokee",),
    "Copt": ("coptic",),
}
# The cue must introduce the word: only these words, punctuation and quotes may
# stand between them ("the Russian word КОТ", "in Greek, the word ΚΑΙ", "Kazakh
# for 'yes'"), so "Russian hackers registered аррӏе.com" is still flagged.
_CUE_GAP = (
    r"(?:[\s,:;\-–—(\"'«»“”‘’]|\b(?:the|a|an|word|words|name|names|term|terms|for|is|"
    r"letter|letters|spelling|spelled|spelt|written|as|in|called|means|text|reads|says|"
    r"said|of|its|their|original|form|version|title|slogan|noun|verb|adjective|phrase)\b)*"
)


@cache
def _cue_re(script: str) -> regex.Pattern[str] | None:
    """The cue pattern of ``script`` (compiled on first use, not at import: start-up)."""
    words = _CUES.get(script)
    if words is None:
        return None
    return regex.compile(r"\b(?:" + "|".join(words) + r")\b" + _CUE_GAP + r"\Z", regex.IGNORECASE)

# Cyrillic letters whose Latin skeleton holds only in italic or handwriting (г r,
# п n, т m, и u, д g) or loosely (ш w, ь b, ү ұ y): a whole word spelled with them
# does not pass for a Latin one ("шаш" is no "waw", Kazakh "үш" no "yw")
_LOOSE_LOOKALIKES = frozenset("гптидшьүұ")


@lru_cache(maxsize=1 << 16)
def reading_of(word: str, target: str, loose: bool = False) -> str | None:
    """The word spelled with ``target``-script lookalikes, if every letter has one.

    Letters that pass only loosely (see _LOOSE_LOOKALIKES) count when ``loose``.
    """
    out: list[str] = []
    for ch in word:
        if not _ucd.augmented_scripts(ch):
            out.append(ch)
            continue
        if ch in _LOOSE_LOOKALIKES and not loose:
            return None
        other = counterpart(ch, target)
        if other is None:
            return None
        if target == "Latn" and not other.isascii():
            return None
        if target != "Latn" and not _ucd.is_allowed(other):
            return None
        out.append(other)
    return "".join(out)


def may_spoof(word: str, script: str, dominant: str) -> bool:
    """Cheap first test: Latin words count only in Cyrillic text, and not as short acronyms."""
    if script != "Latn":
        return True
    if dominant == "Cyrl" and word in _LATIN_FOR_CYRILLIC_WORDS:
        return True  # "a" for the conjunction "а", "c" for the preposition "с"
    return dominant == "Cyrl" and len(word) >= (5 if word.isupper() else 3)


# lowercase Latin letters whose Cyrillic lookalike is a one-letter word (а, о, с, у, к; Ukrainian і)
_LATIN_FOR_CYRILLIC_WORDS = frozenset("aocyki")


# a genuine word of the same script this close (same paragraph) makes the text
# bilingual there, so a weak whole-script reading is only worth a review
_GENUINE_WINDOW = 200
# whole-script confidences: repaired by default (>= 0.75), or reported for review
_STRONG, _REVIEW = 0.85, 0.6


def _whole_script_confidence(
    text: str,
    start: int,
    end: int,
    word: str,
    script: str,
    reading: str,
    dominant: str,
    lang: str | None,
    genuine: list[int] | tuple[int, ...],
) -> float | None:
    """How sure it is that ``word`` (all ``script``) is a spoof of the ``dominant``-script ``reading``.

    None when it is more likely a genuine foreign word ("I met Саша", "СССР",
    "Они купили iPhone"). The evidence: whether the word is a Russian or Ukrainian word form
    (OpenCorpora), how much likelier the reading is as a word of the dominant
    script than the word as one of its own (letter trigrams), whether the word
    sits in a domain name or next to capitals of the dominant script ("ТОР
    SECRET"), and whether genuine words of its script stand nearby.
    """
    if sum(1 for c in word if c.isalpha()) == 1:
        # a lone lookalike letter that passed spoof_letter ("Use а pen"), unless part of a phrase
        # of its own script ("он и a book")
        cand = Candidate(start, end, word, script, reading)
        return None if foreign_phrase(text, cand) or mentioned(text, cand) else _STRONG
    caps = word.isupper()
    lexical = (script == "Cyrl" and is_cyrillic_word(word)) or (
        dominant == "Cyrl" and is_cyrillic_word(reading)
    )
    if dominant == "Cyrl" and not lexical:
        return None  # the common case in Russian text: a Latin name, brand or term
    domain = _domain_like(text, start, end)
    caps_neighbour = caps and _caps_neighbour(text, start, end, dominant)
    own = script_score(word, script)
    # the text's language, when given and modelled, judges the reading
    other = script_score(reading, dominant, lang if lang and LANGUAGES.get(lang) == dominant else None)
    if script == "Latn" and dominant != "Cyrl":
        return None  # Latin words in other scripts' text are brands and terms, unless proven otherwise
    if dominant == "Cyrl":
        # a Latin (or other) word in Cyrillic text: only a Russian/Ukrainian word form spelled in
        # lookalikes counts ("HOBOE" = "НОВОЕ"); brand names and acronyms stay
        if not lexical or own is None or other is None or len(word) < (5 if caps else 3):
            return None  # short capitals are acronyms: "пятый CEP" is no "СЕР"
        margin = other - own
        if margin >= 0.8 or (domain and margin >= 0):
            return _STRONG
        return _REVIEW if margin >= 0.5 else None
    if script == "Cyrl" and lexical:
        # a real Russian/Ukrainian word or name (Саша, Вера, СССР, ТАСС): only context makes it a spoof
        return _STRONG if domain or caps_neighbour else None
    if own is None or other is None:
        confidence: float | None = _STRONG if domain or caps_neighbour else _REVIEW
    else:
        margin = other - own
        intrinsic = own <= -4.5  # letters and sequences the script's languages hardly use
        if domain or caps_neighbour:
            confidence = _STRONG if margin >= -1.5 else _REVIEW
        elif caps and script == "Cyrl":
            # capitals that are no Russian or Ukrainian word form: an acronym spelled in
            # lookalikes (СЕО, АТМ) when the reading is about as plausible, or one using
            # letters Russian does not have (ТАХІ); otherwise worth a review only (ХК, ОТР)
            foreign = any(c not in _RUSSIAN_CAPITALS for c in word if c.isalpha())
            confidence = _STRONG if margin >= -0.5 or foreign else _REVIEW
        elif caps:
            confidence = _STRONG if margin >= -1.5 else None
        elif margin >= 1.5 or (margin >= 0 and other >= -3.5 and own <= -3.5):
            # clearly likelier as a word of the main script, or as likely while reading
            # like an ordinary word there and unlike one in its own script (еріс)
            confidence = _STRONG
        elif margin >= -0.5:
            confidence = _REVIEW
        else:
            confidence = None
        if confidence == _STRONG and not (intrinsic or domain) and _genuine_near(text, start, genuine):
            confidence = _REVIEW
        if dominant == "Latn" and not caps and not domain:
            # a lower-case or capitalised word is repaired only when its reading is a frequent word
            # of the language and no genuine word of its script is near ("The Роре said"), or when
            # no language of its script spells a word so (intrinsic: "раураӏ", with a palochka)
            near = _genuine_near(text, start, genuine)
            if is_frequent(reading, lang) and margin >= -1.5 and not near:
                confidence = _STRONG
            elif confidence == _STRONG and not intrinsic:
                confidence = _REVIEW
    return confidence


def is_frequent(word: str, lang: str | None) -> bool:
    """True when ``word`` is among the frequent words of ``lang`` (of any listed language when unknown).

    >>> is_frequent("Pope", "en"), is_frequent("aac", "en")
    (True, False)
    """
    lists = _frequent()
    key = word.lower()
    if lang in lists:
        return key in lists[lang]
    return any(key in words for words in lists.values())


@lru_cache(maxsize=1)
def _frequent() -> dict[str, frozenset[str]]:
    from ._data.frequent import WORDS

    return {lang: frozenset(words.split()) for lang, words in WORDS.items()}


def _domain_like(text: str, start: int, end: int) -> bool:
    """True when the word is a label of a host name or e-mail address ("аррӏе.com", "x@аррӏе").

    The next label must be lowercase ASCII ("аррӏе.com", not "Саша.Then", a
    missing space), or the word must follow "@", "//" or "www.".
    """
    if _NEXT_LABEL_RE.match(text, end) is not None:
        return True
    before = text[max(0, start - 4) : start]
    return before.endswith(("@", "//", "www."))


_NEXT_LABEL_RE = regex.compile(r"[.@][a-z0-9-]*[a-z][a-z0-9-]*(?![\p{L}\p{M}\p{N}])")


def _caps_neighbour(text: str, start: int, end: int, dominant: str) -> bool:
    """True when a capitals word of the ``dominant`` script stands right next to the word ("ТОР SECRET")."""
    after = _NEXT_WORD_RE.match(text, end)
    before = _PREV_WORD_RE.search(text, max(0, start - 40), start)
    for m in (after, before):
        if m is not None:
            neighbour = m.group("w")
            if neighbour.isupper() and len(neighbour) > 1 and analyze_word(neighbour).script == dominant:
                return True
    return False


_NEXT_WORD_RE = regex.compile(r"[ \t]+(?P<w>\p{L}+)")
_PREV_WORD_RE = regex.compile(r"(?P<w>\p{L}+)[ \t]+\Z")


def _genuine_near(text: str, start: int, genuine: list[int] | tuple[int, ...]) -> bool:
    """True when a genuine word of the same script starts within the window, in the same paragraph."""
    i = bisect_left(genuine, start - _GENUINE_WINDOW)
    while i < len(genuine) and genuine[i] <= start + _GENUINE_WINDOW:
        pos = genuine[i]
        a, b = (pos, start) if pos < start else (start, pos)
        if PARA_RE.search(text, a, b) is None:
            return True
        i += 1
    return False


def spoof_letter(word: str, script: str, reading: str) -> bool:
    """Whether a one-letter foreign word is more likely a spoof than a mention.

    Lowercase Cyrillic lookalikes stand in for one-letter words ("а" for "a");
    capitals other than the pronoun-like "I" and "A", and Greek letters (science:
    "α-particle", "the π constant"), are usually letters being talked about.
    """
    letter = next(c for c in word if c.isalpha())
    if script == "Grek":
        return False
    if script == "Latn":
        return word in _LATIN_FOR_CYRILLIC_WORDS  # a lone letter, not "11a" (a label)
    return (script == "Cyrl" and letter.islower()) or reading.strip() in ("I", "A")


def letter_issue(text: str, cand: Candidate, dominant: str) -> Issue | None:
    """A one-letter foreign word that is no clear spoof ("vitamin С"): reported for review.

    None when the letter is being talked about: in quotes, after a cue such as
    "the letter" or a script name, or a Greek letter (a symbol in science:
    "α-particle", "the π constant").
    """
    start, end = cand.start, cand.end
    if cand.script == "Latn" or not cand.word.isalpha():
        return None  # a Latin letter in other text ("группа A", "802.11a") is a label
    if mentioned(text, cand) or foreign_phrase(text, cand):
        return None
    if cand.script == "Grek" and _MATH_NEAR_RE.search(text, max(0, start - 12), min(len(text), end + 12)):
        return None  # a Greek letter as a symbol: "α = 0.5", "the π constant 3.14"
    cue = _cue_re(cand.script)
    if cue is not None and cue.search(text, max(0, start - 60), start):
        return None
    return whole_script_issue(start, end, cand.word, cand.script, cand.reading, dominant, _REVIEW)


def mentioned(text: str, cand: Candidate) -> bool:
    """True when a one-letter word is a letter being talked about, not a word.

    Quoted, joined by a hyphen or symbol ("α-particle"), introduced ("the
    letter", "буквами"), described ("ყ is written k"), or listed with another
    lone letter ("c и g", "c және g").
    """
    start, end = cand.start, cand.end
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before in _QUOTES or after in _QUOTES or after in "-‐=+/" or before in "-‐=+/":
        return True
    if _letter_cue_re().search(text, max(0, start - 40), start) is not None:
        return True
    if _LETTER_AFTER_RE.match(text, end) is not None:
        return True
    if _AFTER_NUMBER_RE.search(text, max(0, start - 3), start) is not None:
        return True  # a label after a number: "802.1 a", "11 b"
    near = [
        *_LONE_LETTER_RE.finditer(text, end, min(len(text), end + 14)),
        *_LONE_LETTER_RE.finditer(text, max(0, start - 14), start),
    ]
    return any(analyze_word(m.group()[-1]).script == cand.script for m in near)


_AFTER_NUMBER_RE = regex.compile(r"\p{N}[ \t]?\Z")
# another lone letter close by, after a conjunction or comma: a list of letters
_LONE_LETTER_RE = regex.compile(r"(?:^|[\s,]+\p{L}{0,5}[\s,]+)\p{L}(?![\p{L}\p{N}])")


def foreign_phrase(text: str, cand: Candidate) -> bool:
    """True when a word next to the one-letter word is of its script: "a book" in Russian text."""
    after = _NEXT_WORD_RE.match(text, cand.end)
    before = _PREV_WORD_RE.search(text, max(0, cand.start - 40), cand.start)
    return any(m is not None and analyze_word(m.group("w")).script == cand.script for m in (after, before))


_LETTER_AFTER_RE = regex.compile(
    r"(?i)[ \t]+(?:(?:is|was)[ \t]+(?:written|pronounced|read|transliterated|romani[sz]ed|spelled|spelt)"
    r"|stands[ \t]+for|means|represents|denotes|looks[ \t]+like)\b"
)
_MATH_NEAR_RE = regex.compile(r"[0-9=<>+±×·∙/^_%]")


def odd_letters(word: str, script: str) -> bool:
    """True when ``word`` holds a letter no modern orthography of ``script`` uses.

    Letters not recommended for identifiers (UTS #39: ԁ ꙇ ϲ ĸ), and outside the
    core alphabets (Cyrillic: Russian, Ukrainian, Belarusian, Serbian,
    Macedonian, Bulgarian, Kazakh; Greek: the modern monotonic letters). A genuine
    foreign word uses none; a word spelled from lookalikes often does ("ԁег").
    """
    for ch in word:
        if not ch.isalpha():
            continue
        if not _ucd.is_allowed(ch):
            return True
        if script == "Cyrl" and ch not in _CORE_CYRILLIC:
            return True
        if script == "Grek" and not 0x0386 <= ord(ch) <= 0x03CE:
            return True
        if script == "Latn" and (0x0180 <= ord(ch) <= 0x02FF or 0x1D00 <= ord(ch) <= 0x1DBF):
            return True  # Latin Extended-B, IPA and phonetic letters (ƃ, ɩ, ᴦ)
    return False


def odd_word_issue(cand: Candidate, dominant: str) -> Issue | None:
    """A foreign word made of odd lookalike letters ("ԁег", "eĸi"): reported for review."""
    reading = reading_of(cand.word, dominant, loose=True)
    if reading is None:
        return None
    return whole_script_issue(cand.start, cand.end, cand.word, cand.script, reading, dominant, _REVIEW)


_CORE_CYRILLIC = frozenset([chr(cp) for cp in range(0x0400, 0x0460)] + list("ӘәҒғҚқҢңӨөҰұҮүҺһҐґ"))
_QUOTES = frozenset("\"'«»“”„‘’‚‹›`(")


@lru_cache(maxsize=1)
def _letter_cue_re() -> regex.Pattern[str]:
    """Compiled on first use, not at import (start-up)."""
    return regex.compile(
        r"(?i)\b(?:letters?|characters?|symbols?|signs?|glyphs?|alphabet|букв[а-я]*|символ[а-я]*|знак[а-я]*|літер[а-я]*|әріп[а-я]*)\b[^.!?\n]{0,25}\Z"
    )


def judge_candidates(
    text: str, candidates: list[Candidate], genuine: dict[str, list[int]], dominant: str, lang: str | None
) -> list[Issue]:
    """Whole-script findings for the ``candidates`` that are likely spoofs.

    ``genuine`` maps a script to the starts of its words in the text that read
    as nothing in the dominant script (sorted); ``lang`` is the primary language
    subtag of the text, if known.
    """
    issues: list[Issue] = []
    for start, end, word, script, reading in candidates:
        cue = _cue_re(script)
        if cue is not None and cue.search(text, max(0, start - 60), start):
            continue
        near = genuine.get(script, ())
        confidence = _whole_script_confidence(text, start, end, word, script, reading, dominant, lang, near)
        if confidence is not None:
            issues.append(whole_script_issue(start, end, word, script, reading, dominant, confidence))
    return issues


def whole_script_issue(
    start: int, end: int, word: str, script: str, reading: str, dominant: str, confidence: float
) -> Issue:
    src = _t.SCRIPT_NAMES.get(script, script)
    dst = _t.SCRIPT_NAMES.get(dominant, dominant)
    finding = Finding(
        Span(start, end),
        WHOLE_SCRIPT,
        f"{word!r} is written entirely in {src} but reads as the {dst} {reading!r} in {dst} text",
        Severity.WARNING,
        "whole-script-confusable",
        confidence,
        word,
        reading,
        tuple(char_info(c) for c in dict.fromkeys(word) if c != reading[word.index(c)]),
    )
    changes = tuple(
        Change(
            Span(start + i, start + i + 1), c, r, WHOLE_SCRIPT, f"{char_info(c).name} spelling a {dst} word"
        )
        for i, (c, r) in enumerate(zip(word, reading, strict=True))
        if c != r
    )
    return Issue(finding, changes, "whole-script")
