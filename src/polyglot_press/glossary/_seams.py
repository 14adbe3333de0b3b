"""Where glossaries meet script analysis, transliteration and language detection.

The glossary code calls only the functions below. Each uses the real module
when it is importable (``polyglot_press.scripts``: ``scan``, ``skeleton``;
``polyglot_press.translit``: ``romanization_variants``;
``polyglot_press.langid``: ``detect_language``) and otherwise a small,
documented fallback:

* ``scan``: invisible and bidi-control characters, and words that mix letters
  of Latin, Cyrillic, Greek or Armenian.
* ``fold_table``: a one-to-one homoglyph fold (Cyrillic and Greek letters that
  look like Latin ones); with the real module, every character of the common
  scripts whose UTS #39 skeleton is a single other character.
* ``romanization_variants``: a few common romanizations of Russian and Kazakh
  Cyrillic (scholarly, BGN-like, ICAO, German, French, Czech spellings) and of
  Armenian.
* ``detect_language``: the script of the text picks the first glossary
  language written in that script.

>>> "Оwen".translate(fold_table()) == "Owen"
True
>>> "Tokaev" in romanization_variants("Токаев", "ru")
True
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from ..text import CharInfo, Finding, Severity, Span

__all__ = [
    "detect_language",
    "fold_table",
    "have_real_scripts",
    "have_real_translit",
    "letter_script",
    "romanization_variants",
    "scan",
    "skeleton",
]


def _real(module: str, name: str) -> Callable[..., Any] | None:
    try:
        mod = __import__(f"polyglot_press.{module}", fromlist=[name])
    except ImportError:
        return None
    value = getattr(mod, name, None)
    return value if callable(value) else None


def have_real_scripts() -> bool:
    """Whether ``polyglot_press.scripts`` provides ``scan`` and ``skeleton``."""
    return _real("scripts", "scan") is not None and _real("scripts", "skeleton") is not None


def have_real_translit() -> bool:
    """Whether ``polyglot_press.translit`` provides ``romanization_variants``."""
    return _real("translit", "romanization_variants") is not None


# ------------------------------------------------------------------ scripts

_SCRIPT_PREFIXES = {"LATIN": "Latin", "CYRILLIC": "Cyrillic", "GREEK": "Greek",
                    "ARMENIAN": "Armenian"}


@lru_cache(maxsize=8192)
def letter_script(ch: str) -> str:
    """A letter's script by its Unicode name ('' for non-letters).

    >>> letter_script("О"), letter_script("O"), letter_script("1")
    ('Cyrillic', 'Latin', '')
    """
    if ch.isascii():
        return "Latin" if ch.isalpha() else ""
    if not ch.isalpha():
        return ""
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    return _SCRIPT_PREFIXES.get(first, first.title())


_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F,
                          0x061C)}


def _fallback_scan(text: str) -> list[Finding]:
    findings: list[Finding] = []
    if text.isascii():
        return findings
    for i, ch in enumerate(text):
        if ch in _BIDI:
            findings.append(Finding(Span(i, i + 1), "bidi", f"bidi control U+{ord(ch):04X}",
                                    Severity.ERROR, "bidi-control", text=ch, suggestion="",
                                    chars=(CharInfo.of(ch),)))
        elif unicodedata.category(ch) == "Cf" or ch in "\u00ad\u034f\u115f\u1160\u3164":
            findings.append(Finding(Span(i, i + 1), "invisible",
                                    f"invisible character U+{ord(ch):04X}", Severity.WARNING,
                                    "invisible", text=ch, suggestion="",
                                    chars=(CharInfo.of(ch),)))
    start = None
    for i, ch in enumerate(text + " "):
        if ch.isalpha() or (start is not None and unicodedata.category(ch).startswith("M")):
            if start is None:
                start = i
            continue
        if start is not None:
            word = text[start:i]
            scripts = {letter_script(c) for c in word} - {""}
            if len(scripts) > 1:
                counts: dict[str, int] = {}
                for c in word:
                    s = letter_script(c)
                    if s:
                        counts[s] = counts.get(s, 0) + 1
                major = max(counts, key=lambda s: counts[s])
                table = fold_table()
                fixed = "".join(table.get(ord(c), c) if letter_script(c) != major and major ==
                                "Latin" else c for c in word)
                findings.append(Finding(
                    Span(start, i), "mixed-script",
                    f"word {word!r} mixes {', '.join(sorted(scripts))} letters",
                    Severity.WARNING, "mixed-script", text=word,
                    suggestion=fixed if fixed != word and {letter_script(c) for c in fixed}
                    - {""} == {major} else None,
                    chars=tuple(CharInfo.of(c) for c in word if letter_script(c) != major),
                ))
            start = None
    findings.sort(key=lambda f: (f.span.start, f.span.end))
    return findings


def scan(text: str) -> list[Finding]:
    """Script findings for ``text`` (mixed scripts, invisibles, bidi controls)."""
    real = _real("scripts", "scan")
    if real is not None:
        return list(real(text))
    return _fallback_scan(text)


_FALLBACK_FOLD = {
    # Cyrillic -> Latin lookalikes
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q",
    "Ԝ": "W", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "ѕ": "s", "і": "i", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    # Greek -> Latin lookalikes
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
    "ρ": "p",
}


def skeleton(s: str) -> str:
    """The UTS #39 skeleton with the real module; else the fallback fold after NFD."""
    real = _real("scripts", "skeleton")
    if real is not None:
        return str(real(s))
    return unicodedata.normalize("NFD", s).translate(fold_table())


