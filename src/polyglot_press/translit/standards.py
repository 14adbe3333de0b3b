"""The catalogue of named standards and profiles, and where each table comes from.

Each entry says which language and direction it covers, what it is, and the
document it follows. Tables are built on first use and kept.

>>> [s.name for s in standards("kk")]
['kk-2021', 'kk-2021', 'kk-press', 'kk-transliterate']
>>> find_standard("kk", None, "Latn").name
'kk-2021'
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

from ..errors import InputError
from ..lang import lang_base, script_of_language
from ..text import Change, Span
from . import _tables as t
from ._engine import RuleTable, Scheme

__all__ = ["SCRIPTS", "StandardInfo", "find_standard", "scheme_for", "script_for", "standards"]

# the languages we transliterate
_SUPPORTED = ("bg", "el", "hy", "ka", "kk", "mk", "mn", "ru", "sr", "uk")


def _scripts() -> dict[str, str]:
    table: dict[str, str] = {}
    for code in _SUPPORTED:
        script = script_of_language(code)
        if script is None:  # pragma: no cover - the generated CLDR table covers all ten
            raise RuntimeError(f"no likely script for {code!r} in polyglot_press._lang_data")
        table[code] = script
    return table


#: the script each supported language is written in (from :mod:`polyglot_press.lang`)
SCRIPTS: dict[str, str] = _scripts()


def script_for(language: str) -> str:
    """The script a supported language (base code) is written in; ``InputError`` if unsupported."""
    return SCRIPTS[_language(language)]


@dataclass(frozen=True, slots=True)
class StandardInfo:
    """One named standard or profile in one direction.

    ``direction`` is ``"<source script>><target script>"`` in ISO 15924 codes.

    >>> find_standard("ru", "ru-icao", "Latn")
    StandardInfo(name='ru-icao', language='ru', direction='Cyrl>Latn', ...)
    """

    name: str
    language: str
    direction: str
    description: str
    reference: str

    @property
    def source_script(self) -> str:
        """The script the standard reads."""
        return self.direction.split(">")[0]

    @property
    def target_script(self) -> str:
        """The script the standard writes."""
        return self.direction.split(">")[1]

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
        return {
            "name": self.name,
            "language": self.language,
            "direction": self.direction,
            "description": self.description,
            "reference": self.reference,
        }


class Transliterator(Protocol):
    """What a standard compiles to: the text, and the changes that make it."""

    def apply(self, text: str) -> str: ...

    def changes(self, text: str, label: str) -> list[Change]: ...


# -- table loading -------------------------------------------------------------
def _load(name: str) -> dict[str, Any]:
    path = resources.files(__package__).joinpath("data", f"{name}.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _table(data: dict[str, Any], **extra: Any) -> RuleTable:
    return RuleTable(
        letters=data.get("letters", {}),
        initial=data.get("initial", {}),
        after=data.get("after", {}),
        before=data.get("before", {}),
        endings=data.get("endings", {}),
        word_chars=data.get("word_chars", ""),
        **extra,
    )


def _generated(name: str) -> RuleTable:
    return _table(_load(name))


def _kk_2021() -> RuleTable:
    return RuleTable(letters=t.KK_2021, upper_case={"i": "İ", "ı": "I"})


def _kk_2021_reverse() -> RuleTable:
    return RuleTable(
        letters=t.KK_2021_REVERSE,
        after=t.KK_2021_REVERSE_AFTER,
        lower_case=t.KK_LOWER,
        upper_case={"і": "І", "и": "И"},
    )


def _profile(base: RuleTable, changes: dict[str, dict[str, str]],
             title_words: bool | None = None) -> RuleTable:
    return base.with_changes(changes, title_words=title_words)


def _ru_iso9_reverse() -> RuleTable:
    forward = _load("ru-iso9")["letters"]
    return RuleTable(letters={v: k for k, v in forward.items() if v})


def _pack_table(code: str, *, fixes: dict[str, str] | None = None,
                endings: dict[str, str] | None = None) -> RuleTable:
    """Read a bundled ``transliterate`` pack's table in its script -> Latin direction."""
    from .upstream import registered_pack

    pack = registered_pack(code)
    letters: dict[str, str] = {}
    for latin, native in zip(*pack.mapping, strict=True):
        if native == native.lower():
            letters[native] = latin
    for latin, native in (pack.pre_processor_mapping or {}).items():
        if native == native.lower() and latin == latin.lower():
            letters[native] = latin
    if pack.reversed_specific_mapping:
        for native, latin in zip(*pack.reversed_specific_mapping, strict=True):
            if native == native.lower():
                letters[native] = latin
    letters.update(fixes or {})
    return RuleTable(letters=letters, endings=endings or {})


