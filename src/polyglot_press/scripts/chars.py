"""Character classes and the memoised per-character and per-word facts of the word pass.

>>> char_info("О").script
'Cyrillic'
>>> info = analyze_word("Оwen")
>>> info.mixed, info.majority
(True, 'Latn')
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

import regex

from ..text import CharInfo
from . import _ucd
from ._data import tables as _t
from .records import CharFacts, WordInfo
from .resolve import is_highly_restrictive

__all__ = [
    "CJK_RE",
    "COMPAT_CHAR_RE",
    "FACTS",
    "PARA_RE",
    "WIDE_RE",
    "WORD_BACK_RE",
    "WORD_CHAR_RE",
    "WORD_CLASS",
    "WORD_RE",
    "analyze_word",
    "char_info",
    "facts",
    "script_name",
    "stand_in",
]

WORD_CLASS = r"\p{L}\p{M}\p{N}\p{Cf}"
WORD_RE = regex.compile(f"[{WORD_CLASS}]+")
WORD_BACK_RE = regex.compile(f"(?r)[{WORD_CLASS}]+")
WORD_CHAR_RE = regex.compile(f"[{WORD_CLASS}]")
CJK_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}]")
PARA_RE = regex.compile(r"\r\n|[\n\r\x1c-\x1e\x85\u2029]")
# compatibility letters and digits: every character whose decomposition type is
# <font> (mathematical alphanumerics, Letterlike ℍ ℝ ℭ, Arabic mathematical
# letters, legacy-computing digits) or <wide> (fullwidth forms)
COMPAT_CHAR_RE = regex.compile(r"[\p{Decomposition_Type=Font}\p{Decomposition_Type=Wide}]")
WIDE_RE = regex.compile(r"\p{Decomposition_Type=Wide}")


# letters that pass for ordinary ones: Roman numerals (Ⅿ for M), IPA and phonetic
# letters (ɡ for g), small capitals (ᴀ for a), modifier letters (ᵃ for a)
_STAND_IN_BLOCKS = ((0x2160, 0x217F), (0x0250, 0x02FF), (0x1D00, 0x1DBF), (0xA720, 0xA7FF), (0x2070, 0x209F))


def stand_in(ch: str) -> str | None:
    """The ordinary letter a Roman-numeral, phonetic, small-capital or modifier letter passes for.

    >>> stand_in("Ⅿ"), stand_in("ɡ"), stand_in("ᴀ"), stand_in("ᵃ"), stand_in("a"), stand_in("ʃ")
    ('M', 'g', 'a', 'a', None, None)
    """
    cp = ord(ch)
    if not any(a <= cp <= b for a, b in _STAND_IN_BLOCKS) or not (ch.isalpha() or 0x2160 <= cp <= 0x217F):
        return None
    if 0x2160 <= cp <= 0x217F:
        return unicodedata.normalize("NFKC", ch)
    if _ucd.is_allowed(ch):
        return None  # a letter of some orthography (ɛ, ɔ, ʋ, ə)
    nfkc = unicodedata.normalize("NFKC", ch)
    if nfkc != ch and nfkc.isascii() and nfkc.isalpha():
        return nfkc  # superscript and subscript modifier letters
    name = unicodedata.name(ch, "")
    if "SMALL CAPITAL" in name and name[-2] == " " and name[-1].isascii():
        return name[-1].lower()  # small capitals stand at x-height: they pass for lower case
    from .confusables import skeleton

    sk = skeleton(ch)
    return sk if len(sk) == 1 and sk.isascii() and sk.isalpha() else None


def script_name(ch: str) -> str:
    """The Script_Extensions name(s) of ``ch``, joined by "+" ("Cyrillic", "Arabic+Syriac")."""
    scx = _ucd.script_extensions(ch)
    return "+".join(_t.SCRIPT_NAMES.get(s, s) for s in sorted(scx))


@lru_cache(maxsize=1 << 12)
def char_info(ch: str) -> CharInfo:
    """:class:`CharInfo` with the real Script_Extensions name(s) (memoised: records are frozen).

    >>> char_info("О").script
    'Cyrillic'
    """
    return CharInfo.of(ch, script=script_name(ch))


#: memo of :func:`facts`, per character
FACTS: dict[str, CharFacts] = {}


def facts(ch: str) -> CharFacts:
    """The :class:`CharFacts` of ``ch`` (computed once, then read from ``FACTS``)."""
    cp = ord(ch)
    value = unicodedata.decimal(ch, -1) if unicodedata.category(ch) == "Nd" else -1
    found = CharFacts(
        _ucd.main_script(ch) if ch.isalpha() else None,
        _ucd.augmented_scripts(ch),
        COMPAT_CHAR_RE.match(ch) is not None,
        cp - value if value >= 0 else -1,
        ch in _ucd.DEFAULT_IGNORABLE,
        None,
        False,
    )
    if not ch.isascii() and (ch.isalpha() or 0x2160 <= cp <= 0x217F):
        other = stand_in(ch)
        phonetic = other is None and 0x0250 <= cp <= 0x02AF and not _ucd.is_allowed(ch)
        found = found._replace(stand_in=other, phonetic=phonetic)
    FACTS[ch] = found
    return found


_VISIBLE_RE = regex.compile(r"\P{Default_Ignorable_Code_Point}")
_INVISIBLE_WORD = WordInfo(None, Counter(), False, None, (), False, 0)


@lru_cache(maxsize=1 << 16)
def analyze_word(word: str) -> WordInfo:
    """Scripts, mixing, compatibility runs and digit systems of one word (memoised)."""
    if len(word) > 64 and _VISIBLE_RE.search(word) is None:
        return _INVISIBLE_WORD  # a long run of controls (judged by the invisible/bidi pass)
    letters: Counter[str] = Counter()
    compat: list[tuple[int, int]] = []
    zeros: set[int] = set()
    resolved: frozenset[str] | None = None
    run_start = -1
    stand_ins: list[int] = []
    transcription = False
    get = FACTS.get
    for i, ch in enumerate(word):
        main, scripts, is_compat, zero, ignorable, other, phonetic = get(ch) or facts(ch)
        if other is not None:
            stand_ins.append(i)
        transcription = transcription or phonetic
        if is_compat:
            if run_start < 0:
                run_start = i
        elif run_start >= 0:
            compat.append((run_start, i))
            run_start = -1
        if ignorable:
            continue  # ZWJ, variation selectors...: judged by the invisible-character pass
        if main is not None:
            letters[main] += 1
        if zero >= 0:
            zeros.add(zero)
        if scripts:
            resolved = scripts if resolved is None else resolved & scripts
    if run_start >= 0:
        compat.append((run_start, len(word)))
    if compat and all(0x2100 <= ord(c) <= 0x214F for c in word):
        compat = []  # a lone Letterlike symbol is notation: "the set ℝ", "5 ℓ", "ℏ"
    if resolved is None:
        resolved = _ucd.ALL_SCRIPTS
    mixed = False
    if not resolved:
        visible = "".join(c for c in word if not (get(c) or facts(c)).ignorable)
        mixed = not is_highly_restrictive(visible)
    majority = None
    if letters:
        ranked = letters.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            majority = ranked[0][0]
    script = None
    if resolved and resolved is not _ucd.ALL_SCRIPTS and len(letters) == 1:
        (script,) = letters
    ascii_letters = sum(1 for c in word if c.isascii() and c.isalpha())
    if stand_ins and (transcription or sum(letters.values()) <= len(stand_ins)):
        stand_ins = []  # "Ⅻ", "ʃɪp": numerals and transcriptions, not letters passing for others
    return WordInfo(
        script, letters, mixed, majority, tuple(compat), len(zeros) > 1, ascii_letters, tuple(stand_ins)
    )
