"""Named records the scanner's passes hand each other.

:class:`Issue` is a finding with the changes that fix it; :class:`CharFacts`,
:class:`WordInfo`, :class:`WordAt` and :class:`Candidate` replace the bare
tuples of the per-character and per-word passes (NamedTuples where the hot
loops unpack them, a frozen dataclass elsewhere).

>>> Candidate(3, 8, "ѕсоре", "Cyrl", "scope").reading
'scope'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from ..text import Change, Finding

__all__ = ["Candidate", "CharFacts", "Issue", "WordAt", "WordInfo"]


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding plus the changes that would fix it and the repair ``category``.

    The category says which :class:`~polyglot_press.scripts.RepairPolicy`
    field governs the fix: "homoglyph", "whole-script", "compatibility",
    "invisible", "bidi", "bidi-mark", "numbers" (never fixed) or "link" (never fixed).
    """

    finding: Finding
    fix: tuple[Change, ...] = ()
    category: str = ""


class CharFacts(NamedTuple):
    """What the word pass needs to know about one character (memoised per character)."""

    script: str | None  # main script if a letter
    scripts: frozenset[str]  # augmented Script_Extensions (UTS #39 §5.1)
    compat: bool  # a compatibility letter or digit (<font>/<wide>, see chars.COMPAT_CHAR_RE)
    zero: int  # code point of the zero of its decimal system, or -1
    ignorable: bool  # Default_Ignorable_Code_Point
    stand_in: (
        str | None
    )  # for a Roman-numeral, IPA, small-capital or modifier letter: the letter it passes for
    phonetic: bool  # a phonetic letter that passes for none (ʃ, ʒ): the word is a transcription


@dataclass(frozen=True, slots=True)
class WordInfo:
    """Per-word analysis (memoised by the word's text)."""

    script: str | None  # the single script of the word's letters, if any
    letters: Counter[str]  # letters per script
    mixed: bool
    majority: str | None
    compat_runs: tuple[tuple[int, int], ...]
    mixed_digits: bool
    ascii_letters: int  # already counted by the text-wide ASCII letter count
    stand_ins: tuple[int, ...] = ()  # offsets of Roman-numeral/phonetic letters standing in for others


class WordAt(NamedTuple):
    """A word of the text, where it is and what it is."""

    start: int
    end: int
    word: str
    info: WordInfo


class Candidate(NamedTuple):
    """A word wholly in another script whose every letter reads as one of the main script."""

    start: int
    end: int
    word: str
    script: str  # the word's own script
    reading: str  # the word spelled with the main script's lookalikes
