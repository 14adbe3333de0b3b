"""UTS #39 confusable skeletons and same-skeleton counterparts in another script.

``skeleton(s)`` is NFD, then each character replaced by its prototype from
confusables.txt (generated table), then NFD again. Two strings are confusable
when their skeletons are equal. Results are memoised: the glossary matcher
calls :func:`skeleton` on every candidate term.

>>> skeleton("Оwen") == skeleton("Owen")
True
>>> are_confusable("paypal", "раураl"), are_confusable("paypal", "paypai")
(True, False)
>>> counterpart("О", "Latn"), counterpart("p", "Cyrl"), counterpart("ж", "Latn")
('O', 'р', None)
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from . import _ucd
from ._data import tables as _t

__all__ = ["are_confusable", "counterpart", "skeleton"]

_MAP: dict[str, str] = _t.SKELETON


@lru_cache(maxsize=1 << 16)
def skeleton(s: str) -> str:
    """The UTS #39 skeleton of ``s`` (memoised).

    >>> skeleton("ΝΙΚΕ")
    'NlKE'
    >>> skeleton("scope") == skeleton("ѕсоре")
    True
    """
    if s.isascii() and not any(c in _MAP for c in s):
        return s  # most ASCII is its own skeleton ("I" -> "l", "0" -> "O" are not)
    decomposed = unicodedata.normalize("NFD", s)
    mapped = "".join([_MAP.get(c, c) for c in decomposed])
    return unicodedata.normalize("NFD", mapped)


def are_confusable(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` have the same skeleton (UTS #39 §4).

    >>> are_confusable("Owen", "Оwen"), are_confusable("Owen", "Owen")
    (True, True)
    """
    return a == b or skeleton(a) == skeleton(b)


@lru_cache(maxsize=1)
def _reverse_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for ch, sk in _MAP.items():
        index.setdefault(sk, []).append(ch)
    # each prototype stands for itself
    for sk in list(index):
        if len(sk) == 1 and sk not in _MAP:
            index[sk].append(sk)
    return {sk: tuple(chars) for sk, chars in index.items()}


def _case(ch: str) -> int:
    return 1 if ch.isupper() else (-1 if ch.islower() else 0)


@lru_cache(maxsize=4096)
def counterpart(ch: str, script: str) -> str | None:
    """The character of ``script`` with the same skeleton as ``ch``, or None.

    Prefers a character with Identifier_Status=Allowed, the same letter case,
    and the skeleton's own prototype; ties go to the lowest code point.
    """
    if script in _ucd.augmented_scripts(ch):
        return ch
    sk = skeleton(ch)
    candidates = _reverse_index().get(sk, ())
    if not candidates and len(sk) == 1:
        candidates = (sk,)
    best: tuple[tuple[int, int, int, int], str] | None = None
    want_case = _case(ch)
    for cand in candidates:
        if cand == ch or _ucd.main_script(cand) != script:
            continue
        if skeleton(cand) != sk:
            continue
        key = (
            0 if _ucd.is_allowed(cand) else 1,
            0 if _case(cand) == want_case else 1,
            0 if cand == sk else 1,
            ord(cand),
        )
        if best is None or key < best[0]:
            best = (key, cand)
    return None if best is None else best[1]