_FOLD_RANGES = ((0x0041, 0x024F), (0x0370, 0x03FF), (0x0400, 0x052F), (0x0530, 0x058F),
                (0x13A0, 0x13FF), (0xFF01, 0xFF5E))


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """A length-preserving confusable fold usable with ``str.translate``.

    Maps a character to the one character its UTS #39 skeleton is, when that
    is a single character; digits and ASCII punctuation are never folded.
    """
    real = _real("scripts", "skeleton")
    table: dict[int, str] = {ord(k): v for k, v in _FALLBACK_FOLD.items()}
    if real is None:
        return table
    for lo, hi in _FOLD_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if not ch.isalpha():
                continue
            if unicodedata.decomposition(ch) and not unicodedata.decomposition(ch).startswith(
                    "<"):
                continue  # precomposed letters: diacritics are handled elsewhere
            sk = str(real(ch))
            if len(sk) == 1 and sk != ch and sk.isalpha():
                table[cp] = sk
    return table


# ------------------------------------------------------------- transliteration

_RU_SCHEMES: dict[str, dict[str, str]] = {
    # scholarly / ISO-like with ASCII digraphs
    "simple": {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
               "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m",
               "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
               "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
               "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia"},
    "bgn": {"е": "e", "е_v": "ye", "ё": "yo", "й": "y", "ю": "yu", "я": "ya", "ы": "y", "э": "e"},
    "press": {"е_v": "ye", "й": "i", "ю": "yu", "я": "ya", "ь": "", "ъ": ""},
    "german": {"в": "w", "ж": "sch", "з": "s", "й": "j", "х": "ch", "ц": "z", "ч": "tsch",
               "ш": "sch", "щ": "schtsch", "ы": "y", "ю": "ju", "я": "ja", "е": "e",
               "е_v": "je", "с": "s"},
    "french": {"ж": "j", "й": "ï", "у": "ou", "х": "kh", "ч": "tch", "ш": "ch", "щ": "chtch",
               "ю": "iou", "я": "ia", "ц": "ts", "е_v": "ïe"},
    "czech": {"ж": "ž", "й": "j", "х": "ch", "ц": "c", "ч": "č", "ш": "š", "щ": "šč",
              "ю": "ju", "я": "ja", "ы": "y", "е_v": "je"},
    "polish": {"ж": "ż", "й": "j", "х": "ch", "ц": "c", "ч": "cz", "ш": "sz", "щ": "szcz",
               "ю": "ju", "я": "ja", "в": "w", "е_v": "je"},
}
_KK_EXTRA = {"ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
             "і": "i"}
