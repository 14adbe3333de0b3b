"""Edits on the glossary model: set a field, merge two glossaries.

These are pure functions (a glossary in, a new glossary out); the CLI wraps
them in :func:`polyglot_press.glossary.store.edit_glossary` for a locked,
atomic write.

>>> from polyglot_press.glossary.model import Concept, Glossary, Term
>>> a = Glossary("a", languages=("en",), concepts=(Concept("cec", terms=(Term("en", "CEC"),)),))
>>> b = Glossary("b", languages=("en", "ru"), concepts=(
...     Concept("cec", terms=(Term("en", "C.E.C."), Term("ru", "ЦИК"))),))
>>> merged = merge_glossaries(a, b)
>>> merged.glossary.concept("cec").term("ru").preferred
'ЦИК'
>>> [str(c) for c in merged.conflicts]
["cec/en preferred: 'CEC' here, 'C.E.C.' in the other glossary"]
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..errors import GlossaryError
from .model import GENDERS, NUMBERS, CasePolicy, ConceptKind, Glossary, Term
from .tags import check_concept_id, is_language_tag

__all__ = ["CONCEPT_FIELDS", "TERM_FIELDS", "Conflict", "Merged", "merge_glossaries",
           "set_field"]

CONCEPT_FIELDS = ("kind", "definition", "subject", "notes", "sources", "id")
TERM_FIELDS = ("preferred", "variants", "forbidden", "do_not_translate", "case", "gender",
               "number", "no_article", "indeclinable", "part_of_speech", "note")
_LISTS = ("notes", "sources", "variants", "forbidden")
_BOOLS = ("do_not_translate", "indeclinable", "no_article")
_FORMS = ("id", "preferred", "variants", "forbidden")


def _bool(value: str, name: str) -> bool:
    low = value.strip().lower()
    if low in ("true", "yes", "1", "on"):
        return True
    if low in ("false", "no", "0", "off"):
        return False
    raise GlossaryError(f"{name} takes true or false, not {value!r}")


def set_field(glossary: Glossary, concept_id: str, name: str, values: list[str],
              lang: str | None = None, *, append: bool = False) -> Glossary:
    """Set ``name`` of a concept (or of its ``lang`` term) to ``values``.

    List fields take every value (``append`` adds to the list); other fields
    take exactly one. Setting ``preferred`` in a new language creates its term.

    >>> from polyglot_press.glossary.model import Concept, Glossary, Term
    >>> g = Glossary("g", concepts=(Concept("osce", terms=(Term("en", "OSCE"),)),))
    >>> set_field(g, "osce", "preferred", ["OSZE"], "de").concept("osce").term("de").preferred
    'OSZE'
    """
    concept = glossary.concept(concept_id)
    is_list = name in _LISTS
    if not is_list and len(values) != 1:
        raise GlossaryError(f"{name} takes exactly one value, got {len(values)}")
    if name in _FORMS and any(not v.strip() for v in values):
        hint = "; remove a term with `glossary remove --lang`" if name == "preferred" else ""
        raise GlossaryError(f"{name} cannot be empty or blank{hint}")
    if lang is None:
        if name not in CONCEPT_FIELDS:
            hint = " (term fields need --lang)" if name in TERM_FIELDS else ""
            raise GlossaryError(f"unknown concept field {name!r}{hint}; concept fields: "
                                + ", ".join(CONCEPT_FIELDS))
        if name == "kind":
            try:
                new = replace(concept, kind=ConceptKind(values[0]))
            except ValueError:
                raise GlossaryError(f"unknown kind {values[0]!r}; valid: "
                                    + ", ".join(k.value for k in ConceptKind)) from None
        elif name == "id":
            check_concept_id(values[0])
            if glossary.get(values[0]) is not None:
                raise GlossaryError(f"a concept with id {values[0]!r} exists already")
            index = glossary.index_of(concept_id)
            concepts = list(glossary.concepts)
            concepts[index] = replace(concept, id=values[0])
            return replace(glossary, concepts=tuple(concepts))
        elif is_list:
            old: tuple[str, ...] = getattr(concept, name)
            changed: dict[str, Any] = {name: (*old, *values) if append else tuple(values)}
            new = replace(concept, **changed)
        else:
            single: dict[str, Any] = {name: values[0]}
            new = replace(concept, **single)
        return glossary.with_concept(new)
    if name not in TERM_FIELDS:
        raise GlossaryError(f"unknown term field {name!r}; term fields: " + ", ".join(TERM_FIELDS))
    if not is_language_tag(lang):
        raise GlossaryError(f"{lang!r} is not a BCP 47 language tag (for example en, pt-BR)")
    term = concept.term(lang)
    if term is None:
        if name != "preferred":
            raise GlossaryError(f"concept {concept_id!r} has no {lang} term; set its "
                                "preferred term first")
        term = Term(lang, values[0])
        glossary_langs = glossary.languages
        result = glossary.with_concept(concept.with_term(term))
        if glossary_langs and lang not in glossary_langs:
            result = replace(result, languages=(*glossary_langs, lang))
        return result
    value: Any
    if is_list:
        old_list: tuple[str, ...] = getattr(term, name)
        value = (*old_list, *values) if append else tuple(values)
    elif name in _BOOLS:
        value = _bool(values[0], name)
    elif name == "case":
        try:
            value = CasePolicy(values[0])
        except ValueError:
            raise GlossaryError(f"unknown case policy {values[0]!r}; valid: "
                                + ", ".join(c.value for c in CasePolicy)) from None
    elif name == "gender":
        if values[0] not in GENDERS:
            raise GlossaryError(f"unknown gender {values[0]!r}; valid: {', '.join(GENDERS)}")
        value = values[0]
    elif name == "number":
        if values[0] not in NUMBERS:
            raise GlossaryError(f"unknown number {values[0]!r}; valid: {', '.join(NUMBERS)}")
        value = values[0]
    else:
        value = values[0]
    return glossary.with_concept(concept.with_term(replace(term, **{name: value})))


@dataclass(frozen=True, slots=True)
class Conflict:
    """A value two glossaries disagree on; the first glossary's value was kept."""

    concept_id: str
    lang: str
    field: str
    ours: str
    theirs: str

    def __str__(self) -> str:
        where = f"{self.concept_id}/{self.lang}" if self.lang else self.concept_id
        return f"{where} {self.field}: {self.ours!r} here, {self.theirs!r} in the other glossary"

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"concept": self.concept_id, "lang": self.lang, "field": self.field,
                "ours": self.ours, "theirs": self.theirs}