# -- the catalogue -------------------------------------------------------------
@dataclass(frozen=True)
class _Entry:
    info: StandardInfo
    build: Callable[[], Transliterator]


def _rules(build: Callable[[], RuleTable], name: str) -> Callable[[], Transliterator]:
    return lambda: Scheme(name, build())


def _nfc(build: Callable[[], RuleTable], name: str) -> Callable[[], Transliterator]:
    return lambda: _Normalizing(Scheme(name, build()))


class _Normalizing:
    """Latin input may come decomposed (``Ä`` as ``A`` + U+0308); compose it first."""

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme

    def apply(self, text: str) -> str:
        return self.scheme.apply(unicodedata.normalize("NFC", text))

    def changes(self, text: str, label: str) -> list[Change]:
        if unicodedata.is_normalized("NFC", text):
            return self.scheme.changes(text, label)
        # spans must refer to the caller's text: one change for the whole text
        result = self.apply(text)
        return [Change(Span(0, len(text)), text, result, f"translit:{label}:nfc",
                       f"{label}: composed to NFC, then transliterated")] if result != text else []


class _Pack:
    """A bundled ``transliterate`` pack, as its own scheme (not a named standard)."""

    def __init__(self, code: str, reverse: bool) -> None:
        from .upstream import translit_function

        self._function = translit_function(code)
        self._reverse = reverse

    def apply(self, text: str) -> str:
        result: str = self._function(text, reversed=self._reverse)
        return result

    def changes(self, text: str, label: str) -> list[Change]:
        result: list[Change] = []
        start = None
        for index, char in enumerate([*text, " "]):
            if not char.isspace():
                if start is None:
                    start = index
                continue
            if start is not None:
                word = text[start:index]
                out = self.apply(word)
                if out != word:
                    result.append(Change(Span(start, index), word, out,
                                         f"translit:{label}:word", f"{label}: {word} -> {out!r}"))
                start = None
        return result


