"""Language tags: one home for the facts every package needs about them.

Every package asks the same questions of a language tag: what its base
language is (``pt-BR`` → ``pt``), whether it names a language at all
(``und``, ``zxx``, ``mul`` do not), whether two tags are the same language,
and which script the language is written in. They are answered here, and
only here; the script comes from CLDR's likely-subtags data (generated into
``_lang_data.py`` by ``tools/gen_lang_data.py``).

>>> lang_base("pt_BR"), same_language("pt-BR", "pt"), known_language("und")
('pt', True, None)
>>> script_of_language("kk"), script_of_language("sr-Latn"), script_name("Cyrl")
('Cyrl', 'Latn', 'Cyrillic')
>>> sorted(writing_scripts("ja"))
['Hani', 'Hira', 'Kana']
"""

from __future__ import annotations

from ._lang_data import LIKELY_SCRIPT, SCRIPT_NAMES

__all__ = [
    "UNKNOWN",
    "known_language",
    "lang_base",
    "normalize_tag",
    "same_language",
    "script_name",
    "script_of_language",
    "writing_scripts",
]

#: Codes that name no particular language: empty, undetermined, no linguistic
#: content, multiple, uncoded.
UNKNOWN: frozenset[str] = frozenset({"", "und", "zxx", "mul", "mis"})

# a writing system made of several Unicode scripts (UTS #39 augmented sets)
_WRITING_SYSTEMS: dict[str, frozenset[str]] = {
    "Jpan": frozenset({"Hani", "Hira", "Kana"}),
    "Kore": frozenset({"Hang", "Hani"}),
    "Hans": frozenset({"Hani"}),
    "Hant": frozenset({"Hani"}),
    "Hanb": frozenset({"Hani", "Bopo"}),
}


def normalize_tag(tag: str) -> str:
    """A tag in the form used for matching: trimmed, ``-`` separators, lower case.

    >>> normalize_tag(" pt_BR ")
    'pt-br'
    """
    return tag.strip().replace("_", "-").lower()


def lang_base(tag: str | None) -> str:
    """The primary language subtag, lower case (``""`` for ``None``).

    >>> lang_base("en_US"), lang_base("zh-Hant-TW"), lang_base(None)
    ('en', 'zh', '')
    """
    if not tag:
        return ""
    return normalize_tag(tag).partition("-")[0]


def known_language(tag: str | None) -> str | None:
    """``tag`` itself, or ``None`` when it names no particular language.

    >>> known_language("ru"), known_language("und"), known_language(None)
    ('ru', None, None)
    """
    if tag is None or lang_base(tag) in UNKNOWN:
        return None
    return tag


def same_language(a: str | None, b: str | None) -> bool:
    """Whether two tags name the same base language (``pt-BR`` and ``pt``).

    >>> same_language("pt-BR", "pt_PT"), same_language("en", "und")
    (True, False)
    """
    base = lang_base(a)
    return bool(base) and base not in UNKNOWN and base == lang_base(b)


def script_of_language(tag: str | None) -> str | None:
    """ISO 15924 code of the script ``tag`` is written in, or ``None`` if unknown.

    A script subtag in the tag wins (``sr-Latn``); otherwise CLDR's likely
    script of the language (``zh`` → ``Hans``, ``ja`` → ``Jpan``).

    >>> script_of_language("uk"), script_of_language("zh"), script_of_language("qaa")
    ('Cyrl', 'Hans', None)
    """
    if not tag:
        return None
    parts = normalize_tag(tag).split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    return LIKELY_SCRIPT.get(parts[0])


def script_name(code: str) -> str | None:
    """The Unicode Script property value name of an ISO 15924 code.

    >>> script_name("Armn"), script_name("Qaaa")
    ('Armenian', None)
    """
    return SCRIPT_NAMES.get(code)


def writing_scripts(tag: str | None) -> frozenset[str]:
    """The Unicode scripts (Script property values) text in ``tag`` is written with.

    Japanese mixes Han and both kana, Korean Hangul and Han, Chinese is Han;
    other languages use their one script. Empty when the script is unknown.

    >>> sorted(writing_scripts("ko")), sorted(writing_scripts("ru"))
    (['Hang', 'Hani'], ['Cyrl'])
    """
    script = script_of_language(tag)
    if script is None:
        return frozenset()
    return _WRITING_SYSTEMS.get(script, frozenset({script}))
