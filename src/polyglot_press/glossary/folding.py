"""Folding text to matching keys, length for length.

:func:`fold` lowercases, maps confusable letters to their skeleton letter,
turns punctuation into spaces and optionally strips diacritics, keeping one
character per character so that offsets in the folded text are offsets in the
original (:func:`fold_with_offsets` gives the offsets where that cannot hold:
characters that fold to two, CJK word breaks, collapsed spaces).

>>> fold("OSСE/ODIHR"), fold("Jan Švec", diacritics=True)
('osce odihr', 'jan svec')
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import regex

from . import _seams

__all__ = ["fold", "fold_table", "fold_with_offsets"]

_MARKS = regex.compile(r"\p{M}")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")



_EXTRA_STRIP = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i",
                "ħ": "h", "ŧ": "t", "æ": "ae"[0], "œ": "o"}


@lru_cache(maxsize=4)
def _table(confusables: bool, diacritics: bool) -> dict[int, str]:
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
        for k, v in _EXTRA_STRIP.items():
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


def _fold_chunk(chunk: str, table: dict[int, str], diacritics: bool) -> str:
    text = unicodedata.normalize("NFC", chunk).translate(table).lower()
    if diacritics:
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
        text = unicodedata.normalize("NFC", text)
    return text.translate(table)


def _fold_slow(text: str, table: dict[int, str], diacritics: bool) -> tuple[str, list[int],
                                                                              list[int]]:
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = _fold_chunk(text[i:j], table, diacritics)
        pieces.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return "".join(pieces), starts, ends


@lru_cache(maxsize=4)
def _one_pass(confusables: bool, diacritics: bool) -> dict[int, str]:
    """One table that folds NFC text in a single ``str.translate``: lowercase,
    then the confusable/diacritic/punctuation table, for every BMP character
    whose fold is one character."""
    table = _table(confusables, diacritics)
    merged: dict[int, str] = {}
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        low = ch.lower()
        if len(low) != 1:
            continue
        folded = ch.translate(table).lower().translate(table)
        if len(folded) == 1 and folded != ch:
            merged[cp] = folded
    return merged


def _fold_fast(text: str, one_pass: dict[int, str], diacritics: bool) -> str | None:
    """The fold of ``text`` when it keeps its length, else ``None``."""
    if text.isascii():
        return text.translate(one_pass)
    if not unicodedata.is_normalized("NFC", text) or (diacritics and _MARKS.search(text)):
        return None
    if "\u0130" in text or _ASTRAL.search(text):
        return None  # İ lowercases to two characters; astral letters: the slow path
    return text.translate(one_pass)


# Unicode word boundaries (UAX #29) fall between any two ideographs or hiragana
# and between katakana and other letters; the folded text gets a space there so
# that "北京" is found in "我在北京大学" and "OSCE" in "中OSCE中", while Latin,
# Cyrillic, Armenian, Hangul ... words still end only at spaces and punctuation.
_OWN_WORD = ("\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3041-\u309f"
             "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U0001b001-\U0001b11f"
             "\U00020000-\U0003ffff")
_KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_CJK = re.compile(f"[{_OWN_WORD}{_KATAKANA}]")
_CJK_RUNS = re.compile(f"[{_OWN_WORD}]|[{_KATAKANA}]+")


def _segment(folded: str, starts: Sequence[int] | None,
             ends: Sequence[int] | None) -> tuple[str, list[int], list[int]]:
    """Insert a space at each CJK word boundary of ``folded``; offsets follow."""
    n = len(folded)
    cuts: set[int] = set()
    for m in _CJK_RUNS.finditer(folded):
        cuts.add(m.start())
        cuts.add(m.end())
    points = sorted(p for p in cuts if 0 < p < n and folded[p - 1] != " " and folded[p] != " "
                    and not unicodedata.combining(folded[p]))
    if starts is None or ends is None:
        starts, ends = list(range(n)), list(range(1, n + 1))
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    for p in (*points, n):
        pieces.append(folded[last:p])
        new_starts.extend(starts[last:p])
        new_ends.extend(ends[last:p])
        if p < n:
            pieces.append(" ")
            new_starts.append(starts[p])
            new_ends.append(starts[p])
        last = p
    return "".join(pieces), new_starts, new_ends


_WS_RUN = re.compile(r"\s{2,}")
_SPACE_RUN = re.compile(" {2,}")


class _Shifted(Sequence[int]):
    """Text offsets of a folded text whose whitespace runs were collapsed: the
    offset of folded character ``j`` is ``j`` plus the characters dropped before it."""

    __slots__ = ("_bounds", "_length", "_offsets", "_plus")

    def __init__(self, bounds: list[int], offsets: list[int], length: int, plus: int) -> None:
        self._bounds, self._offsets, self._length, self._plus = bounds, offsets, length, plus

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, j: Any) -> Any:
        k = bisect_right(self._bounds, j) - 1
        return j + self._offsets[k] + self._plus


def _collapse(text: str, folded: str, starts: Sequence[int] | None,
              ends: Sequence[int] | None) -> tuple[str, Sequence[int] | None, Sequence[int] | None]:
    """Fold each run of whitespace in ``text`` to one space ("New  York", a line
    break and an indent inside a term), keeping offsets into ``text``."""
    if starts is None or ends is None:
        drops = [(m.start() + 1, m.end()) for m in _WS_RUN.finditer(text)]
    else:
        drops = [(m.start() + 1, m.end()) for m in _SPACE_RUN.finditer(folded)
                 if text[starts[m.start()]:ends[m.end() - 1]].isspace()]
    if not drops:
        return folded, starts, ends
    pieces = []
    last = 0
    for a, b in drops:
        pieces.append(folded[last:a])
        last = b
    pieces.append(folded[last:])
    out = "".join(pieces)
    if starts is None or ends is None:
        bounds, offsets, removed = [0], [0], 0
        for a, b in drops:
            bounds.append(a - removed)
            removed += b - a
            offsets.append(removed)
        return out, _Shifted(bounds, offsets, len(out), 0), _Shifted(bounds, offsets, len(out), 1)
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    for a, b in drops:
        new_starts.extend(starts[last:a])
        new_ends.extend(ends[last:a])
        last = b
    new_starts.extend(starts[last:])
    new_ends.extend(ends[last:])
    return out, new_starts, new_ends


def fold(text: str, *, confusables: bool = True, diacritics: bool = False) -> str:
    """The matching key of ``text``.

    >>> fold("OSСE/ODIHR"), fold("Jan Švec", diacritics=True), fold("中OSCE")
    ('osce odihr', 'jan svec', '中 osce')
    """
    if _WS_RUN.search(text):
        text = _WS_RUN.sub(" ", text)
    folded = _fold_fast(text, _one_pass(confusables, diacritics), diacritics)
    if folded is None:
        folded = _fold_slow(text, _table(confusables, diacritics), diacritics)[0]
    if not text.isascii() and _CJK.search(folded):
        folded = _segment(folded, None, None)[0]
    return folded


def fold_table(confusables: bool, diacritics: bool) -> dict[int, str]:
    """The per-character table :func:`fold` uses (cached)."""
    return _table(confusables, diacritics)


def fold_with_offsets(text: str, confusables: bool, diacritics: bool
                      ) -> tuple[str, Sequence[int] | None, Sequence[int] | None]:
    """``fold(text)`` and, when the fold is not length for length, the start and
    end offset in ``text`` of each folded character (None, None otherwise)."""
    starts: Sequence[int] | None = None
    ends: Sequence[int] | None = None
    folded: str | None = _fold_fast(text, _one_pass(confusables, diacritics), diacritics)
    if folded is None:
        folded, starts, ends = _fold_slow(text, _table(confusables, diacritics), diacritics)
    if not text.isascii() and _CJK.search(folded):
        folded, starts, ends = _segment(folded, starts, ends)
    if "  " in folded:
        folded, starts, ends = _collapse(text, folded, starts, ends)
    return folded, starts, ends
