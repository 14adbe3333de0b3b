"""Public functions: transliterate, explain, list standards, romanization variants.

>>> transliterate("Тоқаев", "kk")
'Toqaev'
>>> transliterate("Қасым-Жомарт Тоқаев", "kk", standard="kk-press")
'Kasym-Zhomart Tokayev'
>>> transliterate("Toqaev", "kk", target="Cyrl")
'Тоқаев'
>>> result = transliterate_explain("Ерлан", "kk", standard="kk-press")
>>> result.text, result.changes[0].after, result.changes[0].rule
('Yerlan', 'Ye', 'translit:kk-press:initial')
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..text import Change
from . import _tables as t
from ._engine import Scheme
from .packs import register_packs
from .standards import SCRIPTS, Transliterator, scheme_for, standards

__all__ = [
    "Transliterated",
    "romanization_variants",
    "transliterate",
    "transliterate_explain",
]


@dataclass(frozen=True, slots=True)
class Transliterated:
    """A transliterated text and the :class:`~polyglot_press.text.Change` records behind it.

    ``apply_changes(original, changes) == text``; ``standard`` names the table used.
    """

    text: str
    changes: tuple[Change, ...]
    standard: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "text": self.text,
            "standard": self.standard,
            "changes": [c.to_dict() for c in self.changes],
        }


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise InputError(f"transliterate() needs a str, got {type(text).__name__}")


def transliterate(text: str, source: str, *, standard: str | None = None,
                  target: str = "Latn") -> str:
    """Write ``text`` in language ``source`` in script ``target`` by ``standard``.

    ``standard=None`` picks the language's official system (``kk-2021``,
    ``ru-icao``, ``uk-kmu2010``, ``hy-bgn``, ``ka-national``, ``el-elot743``, ...);
    ``*-press`` profiles spell names as English-language wire services do.
    Characters the standard does not cover pass through unchanged.

    >>> transliterate("Нікол Пашинян", "uk")
    'Nikol Pashynian'
    >>> transliterate("Նիկոլ Փաշինյան", "hy", standard="hy-press")
    'Nikol Pashinyan'
    """
    try:
        scheme = _SCHEMES.get((source, standard, target))
    except TypeError:  # an unhashable argument: _scheme() says which one is wrong
        scheme = None
    if scheme is None:
        scheme = _scheme(source, standard, target)
    if not isinstance(text, str):
        _check_text(text)
    return scheme.apply(text)


# (source, standard, target) as the caller wrote them -> compiled scheme
_SCHEMES: dict[tuple[str, str | None, str], Transliterator] = {}


def _scheme(source: str, standard: str | None, target: str) -> Transliterator:
    register_packs()
    _, scheme = scheme_for(source, standard, target)
    if len(_SCHEMES) < 1024:
        _SCHEMES[(source, standard, target)] = scheme  # arguments checked by scheme_for
    return scheme


def transliterate_explain(text: str, source: str, *, standard: str | None = None,
                          target: str = "Latn") -> Transliterated:
    """Like :func:`transliterate`, with one :class:`Change` per rendered letter or group.

    >>> r = transliterate_explain("Шойгу", "ru", standard="ru-press")
    >>> r.text
    'Shoigu'
    >>> [(c.before, c.after, c.rule.rsplit(":", 1)[1]) for c in r.changes][:3]
    [('Ш', 'Sh', 'letter'), ('о', 'o', 'letter'), ('й', 'i', 'after')]
    """
    _check_text(text)
    register_packs()
    info, scheme = scheme_for(source, standard, target)
    changes = tuple(scheme.changes(text, info.name))
    return Transliterated(scheme.apply(text), changes, info.name)


_MARKS = str.maketrans({"'": None, "’": None, "ʼ": None, "ʹ": None, "ʺ": None, "”": None,
                        "·": None, "`": None, "\"": None, "ʻ": None})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_MARKS))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.replace("ı", "i").replace("ß", "ss")


@functools.lru_cache(maxsize=8192)
def _variants(name: str, language: str) -> frozenset[str]:
    register_packs()
    script = SCRIPTS[language]
    spelled: set[str] = set()
    for info in standards(language):
        if info.direction == f"{script}>Latn":
            spelled.add(scheme_for(language, info.name, "Latn")[1].apply(name))
    spelled.update(scheme.apply(name) for scheme in _variant_schemes(language))
    # names also reach print through Russian passports and news agencies:
    # Тоқаев as Токаев, Гройсман as Groysman, romanized by the Russian standards
    to_russian: dict[str, dict[int, Any]] = {"kk": _KAZAKH_TO_RUSSIAN, "uk": t.UK_TO_RUSSIAN}
    russian = to_russian.get(language)
    if russian is not None:
        text = name.translate(russian)
        for info in standards("ru"):
            if info.direction == "Cyrl>Latn" and not info.name.endswith("-transliterate"):
                spelled.add(scheme_for("ru", info.name, "Latn")[1].apply(text))
    return frozenset(spelled | {_fold(s) for s in spelled})


@functools.cache
def _variant_schemes(language: str) -> tuple[Scheme, ...]:
    """The spellings in use besides the standards (``_tables.RU_VARIANTS``, ``UK_VARIANTS``)."""
    choices = {"ru": ("ru-wikipedia", t.RU_VARIANTS), "uk": ("uk-kmu2010", t.UK_VARIANTS)}
    if language not in choices:
        return ()
    base_name, dimensions = choices[language]
    base = scheme_for(language, base_name, "Latn")[1]
    assert isinstance(base, Scheme)
    schemes = []
    for combination in itertools.product(*dimensions):
        changes: dict[str, dict[str, str]] = {}
        for part in combination:
            for field, entries in part.items():
                changes.setdefault(field, {}).update(entries)
        if changes:
            schemes.append(Scheme(f"{language}-variant", base.table.with_changes(changes)))
    return tuple(schemes)


_KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүіһӘҒҚҢӨҰҮІҺ", "агкноууихАГКНОУУИХ")


def romanization_variants(name: str, source: str) -> set[str]:
    """Every plausible Latin spelling of ``name`` across the standards and profiles.

    Each standard's spelling; for Russian and Ukrainian also the spellings in
    use besides the standards (-iy, -y, -i, -yy endings, Yu/Iu, Ya/Ia, kh/h:
    ``_tables.RU_VARIANTS``, ``UK_VARIANTS``); for Kazakh and Ukrainian names
    the Russian standards applied to their Russian spelling; and all of these
    without diacritics, soft signs and apostrophes. Used to match a name however
    a text romanized it. Personal spellings (Klitschko) are glossary entries,
    not variants. Results are cached.

    >>> sorted(romanization_variants("Тоқаев", "kk"))
    ['Tokaev', 'Tokayev', 'Toqaev']
    >>> sorted(romanization_variants("Шойгу", "ru"))
    ['Shoigu', 'Shojgu', 'Shoygu', 'Sojgu', 'Šojgu']
    >>> {"Zelenskyi", "Zelenskyy", "Zelenskiy", "Zelensky"} <= romanization_variants("Зеленський", "uk")
    True
    """
    _check_text(name)
    from .standards import _language

    return set(_variants(name, _language(source)))