def _catalogue() -> list[_Entry]:
    entries: list[_Entry] = []

    def add(name: str, language: str, direction: str, description: str, reference: str,
            build: Callable[[], Transliterator]) -> None:
        entries.append(_Entry(StandardInfo(name, language, direction, description, reference),
                              build))

    add("kk-2021", "kk", "Cyrl>Latn",
        "Kazakh official Latin alphabet of 2021 (31 letters, Ä Ğ Ñ Ö Q Ş Ū Ü İ I)",
        "Decree of the President of Kazakhstan, 2017, as amended 2021; letters for "
        "Russian loans as in turkic-translit",
        _rules(_kk_2021, "kk-2021"))
    add("kk-2021", "kk", "Latn>Cyrl",
        "Kazakh 2021 Latin back to Cyrillic; accepts Ŋ and Ñ for ң; i after a vowel is й",
        "Decree of the President of Kazakhstan, 2017, as amended 2021",
        _nfc(_kk_2021_reverse, "kk-2021"))
    add("kk-press", "kk", "Cyrl>Latn",
        "Kazakh names as English-language wire services spell them (Tokayev, Nazarbayev)",
        "Reuters and AP usage; see docs/transliteration.md",
        _rules(lambda: RuleTable.from_parts(t.KK_PRESS), "kk-press"))

    add("ru-icao", "ru", "Cyrl>Latn", "Russian, ICAO Doc 9303 (machine-readable passports)",
        "ICAO Doc 9303 part 3, 7th ed. (2015); table from iuliia",
        _rules(lambda: _generated("ru-icao"), "ru-icao"))
    add("ru-bgn", "ru", "Cyrl>Latn", "Russian, BGN/PCGN 1947 system (geographic names)",
        "BGN/PCGN 1947 System for Russian; table from iuliia, ё written ë",
        _rules(lambda: _generated("ru-bgn"), "ru-bgn"))
    add("ru-iso9", "ru", "Cyrl>Latn", "Russian, ISO 9:1995 = GOST 7.79-2000 System A",
        "ISO 9:1995; GOST 7.79-2000 System A; table from iuliia, ё written ë",
        _rules(lambda: _generated("ru-iso9"), "ru-iso9"))
    add("ru-iso9", "ru", "Latn>Cyrl", "ISO 9:1995 back to Russian Cyrillic (one to one)",
        "ISO 9:1995; GOST 7.79-2000 System A",
        _nfc(_ru_iso9_reverse, "ru-iso9"))
    add("ru-wikipedia", "ru", "Cyrl>Latn", "Russian, English Wikipedia's romanization",
        "Wikipedia:Romanization of Russian; table from iuliia",
        _rules(lambda: _generated("ru-wikipedia"), "ru-wikipedia"))
    add("ru-press", "ru", "Cyrl>Latn",
        "Russian names as English-language wire services spell them (Sergei Shoigu, "
        "Dmitry Peskov, Alexei Navalny, Maria Zakharova)",
        "Reuters and AP usage, built on ru-wikipedia; see docs/transliteration.md",
        _rules(lambda: _profile(_generated("ru-wikipedia"), t.RU_PRESS), "ru-press"))

    add("uk-kmu2010", "uk", "Cyrl>Latn",
        "Ukrainian national system (Cabinet of Ministers resolution 55, 2010)",
        "KMU resolution No. 55 of 27 January 2010; table from translitua",
        _rules(lambda: _generated("uk-kmu2010"), "uk-kmu2010"))
    add("uk-press", "uk", "Cyrl>Latn",
        "Ukrainian names as wire services spell them: KMU 2010 with -iy and -ia endings "
        "(Andriy, Yulia)",
        "Reuters and AP usage, built on uk-kmu2010; see docs/transliteration.md",
        _rules(lambda: _profile(_generated("uk-kmu2010"), t.UK_PRESS), "uk-press"))

    add("hy-bgn", "hy", "Armn>Latn", "Armenian, BGN/PCGN 1981 system (Yerevan)",
        "BGN/PCGN 1981 System for Armenian; table from tetrak-translit",
        _rules(lambda: _generated("hy-bgn"), "hy-bgn"))
    add("hy-iso9985", "hy", "Armn>Latn", "Armenian, ISO 9985 (one to one, reversible)",
        "ISO 9985, current edition as tabled by tetrak-translit (incl. Table 2 punctuation)",
        _rules(lambda: _generated("hy-iso9985"), "hy-iso9985"))
    add("hy-press", "hy", "Armn>Latn",
        "Armenian names as wire services spell them (Nikol Pashinyan, Robert Kocharyan)",
        "Reuters and AP usage, built on hy-bgn; see docs/transliteration.md",
        _rules(lambda: _profile(_generated("hy-bgn"), t.HY_PRESS), "hy-press"))

    add("ka-national", "ka", "Geor>Latn",
        "Georgian national system of romanization (2002), apostrophes mark ejectives",
        "Georgian national system (2002), BGN/PCGN 2009; table from tetrak-translit",
        _rules(lambda: _generated("ka-national"), "ka-national"))
    add("ka-press", "ka", "Geor>Latn",
        "Georgian names as wire services spell them: national system without apostrophes, "
        "every word capitalized (Irakli Kobakhidze)",
        "Reuters and AP usage, built on ka-national; see docs/transliteration.md",
        _rules(lambda: _profile(_generated("ka-national"), t.KA_PRESS, title_words=True),
               "ka-press"))

    add("el-elot743", "el", "Grek>Latn",
        "Greek ELOT 743 (ISO 843 transcription; Greek passports): Kyriakos Mitsotakis",
        "ELOT 743:2001; ISO 843:1997 type 1",
        _rules(lambda: RuleTable.from_parts(t.EL_ELOT743), "el-elot743"))
    add("bg-streamlined", "bg", "Cyrl>Latn",
        "Bulgarian Streamlined System (Transliteration Act 2009): transliterate's pack "
        "with the final -ия as -ia",
        "Bulgarian Transliteration Act, State Gazette 19/2009; table from transliterate",
        _rules(lambda: _pack_table("bg", endings={"ия": "ia"}), "bg-streamlined"))
    add("mk-latin", "mk", "Cyrl>Latn",
        "Macedonian: transliterate's table with its ќ fixed (it wrote Cyrillic к)",
        "transliterate 1.10.2 Macedonian pack",
        _rules(lambda: _pack_table("mk", fixes={"ќ": "kj"}), "mk-latin"))
    add("sr-latin", "sr", "Cyrl>Latn", "Serbian Cyrillic to the official Serbian Latin alphabet",
        "Serbian Latin alphabet (Gaj); table from transliterate's pack",
        _rules(lambda: _pack_table("sr"), "sr-latin"))
    add("mn-mns5217", "mn", "Cyrl>Latn", "Mongolian national standard MNS 5217:2012",
        "MNS 5217:2012 (Mongolian Agency for Standardization)",
        _rules(lambda: RuleTable(letters=t.MN_MNS5217), "mn-mns5217"))

    # the bundled transliterate packs themselves, both ways, named as what they are
    for code in ("bg", "el", "hy", "ka", "mk", "mn", "ru", "sr", "uk"):
        script = SCRIPTS[code]
        for reverse, direction in ((True, f"{script}>Latn"), (False, f"Latn>{script}")):
            add(f"{code}-transliterate", code, direction,
                "the transliterate package's own table (not a named standard)",
                "transliterate 1.10.2 language pack",
                functools.partial(_Pack, code, reverse))
    add("kk-transliterate", "kk", "Cyrl>Latn",
        "polyglot_press's Kazakh pack for transliterate (= kk-2021)",
        "registered as transliterate language code 'kk'",
        _rules(_kk_2021, "kk-transliterate"))
    return entries


