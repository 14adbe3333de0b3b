"""Human translations in the memory: exact lookup (used first) and fuzzy matches (offered).

Human rows are keyed by language pair and normalized segment, never by
engine or glossary. A lookup for ``en -> pt`` finds rows stored as ``en-US ->
pt-BR`` too (same primary languages); a row whose tags equal the asked ones
wins, then the one with the shortest tags, then the first in tag order.

Fuzzy matching uses rapidfuzz's normalized Indel similarity (``fuzz.ratio``,
0-100) on normalized segments; only rows whose length could reach the
threshold are read from the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import MissingDependencyError
from ..lang import lang_base
from ._schema import normalize_segment

__all__ = ["FuzzyMatch", "fuzzy_matches", "lookup_human"]


@dataclass(frozen=True)
class FuzzyMatch:
    """A human translation of a segment similar to the one asked for (not applied)."""

    source: str
    translation: str
    score: float
    source_lang: str
    target_lang: str
    origin: str

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {"source": self.source, "translation": self.translation,
                "score": round(self.score, 1), "source_lang": self.source_lang,
                "target_lang": self.target_lang, "origin": self.origin}


def _preference(asked_source: str, asked_target: str, source: str, target: str
                ) -> tuple[int, int, str, str]:
    exact = int(source.lower() != asked_source.lower()) + int(target.lower() != asked_target.lower())
    return (exact, len(source) + len(target), source, target)


def lookup_human(conn: sqlite3.Connection, source: str, target: str,
                 segments: Sequence[str]) -> list[str | None]:
    """The human translation of each segment (``None`` where there is none)."""
    cores = [normalize_segment(s) for s in segments]
    unique = [c for c in dict.fromkeys(cores) if c]
    best: dict[str, tuple[tuple[int, int, str, str], str]] = {}
    sbase, tbase = lang_base(source), lang_base(target)
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT segment, translation, source_lang, target_lang FROM human "
            f"WHERE source_base=? AND target_base=? AND segment IN ({marks})",
            (sbase, tbase, *chunk)).fetchall()
        for segment, translation, row_source, row_target in rows:
            rank = _preference(source, target, row_source, row_target)
            if segment not in best or rank < best[segment][0]:
                best[segment] = (rank, translation)
    return [best[c][1] if c in best else None for c in cores]


def fuzzy_matches(conn: sqlite3.Connection, source: str, target: str, segments: Sequence[str],
                  threshold: float, limit: int) -> list[list[FuzzyMatch]]:
    """Up to ``limit`` human rows per segment scoring at least ``threshold`` (exact ones left out)."""
    try:
        from rapidfuzz import fuzz, process
    except ImportError:
        raise MissingDependencyError(
            "fuzzy matches in the translation memory need rapidfuzz, which comes with the "
            "engines: pip install 'polyglot-press[argos]' or 'polyglot-press[bergamot]'") from None

    if not 0 < threshold <= 100:
        raise ValueError(f"threshold must be in (0, 100], not {threshold}")
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    sbase, tbase = lang_base(source), lang_base(target)
    share = threshold / 100
    out: list[list[FuzzyMatch]] = []
    for segment in segments:
        core = normalize_segment(segment)
        if not core:
            out.append([])
            continue
        # ratio = 2m / (a + b) >= share needs share / (2 - share) <= b / a <= (2 - share) / share
        low = int(len(core) * share / (2 - share))
        high = int(len(core) * (2 - share) / share) + 1
        rows = conn.execute(
            "SELECT segment, translation, source_lang, target_lang, origin FROM human "
            "WHERE source_base=? AND target_base=? AND length(segment) BETWEEN ? AND ? "
            "AND segment != ? ORDER BY key", (sbase, tbase, low, high, core)).fetchall()
        if not rows:
            out.append([])
            continue
        found = process.extract(core, [r[0] for r in rows], scorer=fuzz.ratio,
                                score_cutoff=threshold, limit=None)
        matches = sorted(
            (FuzzyMatch(rows[i][0], rows[i][1], float(score), rows[i][2], rows[i][3], rows[i][4])
             for _, score, i in found),
            key=lambda m: (-m.score, _preference(source, target, m.source_lang, m.target_lang),
                           m.source))
        out.append(matches[:limit])
    return out
