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

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import ahocorasick

from ..text import Span
from . import _seams
from .folding import fold, fold_table, fold_with_offsets
from .model import CasePolicy, ConceptKind, Glossary, Role

__all__ = ["GlossaryMatcher", "Match", "MatcherConfig", "TermRef", "compile_matcher", "fold"]

_CASEFOLD_PAIRS = (("ß", "ss"), ("ss", "ß"), ("և", "եւ"), ("եւ", "և"))


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
        self._table = fold_table(self.config.confusables, self.config.diacritics)
        self._plain = fold_table(False, False)
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
        return fold_with_offsets(text, self.config.confusables, self.config.diacritics)

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

