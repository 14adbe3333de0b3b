"""Find glossary terms in text: one Aho-Corasick automaton per glossary.

:func:`compile_matcher` folds every form of every term (NFC, lowercase,
confusable skeleton letters, punctuation to spaces; optionally diacritics) and
puts it in a ``pyahocorasick`` automaton once. :meth:`GlossaryMatcher.find`
folds the text the same way, length for length, so offsets in the folded text
are offsets in the original; the automaton returns leftmost-longest matches,
which are kept only at Unicode word boundaries and when the term's case
policy allows the text's letter case.

A match found only through a confusable fold (``Оwen`` with a Cyrillic ``О``)
is kept when the word shares at least one letter script with the term: a
whole word in another script is not a spoof of the term but another word.

>>> from polyglot_press.glossary.model import Concept, Glossary, Term
>>> g = Glossary("d", concepts=(
...     Concept("osce", terms=(Term("en", "OSCE"), Term("ru", "ОБСЕ"))),
...     Concept("murphy", "person", (Term("en", "Owen Murphy"),)),
... ))
>>> m = compile_matcher(g)
>>> [(x.span.start, x.concept_id, x.via) for x in m.find("Оwen Murphy met the OSСE, not the osce.")]
[(0, 'murphy', 'confusable'), (20, 'osce', 'confusable')]
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import ahocorasick
import regex

from ..text import Span
from . import _seams
from .model import CasePolicy, ConceptKind, Glossary, Role

__all__ = ["GlossaryMatcher", "Match", "MatcherConfig", "TermRef", "compile_matcher", "fold"]

_MARKS = regex.compile(r"\p{M}")
_CASEFOLD_PAIRS = (("ß", "ss"), ("ss", "ß"), ("և", "եւ"), ("եւ", "և"))
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@dataclass(frozen=True, slots=True)
class TermRef:
    """One glossary form a match stands for."""

    concept_id: str
    lang: str
    form: str
    role: Role
    case: CasePolicy
    kind: ConceptKind = ConceptKind.TERM
    rule: str = "glossary"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"concept": self.concept_id, "lang": self.lang, "form": self.form,
                "role": str(self.role), "case": str(self.case), "kind": str(self.kind),
                "rule": self.rule}


@dataclass(frozen=True, slots=True)
class Match:
    """A span of text that is a glossary term.

    ``refs`` holds every glossary form the text stands for, best first (the
    requested language, then preferred before variants before forbidden).
    ``via`` says how it matched: ``exact``, ``normalization`` (Unicode form,
    hyphen or space differences), ``case``, ``diacritics`` or ``confusable``.
    """

    start: int
    end: int
    text: str
    refs: tuple[TermRef, ...]
    via: str = "exact"

    @property
    def span(self) -> Span:
        """Where the match is in the text (character offsets)."""
        return Span(self.start, self.end)

    @property
    def concept_id(self) -> str:
        """The concept of the best reference."""
        return self.refs[0].concept_id

    @property
    def lang(self) -> str:
        """The language of the best reference."""
        return self.refs[0].lang

    @property
    def form(self) -> str:
        """The glossary form of the best reference."""
        return self.refs[0].form

    @property
    def role(self) -> Role:
        """The role (preferred, variant, forbidden) of the best reference."""
        return self.refs[0].role

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"span": [self.start, self.end], "text": self.text, "via": self.via,
                "refs": [r.to_dict() for r in self.refs]}


@dataclass(frozen=True, slots=True)
class MatcherConfig:
    """How a glossary is compiled.

    ``confusables``: match through confusable skeleton letters;
    ``whole_script``: also accept words written entirely in another script that
    fold to a term; ``diacritics``: ignore diacritics (``Svec`` finds ``Švec``);
    ``roles``: which forms to look for.
    """

    confusables: bool = True
    whole_script: bool = False
    diacritics: bool = False
    roles: tuple[Role, ...] = (Role.PREFERRED, Role.VARIANT, Role.FORBIDDEN)


# ------------------------------------------------------------------ folding

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


# ------------------------------------------------------------------ matcher


def _case_ok(policy: CasePolicy, found: str, form: str, table: dict[int, str]) -> bool:
    if policy is CasePolicy.IGNORE:
        return True
    a = unicodedata.normalize("NFC", found).translate(table)
    b = unicodedata.normalize("NFC", form).translate(table)
    if policy is CasePolicy.EXACT:
        return a == b
    return a[:1].lower() + a[1:] == b[:1].lower() + b[1:]


def _letters_scripts(text: str) -> set[str]:
    return {_seams.letter_script(c) for c in text} - {""}


class GlossaryMatcher:
    """A compiled glossary. Build once with :func:`compile_matcher`, reuse for every text."""

    def __init__(self, glossary: Glossary, languages: Sequence[str] | None = None,
                 config: MatcherConfig | None = None,
                 extra: Iterable[tuple[str, TermRef]] = ()) -> None:
        self.glossary = glossary
        self.config = config or MatcherConfig()
        self.languages = tuple(languages) if languages is not None else glossary.all_languages()
        self._table = _table(self.config.confusables, self.config.diacritics)
        self._plain = _table(False, False)
        self._one_pass = _one_pass(self.config.confusables, self.config.diacritics)
        self._automaton: Any = ahocorasick.Automaton()
        keys: dict[str, list[TermRef]] = {}
        wanted = set(self.languages)
        roles = set(self.config.roles)
        for concept in glossary.concepts:
            for term in concept.terms:
                if term.lang not in wanted:
                    continue
                for form, role in term.forms():
                    if role not in roles or not form.strip():
                        continue
                    ref = TermRef(concept.id, term.lang, form, role, term.case_policy(form),
                                  concept.kind)
                    for key in self._keys(form):
                        keys.setdefault(key, []).append(ref)
        for form, ref in extra:
            if form.strip():
                for key in self._keys(form):
                    keys.setdefault(key, []).append(ref)
        order = {Role.PREFERRED: 0, Role.VARIANT: 1, Role.FORBIDDEN: 2}
        self.size = 0
        for key, refs in keys.items():
            if not key.strip():
                continue
            unique = (refs[0],) if len(refs) == 1 else tuple(
                dict.fromkeys(sorted(refs, key=lambda r: order[r.role])))
            self._automaton.add_word(" " + key, (len(key) + 1, key.endswith(" "), unique,
                                                 unique[0].form, len(unique) == 1))
            self.size += 1
        if self.size:
            self._automaton.make_automaton()

    def _key(self, form: str) -> str:
        return fold(form, confusables=self.config.confusables, diacritics=self.config.diacritics)

    def _keys(self, form: str) -> set[str]:
        # full case folding equates ß with ss and Armenian և with եւ; lowercasing
        # (which keeps offsets exact) does not, so both spellings become keys
        keys = {self._key(form)}
        low = form.lower()
        for a, b in _CASEFOLD_PAIRS:
            if a in low:
                keys.add(self._key(low.replace(a, b)))
        return keys

    def _fold_text(self, text: str) -> tuple[str, Sequence[int] | None, Sequence[int] | None]:
        folded: str | None = _fold_fast(text, self._one_pass, self.config.diacritics)
        starts: Sequence[int] | None = None
        ends: Sequence[int] | None = None
        if folded is None:
            folded, starts, ends = _fold_slow(text, self._table, self.config.diacritics)
        if not text.isascii() and _CJK.search(folded):
            folded, starts, ends = _segment(folded, starts, ends)
        if "  " in folded:
            folded, starts, ends = _collapse(text, folded, starts, ends)
        return folded, starts, ends

    def find(self, text: str, lang: str | None = None) -> list[Match]:
        """Leftmost-longest glossary matches in ``text``, in order.

        ``lang`` (the text's language) puts references in that language first.
        """
        if not self.size or not text:
            return []
        folded, starts, ends = self._fold_text(text)
        # leading space: every key starts at a word boundary; trailing NUL (never
        # in a key): pyahocorasick's iter_long drops a pending shorter match when
        # the text ends inside a longer key, so the text must not end there
        haystack = " " + folded + "\x00"
        size = len(haystack)
        automaton = self._automaton
        matches: list[Match] = []
        append = matches.append
        pos = 0
        while pos < size:
            restart = None
            for end, (length, open_end, refs, form, single) in automaton.iter_long(haystack,
                                                                                    pos):
                start = end - length + 1
                following = haystack[end + 1]
                if open_end or following == " " or following == "\x00":
                    if starts is None and (single or lang is None) and form == text[start:end]:
                        append(Match(start, end, form, refs, "exact"))
                        continue
                    match = self._make(text, start, end + 1, refs, starts, ends, lang)
                    if match is not None:
                        append(match)
                        continue
                # the longest key here does not end at a word boundary, or its case
                # policy or script refuses the text: the longest shorter key at this
                # start that fits, else go on from the next word
                restart = start + 1
                for stop, shorter in self._shorter(haystack, start, end + 1):
                    match = self._make(text, start, stop, shorter, starts, ends, lang)
                    if match is not None:
                        append(match)
                        restart = stop
                        break
                break
            if restart is None:
                break
            pos = restart
        return matches

    def _shorter(self, haystack: str, start: int, stop: int) -> Iterator[tuple[int, Any]]:
        """Keys starting at ``start`` that are shorter than ``stop`` and end at a
        word boundary, longest first."""
        automaton = self._automaton
        for k in range(stop - 1, start + 1, -1):
            candidate = haystack[start:k]
            if haystack[k] in " \x00" or candidate.endswith(" "):
                value = automaton.get(candidate, None)
                if value is not None:
                    yield k, value[2]

    def _make(self, text: str, hstart: int, hstop: int, refs: tuple[TermRef, ...],
              starts: Sequence[int] | None, ends: Sequence[int] | None,
              lang: str | None) -> Match | None:
        # haystack offsets are folded offsets + 1 (leading sentinel space)
        fstart, fstop = hstart, hstop - 1
        if starts is None or ends is None:
            begin, finish = fstart, fstop
        else:
            begin, finish = starts[fstart], ends[fstop - 1]
        # a key that starts or ends with punctuation-as-space: trim to the text
        found = text[begin:finish]
        first = refs[0]
        if found == first.form:
            kept = list(refs) if lang is not None else refs
            via = "exact"
        else:
            kept = [r for r in refs if r.case is CasePolicy.IGNORE or found == r.form
                    or _case_ok(r.case, found, r.form, self._table)]
            if not kept:
                return None
            via = self._via(found, kept[0].form)
        if via == "confusable" and not self.config.whole_script:
            word_scripts = _letters_scripts(found)
            term_scripts = _letters_scripts(kept[0].form)
            if word_scripts and not (word_scripts & term_scripts):
                return None
        if lang is not None and len(kept) > 1:
            kept = sorted(kept, key=lambda r: r.lang != lang)
        return Match(begin, finish, found, tuple(kept), via)

    def _via(self, found: str, form: str) -> str:
        if found == form:
            return "exact"
        if found.lower() == form.lower() and found.isascii():
            return "case"
        if found.casefold() == form.casefold():
            return "case"
        a, b = unicodedata.normalize("NFC", found), unicodedata.normalize("NFC", form)
        if a == b:
            return "normalization"
        plain = self._plain
        pa, pb = a.translate(plain), b.translate(plain)
        if pa == pb:
            return "normalization"
        if pa.casefold() == pb.casefold():
            return "case"
        if fold(a, confusables=False, diacritics=True) == fold(b, confusables=False,
                                                               diacritics=True):
            return "diacritics"
        return "confusable"

    def find_all(self, texts: Iterable[str], lang: str | None = None) -> list[list[Match]]:
        """:meth:`find` for each text (for example each segment of a document)."""
        return [self.find(t, lang) for t in texts]


def compile_matcher(glossary: Glossary, languages: Sequence[str] | None = None, *,
                    config: MatcherConfig | None = None, **options: Any) -> GlossaryMatcher:
    """Compile ``glossary`` (all languages, or ``languages``) into a matcher.

    Keyword options are shorthand for :class:`MatcherConfig` fields.

    >>> from polyglot_press.glossary.model import Concept, Glossary, Term
    >>> g = Glossary("d", concepts=(Concept("svec", "person", (Term("cs", "Jan Švec"),)),))
    >>> [m.via for m in compile_matcher(g, diacritics=True).find("Jan Svec said")]
    ['diacritics']
    """
    if options:
        base = config or MatcherConfig()
        fields = {k: options.pop(k) for k in list(options) if hasattr(base, k)}
        if options:
            raise TypeError(f"unknown matcher options: {', '.join(options)}; valid: "
                            + ", ".join(MatcherConfig.__dataclass_fields__))
        config = replace(base, **fields)
    return GlossaryMatcher(glossary, languages, config)

