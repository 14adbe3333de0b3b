"""The fold tables are filled lazily, one code point at a time (start-up: no sweep of
Unicode before the first match); they must give exactly what the whole tables built
in one go gave. The reference below is that earlier eager construction, kept here."""

from __future__ import annotations

import unicodedata

import pytest

from polyglot_press.glossary import _seams, folding


def _eager_table(confusables: bool, diacritics: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x80):
        ch = chr(cp)
        if not (ch.isalnum() or ch == "_"):
            table[cp] = " "
    for cp in range(0x80, 0x3100):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat[0] in "PZSC" and cat != "Cf":
            table[cp] = " "
    for cp in range(0xFE30, 0xFF10):
        if unicodedata.category(chr(cp))[0] in "PZS":
            table[cp] = " "
    table[ord("ς")] = "σ"
    if diacritics:
        for cp in range(0xC0, 0x2000):
            ch = chr(cp)
            decomposed = unicodedata.normalize("NFD", ch)
            if len(decomposed) > 1 and not unicodedata.combining(decomposed[0]) and all(
                    unicodedata.combining(c) for c in decomposed[1:]):
                table[cp] = decomposed[0]
        for k, v in folding._EXTRA_STRIP.items():
            table[ord(k)] = v
    if confusables:
        ascii_by_skeleton: dict[str, list[str]] = {}
        for cp in range(0x41, 0x7B):
            ch = chr(cp)
            if ch.isalpha():
                ascii_by_skeleton.setdefault(_seams.skeleton(ch), []).append(ch)
        for cp, target in _seams.fold_table().items():
            ch = chr(cp)
            if ch.isascii() or cp in table:
                continue
            choices = ascii_by_skeleton.get(target, [])
            same_case = [c for c in choices if c.isupper() == ch.isupper()]
            table[cp] = same_case[0] if same_case else (choices[0] if choices else target)
    return table


def _eager_one_pass(table: dict[int, str]) -> dict[int, str]:
    merged: dict[int, str] = {}
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if len(ch.lower()) != 1:
            continue
        folded = ch.translate(table).lower().translate(table)
        if len(folded) == 1 and folded != ch:
            merged[cp] = folded
    return merged


@pytest.mark.parametrize("confusables", [True, False])
@pytest.mark.parametrize("diacritics", [False, True])
def test_lazy_tables_equal_the_whole_tables(confusables: bool, diacritics: bool) -> None:
    eager = _eager_table(confusables, diacritics)
    lazy = folding.fold_table(confusables, diacritics)
    one_pass = folding._one_pass(confusables, diacritics)
    eager_one_pass = _eager_one_pass(eager)
    # every code point of the BMP and the start of the astral planes, as str.translate asks
    for cp in range(0x11000):
        ch = chr(cp)
        assert lazy[cp] == eager.get(cp, ch), hex(cp)
        if cp < 0x10000 and not 0xD800 <= cp <= 0xDFFF:
            assert one_pass[cp] == eager_one_pass.get(cp, ch), hex(cp)


def test_the_confusable_table_is_its_characters() -> None:
    table = _seams.fold_table()
    assert all(_seams.fold_char(cp) == target for cp, target in table.items())
    assert sum(1 for cp in range(0x10000) if _seams.fold_char(cp) is not None) == len(table)


def test_a_fold_fills_only_the_characters_it_meets() -> None:
    # a fresh table, as at start-up
    table = folding._LazyTable(lambda cp: folding._table_entry(cp, True, False))
    assert "Оwen, OSCE".translate(table) == "Owen  OSCE"
    assert set(table) == {ord(c) for c in "Оwen, OSCE"}