_CATALOGUE = _catalogue()

# defaults: the official or national standard of each language, both ways
_DEFAULTS: dict[tuple[str, str], str] = {
    ("kk", "Latn"): "kk-2021", ("kk", "Cyrl"): "kk-2021",
    ("ru", "Latn"): "ru-icao", ("ru", "Cyrl"): "ru-iso9",
    ("uk", "Latn"): "uk-kmu2010", ("hy", "Latn"): "hy-bgn", ("ka", "Latn"): "ka-national",
    ("el", "Latn"): "el-elot743", ("bg", "Latn"): "bg-streamlined",
    ("mk", "Latn"): "mk-latin", ("sr", "Latn"): "sr-latin",
    ("mn", "Latn"): "mn-mns5217",
}


def standards(source: str | None = None) -> list[StandardInfo]:
    """Every standard (one entry per direction), or those for language ``source``.

    >>> sorted({s.language for s in standards()})
    ['bg', 'el', 'hy', 'ka', 'kk', 'mk', 'mn', 'ru', 'sr', 'uk']
    """
    language = None if source is None else _language(source)
    return [e.info for e in _CATALOGUE if language is None or e.info.language == language]


def _language(source: str) -> str:
    if not isinstance(source, str):
        raise InputError(
            f"the source language must be a code such as 'kk' or 'ru', got {source!r}; "
            f"supported: {', '.join(sorted(SCRIPTS))}"
        )
    code = lang_base(source)
    if code not in SCRIPTS:
        raise InputError(
            f"no transliteration for language {source!r}; "
            f"supported: {', '.join(sorted(SCRIPTS))}"
        )
    return code


def find_standard(source: str, standard: str | None, target: str) -> StandardInfo:
    """The standard that transliterates language ``source`` into script ``target``."""
    return _find(source, standard, target).info


def _find(source: str, standard: str | None, target: str) -> _Entry:
    language = _language(source)
    if not isinstance(target, str):
        raise InputError(f"the target script must be 'Latn' or {SCRIPTS[language]!r}, "
                         f"got {target!r}")
    if standard is not None and not isinstance(standard, str):
        raise InputError(f"the standard must be a name such as 'kk-2021' or None, got {standard!r}")
    target = target.strip().title()
    script = SCRIPTS[language]
    if target not in ("Latn", script):
        raise InputError(
            f"cannot write {language} in script {target!r}; use 'Latn' or {script!r}"
        )
    direction = f"{script}>Latn" if target == "Latn" else f"Latn>{script}"
    if standard is None:
        standard = _DEFAULTS.get((language, target), f"{language}-transliterate")
    for entry in _CATALOGUE:
        if (entry.info.name == standard and entry.info.direction == direction
                and entry.info.language == language):
            return entry
    known = sorted({e.info.name for e in _CATALOGUE
                    if e.info.language == language and e.info.direction == direction})
    other = sorted({e.info.language for e in _CATALOGUE if e.info.name == standard})
    if other and language not in other:
        raise InputError(
            f"standard {standard!r} is for {', '.join(other)}, not {language}; "
            f"standards for {language} {direction}: {', '.join(known)} "
            f"(see `polyglot-press translit --list --from {language}`)"
        )
    raise InputError(
        f"no standard {standard!r} for {language} {direction}; "
        f"choose one of: {', '.join(known)} (see `polyglot-press translit --list`)"
    )


@functools.cache
def _build(name: str, direction: str) -> Transliterator:
    for entry in _CATALOGUE:
        if entry.info.name == name and entry.info.direction == direction:
            return entry.build()
    raise KeyError((name, direction))  # pragma: no cover - callers pass catalogue entries


def scheme_for(source: str, standard: str | None, target: str) -> tuple[StandardInfo,
                                                                         Transliterator]:
    """The standard and its compiled table (built once, then cached)."""
    info = _find(source, standard, target).info
    return info, _build(info.name, info.direction)