@dataclass(frozen=True, slots=True)
class Merged:
    """The merged glossary, what was added, and every conflict (ours kept)."""

    glossary: Glossary
    added: tuple[str, ...]
    conflicts: tuple[Conflict, ...]


def _key(form: str) -> str:
    return " ".join(form.casefold().split())


def _merge_term(cid: str, ours: Term, theirs: Term, conflicts: list[Conflict]) -> Term:
    lang = ours.lang
    if theirs.preferred != ours.preferred:
        conflicts.append(Conflict(cid, lang, "preferred", ours.preferred, theirs.preferred))
    forbidden_ours = {_key(f) for f in ours.forbidden}
    accepted_ours = {_key(f) for f in (ours.preferred, *ours.variants)}
    variants = list(ours.variants)
    for v in (theirs.preferred, *theirs.variants):
        k = _key(v)
        if k in forbidden_ours:
            conflicts.append(Conflict(cid, lang, "variants", "forbidden", v))
        elif k not in accepted_ours and v != theirs.preferred:
            variants.append(v)
            accepted_ours.add(k)
    forbidden = list(ours.forbidden)
    for f in theirs.forbidden:
        k = _key(f)
        if k in accepted_ours:
            conflicts.append(Conflict(cid, lang, "forbidden", "accepted", f))
        elif k not in forbidden_ours:
            forbidden.append(f)
            forbidden_ours.add(k)
    changes: dict[str, Any] = {"variants": tuple(variants), "forbidden": tuple(forbidden)}
    defaults = Term(lang, "")
    for name in ("do_not_translate", "case", "gender", "number", "no_article", "indeclinable",
                 "part_of_speech", "note"):
        a, b = getattr(ours, name), getattr(theirs, name)
        if a == b or b == getattr(defaults, name):
            continue
        if a == getattr(defaults, name):
            changes[name] = b
        else:
            conflicts.append(Conflict(cid, lang, name, str(a), str(b)))
    return replace(ours, **changes)


def merge_glossaries(ours: Glossary, theirs: Glossary) -> Merged:
    """Merge ``theirs`` into ``ours``: new concepts, languages and forms are
    added; where both say different things, ``ours`` is kept and the
    disagreement is listed in ``conflicts``. A new concept whose term already
    belongs to another concept in the same language is not added (a conflict)."""
    conflicts: list[Conflict] = []
    added: list[str] = []
    result = ours
    owners: dict[tuple[str, str], str] = {}
    for c in ours.concepts:
        for t in c.terms:
            for form in (t.preferred, *t.variants):
                owners.setdefault((t.lang, _key(form)), c.id)
    for theirs_c in theirs.concepts:
        ours_c = result.get(theirs_c.id)
        if ours_c is None:
            clash = next(((t.lang, form, owners[(t.lang, _key(form))]) for t in theirs_c.terms
                          for form in (t.preferred, *t.variants)
                          if (t.lang, _key(form)) in owners), None)
            if clash is not None:
                conflicts.append(Conflict(theirs_c.id, clash[0], "term", f"belongs to {clash[2]}",
                                          clash[1]))
                continue
            result = result.with_concept(theirs_c)
            added.append(theirs_c.id)
            continue
        merged = ours_c
        if theirs_c.kind != ours_c.kind and theirs_c.kind != ConceptKind.TERM:
            if ours_c.kind == ConceptKind.TERM:
                merged = replace(merged, kind=theirs_c.kind)
            else:
                conflicts.append(Conflict(ours_c.id, "", "kind", str(ours_c.kind),
                                          str(theirs_c.kind)))
        for name in ("definition", "subject"):
            a, b = getattr(ours_c, name), getattr(theirs_c, name)
            if b and not a:
                merged = replace(merged, **{name: b})
            elif a and b and a != b:
                conflicts.append(Conflict(ours_c.id, "", name, a, b))
        merged = replace(merged,
                         notes=tuple(dict.fromkeys((*ours_c.notes, *theirs_c.notes))),
                         sources=tuple(dict.fromkeys((*ours_c.sources, *theirs_c.sources))))
        for t in theirs_c.terms:
            mine = merged.term(t.lang)
            if mine is None:
                merged = merged.with_term(t)
            else:
                merged = merged.with_term(_merge_term(ours_c.id, mine, t, conflicts))
        result = result.with_concept(merged)
    langs = tuple(dict.fromkeys((*ours.languages, *theirs.languages)))
    result = replace(result, languages=langs)
    return Merged(result, tuple(added), tuple(conflicts))
