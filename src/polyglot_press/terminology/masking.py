"""Protect and restore: glossary terms and protected spans behind placeholders, and back."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import regex

from ..engines.base import normalize_language
from ..glossary.matcher import GlossaryMatcher, Match
from ..glossary.model import CasePolicy, Concept, ConceptKind, Term
from ..morphology import INFLECTING, has_morphology
from ..text import Finding, Severity, Span
from .placeholders import PlaceholderForm

# ------------------------------------------------------------- protect/restore


@dataclass(frozen=True, slots=True)
class TermInstance:
    """A glossary term found in a source segment, and what the target must have."""

    concept: str
    span: Span
    text: str
    expected: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    protected: bool = True
    slot: int | None = None
    source_lang: str | None = None


@dataclass(frozen=True, slots=True)
class Slot:
    """One placeholder: what it hides in the source and what restore writes.

    ``prefix`` and ``suffix`` are protected markup glued to a term; for a
    protected span alone, ``term`` is empty and ``prefix`` holds it.
    ``glue_left``/``glue_right``: no space separates it from its neighbours in
    the source, so spaces the masked text needed are taken out again.
    """

    n: int
    token: str
    span: Span
    source_text: str
    kind: str
    prefix: str = ""
    term: str = ""
    suffix: str = ""
    concept: str | None = None
    glue_left: bool = False
    glue_right: bool = False
    exact_case: bool = False
    upper: bool = False


@dataclass(frozen=True, slots=True)
class Masked:
    """A source segment with placeholders (``text`` goes to the engine)."""

    source: str
    text: str
    form: PlaceholderForm
    slots: tuple[Slot, ...] = ()
    terms: tuple[TermInstance, ...] = ()
    protected: tuple[tuple[Span, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Restored:
    """A translation with placeholders replaced.

    ``outcome[n]`` is ``intact``, ``recovered`` or ``lost`` for slot ``n``;
    ``spans[n]`` where the slot's term (without markup) landed in ``text``;
    ``placed[n]`` where the whole slot (term and glued markup) landed;
    ``guarded`` the spans of ``text`` restored from protected source spans
    (code, URLs, markup), which verification and repair never look into.
    """

    text: str
    outcome: Mapping[int, str]
    spans: Mapping[int, Span]
    findings: tuple[Finding, ...] = ()
    placed: Mapping[int, Span] = dataclasses.field(default_factory=dict)
    guarded: tuple[Span, ...] = ()


def _lang_base(lang: str) -> str:
    return normalize_language(lang).split("-")[0]


def _term_for(concept: Concept, lang: str) -> Term | None:
    term = concept.term(lang)
    if term is not None:
        return term
    wanted = normalize_language(lang)
    base = wanted.split("-")[0]
    for candidate in concept.terms:
        if normalize_language(candidate.lang) == wanted:
            return candidate
    for candidate in concept.terms:
        if normalize_language(candidate.lang).split("-")[0] == base:
            return candidate
    return None


_KEEP_NAMES = (ConceptKind.PERSON, ConceptKind.BRAND)


def _in_capitals(text: str, skip: Sequence[Span]) -> bool:
    """Whether the letters of ``text`` outside ``skip`` (terms, code) are all capitals.

    >>> _in_capitals("THE OSCE MET.", [Span(4, 8)]), _in_capitals("The OSCE met.", [Span(4, 8)])
    (True, False)
    >>> _in_capitals("OSCE", [Span(0, 4)])  # nothing around the term: no evidence
    False
    """
    letters = [c for i, c in enumerate(text) if c.isalpha()
               and not any(s.start <= i < s.end for s in skip)]
    cased = [c for c in letters if c.isupper() or c.islower()]
    return len(cased) >= 2 and all(c.isupper() for c in cased)
_LEADING = regex.compile(r"[\s\p{Pi}\p{Ps}\"'«“„¿¡*_~\-–—]*")
_SPACES = regex.compile(r"\s*")



class _Protecting:
    """Finding terms, masking them and restoring them (mixed into :class:`TermLayer`)."""

    protect_terms: bool
    _matchers: list[GlossaryMatcher]
    _concepts: dict[str, Concept]

    def matches(self, text: str, lang: str | None = None) -> list[Match]:
        """Non-overlapping glossary matches in ``text`` (the first glossary wins ties)."""
        found: list[Match] = []
        for matcher in self._matchers:
            for match in matcher.find(text, lang):
                if not any(m.span.overlaps(match.span) for m in found):
                    found.append(match)
        found.sort(key=lambda m: m.span)
        return found

    # -- protect -------------------------------------------------------------

    def _instance(self, match: Match, source: str, target: str) -> TermInstance | None:
        concept = self._concepts.get(match.concept_id)
        if concept is None:
            return None
        target_term = _term_for(concept, target)
        source_term = _term_for(concept, match.lang) or _term_for(concept, source)
        dnt = bool((source_term and source_term.do_not_translate)
                   or (target_term and target_term.do_not_translate))
        if target_term is None:
            if not (dnt or concept.kind in _KEEP_NAMES):
                return None  # nothing says what the target must have
            expected = source_term.preferred if source_term is not None else match.text
            variants: tuple[str, ...] = ()
            forbidden: tuple[str, ...] = ()
            indeclinable = True
        else:
            expected = target_term.preferred
            variants = target_term.variants
            forbidden = target_term.forbidden
            indeclinable = target_term.indeclinable or dnt
        # an inflecting target with no morphology back-end cannot recognize an
        # inflected form afterwards: the term is protected (nominative) instead
        inflecting = _lang_base(target) in INFLECTING and has_morphology(target) is not None
        protected = self.protect_terms and (dnt or indeclinable or not inflecting)
        return TermInstance(concept.id, match.span, match.text, expected, variants, forbidden,
                            protected, None, match.lang)

    def protect(self, text: str, source: str, target: str, form: PlaceholderForm,
                protected: Sequence[tuple[Span, str]] = ()) -> Masked:
        """Replace terms and ``protected`` spans (segment offsets, with a kind) by placeholders."""
        instances: list[TermInstance] = []
        matched: list[Span] = []
        for match in self.matches(text, source):
            if any(span.overlaps(match.span) for span, kind in protected if kind != "markup"):
                continue  # a term inside code or a URL stays as it is
            if any(span.overlaps(match.span) for span, _ in protected):
                continue
            matched.append(match.span)
            instance = self._instance(match, source, target)
            if instance is not None:
                instances.append(instance)
        capitals = _in_capitals(text, matched + [span for span, _ in protected])
        # pieces to hide: protected terms and protected spans, merged when adjacent
        pieces: list[tuple[Span, str, TermInstance | None]] = [
            (span, kind, None) for span, kind in protected if len(span)]
        pieces += [(i.span, "term", i) for i in instances if i.protected]
        pieces.sort(key=lambda p: p[0])
        groups: list[list[tuple[Span, str, TermInstance | None]]] = []
        for piece in pieces:
            if groups and groups[-1][-1][0].end == piece[0].start and self._joinable(groups[-1], piece):
                groups[-1].append(piece)
            else:
                groups.append([piece])
        used = {n for n in range(1, 100) if form.strict(n).search(text)}
        numbers = (n for n in range(1, 10_000) if n not in used)
        slots: list[Slot] = []
        out: list[str] = []
        position = 0
        by_instance: dict[int, int] = {}
        for group in groups:
            start, end = group[0][0].start, group[-1][0].end
            n = next(numbers)
            term_pieces = [p for p in group if p[2] is not None]
            instance = term_pieces[0][2] if term_pieces else None
            if instance is not None:
                prefix = text[start:instance.span.start]
                suffix = text[instance.span.end:end]
                by_instance[id(instance)] = n
            else:
                prefix, suffix = text[start:end], ""
            kind = "term" if instance is not None else group[0][1]
            glue_left = start > 0 and text[start - 1].isalnum()
            glue_right = end < len(text) and text[end].isalnum()
            concept = self._concepts.get(instance.concept) if instance is not None else None
            exact_case = False
            upper = False
            if instance is not None and concept is not None:
                policy_term = _term_for(concept, target) or _term_for(concept, instance.source_lang
                                                                      or source)
                exact_case = (policy_term.case_policy() if policy_term is not None
                              else CasePolicy.EXACT) is CasePolicy.EXACT
                # capitals only when the sentence around the term is written in capitals
                # (a headline), not because the source term is an acronym
                letters = [c for c in instance.text if c.isalpha()]
                upper = capitals and len(letters) > 1 and all(c.isupper() for c in letters) and not all(
                    c.isupper() for c in instance.expected if c.isalpha())
            token = form.token(n)
            out.append(text[position:start])
            if glue_left and out[-1] and not out[-1][-1].isspace():
                out.append(" ")
            out.append(token)
            if glue_right:
                out.append(" ")
            position = end
            slots.append(Slot(n, token, Span(start, end), text[start:end], kind, prefix,
                              instance.expected if instance is not None else "", suffix,
                              instance.concept if instance is not None else None,
                              glue_left, glue_right, exact_case, upper))
        out.append(text[position:])
        terms = tuple(dataclasses.replace(i, slot=by_instance.get(id(i))) for i in instances)
        return Masked(text, "".join(out), form, tuple(slots), terms,
                      tuple((span, kind) for span, kind in protected if len(span)))

    @staticmethod
    def _joinable(group: list[tuple[Span, str, TermInstance | None]],
                  piece: tuple[Span, str, TermInstance | None]) -> bool:
        kinds = [p[1] for p in group] + [piece[1]]
        terms = sum(1 for k in kinds if k == "term")
        # markup glues to one term; two terms or two plain spans stay apart
        return terms <= 1 and all(k in {"term", "markup"} for k in kinds)

    # -- restore -------------------------------------------------------------

    def restore(self, masked: Masked, translated: str, target: str) -> Restored:
        """Put the target terms (and protected spans) where the placeholders are."""
        if not masked.slots:
            return Restored(translated, {}, {})
        form = masked.form
        taken: list[tuple[int, int, Slot, str]] = []
        extra: list[tuple[int, int]] = []
        outcome: dict[int, str] = {}

        def free(start: int, end: int) -> bool:
            return not any(s < end and start < e for s, e, _, _ in taken) and not any(
                s < end and start < e for s, e in extra)

        slot: Slot | None
        for slot in masked.slots:
            hits = [m for m in form.strict(slot.n).finditer(translated) if free(m.start(), m.end())]
            if hits:
                taken.append((hits[0].start(), hits[0].end(), slot, "intact"))
                extra.extend((m.start(), m.end()) for m in hits[1:])
                outcome[slot.n] = "intact"
        for slot in masked.slots:
            if slot.n in outcome:
                continue
            hit = next((m for m in form.tolerant(slot.n).finditer(translated)
                        if free(m.start(), m.end())), None)
            if hit is not None:
                taken.append((hit.start(), hit.end(), slot, "recovered"))
                outcome[slot.n] = "recovered"
            else:
                outcome[slot.n] = "lost"
        findings: list[Finding] = []
        edits: list[tuple[int, int, Slot | None]] = [(s, e, slot) for s, e, slot, _ in taken]
        edits += [(s, e, None) for s, e in extra]
        edits.sort(key=lambda x: x[0])
        out: list[str] = []
        spans: dict[int, Span] = {}
        placed: dict[int, Span] = {}
        guarded: list[Span] = []
        position = 0
        length = 0
        for start, end, edit in edits:
            slot = edit
            if slot is not None and slot.glue_left:
                start = max(position, len(translated[:start].rstrip()))
            if slot is None or slot.glue_right:
                end += len(_SPACES.match(translated, end).group())  # type: ignore[union-attr]
            before = translated[position:start]
            if slot is not None and not slot.glue_left and before and before[-1].isalnum():
                before += " "  # a letter the engine glued to the token
            out.append(before)
            length += len(before)
            position = end
            if slot is None:
                findings.append(Finding(Span(start, end), "placeholder-duplicated",
                                        "the engine repeated a placeholder; the copy was removed",
                                        Severity.INFO, "terminology", text=translated[start:end]))
                continue
            term = slot.term
            if slot.kind == "term":
                initial = not _LEADING.sub("", "".join(out)) and not slot.prefix
                term = self._cased(slot, term, initial)
            piece = slot.prefix + term + slot.suffix
            placed[slot.n] = Span(length, length + len(piece))
            if slot.kind == "term":
                spans[slot.n] = Span(length + len(slot.prefix), length + len(slot.prefix) + len(term))
                if slot.prefix:
                    guarded.append(Span(length, length + len(slot.prefix)))
                if slot.suffix:
                    guarded.append(Span(length + len(piece) - len(slot.suffix), length + len(piece)))
            else:
                guarded.append(placed[slot.n])
            out.append(piece)
            length += len(piece)
        out.append(translated[position:])
        return Restored("".join(out), outcome, spans, tuple(findings), placed, tuple(guarded))

    @staticmethod
    def _cased(slot: Slot, term: str, initial: bool) -> str:
        if slot.exact_case or not term:
            return term
        if slot.upper:
            return term.upper()
        if initial and term[0].islower():
            return term[0].upper() + term[1:]
        return term

