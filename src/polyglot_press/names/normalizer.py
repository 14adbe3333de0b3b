"""The name normalizer: decides, for each glossary match and each
capitalized run of words, whether and how to rewrite it (rules in
:mod:`polyglot_press.names`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..glossary import _seams
from ..glossary.folding import fold
from ..glossary.matcher import GlossaryMatcher, Match, MatcherConfig, TermRef
from ..glossary.model import Concept, ConceptKind, Glossary, Role
from ..text import Change, Span, apply_changes
from .index import INFERRED_PENALTY, NameIndex
from .words import (
    _CAP_RUN,
    _TITLES,
    _TOKEN,
    _WORD_BEFORE,
    _allowed,
    _distance,
    _follow_case,
    _minimal,
    _overlaps_any,
    _script,
    _strip_marks,
)

__all__ = ["NameConfig", "NameNormalizer", "Normalized"]


@dataclass(frozen=True, slots=True)
class Normalized:
    """The normalized text and the changes that made it (spans refer to the input)."""

    text: str
    changes: tuple[Change, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"text": self.text, "changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True, slots=True)
class NameConfig:
    """What :func:`normalize_names` may rewrite.

    ``variant_kinds``: kinds whose *listed variants* are rewritten (for an
    organisation, an acronym and its full name are both accepted, so only
    people by default). ``fuzzy``: spelling slips; ``min_fuzzy_length``: the
    shortest name part a slip is looked for in.
    """

    variant_kinds: tuple[ConceptKind, ...] = (ConceptKind.PERSON,)
    romanizations: bool = True
    surnames: bool = True
    fuzzy: bool = True
    min_fuzzy_length: int = 5
    case: bool = True
    diacritics: bool = True
    homoglyphs: bool = True
    other_languages: bool = True


class NameNormalizer:
    """A glossary compiled for name normalization; build once, call many times."""

    def __init__(self, glossary: Glossary, config: NameConfig | None = None) -> None:
        self.glossary = glossary
        self.config = config or NameConfig()
        self.index = NameIndex(glossary, romanizations=self.config.romanizations,
                               surnames=self.config.surnames)
        self._people = self.index.people
        self.matcher = GlossaryMatcher(
            glossary, config=MatcherConfig(confusables=True, diacritics=True),
            extra=self.index.extra)

    # ------------------------------------------------------------ deciding
    def _target_form(self, concept: Concept, ref: TermRef, lang: str) -> str | None:
        term = concept.term(lang)
        if term is None or not term.preferred.strip():
            return None
        if ref.rule == "surname":
            tokens = term.preferred.split()
            return tokens[-1] if len(tokens) >= 2 else None
        return term.preferred

    def _other_first_name(self, text: str, start: int, concept: Concept) -> bool:
        """Whether the word before a lone surname is a first name of someone else
        ("Selena Gomez" is not Hernán Darío Gómez), rather than a title or a
        part of this person's name."""
        before = _WORD_BEFORE.search(text, max(0, start - 60), start)
        if before is None:
            return False
        word = before.group(1)
        if word.lower().rstrip(".") in _TITLES:
            return False
        key = fold(word, diacritics=True)
        return not any(key in parts for person in self._people if person.concept.id == concept.id
                       for parts in person.parts)

    def _decide(self, match: Match, lang: str, target_script: str,
                text: str = "") -> Change | None:
        cfg = self.config
        concepts = {r.concept_id for r in match.refs}
        if len(concepts) != 1:
            return None  # ambiguous: leave it
        ref = next((r for r in match.refs if r.form == match.text), match.refs[0])
        concept = self.glossary.get(ref.concept_id)
        if concept is None:
            return None
        target = self._target_form(concept, ref, lang)
        found = match.text
        if target is None or found == target:
            return None
        if ref.rule == "surname" and self._other_first_name(text, match.span.start, concept):
            return None
        if any(r.lang == lang and r.role is Role.PREFERRED and r.form == found
               for r in match.refs):
            return None
        found_script = _script(found)
        target_term = concept.term(lang)
        if target_term is not None and any(found == f for f, role in target_term.forms()
                                           if role is Role.VARIANT) and (
                concept.kind not in cfg.variant_kinds):
            return None  # an accepted alternative (an acronym, a full name)
        if found_script != _script(target) and found_script == target_script:
            return None  # a name written in the text's own script, on purpose
        via = "exact" if ref.form == found else match.via
        rule: str
        score = 1.0
        if ref.role is Role.FORBIDDEN:
            rule = "names.forbidden"
        elif via != "confusable" and _strip_marks(found) == _strip_marks(target):
            if not cfg.diacritics:
                return None
            rule = "names.diacritics"
            score = 0.95
        elif via == "confusable":
            if not cfg.homoglyphs:
                return None
            rule = "names.homoglyph"
            score = 0.95
        elif ref.rule == "romanization":
            if concept.kind not in cfg.variant_kinds and concept.kind is not ConceptKind.PLACE:
                return None
            rule = "names.romanization"
            score = 0.95
        elif ref.rule == "surname":
            if concept.kind is not ConceptKind.PERSON or not found[:1].isupper():
                return None
            if fold(found, diacritics=True) == fold(target, diacritics=True) and via in (
                    "case", "diacritics", "normalization") and not cfg.diacritics:
                return None
            rule = "names.surname"
            score = 0.9
        elif ref.lang != lang:
            if not cfg.other_languages:
                return None
            if found_script == _script(target) and concept.kind not in cfg.variant_kinds:
                return None
            rule = "names.other-language"
        elif ref.role is Role.VARIANT:
            if concept.kind not in cfg.variant_kinds:
                return None
            rule = "names.variant"
        elif via == "case":
            if not cfg.case or (found.isupper() and len(found) > 1):
                return None
            if concept.kind is not ConceptKind.PERSON and found.islower():
                return None  # "home office" in lowercase is not the Home Office
            rule = "names.case"
        elif via == "diacritics":
            if not cfg.diacritics:
                return None
            rule = "names.diacritics"
            score = 0.95
        else:
            rule = "names.normalization"
        if ref.rule == "surname" and via == "diacritics":
            rule = "names.diacritics"
        target = _follow_case(found, target)
        if found == target:
            return None
        start, before, after = _minimal(match.span.start, found, target)
        return Change(Span(start, start + len(before)), before, after, rule,
                      f"{found!r} is {concept.id!r}; {lang} form {target!r} "
                      f"(score {score:.2f})")

    # --------------------------------------------------------------- fuzzy
    def _fuzzy(self, text: str, taken: list[Span], lone: list[tuple[Span, Change | None]],
               lang: str, target_script: str) -> list[tuple[Span, Change]]:
        out: list[tuple[Span, Change]] = []
        if not self._people:
            return out
        taken_starts = [t.start for t in taken]
        taken_ends = [t.end for t in taken]
        for run in _CAP_RUN.finditer(text):
            tokens = list(_TOKEN.finditer(run.group()))
            if not tokens:
                continue
            base = run.start()
            spans = [Span(base + t.start(), base + t.end()) for t in tokens]
            folded = [fold(t.group(), diacritics=True) for t in tokens]
            i = 0
            while i < len(tokens):
                best: tuple[float, int, Span, Change] | None = None
                for width in (3, 2, 1):
                    j = i + width
                    if j > len(tokens):
                        continue
                    window = Span(spans[i].start, spans[j - 1].end)
                    if _overlaps_any(taken_starts, taken_ends, window) or any(
                            window.overlaps(s) and not window.contains(s) for s, _ in lone):
                        continue
                    if width == 1 and j != len(tokens):
                        continue  # a lone word must end its capitalized run (a surname)
                    found = self._align(folded[i:j], width, lang)
                    if found is None:
                        continue
                    score, concept, target = found
                    if concept.kind is ConceptKind.TERM and not self._alone(tokens, i, j):
                        continue  # a name by its looks only stands alone in its run
                    if width == 1 and self._other_first_name(text, window.start, concept):
                        continue
                    original = text[window.start : window.end]
                    target = _follow_case(original, target)
                    if original == target or _script(original) != target_script:
                        continue
                    start, before, after = _minimal(window.start, original, target)
                    change = Change(Span(start, start + len(before)), before, after,
                                    "names.spelling",
                                    f"{original!r} looks like {concept.id!r}"
                                    + (" (a name by its looks: the glossary gives no kind)"
                                       if concept.kind is ConceptKind.TERM else "")
                                    + f"; {lang} form {target!r} (score {score:.2f})")
                    best = (score, j, window, change)
                    break
                if best is not None:
                    out.append((best[2], best[3]))
                    i = best[1]
                else:
                    i += 1
        return out

    @staticmethod
    def _alone(tokens: list[Any], i: int, j: int) -> bool:
        """Whether tokens ``i:j`` are their whole capitalized run but for titles
        and sentence-start words before them ("Then", "President")."""
        return j == len(tokens) and all(t.group().lower().rstrip(".") in _TITLES
                                        for t in tokens[:i])

    def _align(self, parts: list[str], width: int, lang: str) -> tuple[float, Concept, str] | None:
        cfg = self.config
        if width == 1 and (parts[0] in self.index.known_keys or len(parts[0]) < max(
                cfg.min_fuzzy_length, 6)):
            return None
        candidates: list[tuple[float, Concept, str]] = []
        if width == 1:
            indexes = self.index.by_prefix.get(parts[0][:2], set())
        else:
            indexes = set().union(*(self.index.by_part.get(p, set()) for p in parts))
        for index in sorted(indexes):
            person = self._people[index]
            term = person.concept.term(lang)
            if term is None or not term.preferred.strip():
                continue
            target_tokens = term.preferred.split()
            hit: float | None = None
            for name_parts in person.parts:
                if width == 1:
                    if len(name_parts) < 2:
                        continue
                    ref_parts: tuple[str, ...] = (name_parts[-1],)
                elif len(name_parts) != width:
                    continue
                else:
                    ref_parts = name_parts
                total = 0
                exact = 0
                length = 0
                ok = True
                for a, b in zip(parts, ref_parts, strict=True):
                    limit = _allowed(min(len(a), len(b)), cfg.min_fuzzy_length)
                    if width == 1:
                        limit = min(limit, 1)
                    d = _distance(a, b, limit)
                    if d > limit:
                        ok = False
                        break
                    if width == 1 and (a[:2] != b[:2] or a[-1] != b[-1]):
                        # a lone word must keep its first two and its last letter:
                        # "American" is not a slip of "America"
                        ok = False
                        break
                    total += d
                    exact += d == 0
                    length += max(len(a), len(b))
                if not ok or total == 0 or (width > 1 and not exact) or total > 2:
                    continue
                score = 1 - total / max(length, 1)
                if person.inferred:
                    score -= INFERRED_PENALTY  # a name only by its looks
                hit = max(hit or 0.0, score)
            if hit is not None:
                target = target_tokens[-1] if width == 1 else term.preferred
                if width == 1 and len(target_tokens) < 2:
                    continue
                candidates.append((hit, person.concept, target))
        if len({c[1].id for c in candidates}) != 1:
            return None
        best = max(candidates, key=lambda c: c[0])
        return best if round(best[0], 9) >= 0.8 else None

    # ---------------------------------------------------------------- run
    def normalize(self, text: str, lang: str | None = None) -> Normalized:
        """Rewrite name variants in ``text`` to the glossary's ``lang`` forms."""
        if lang is None:
            lang = _seams.detect_language(text, self.glossary.all_languages())
            if lang is None:
                return Normalized(text)
        target_script = _seams.language_script(lang)
        changes: list[Change] = []
        taken: list[Span] = []
        lone: list[tuple[Span, Change | None]] = []  # surnames alone: a slip window may hold one
        for match in self.matcher.find(text, lang):
            change = self._decide(match, lang, target_script, text)
            if all(r.rule == "surname" for r in match.refs):
                lone.append((match.span, change))
                continue
            taken.append(match.span)
            if change is not None:
                changes.append(change)
        windows: list[Span] = []
        if self.config.fuzzy:
            for window, change in self._fuzzy(text, taken, lone, lang, target_script):
                windows.append(window)
                changes.append(change)
        for span, lone_change in lone:
            if lone_change is not None and not any(w.overlaps(span) for w in windows):
                changes.append(lone_change)
        changes.sort(key=lambda c: c.span.start)
        return Normalized(apply_changes(text, changes), tuple(changes))
