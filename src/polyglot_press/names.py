"""Name normalization: rewrite variant spellings of names to the glossary's form.

:func:`normalize_names` finds names of people, organisations and places from a
glossary in a text and rewrites them to the preferred form in the text's
language. It handles, each as its own rule:

========================= ==========================================================
rule                      example (English text)
========================= ==========================================================
``names.variant``         a listed variant of a person: "Mher Sahakyan" -> "Mger ..."
``names.forbidden``       a forbidden form of any concept
``names.romanization``    "Tokaev", "Tokajew" -> "Tokayev" (romanizations of the
                          glossary's Cyrillic or Armenian forms)
``names.other-language``  "Токаев" -> "Tokayev"; "Toqajew" (the German form) -> "Tokayev"
``names.surname``         "President Tokaev" -> "President Tokayev" (a surname alone)
``names.homoglyph``       "Оwen Murphy" with a Cyrillic "О" -> "Owen Murphy"
``names.diacritics``      "Jan Svec" -> "Jan Švec"
``names.case``            "owen murphy" -> "Owen Murphy" (all-caps text is left alone)
``names.normalization``   "Kassym Jomart Tokayev" -> "Kassym-Jomart Tokayev"; NFC
``names.spelling``        "Owen Murpy" -> "Owen Murphy" (conservative fuzzy match,
                          part by part, at least one part exact)
========================= ==========================================================

Every change is a :class:`~polyglot_press.text.Change` whose ``reason`` names
the concept and the score. Words that merely resemble a name are left alone:
fuzzy matching needs a capitalized word, name-part alignment, a unique
candidate and a small edit distance relative to the length.

>>> from polyglot_press.glossary import Concept, Glossary, Term
>>> g = Glossary("kz", languages=("en", "ru"), concepts=(
...     Concept("tokayev", "person", (Term("en", "Kassym-Jomart Tokayev"),
...                                   Term("ru", "Касым-Жомарт Токаев"))),))
>>> result = normalize_names("President Tokaev, or Касым-Жомарт Токаев.", g, lang="en")
>>> result.text
'President Tokayev, or Kassym-Jomart Tokayev.'
>>> [c.rule for c in result.changes]
['names.surname', 'names.other-language']
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

import regex

from .glossary import _seams
from .glossary.matcher import GlossaryMatcher, Match, MatcherConfig, TermRef, fold
from .glossary.model import CasePolicy, Concept, ConceptKind, Glossary, Role
from .text import Change, Span, apply_changes

__all__ = ["NameConfig", "NameNormalizer", "Normalized", "normalize_names"]


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


_NAME_KINDS = (ConceptKind.PERSON, ConceptKind.ORGANIZATION, ConceptKind.PLACE, ConceptKind.BRAND)
_TRANSLITERATED = {"Cyrillic", "Armenian", "Greek", "Georgian"}
_CAP_RUN = regex.compile(r"\p{Lu}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*"
                         r"(?:[ \t]+\p{Lu}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*)*")
_WORD_BEFORE = regex.compile(r"(\p{Lu}[\p{L}\p{M}'’.-]*)[ \t]+$")
# Words that may stand before a surname alone: titles and forms of address, and
# the function words that start sentences ("Then Tokaev said").
_TITLE_WORDS = """
mr mrs ms miss dr prof professor sir dame lady lord president vice prime minister deputy
chairman chairwoman chair director general senator ambassador secretary king queen prince
princess judge justice coach captain governor mayor premier chancellor speaker commissioner
colonel major lieutenant sergeant officer father rev reverend bishop pope sheikh emir
herr frau präsident präsidentin kanzler kanzlerin monsieur madame mme m président présidente
ministre senhor senhora presidente ministro pan paní prezident prezidentka ministr
господин госпожа президент министр премьер председатель посол генерал мэр
мырза ханым президенті төраға елші պարոն տիկին նախագահ նախարար
the then but and when after before yesterday today tomorrow on in at as if while also however
meanwhile so now later earlier this that these those it he she they we i you his her their
our its a an for from with by to of said says according since until because although though
both neither either not only even still yet again once where why how what who whom whose
но и а когда после тогда также однако вчера сегодня по мнению затем
aber und dann als wenn nach gestern heute auch jedoch mais et puis quand après hier
aujourd'hui aussi cependant mas e então quando depois ontem hoje também ale a pak když
potom včera dnes také
"""
_TITLES = frozenset(_TITLE_WORDS.split())
_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*")


def _script(text: str) -> str:
    counts: dict[str, int] = {}
    for ch in text:
        s = _seams.letter_script(ch)
        if s:
            counts[s] = counts.get(s, 0) + 1
    return max(counts, key=lambda s: counts[s]) if counts else ""


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, or ``limit + 1`` when above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _overlaps_any(starts: list[int], ends: list[int], span: Span) -> bool:
    """Whether ``span`` overlaps one of the sorted, disjoint spans given by ``starts``/``ends``."""
    i = bisect.bisect_right(ends, span.start)
    return i < len(starts) and starts[i] < span.end


def _allowed(length: int, min_length: int) -> int:
    if length < min_length:
        return 0
    return 1 if length < 9 else 2


def _follow_case(found: str, target: str) -> str:
    """``target`` in capitals when ``found`` is the same name written in capitals
    (a headline); an acronym that stands for a longer name is not.

    >>> _follow_case("TOKAEV", "Tokayev"), _follow_case("Tokaev", "Tokayev")
    ('TOKAYEV', 'Tokayev')
    >>> _follow_case("ODIHR", "Office for Democratic Institutions and Human Rights")
    'Office for Democratic Institutions and Human Rights'
    """
    if (sum(c.isupper() for c in found) > 1 and found.isupper() and not target.isupper()
            and len(found.split()) == len(target.split())):
        return target.upper()
    return target


def _minimal(span_start: int, before: str, after: str) -> tuple[int, str, str]:
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    s = 0
    while (s < min(len(before), len(after)) - p and before[-1 - s] == after[-1 - s]):
        s += 1
    return span_start + p, before[p : len(before) - s], after[p : len(after) - s]


@dataclass(frozen=True, slots=True)
class _Person:
    concept: Concept
    parts: tuple[tuple[str, ...], ...]  # folded name parts of every known form


class NameNormalizer:
    """A glossary compiled for name normalization; build once, call many times."""

    def __init__(self, glossary: Glossary, config: NameConfig | None = None) -> None:
        self.glossary = glossary
        self.config = config or NameConfig()
        cfg = self.config
        extra: list[tuple[str, TermRef]] = []
        surname_owner: dict[str, set[str]] = {}
        surnames: list[tuple[str, TermRef]] = []
        self._people: list[_Person] = []
        full_keys = {fold(form, diacritics=True) for c in glossary.concepts for t in c.terms
                     for form, _ in t.forms()}
        for concept in glossary.concepts:
            if concept.kind not in _NAME_KINDS:
                continue
            forms: list[tuple[str, str]] = []  # (form, lang)
            for term in concept.terms:
                for form, role in term.forms():
                    if role is not Role.FORBIDDEN and form.strip():
                        forms.append((form, term.lang))
            romanized: list[tuple[str, str]] = []
            if cfg.romanizations:
                for form, lang in list(forms):
                    if _script(form) in _TRANSLITERATED:
                        for variant in sorted(_seams.romanization_variants(form, lang)):
                            if variant.strip() and _script(variant) == "Latin":
                                romanized.append((variant, lang))
                                extra.append((variant, TermRef(
                                    concept.id, lang, variant, Role.VARIANT, CasePolicy.IGNORE,
                                    concept.kind, "romanization")))
            if concept.kind is ConceptKind.PERSON:
                parts = []
                for form, lang in forms + romanized:
                    tokens = form.split()
                    parts.append(tuple(fold(t, diacritics=True) for t in tokens))
                    if cfg.surnames and len(tokens) >= 2:
                        surname = tokens[-1]
                        key = fold(surname, diacritics=True)
                        if len(key) >= 3 and key not in full_keys:
                            surname_owner.setdefault(key, set()).add(concept.id)
                            surnames.append((surname, TermRef(
                                concept.id, lang, surname, Role.VARIANT, CasePolicy.IGNORE,
                                concept.kind, "surname")))
                self._people.append(_Person(concept, tuple(dict.fromkeys(parts))))
        for surname, ref in surnames:
            if len(surname_owner[fold(surname, diacritics=True)]) == 1:
                extra.append((surname, ref))
        # indexes for spelling slips: people by each exact name part, and by
        # the first two letters of their surnames
        self._by_part: dict[str, set[int]] = {}
        self._by_prefix: dict[str, set[int]] = {}
        for index, person in enumerate(self._people):
            for name_parts in person.parts:
                for part in name_parts:
                    self._by_part.setdefault(part, set()).add(index)
                if len(name_parts) >= 2:
                    self._by_prefix.setdefault(name_parts[-1][:2], set()).add(index)
        self._surname_owner = surname_owner
        self.matcher = GlossaryMatcher(
            glossary, config=MatcherConfig(confusables=True, diacritics=True), extra=extra)
        self._known_keys = full_keys | set(surname_owner)

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
                    if width == 1 and self._other_first_name(text, window.start, concept):
                        continue
                    original = text[window.start : window.end]
                    target = _follow_case(original, target)
                    if original == target or _script(original) != target_script:
                        continue
                    start, before, after = _minimal(window.start, original, target)
                    change = Change(Span(start, start + len(before)), before, after,
                                    "names.spelling",
                                    f"{original!r} looks like {concept.id!r}; {lang} form "
                                    f"{target!r} (score {score:.2f})")
                    best = (score, j, window, change)
                    break
                if best is not None:
                    out.append((best[2], best[3]))
                    i = best[1]
                else:
                    i += 1
        return out

    def _align(self, parts: list[str], width: int, lang: str) -> tuple[float, Concept, str] | None:
        cfg = self.config
        if width == 1 and (parts[0] in self._known_keys or len(parts[0]) < max(
                cfg.min_fuzzy_length, 6)):
            return None
        candidates: list[tuple[float, Concept, str]] = []
        if width == 1:
            indexes = self._by_prefix.get(parts[0][:2], set())
        else:
            indexes = set().union(*(self._by_part.get(p, set()) for p in parts))
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
                hit = max(hit or 0.0, score)
            if hit is not None:
                target = target_tokens[-1] if width == 1 else term.preferred
                if width == 1 and len(target_tokens) < 2:
                    continue
                candidates.append((hit, person.concept, target))
        if len({c[1].id for c in candidates}) != 1:
            return None
        best = max(candidates, key=lambda c: c[0])
        return best if best[0] >= 0.8 else None

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


_CACHE: list[tuple[Glossary, NameConfig, NameNormalizer]] = []


def normalize_names(text: str, glossary: Glossary, lang: str | None = None, *,
                    config: NameConfig | None = None, **options: Any) -> Normalized:
    """Rewrite variants of the glossary's names in ``text`` to the preferred
    form in ``lang`` (detected among the glossary's languages when ``None``).

    The compiled normalizer is cached per glossary object; for many calls with
    different glossaries build a :class:`NameNormalizer` yourself. Keyword
    options are shorthand for :class:`NameConfig` fields.
    """
    cfg = config or NameConfig()
    if options:
        cfg = replace(cfg, **options)
    for cached_glossary, cached_config, normalizer in _CACHE:
        if cached_glossary is glossary and cached_config == cfg:
            return normalizer.normalize(text, lang)
    normalizer = NameNormalizer(glossary, cfg)
    _CACHE.insert(0, (glossary, cfg, normalizer))
    del _CACHE[8:]
    return normalizer.normalize(text, lang)
