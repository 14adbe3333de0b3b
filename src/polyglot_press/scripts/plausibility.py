"""How plausible a string is as a word of a language: letter n-grams and a lexicon.

Whole-script confusable detection needs two judgements: does the lookalike
reading ("scope" for "ѕсоре") look like a word of the text's script, and does
the word itself look like a genuine word of its own script ("Саша", "СССР" do;
"аррӏе" does not). :func:`word_score` is the mean log-probability per letter of
a word under a letter-trigram model (stupid backoff to bigrams and unigrams)
built from langdetect's Wikipedia profiles; :func:`script_score` is the best
score over the languages of a script; :func:`is_cyrillic_word` looks a word up
in the Russian (OpenCorpora) and Ukrainian (VESUM) word forms, via
pymorphy3-dicts-ru/-uk, that can be read as Latin. All data is generated at
build time by ``tools/generate_script_plausibility.py``; nothing is needed at
run time, and the tables load on first use.

>>> word_score("scope", "en") > word_score("ѕсоре", "ru")
True
>>> is_cyrillic_word("Саша"), is_cyrillic_word("СЕО")
(True, False)
"""

from __future__ import annotations

import math
from functools import cache, lru_cache

__all__ = ["LANGUAGES", "is_cyrillic_word", "languages_of", "script_score", "word_score"]

#: Languages with a letter model, and the script each is written in (the
#: generator's ``LANGS``; a test checks the generated module agrees).
LANGUAGES: dict[str, str] = {
    **dict.fromkeys(["en", "de", "fr", "es", "it", "pt", "nl"], "Latn"),
    **dict.fromkeys(["ru", "uk", "bg", "mk"], "Cyrl"),
    "el": "Grek",
}

_BACKOFF = math.log(0.4)
_UNSEEN_LETTER = math.log(1e-7)


@cache
def _model(lang: str) -> tuple[dict[str, int], dict[str, int], dict[str, int], int]:
    """(n-gram counts, counts of each n-gram's history, unigram counts, unigram total)."""
    from ._data import plausibility as data

    grams = data.NGRAMS[lang]
    history: dict[str, int] = {}
    for gram, n in grams.items():
        if len(gram) > 1:
            history[gram[:-1]] = history.get(gram[:-1], 0) + n
    unigrams = {g: n for g, n in grams.items() if len(g) == 1}
    return grams, history, unigrams, sum(unigrams.values())


def languages_of(script: str) -> tuple[str, ...]:
    """The languages with a letter model written in ``script`` (ISO 15924).

    >>> languages_of("Grek")
    ('el',)
    """
    return tuple(lang for lang, s in LANGUAGES.items() if s == script)


@lru_cache(maxsize=1 << 15)
def word_score(word: str, lang: str) -> float:
    """Mean log-probability per letter of ``word`` (case-folded) as a word of ``lang``.

    Around -2 for ordinary words, below -5 for strings the language does not
    write; a letter the language never uses costs log(1e-7).

    >>> round(word_score("the", "en"), 1) > round(word_score("xqz", "en"), 1)
    True
    """
    grams, history, unigrams, total = _model(lang)
    padded = " " + word.lower().replace("ё", "е") + " "
    score = 0.0
    for i in range(1, len(padded)):
        ch = padded[i]
        tri = padded[i - 2 : i + 1] if i >= 2 else ""
        if tri and tri in grams and tri[:2] in history:
            score += math.log(grams[tri] / history[tri[:2]])
            continue
        bi = padded[i - 1 : i + 1]
        if bi in grams and bi[:1] in history:
            score += _BACKOFF + math.log(grams[bi] / history[bi[:1]])
            continue
        if ch == " ":
            score += 2 * _BACKOFF + math.log(0.1)
        elif ch in unigrams:
            score += 2 * _BACKOFF + math.log(unigrams[ch] / total)
        else:
            score += _UNSEEN_LETTER
    return score / (len(padded) - 1)


def script_score(word: str, script: str, lang: str | None = None) -> float | None:
    """The best :func:`word_score` of ``word`` over the languages of ``script``.

    With ``lang`` (a language with a model), that language alone. None when no
    language of ``script`` has a model.

    >>> script_score("вера", "Cyrl") > script_score("bepa", "Latn")
    True
    """
    if lang is not None and lang in LANGUAGES:
        return word_score(word, lang)
    langs = languages_of(script)
    if not langs:
        return None
    return max(word_score(word, lang) for lang in langs)


@cache
def _word_forms(lang: str) -> frozenset[str]:
    import base64
    import zlib

    from ._data import plausibility as data

    table = data.RUSSIAN_LOOKALIKE_WORDS_Z85 if lang == "ru" else data.UKRAINIAN_LOOKALIKE_WORDS_Z85
    packed = base64.b85decode(table)
    return frozenset(zlib.decompress(packed).decode("utf-8").split("\n"))


def is_cyrillic_word(word: str) -> bool:
    """True when ``word`` is a Russian or Ukrainian word form with only Latin-lookalike letters.

    A capitals word is looked up in the Russian forms only: the Ukrainian
    dictionary lists indeclinable loans and abbreviations ("сео" for SEO, "тнт")
    whose capitals are the very spelling a spoof uses ("Our СЕО").

    >>> is_cyrillic_word("СССР"), is_cyrillic_word("Маша"), is_cyrillic_word("ехо"), is_cyrillic_word("аррӏе")
    (True, True, True, False)
    >>> is_cyrillic_word("сео"), is_cyrillic_word("СЕО")
    (True, False)
    """
    folded = word.lower().replace("ё", "е")
    if folded in _word_forms("ru"):
        return True
    return not word.isupper() and folded in _word_forms("uk")
