"""Character property lookups over the generated tables (no ICU at run time).

Script_Extensions, Identifier_Status/Type, emoji and bidi classes come from
``_data/tables.py``, generated from ICU 78 (Unicode 17) by
``tools/generate_unicode_data.py``. Lookups are a binary search over range
starts, memoised per character.

>>> sorted(script_extensions("а")), sorted(script_extensions("1"))
(['Cyrl'], ['Zyyy'])
>>> sorted(augmented_scripts("漢"))
['Hanb', 'Hani', 'Jpan', 'Kore']
>>> is_allowed("a"), is_allowed("\\u200b")
(True, False)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from ._data import tables as _t

__all__ = [
    "ALL_SCRIPTS",
    "COMMON",
    "INHERITED",
    "UNICODE_VERSION",
    "RangeSet",
    "augmented_scripts",
    "identifier_types",
    "is_allowed",
    "main_script",
    "script_extensions",
]

UNICODE_VERSION: str = _t.UNICODE_VERSION
COMMON = "Zyyy"
INHERITED = "Zinh"
UNKNOWN = "Zzzz"
_NEUTRAL = frozenset({COMMON, INHERITED})

#: UTS #39 §5.1 augmentation of Script_Extensions.
AUGMENT: dict[str, tuple[str, ...]] = {
    "Hani": ("Hanb", "Jpan", "Kore"),
    "Hira": ("Jpan",),
    "Kana": ("Jpan",),
    "Hang": ("Kore",),
    "Bopo": ("Hanb",),
}


class RangeSet:
    """A set of code points stored as sorted inclusive ranges ``(start, end, ...)``.

    >>> s = RangeSet((0x41, 0x5A))
    >>> "Q" in s, "q" in s
    (True, False)
    """

    __slots__ = ("_bounds", "_cache")

    def __init__(self, flat: Sequence[int]) -> None:
        # half-open bounds: inside when bisect index is odd
        self._bounds = [v + (i % 2) for i, v in enumerate(flat)]
        self._cache: dict[str, bool] = {}

    def __contains__(self, ch: object) -> bool:
        if not isinstance(ch, str) or len(ch) != 1:
            return False
        hit = self._cache.get(ch)
        if hit is None:
            hit = bisect_right(self._bounds, ord(ch)) % 2 == 1
            self._cache[ch] = hit
        return hit

    def regex_class(self) -> str:
        """The set as the body of a regular-expression character class."""
        parts = []
        for i in range(0, len(self._bounds), 2):
            lo, hi = self._bounds[i], self._bounds[i + 1] - 1
            parts.append(f"\\U{lo:08X}" if lo == hi else f"\\U{lo:08X}-\\U{hi:08X}")
        return "".join(parts)


ALLOWED = RangeSet(_t.ALLOWED)
EMOJI = RangeSet(_t.EMOJI)
EMOJI_MODIFIER = RangeSet(_t.EMOJI_MODIFIER)
EXTENDED_PICTOGRAPHIC = RangeSet(_t.EXTENDED_PICTOGRAPHIC)
VIRAMA = RangeSet(_t.VIRAMA)
STRONG_RTL = RangeSet(_t.STRONG_RTL)
DEFAULT_IGNORABLE = RangeSet(_t.DEFAULT_IGNORABLE)
BIDI_CONTROL = RangeSet(_t.BIDI_CONTROL)

_SCX: dict[str, frozenset[str]] = {}
_AUG: dict[str, frozenset[str]] = {}

ALL_SCRIPTS: frozenset[str] = frozenset(
    {name for value in _t.SCX_VALUES for name in value.split()}
    | {a for extra in AUGMENT.values() for a in extra}
) - {COMMON, INHERITED, UNKNOWN}


def script_extensions(ch: str) -> frozenset[str]:
    """Script_Extensions of one character as ISO 15924 codes (``Zyyy`` = Common)."""
    found = _SCX.get(ch)
    if found is None:
        value = _t.SCX_VALUES[bisect_right(_t.SCX_STARTS, ord(ch)) - 1]
        found = frozenset(value.split())
        _SCX[ch] = found
    return found


def augmented_scripts(ch: str) -> frozenset[str]:
    """Augmented Script_Extensions (UTS #39 §5.1); empty for Common/Inherited.

    An empty set means "any script": the character does not constrain the
    resolved script set of a string.
    """
    found = _AUG.get(ch)
    if found is None:
        scx = script_extensions(ch)
        if scx <= _NEUTRAL:
            found = frozenset()
        else:
            extra = {a for s in scx for a in AUGMENT.get(s, ())}
            found = frozenset(scx | extra) - _NEUTRAL
        _AUG[ch] = found
    return found


def main_script(ch: str) -> str | None:
    """The single script of ``ch`` when its Script_Extensions has exactly one, else None.

    >>> main_script("ж"), main_script("1"), main_script("ー")
    ('Cyrl', None, None)
    """
    scx = script_extensions(ch)
    if len(scx) == 1:
        (only,) = scx
        if only not in _NEUTRAL and only != UNKNOWN:
            return only
    return None


def is_allowed(ch: str) -> bool:
    """Identifier_Status=Allowed (UTS #39 §3.1)."""
    return ch in ALLOWED


def identifier_types(ch: str) -> frozenset[str]:
    """Identifier_Type values of ``ch`` (``Recommended``, ``Inclusion``, ``Obsolete``, ...).

    >>> sorted(identifier_types("a")), sorted(identifier_types("\\u04cf"))
    (['Recommended'], ['Recommended'])
    """
    value = _t.ID_TYPE_VALUES[bisect_right(_t.ID_TYPE_STARTS, ord(ch)) - 1]
    return frozenset(value.split())
