"""Protect and restore: glossary terms and protected spans behind placeholders, and back."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import regex

from ..engines.base import normalize_language
from ..glossary.matcher import GlossaryMatcher, Match
from ..glossary.model import CasePolicy, Concept, ConceptKind, Term
from ..lang import lang_base
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
    gender: str | None = None
    number: str | None = None
    no_article: bool = False


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
    return lang_base(normalize_language(lang))


def _term_for(concept: Concept, lang: str) -> Term | None:
    term = concept.term(lang)
    if term is not None:
        return term
    wanted = normalize_language(lang)
    base = lang_base(wanted)
    for candidate in concept.terms:
        if normalize_language(candidate.lang) == wanted:
            return candidate
    for candidate in concept.terms:
        if lang_base(normalize_language(candidate.lang)) == base:
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
_WORD_BEFORE = regex.compile(r"([\p{L}\p{N}][\p{L}\p{N}'’.&]*)[ \t-]\Z")
_WORD_AFTER = regex.compile(r"[ \t-]([\p{L}\p{N}][\p{L}\p{N}'’.&]*)")
_SENTENCE_END = regex.compile(r"[.!?:;]\P{L}*\Z")
_WORDS = regex.compile(r"\p{L}[\p{L}\p{M}'’\-]*")
#: Words a Title Case headline leaves in lower case (and English stop words that
#: are capitalized by some styles).
_MINOR = frozenset(("a", "an", "and", "as", "at", "but", "by", "de", "del", "for", "from", "in",
                   "into", "nor", "of", "on", "or", "over", "per", "the", "to", "up", "via",
                   "vs", "with"))


#: Capitalized words before a name that do not make a longer name of it ("Northern India").
_DIRECTIONS = frozenset(("northern", "southern", "eastern", "western", "northeastern",
                         "northwestern", "southeastern", "southwestern", "central", "mainland",
                         "rural", "coastal", "inland", "modern", "ancient", "greater"))


def _capitalized(word: str) -> bool:
    return word[:1].isupper() and word.casefold() not in _MINOR


def _is_title_case(text: str) -> bool:
    """Whether ``text`` is written in Title Case (a headline): every word that is not a
    short function word starts with a capital (one exception allowed in ten), at
    least three do, and the text is not all in capitals. A sentence with many names
    ("The accused are Baba Kanjar, ...") is not Title Case.

    >>> _is_title_case("Experts Praised Parliamentary Elections Results in Kazakhstan")
    True
    >>> _is_title_case("The OSCE observer mission is finishing its work in Kazakhstan.")
    False
    >>> _is_title_case("The accused are named as Baba Kanjar, Bhutha Kanjar and Gaza Kanjar.")
    False
    """
    words = [w for w in _WORDS.findall(text) if w.casefold() not in _MINOR and w[0].isalpha()]
    if len(words) < 3 or all(w.isupper() for w in words if len(w) > 1):
        return False
    lower = sum(1 for w in words if w[0].islower())
    return lower <= len(words) // 10 and len(words) - lower >= 3



class _Protecting:
    """Finding terms, masking them and restoring them (mixed into :class:`TermLayer`)."""

    protect_terms: bool
    _matchers: list[GlossaryMatcher]
    _concepts: dict[str, Concept]

    def matches(self, text: str, lang: str | None = None) -> list[Match]:
        """Non-overlapping glossary matches in ``text`` (the first glossary wins ties).

        A variant that holds the concept's preferred form and more ("1990
        Copenhagen Document", "OSCE/ODIHR") is narrowed to the preferred form,
        so a replacement never deletes words the target term does not cover;
        the words left over are matched again ("OSCE").
        """
        found: list[Match] = []
        for matcher in self._matchers:
            for match in matcher.find(text, lang):
                if not any(m.span.overlaps(match.span) for m in found):
                    found.append(match)
        narrowed: list[Match] = []
        for match in found:
            inner = self._narrowed(match, text, lang)
            if inner is None:
                narrowed.append(match)
                continue
            narrowed.append(inner)
            for start, end in ((match.start, inner.start), (inner.end, match.end)):
                if any(c.isalnum() for c in text[start:end]):
                    for extra in self.matches(text[start:end], lang):
                        narrowed.append(dataclasses.replace(
                            extra, start=extra.start + start, end=extra.end + start))
        narrowed.sort(key=lambda m: m.span)
        return narrowed

    def _narrowed(self, match: Match, text: str, lang: str | None) -> Match | None:
        """``match`` cut down to the longest other source form of its concept inside it
        (preferred or variant), if there is one; else ``None``."""
        concept = self._concepts.get(match.concept_id)
        if concept is None:
            return None
        term = _term_for(concept, match.lang or lang or "")
        if term is None:
            return None
        shorter = sorted((f for f in (term.preferred, *term.variants) if len(f) < len(match.text)),
                         key=len, reverse=True)
        for form in shorter:
            pattern = regex.compile(r"(?<![\p{L}\p{N}])" + regex.escape(form)
                                    + r"(?![\p{L}\p{N}])", regex.IGNORECASE)
            hit = pattern.search(match.text)
            if hit is not None:
                return dataclasses.replace(match, start=match.start + hit.start(),
                                           end=match.start + hit.end(), text=hit.group())
        return None

    def stands_alone(self, match: Match, text: str, others: Sequence[Match] = ()) -> bool:
        """Whether ``match`` is a name of its own, not a piece of a longer proper name the
        glossary does not list ("Scotland" in "BBC Scotland", "Vienna" in "Rapid
        Vienna", "California" in "Baja California"): the word right before or after
        it is capitalized, is not another glossary match, and does not start the
        sentence (unless it is an acronym). People's names are always taken (a title before them is common).

        >>> from polyglot_press.glossary import Glossary, Concept, Term
        >>> g = Glossary("g", concepts=(Concept("sco", "place", (Term("en", "Scotland"),
        ...     Term("pt", "Escócia"))),))
        >>> from polyglot_press.terminology import TermLayer
        >>> layer = TermLayer([g])
        >>> [layer.stands_alone(m, t) for t in ("BBC Scotland won.", "In Scotland, BBC won.")
        ...  for m in layer.matches(t, "en")]
        [False, True]
        """
        concept = self._concepts.get(match.concept_id)
        if concept is not None and concept.kind in (ConceptKind.PERSON,):
            return True
        if _is_title_case(text) or _in_capitals(text, [match.span]):
            return True  # a headline capitalizes every word: no evidence
        taken = [m.span for m in others if m.span != match.span]
        before = _WORD_BEFORE.search(text, 0, match.start)
        if before is not None and _capitalized(before.group(1)) \
                and before.group(1).casefold() not in _DIRECTIONS:
            start = before.start(1)
            initial = not _LEADING.sub("", text[:start]) or bool(
                _SENTENCE_END.search(text[:start]))
            word = before.group(1)
            acronym = len(word) > 1 and word.isupper()  # "BBC Scotland" even at the start
            if (acronym or not initial) and not any(s.start <= start < s.end for s in taken):
                return False
        after = _WORD_AFTER.match(text, match.end)
        if after is not None and _capitalized(after.group(1)):
            start = after.start(1)
            if not any(s.start <= start < s.end for s in taken):
                return False
        return True

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
                            protected, None, match.lang,
                            None if target_term is None else target_term.gender,
                            None if target_term is None else target_term.number,
                            target_term is not None and target_term.no_article)

    def protect(self, text: str, source: str, target: str, form: PlaceholderForm,
                protected: Sequence[tuple[Span, str]] = (), *, terms: bool = True) -> Masked:
        """Replace terms and ``protected`` spans (segment offsets, with a kind) by placeholders.

        With ``terms=False`` only the protected spans are hidden: the terms are
        listed (to be verified) but left in the text for the engine to translate.
        A term that does not stand alone (:meth:`stands_alone`) is left to the engine.
        """
        instances: list[TermInstance] = []
        matched: list[Span] = []
        found = self.matches(text, source)
        for match in found:
            if not self.stands_alone(match, text, found):
                continue
            if any(span.overlaps(match.span) for span, kind in protected if kind != "markup"):
                continue  # a term inside code or a URL stays as it is
            if any(span.overlaps(match.span) for span, _ in protected):
                continue
            matched.append(match.span)
            instance = self._instance(match, source, target)
            if instance is not None:
                if not terms and instance.protected:
                    instance = dataclasses.replace(instance, protected=False)
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
        used = {n for n in range(1, 100) if form.token(n) in text and form.strict(n).search(text)}
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
        listed = tuple(dataclasses.replace(i, slot=by_instance.get(id(i))) for i in instances)
        return Masked(text, "".join(out), form, tuple(slots), listed,
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

