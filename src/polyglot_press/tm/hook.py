"""What the pipeline asks of the memory before translating: human exact matches, fuzzy offers.

:func:`memory_matches` looks the source segments up among the human rows
(exact matches, which the pipeline uses instead of the engine) and, for the
others, offers fuzzy matches at or above :data:`FUZZY_THRESHOLD` for the
report. Nothing fuzzy is applied.

>>> import tempfile, os
>>> from polyglot_press.tm import TranslationMemory
>>> tm = TranslationMemory(os.path.join(tempfile.mkdtemp(), "tm.sqlite3"))
>>> tm.store_human("en", "pt", [("The minister arrived.", "O ministro chegou.")])
1
>>> found = memory_matches(tm, ["The minister arrived.", "The ministers arrived."], "en", "pt")
>>> found.exact
['O ministro chegou.', None]
>>> [[m.translation for m in offers] for offers in found.fuzzy]
[[], ['O ministro chegou.']]
>>> tm.close()
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .cached import MemoryLike
from .human import FuzzyMatch
from .memory import TranslationMemory

__all__ = ["FUZZY_THRESHOLD", "MemoryMatches", "memory_matches"]

FUZZY_THRESHOLD = 75.0


@dataclass(frozen=True)
class MemoryMatches:
    """Per segment: the human translation to use (or ``None``), and fuzzy offers."""

    exact: list[str | None]
    fuzzy: list[list[FuzzyMatch]]


def memory_matches(memory: MemoryLike, segments: Sequence[str], source: str, target: str,
                   *, threshold: float = FUZZY_THRESHOLD, limit: int = 3) -> MemoryMatches:
    """Human exact matches for ``segments`` and fuzzy offers for the rest.

    Fuzzy offers come from a :class:`TranslationMemory` (a worker's
    :class:`~polyglot_press.tm.DeltaWriter` offers exact matches only).
    """
    exact = memory.lookup_human(source, target, segments)
    rest = [i for i, hit in enumerate(exact) if hit is None]
    offers: list[list[FuzzyMatch]] = [[] for _ in segments]
    if rest and isinstance(memory, TranslationMemory) and memory.has_human():
        found = memory.fuzzy(source, target, [segments[i] for i in rest], threshold=threshold,
                             limit=limit)
        for i, matches in zip(rest, found, strict=True):
            offers[i] = matches
    return MemoryMatches(exact, offers)