_KK_2021 = {"ә": "ä", "ғ": "ğ", "қ": "q", "ң": "ñ", "ө": "ö", "ұ": "ū", "ү": "ü", "һ": "h",
            "і": "ı", "ш": "ş", "ч": "ç", "ж": "j", "й": "i", "у": "u", "х": "h", "ы": "y"}
_HY = {"ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "y",
       "թ": "t", "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h",
       "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o",
       "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r",
       "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "yev"}


_VOWELS = set("аеёиоуыэюяәөұүі")


def _apply(word: str, table: dict[str, str]) -> str:
    out = []
    for i, ch in enumerate(word):
        low = ch.lower()
        rep = table.get(low, ch)
        if low == "е" and "е_v" in table and (i == 0 or word[i - 1].lower() in _VOWELS
                                              or not word[i - 1].isalpha()):
            rep = table["е_v"]
        if ch != low and rep:
            rep = rep[0].upper() + rep[1:] if i == 0 or not word[i - 1].isalpha() else rep
        out.append(rep)
    return "".join(out)


def _fallback_variants(name: str, source: str) -> set[str]:
    lang = source.split("-")[0].lower()
    results: set[str] = set()
    if lang == "hy":
        base = dict(_HY)
        results.add(_apply(name.replace("ու", "u").replace("ՈՒ", "U").replace("Ու", "U"),
                           base))
        results.add(_apply(name.replace("ու", "ou").replace("Ու", "Ou"), base))
        results.add(_apply(name.replace("ու", "u").replace("Ու", "U"),
                           {**base, "ե": "ye", "յան": "ian"}).replace("yan", "ian"))
        return {r for r in results if r}
    if lang not in ("ru", "kk", "uk", "be", "bg", "ky", "mn"):
        return results
    simple = _RU_SCHEMES["simple"]
    for scheme_name, overrides in _RU_SCHEMES.items():
        table = {**simple, **overrides}
        if lang == "kk":
            table = {**_KK_EXTRA, **table}
        results.add(_apply(name, table))
        if scheme_name == "simple":
            results.add(_apply(name, {**table, "е_v": "ye"}))
    if lang == "kk":
        results.add(_apply(name, {**simple, **_KK_2021}))
    return {r for r in results if r and r != name}


def romanization_variants(name: str, source: str) -> set[str]:
    """Romanizations of ``name`` written in language ``source``."""
    real = _real("translit", "romanization_variants")
    found: set[str] = set()
    if real is not None:
        try:
            found = {str(v) for v in real(name, source)}
        except (ValueError, LookupError):
            found = set()
    return found | _fallback_variants(name, source)


# ---------------------------------------------------------------- languages

_SCRIPT_OF_LANG = {"ru": "Cyrillic", "kk": "Cyrillic", "uk": "Cyrillic", "be": "Cyrillic",
                   "bg": "Cyrillic", "sr": "Cyrillic", "mk": "Cyrillic", "ky": "Cyrillic",
                   "mn": "Cyrillic", "hy": "Armenian", "el": "Greek", "ka": "Georgian"}


def script_of_language(lang: str) -> str:
    """The usual script of a language tag (Latin unless known otherwise)."""
    return _SCRIPT_OF_LANG.get(lang.split("-")[0].lower(), "Latin")


def detect_language(text: str, candidates: Iterable[str]) -> str | None:
    """The language of ``text`` among ``candidates`` (None when unsure)."""
    cands = [c for c in candidates if c]
    if not cands:
        return None
    real = _real("langid", "detect_language")
    if real is not None:
        try:
            guess = real(text, candidates=cands)
            lang = getattr(guess, "lang", None)
            if isinstance(lang, str) and lang in cands:
                return lang
        except (ValueError, LookupError):
            pass
    counts: dict[str, int] = {}
    for ch in text[:5000]:
        s = letter_script(ch)
        if s:
            counts[s] = counts.get(s, 0) + 1
    if not counts:
        return cands[0]
    major = max(counts, key=lambda s: counts[s])
    for c in cands:
        if script_of_language(c) == major:
            return c
    return None
