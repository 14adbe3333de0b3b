"""Resolved script sets and restriction levels (UTS #39 §5.1, §5.2).

>>> sorted(resolved_scripts("Owen"))
['Latn']
>>> resolved_scripts("Оwen")
frozenset()
>>> sorted(resolved_scripts("東京タワー"))
['Jpan']
>>> restriction_level("Оwen")
<RestrictionLevel.MINIMALLY_RESTRICTIVE: 5>
>>> restriction_level("Tシャツ")
<RestrictionLevel.HIGHLY_RESTRICTIVE: 3>
"""

from __future__ import annotations

import enum
from functools import lru_cache

from . import _ucd

__all__ = ["HIGHLY_RESTRICTIVE_SETS", "RestrictionLevel", "resolved_scripts", "restriction_level"]

#: The script combinations UTS #39 allows at the Highly Restrictive level.
HIGHLY_RESTRICTIVE_SETS: tuple[frozenset[str], ...] = (
    frozenset({"Latn", "Hani", "Hira", "Kana", "Jpan"}),
    frozenset({"Latn", "Hani", "Bopo", "Hanb"}),
    frozenset({"Latn", "Hani", "Hang", "Kore"}),
)


class RestrictionLevel(enum.IntEnum):
    """UTS #39 §5.2 restriction levels, from most to least restrictive."""

    ASCII = 1
    SINGLE_SCRIPT = 2
    HIGHLY_RESTRICTIVE = 3
    MODERATELY_RESTRICTIVE = 4
    MINIMALLY_RESTRICTIVE = 5
    UNRESTRICTED = 6


@lru_cache(maxsize=1 << 14)
def resolved_scripts(s: str) -> frozenset[str]:
    """The resolved script set of ``s``: intersection of augmented Script_Extensions.

    Characters of Common or Inherited script do not constrain it; a string made
    only of them resolves to every script (``ALL_SCRIPTS``). An empty result
    means the string mixes scripts.

    >>> resolved_scripts("123") == _ucd.ALL_SCRIPTS
    True
    """
    result: frozenset[str] | None = None
    for ch in s:
        scripts = _ucd.augmented_scripts(ch)
        if not scripts:
            continue
        result = scripts if result is None else result & scripts
        if not result:
            return frozenset()
    return _ucd.ALL_SCRIPTS if result is None else result


def covered_by(s: str, allowed: frozenset[str]) -> bool:
    """True when every script-bearing character of ``s`` has a script in ``allowed``."""
    return all((not scripts) or bool(scripts & allowed) for scripts in map(_ucd.augmented_scripts, s))


def is_highly_restrictive(s: str) -> bool:
    """Single script, or one of Latin+Jpan, Latin+Hanb, Latin+Kore."""
    if resolved_scripts(s):
        return True
    return any(covered_by(s, combo) for combo in HIGHLY_RESTRICTIVE_SETS)


@lru_cache(maxsize=1 << 12)
def restriction_level(s: str) -> RestrictionLevel:
    """The UTS #39 §5.2 restriction level of an identifier-like string ``s``.

    Meant for single words or identifiers: a space is not an identifier
    character, so a sentence is ``UNRESTRICTED``.

    >>> restriction_level("paypal"), restriction_level("Привет")
    (<RestrictionLevel.ASCII: 1>, <RestrictionLevel.SINGLE_SCRIPT: 2>)
    >>> restriction_level("Bookχ")
    <RestrictionLevel.MINIMALLY_RESTRICTIVE: 5>
    """
    if not all(_ucd.is_allowed(ch) for ch in s):
        return RestrictionLevel.UNRESTRICTED
    if s.isascii():
        return RestrictionLevel.ASCII
    if resolved_scripts(s):
        return RestrictionLevel.SINGLE_SCRIPT
    if any(covered_by(s, combo) for combo in HIGHLY_RESTRICTIVE_SETS):
        return RestrictionLevel.HIGHLY_RESTRICTIVE
    others = {sc for ch in s for sc in _ucd.augmented_scripts(ch) if sc != "Latn"}
    # Latin + one other Recommended script except Cyrillic and Greek
    for other in others:
        if other in {"Cyrl", "Grek"}:
            continue
        if covered_by(s, frozenset({"Latn", other})) and all(
            "Recommended" in _ucd.identifier_types(ch) or "Inclusion" in _ucd.identifier_types(ch)
            for ch in s
            if other in _ucd.augmented_scripts(ch)
        ):
            return RestrictionLevel.MODERATELY_RESTRICTIVE
    return RestrictionLevel.MINIMALLY_RESTRICTIVE
