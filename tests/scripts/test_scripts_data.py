"""The generated Unicode tables: provenance header, integrity, agreement with `regex`."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
import regex

from polyglot_press.scripts import _ucd
from polyglot_press.scripts._data import tables

TABLES = Path(tables.__file__)


def test_header_names_source_version_and_checksums() -> None:
    text = TABLES.read_text(encoding="utf-8")
    header = text.split('"""', 1)[0]
    assert "tools/generate_unicode_data.py" in header
    assert f"ICU {tables.ICU_VERSION} (Unicode {tables.UNICODE_VERSION})" in header
    assert f"sha256={tables.SOURCE_SHA256}" in header
    assert tuple(int(x) for x in tables.UNICODE_VERSION.split(".")) >= (17, 0)
    body = text.split(f"BODY_SHA256 = {tables.BODY_SHA256!r}\n\n", 1)[1]
    assert hashlib.sha256(body.encode("utf-8")).hexdigest() == tables.BODY_SHA256


def test_bidi_controls_are_default_ignorable() -> None:
    # the scanner finds both with one Default_Ignorable pass
    every = "".join(chr(cp) for cp in range(0x3000))
    bidi = regex.findall(f"[{_ucd.BIDI_CONTROL.regex_class()}]", every)
    assert len(bidi) == 12
    assert all(ch in _ucd.DEFAULT_IGNORABLE for ch in bidi)


def test_tables_match_regex_properties() -> None:
    # the scanner's fast pass uses regex's own properties; both must agree
    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    for table, prop in (
        (_ucd.DEFAULT_IGNORABLE, r"\p{Default_Ignorable_Code_Point}"),
        (_ucd.BIDI_CONTROL, r"\p{Bidi_Control}"),
    ):
        from_regex = set(regex.findall(f"[{prop}]", every))
        from_table = set(regex.findall(f"[{table.regex_class()}]", every))
        assert from_table == from_regex, prop


@pytest.mark.parametrize(
    ("char", "scripts"),
    [
        ("a", {"Latn"}),
        ("ж", {"Cyrl"}),
        ("ー", {"Hira", "Kana"}),
        ("1", {"Zyyy"}),
        ("\ufe00", {"Zinh"}),
        ("ա", {"Armn"}),
        ("ა", {"Geor"}),
    ],
)
def test_script_extensions(char: str, scripts: set[str]) -> None:
    assert _ucd.script_extensions(char) == scripts


def test_generator_reproduces_committed_tables() -> None:
    pytest.importorskip("icu")
    root = TABLES.parents[4]
    sys.path.insert(0, str(root / "tools"))
    try:
        import generate_unicode_data
    finally:
        sys.path.pop(0)
    assert generate_unicode_data.build() == TABLES.read_text(encoding="utf-8")


def test_plausibility_data_header_and_checksum() -> None:
    from polyglot_press.scripts._data import plausibility as data

    text = Path(data.__file__).read_text(encoding="utf-8")
    header = text.split('"""', 1)[0]
    assert "tools/generate_script_plausibility.py" in header
    assert f"langdetect {data.LANGDETECT_VERSION}" in header
    assert data.DICTIONARIES in header
    assert "pymorphy3-dicts-ru" in data.DICTIONARIES
    assert "pymorphy3-dicts-uk" in data.DICTIONARIES
    body = text.split(f"BODY_SHA256 = {data.BODY_SHA256!r}\n\n", 1)[1]
    assert hashlib.sha256(body.encode("utf-8")).hexdigest() == data.BODY_SHA256
    # every language with a model has letters of its own script and word-boundary n-grams
    from polyglot_press.scripts.plausibility import LANGUAGES

    assert data.LANG_SCRIPT == LANGUAGES
    assert set(data.NGRAMS) == set(LANGUAGES)
    assert all(any(g.startswith(" ") for g in grams) for grams in data.NGRAMS.values())


def test_plausibility_separates_spoofs_from_names() -> None:
    from polyglot_press.scripts.plausibility import is_cyrillic_word, script_score

    # a spoof reads far better as English than it reads as any Cyrillic language
    for spoof, reading in (("аррӏе", "apple"), ("һеӏӏо", "hello"), ("ѕрісе", "spice")):
        own, other = script_score(spoof, "Cyrl"), script_score(reading, "Latn")
        assert own is not None
        assert other is not None
        assert other - own > 1.5
    # names and abbreviations are Russian word forms
    assert all(is_cyrillic_word(w) for w in ("Саша", "Вера", "Тарас", "Маша", "СССР", "ТАСС", "ОАО"))
    assert not any(is_cyrillic_word(w) for w in ("СЕО", "АТМ", "аррӏе"))


def test_compatibility_trigger_covers_every_font_and_wide_character() -> None:
    from polyglot_press.scripts import chars, walk

    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    compat = chars.COMPAT_CHAR_RE.findall(every)
    assert len(compat) > 1000
    word_char = regex.compile(chars.WORD_CHAR_RE.pattern)
    for script in ("Cyrl", "Grek", "Arab", "Hani"):
        triggers = walk.triggers_for(script)
        missed = [c for c in compat if word_char.match(c) and not any(t.match(c) for t in triggers)]
        assert missed == [], script
