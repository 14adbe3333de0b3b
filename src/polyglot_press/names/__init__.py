"""Name normalization: rewrite variant spellings of names to the glossary's form.

:func:`normalize_names` finds names of people, organisations and places from a
glossary in a text and rewrites them to the preferred form in the text's
language. It handles, each as its own rule:

========================= ==========================================================
rule                      example (English text)
========================= ==========================================================
``names.variant``         a listed variant of a person: "Mher Sahakyan" -> "Mger ..."
``names.forbidden``       a forbidden form of any concept
``names.romanization``    "Tokaev", "Tokajew" -> "Tokayev" (romanizations of the
                          glossary's Cyrillic or Armenian forms)
``names.other-language``  "Токаев" -> "Tokayev"; "Toqajew" (the German form) -> "Tokayev"
``names.surname``         "President Tokaev" -> "President Tokayev" (a surname alone)
``names.homoglyph``       "Оwen Murphy" with a Cyrillic "О" -> "Owen Murphy"
``names.diacritics``      "Jan Svec" -> "Jan Švec"
``names.case``            "owen murphy" -> "Owen Murphy" (all-caps text is left alone)
``names.normalization``   "Kassym Jomart Tokayev" -> "Kassym-Jomart Tokayev"; NFC
``names.spelling``        "Owen Murpy" -> "Owen Murphy" (conservative fuzzy match,
                          part by part, at least one part exact)
========================= ==========================================================

Names without a kind (a CSV glossary with no kind column): a concept whose
preferred term is the same capitalized words in every language, or whose
terms are all ``properNoun``, is taken as a name for spelling repair of the
whole name, with a lower score (:mod:`polyglot_press.names.index`).

Every change is a :class:`~polyglot_press.text.Change` whose ``reason`` names
the concept and the score. Words that merely resemble a name are left alone:
fuzzy matching needs a capitalized word, name-part alignment, a unique
candidate and a small edit distance relative to the length.

>>> from polyglot_press.glossary import Concept, Glossary, Term
>>> g = Glossary("kz", languages=("en", "ru"), concepts=(
...     Concept("tokayev", "person", (Term("en", "Kassym-Jomart Tokayev"),
...                                   Term("ru", "Касым-Жомарт Токаев"))),))
>>> result = normalize_names("President Tokaev, or Касым-Жомарт Токаев.", g, lang="en")
>>> result.text
'President Tokayev, or Kassym-Jomart Tokayev.'
>>> [c.rule for c in result.changes]
['names.surname', 'names.other-language']
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..glossary.model import Glossary
from .index import NameIndex, looks_like_name
from .normalizer import NameConfig, NameNormalizer, Normalized

__all__ = ["NameConfig", "NameIndex", "NameNormalizer", "Normalized", "looks_like_name",
           "normalize_names"]


_CACHE: list[tuple[Glossary, NameConfig, NameNormalizer]] = []


def normalize_names(text: str, glossary: Glossary, lang: str | None = None, *,
                    config: NameConfig | None = None, **options: Any) -> Normalized:
    """Rewrite variants of the glossary's names in ``text`` to the preferred
    form in ``lang`` (detected among the glossary's languages when ``None``).

    The compiled normalizer is cached per glossary object; for many calls with
    different glossaries build a :class:`NameNormalizer` yourself. Keyword
    options are shorthand for :class:`NameConfig` fields.
    """
    cfg = config or NameConfig()
    if options:
        cfg = replace(cfg, **options)
    for cached_glossary, cached_config, normalizer in _CACHE:
        if cached_glossary is glossary and cached_config == cfg:
            return normalizer.normalize(text, lang)
    normalizer = NameNormalizer(glossary, cfg)
    _CACHE.insert(0, (glossary, cfg, normalizer))
    del _CACHE[8:]
    return normalizer.normalize(text, lang)
