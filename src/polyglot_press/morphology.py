"""Inflection-aware term matching: is this word a form of that word?

The terminology layer does not force terms of inflecting languages into the
nominative; it lets the engine decline them and then checks the output with
this module. Three back-ends, best first:

* **pymorphy3** (Russian; Ukrainian when ``pymorphy3-dicts-uk`` is installed):
  two words match when they share a lemma (``Токаеву`` and ``Токаев``);
* **Snowball stemmers** (``snowballstemmer``; the languages are listed in
  :data:`SNOWBALL`, Czech among them): two words match when their stems are equal;
* **Kazakh suffix rules**: case, plural and possessive endings are peeled
  off (longest first, keeping a stem of at least three letters) and the stems
  compared.

Words that are equal after case folding always match. Both optional
dependencies come with the ``morphology`` extra; without them only the
Kazakh rules and exact matching work.

>>> same_word("Токаеву", "Токаев", "ru")
True
>>> same_word("Қазақстанның", "Қазақстан", "kk")
True
>>> [m.text for m in find_forms("ОБСЕ", "Миссия ОБСЕ и наблюдатели ОБСЕ.", "ru")]
['ОБСЕ', 'ОБСЕ']
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from .lang import lang_base
from .text import Span

__all__ = [
    "INFLECTING",
    "SNOWBALL",
    "FormMatch",
    "find_forms",
    "has_morphology",
    "iter_words",
    "kazakh_inflects",
    "kazakh_stem",
    "lemmas",
    "same_word",
]

#: Languages whose nouns (and names) change form with their role in a sentence.
INFLECTING = frozenset({
    "ru", "uk", "be", "cs", "sk", "pl", "sl", "hr", "sr", "bs", "lt", "lv", "kk", "ky",
    "uz", "tr", "az", "fi", "et", "hu", "hy", "ka", "tt", "ba",
})  # fmt: skip

#: Language code -> Snowball algorithm name (``snowballstemmer.algorithms()``).
SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "nb": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip

# Kazakh endings (case, plural, possessive, predicative), longest tried first.
_KK_SUFFIXES = tuple(sorted({
    "лар", "лер", "дар", "дер", "тар", "тер",
    "ның", "нің", "дың", "дің", "тың", "тің",
    "ға", "ге", "қа", "ке", "на", "не", "а", "е",
    "ны", "ні", "ды", "ді", "ты", "ті", "н",
    "да", "де", "та", "те", "нда", "нде",
    "дан", "ден", "тан", "тен", "нан", "нен",
    "мен", "бен", "пен",
    "ым", "ім", "м", "ың", "ің", "ң", "ы", "і", "сы", "сі",
    "ымыз", "іміз", "мыз", "міз", "ыңыз", "іңіз", "ңыз", "ңіз",
    "шы", "ші", "лық", "лік", "дық", "дік", "тық", "тік",
}, key=len, reverse=True))  # fmt: skip

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*")
_lock = threading.Lock()
_analyzers: dict[str, Any] = {}


def _base(lang: str) -> str:
    return lang_base(lang)


def _analyzer(lang: str) -> Any:
    """A pymorphy3 analyzer for ``lang`` or ``None`` (not installed, no dictionary)."""
    with _lock:
        if lang in _analyzers:
            return _analyzers[lang]
        analyzer: Any = None
        if lang in {"ru", "uk"}:
            try:
                import pymorphy3

                analyzer = pymorphy3.MorphAnalyzer(lang=lang)
            except (ImportError, ValueError, OSError):
                analyzer = None
        _analyzers[lang] = analyzer
        return analyzer


@lru_cache(maxsize=64)
def _stemmer(lang: str) -> Any:
    algorithm = SNOWBALL.get(lang)
    if algorithm is None:
        return None
    alone = _snowball_alone(algorithm)
    if alone is not None:
        return alone
    try:
        import snowballstemmer
    except ImportError:
        return None
    return snowballstemmer.stemmer(algorithm)


#: The name under which :func:`_snowball_alone` loads ``snowballstemmer``'s modules.
_SNOWBALL_ALONE = "_polyglot_press_snowball"


def _snowball_alone(algorithm: str) -> Any:
    """The Snowball stemmer ``algorithm`` from ``snowballstemmer``'s own module for it,
    loaded without the package's ``__init__``, which imports all 30 stemmers (a tenth
    of a second at start-up, for the one or two languages a run needs). ``None`` when
    that cannot be done: ``snowballstemmer`` missing or laid out otherwise, or
    PyStemmer installed (which ``snowballstemmer.stemmer`` would use instead); the
    caller then asks the package.

    >>> _snowball_alone("portuguese").stemWord("eleições")
    'eleiçõ'
    """
    import importlib
    import importlib.util
    import sys
    import types

    try:
        if importlib.util.find_spec("Stemmer") is not None:
            return None
        spec = importlib.util.find_spec("snowballstemmer")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    package = sys.modules.get(_SNOWBALL_ALONE)
    if package is None:
        package = types.ModuleType(_SNOWBALL_ALONE)
        package.__path__ = list(spec.submodule_search_locations)
        sys.modules[_SNOWBALL_ALONE] = package
    try:
        module = importlib.import_module(f"{_SNOWBALL_ALONE}.{algorithm}_stemmer")
        cls = getattr(module, "".join(p.title() for p in algorithm.split("_")) + "Stemmer")
        return cls()
    except (ImportError, AttributeError, TypeError):
        return None


def has_morphology(lang: str) -> str | None:
    """Which back-end checks ``lang``: ``pymorphy3``, ``snowball``, ``suffix-rules`` or ``None``.

    >>> has_morphology("kk")
    'suffix-rules'
    """
    base = _base(lang)
    if _analyzer(base) is not None:
        return "pymorphy3"
    if base == "kk":
        return "suffix-rules"
    if _stemmer(base) is not None:
        return "snowball"
    return None


def _kk_chain(rest: str, depth: int = 0) -> bool:
    """Whether ``rest`` is a sequence of Kazakh endings (at most four)."""
    if not rest:
        return True
    if depth >= 4:
        return False
    return any(
        rest.startswith(suffix) and _kk_chain(rest[len(suffix) :], depth + 1)
        for suffix in _KK_SUFFIXES
    )


_KK_VOICING = {"к": "г", "қ": "ғ", "п": "б"}


def kazakh_inflects(found: str, wanted: str) -> bool:
    """Whether ``found`` is ``wanted`` followed by Kazakh endings.

    A final к, қ or п of the stem may voice (г, ғ, б) before a vowel.

    >>> kazakh_inflects("Парламентінің", "Парламент"), kazakh_inflects("Астанада", "Астана")
    (True, True)
    >>> kazakh_inflects("Парламентшіл", "Парламент")
    False
    """
    a, b = found.lower(), wanted.lower()
    if len(b) < 2:
        return a == b
    if a.startswith(b):
        return _kk_chain(a[len(b) :])
    voiced = _KK_VOICING.get(b[-1])
    if voiced and a.startswith(b[:-1] + voiced):
        return _kk_chain(a[len(b) :])
    return False


def kazakh_stem(word: str) -> str:
    """Peel one Kazakh ending chain off ``word`` (lower-cased), keeping four letters.

    >>> kazakh_stem("сайлауда")
    'сайлау'
    """
    low = word.lower()
    for cut in range(4, len(low)):
        if _kk_chain(low[cut:]):
            return low[:cut]
    return low


@lru_cache(maxsize=65536)
def lemmas(word: str, lang: str) -> frozenset[str]:
    """Every normal form (or stem) ``word`` may stand for in ``lang``, lower-cased.

    >>> sorted(lemmas("выборах", "ru"))
    ['выбор', 'выборах', 'выборы']
    """
    base = _base(lang)
    low = word.lower()
    analyzer = _analyzer(base)
    if analyzer is not None:
        forms = {str(p.normal_form).replace("ё", "е") for p in analyzer.parse(low)}
        forms.add(low.replace("ё", "е"))
        return frozenset(forms)
    if base == "kk":
        return frozenset({kazakh_stem(low)})
    stemmer = _stemmer(base)
    if stemmer is not None:
        return frozenset({str(stemmer.stemWord(low))})
    return frozenset({low})


def same_word(found: str, wanted: str, lang: str) -> bool:
    """True when ``found`` is ``wanted`` or an inflected form of it in ``lang``."""
    if found.casefold() == wanted.casefold():
        return True
    if not found or not wanted or found[0].isdigit() != wanted[0].isdigit():
        return False
    base = _base(lang)
    if base == "kk":
        return kazakh_inflects(found, wanted)
    a, b = lemmas(found, lang), lemmas(wanted, lang)
    if a & b:
        return True
    if _analyzer(base) is not None:
        # names unknown to the dictionary: fall back to the Snowball stem
        stemmer = _stemmer(base)
        if stemmer is not None:
            return bool(stemmer.stemWord(found.lower()) == stemmer.stemWord(wanted.lower()))
    return False


@dataclass(frozen=True, slots=True)
class FormMatch:
    """An occurrence of a term in a text: ``exact`` or ``inflected``."""

    span: Span
    text: str
    status: str


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def find_forms(term: str, text: str, lang: str) -> list[FormMatch]:
    """Occurrences of ``term`` in ``text`` as written or inflected, in order.

    A multi-word term matches a run of as many words, word by word; exact
    occurrences (ignoring case) win over inflected ones.

    >>> [(m.text, m.status) for m in find_forms("Касым-Жомарт Токаев",
    ...     "Встреча с Касым-Жомартом Токаевым прошла.", "ru")]
    [('Касым-Жомартом Токаевым', 'inflected')]
    """
    wanted = [w for _, _, w in _words(term)]
    if not wanted:
        return []
    words = _words(text)
    found: list[FormMatch] = []
    i = 0
    size = len(wanted)
    while i + size <= len(words):
        window = words[i : i + size]
        if all(_word_pair(w[2], x, lang) for w, x in zip(window, wanted, strict=True)):
            start, end = window[0][0], window[-1][1]
            piece = text[start:end]
            exact = piece.casefold() == term.casefold() or all(
                w[2].casefold() == x.casefold() for w, x in zip(window, wanted, strict=True)
            )
            found.append(FormMatch(Span(start, end), piece, "exact" if exact else "inflected"))
            i += size
        else:
            i += 1
    return found


def _word_pair(found: str, wanted: str, lang: str) -> bool:
    if "-" in wanted and "-" in found:
        parts_a, parts_b = found.split("-"), wanted.split("-")
        if len(parts_a) == len(parts_b):
            return all(same_word(a, b, lang) for a, b in zip(parts_a, parts_b, strict=True))
    return same_word(found, wanted, lang)


def iter_words(text: str) -> Iterator[tuple[Span, str]]:
    """Words of ``text`` with their spans (letters, marks, digits, inner hyphens)."""
    for start, end, word in _words(text):
        yield Span(start, end), word
