"""Where glossaries meet script analysis, transliteration and language detection.

The glossary code reaches the other parts of the library only through this
module: ``polyglot_press.scripts`` (``scan``, UTS #39 ``skeleton``),
``polyglot_press.translit`` (``romanization_variants``) and
``polyglot_press.langid`` (``detect_language``). They are imported on first
use, so ``import polyglot_press.glossary`` stays light. On top of the
standards' romanizations it adds the spellings the foreign press uses for
Russian and Kazakh names (German ``Tokajew``, French ``Tokaïev``, Czech
``Tokajev``, Polish ``Tokajew``), which no transliteration standard gives.

>>> "Оwen".translate(fold_table()) == "Owen"
True
>>> {"Tokaev", "Tokayev", "Tokajew", "Tokaïev"} <= romanization_variants("Токаев", "ru")
True
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from ..lang import lang_base, script_name, script_of_language
from ..text import Finding

__all__ = [
    "detect_language",
    "fold_char",
    "fold_table",
    "guess_language",
    "language_script",
    "letter_script",
    "press_variants",
    "romanization_variants",
    "scan",
    "skeleton",
]


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


def scan(text: str) -> list[Finding]:
    """Script findings for ``text`` (mixed scripts, invisibles, bidi controls)."""
    from ..scripts import scan as scripts_scan

    return list(scripts_scan(text))


def skeleton(s: str) -> str:
    """The UTS #39 confusable skeleton of ``s``."""
    from ..scripts import skeleton as scripts_skeleton

    return str(scripts_skeleton(s))


_FOLD_RANGES = ((0x0041, 0x024F), (0x0370, 0x03FF), (0x0400, 0x052F), (0x0530, 0x058F),
                (0x13A0, 0x13FF), (0xFF01, 0xFF5E))


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """A length-preserving confusable fold usable with ``str.translate``.

    Maps a letter of the common scripts to the one character its UTS #39
    skeleton is, when that is a single other letter; precomposed letters with
    diacritics are left to the diacritics fold.
    """
    table: dict[int, str] = {}
    for lo, hi in _FOLD_RANGES:
        for cp in range(lo, hi + 1):
            target = fold_char(cp)
            if target is not None:
                table[cp] = target
    return table


@cache
def fold_char(cp: int) -> str | None:
    """The entry of :func:`fold_table` for code point ``cp`` (``None``: none), computed
    alone, so a fold that meets a few characters never builds the whole table.

    >>> fold_char(ord("О")), fold_char(ord("ж"))
    ('O', None)
    """
    if not any(lo <= cp <= hi for lo, hi in _FOLD_RANGES):
        return None
    ch = chr(cp)
    if not ch.isalpha():
        return None
    decomposition = unicodedata.decomposition(ch)
    if decomposition and not decomposition.startswith("<"):
        return None
    sk = skeleton(ch)
    return sk if len(sk) == 1 and sk != ch and sk.isalpha() else None


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


def press_variants(name: str, source: str) -> set[str]:
    """Spellings of a Cyrillic or Armenian name that the foreign press uses
    (simple scholarly, BGN-like, German, French, Czech and Polish, Kazakh 2021
    Latin; for Armenian: with ``u``, ``ou`` and ``-ian``).

    >>> sorted(press_variants("Токаев", "ru"))[:3]
    ['Tokaev', 'Tokajev', 'Tokajew']
    """
    lang = lang_base(source)
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
    """Romanizations of ``name`` written in language ``source``: the standards'
    (``polyglot_press.translit``) and the press spellings (:func:`press_variants`)."""
    from ..translit import romanization_variants as standard_variants

    try:
        found = {str(v) for v in standard_variants(name, source)}
    except (ValueError, LookupError):
        found = set()
    return found | press_variants(name, source)


# ---------------------------------------------------------------- languages


def language_script(lang: str) -> str:
    """The script ``lang`` is usually written in, named as :func:`letter_script`
    names a letter's script (from :func:`polyglot_press.lang.script_of_language`,
    CLDR's likely subtags; Latin when the language is unknown).

    >>> language_script("kk"), language_script("sr-Latn"), language_script("hy-AM")
    ('Cyrillic', 'Latin', 'Armenian')
    """
    code = script_of_language(lang)
    return (script_name(code) if code else None) or "Latin"


#: langid answers below this confidence are not taken (as in polyglot_press.langid.documents)
MIN_CONFIDENCE = 0.8


def detect_language(text: str, candidates: Iterable[str]) -> str | None:
    """The language of ``text`` among ``candidates`` (None when unsure).

    ``polyglot_press.langid`` decides when it is sure (confidence at least
    :data:`MIN_CONFIDENCE`, the bar document language detection uses);
    otherwise the majority script of the text decides when only one candidate
    is written in it. A short English sentence full of names, which langid may
    call German at 0.39, gives None: rewriting names into the wrong language's
    forms is worse than leaving them.
    """
    cands = [c for c in candidates if c]
    if not cands:
        return None
    from ..langid import detect_language as langid_detect

    try:
        guess = langid_detect(text, candidates=cands)
    except (ValueError, LookupError):
        guess = None
    lang = getattr(guess, "lang", None)
    confidence = getattr(guess, "confidence", 0.0)
    if isinstance(lang, str) and lang in cands and confidence >= MIN_CONFIDENCE:
        return lang
    counts: dict[str, int] = {}
    for ch in text[:5000]:
        s = letter_script(ch)
        if s:
            counts[s] = counts.get(s, 0) + 1
    if not counts:
        return None
    major = max(counts, key=lambda s: counts[s])
    in_script = [c for c in cands if language_script(c) == major]
    return in_script[0] if len(in_script) == 1 else None


def guess_language(text: str) -> str | None:
    """The language of ``text`` (a column of glossary terms, one a line) when
    ``polyglot_press.langid`` is sure of it (:data:`MIN_CONFIDENCE`), else None.

    >>> guess_language("the election commission\\nthe president of the republic\\nvoters")
    'en'
    """
    if not text.strip():
        return None
    from ..langid import detect_language as langid_detect

    try:
        guess = langid_detect(text)
    except (ValueError, LookupError):
        return None
    lang = getattr(guess, "lang", None)
    confidence = getattr(guess, "confidence", 0.0)
    return lang if isinstance(lang, str) and confidence >= MIN_CONFIDENCE else None
