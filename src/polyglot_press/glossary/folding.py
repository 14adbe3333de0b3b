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
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import regex

from . import _seams

__all__ = ["fold", "fold_table", "fold_with_offsets"]

_MARKS = regex.compile(r"\p{M}")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")



_EXTRA_STRIP = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i",
                "ħ": "h", "ŧ": "t", "æ": "ae"[0], "œ": "o"}


class _LazyTable(dict[int, str]):
    """A ``str.translate`` table whose entry for a code point is worked out the first
    time a text holds it (``__missing__``), then kept: folding a document costs
    the characters it uses, not a sweep of Unicode at start-up. A character that
    does not change maps to itself."""

    __slots__ = ("_entry",)

    def __init__(self, entry: Callable[[int], str | None]) -> None:
        super().__init__()
        self._entry = entry

    def __missing__(self, cp: int) -> str:
        value = self._entry(cp)
        if value is None:
            value = chr(cp)
        self[cp] = value
        return value


@lru_cache(maxsize=1)
def _ascii_by_skeleton() -> dict[str, list[str]]:
    by_skeleton: dict[str, list[str]] = {}
    for cp in range(0x41, 0x7B):
        ch = chr(cp)
        if ch.isalpha():
            by_skeleton.setdefault(_seams.skeleton(ch), []).append(ch)
    return by_skeleton


def _table_entry(cp: int, confusables: bool, diacritics: bool) -> str | None:
    """What :func:`fold_table` maps ``cp`` to (``None``: itself). In order, each
    later rule overriding an earlier one: ASCII punctuation and symbols, then
    punctuation, separators, symbols and controls up to U+30FF and among the
    CJK compatibility and full-width forms, to a space; final sigma to sigma;
    with ``diacritics``, a letter with marks to its base letter (and the few
    letters whose stroke is no mark); with ``confusables``, a letter of
    another script that looks like a Latin letter to that letter (only where no
    rule above applied)."""
    ch = chr(cp)
    value: str | None = None
    if cp < 0x80:
        if not (ch.isalnum() or ch == "_"):
            value = " "
    elif cp < 0x3100:
        category = unicodedata.category(ch)
        if category[0] in "PZSC" and category != "Cf":
            value = " "
    if 0xFE30 <= cp < 0xFF10 and unicodedata.category(ch)[0] in "PZS":
        value = " "
    if cp == 0x3C2:  # ς
        value = "σ"
    if diacritics:
        if 0xC0 <= cp < 0x2000:
            decomposed = unicodedata.normalize("NFD", ch)
            if len(decomposed) > 1 and not unicodedata.combining(decomposed[0]) and all(
                    unicodedata.combining(c) for c in decomposed[1:]):
                value = decomposed[0]
        value = _EXTRA_STRIP.get(ch, value)
    if confusables and value is None and not ch.isascii():
        target = _seams.fold_char(cp)
        if target is not None:
            choices = _ascii_by_skeleton().get(target, [])
            same_case = [c for c in choices if c.isupper() == ch.isupper()]
            value = same_case[0] if same_case else (choices[0] if choices else target)
    return value


@lru_cache(maxsize=4)
def _table(confusables: bool, diacritics: bool) -> dict[int, str]:
    return _LazyTable(lambda cp: _table_entry(cp, confusables, diacritics))


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


def _one_pass_entry(cp: int, table: dict[int, str]) -> str | None:
    if cp >= 0x10000 or 0xD800 <= cp <= 0xDFFF:
        return None  # astral text takes the slow path; surrogates are no characters
    ch = chr(cp)
    if len(ch.lower()) != 1:
        return None
    folded = ch.translate(table).lower().translate(table)
    return folded if len(folded) == 1 and folded != ch else None


@lru_cache(maxsize=4)
def _one_pass(confusables: bool, diacritics: bool) -> dict[int, str]:
    """One table that folds NFC text in a single ``str.translate``: lowercase,
    then the confusable/diacritic/punctuation table, for every BMP character
    whose fold is one character (filled as characters are met)."""
    table = _table(confusables, diacritics)
    return _LazyTable(lambda cp: _one_pass_entry(cp, table))


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
# finds a CJK letter wherever there is one; one class of both ranges would say the
# same but takes re ten times longer to compile (10 ms at every start-up)
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
    if not text.isascii() and _CJK_RUNS.search(folded):
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
    if not text.isascii() and _CJK_RUNS.search(folded):
        folded, starts, ends = _segment(folded, starts, ends)
    if "  " in folded:
        folded, starts, ends = _collapse(text, folded, starts, ends)
    return folded, starts, ends
