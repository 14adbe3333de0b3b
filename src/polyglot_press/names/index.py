"""The lookups name normalization needs, built once per glossary.

:class:`NameIndex` gathers, from a glossary, the names to look for: every
form of people, organisations, places and brands, their romanizations, the
surnames that stand for one person, and for spelling slips the people by
name part and by the first letters of their surnames.

Names without a kind: a concept of kind ``term`` (what a CSV without a kind
column gives) is taken as a name when it looks like one
(:func:`looks_like_name`): every term is marked ``properNoun``, or its
preferred term is the same capitalized words in every language. Such
*inferred* names get spelling repair of whole multi-word names only, standing
alone in their run of capitalized words, with a lower score
(:data:`INFERRED_PENALTY`), and no surname rule.

>>> from polyglot_press.glossary import Concept, Glossary, Term
>>> g = Glossary("n", languages=("en", "pt"), concepts=(
...     Concept("murphy", terms=(Term("en", "Owen Murphy"), Term("pt", "Owen Murphy"))),
...     Concept("vote", terms=(Term("en", "Polling Station"), Term("pt", "Assembleia de Voto"))),))
>>> [(p.concept.id, p.inferred) for p in NameIndex(g).people]
[('murphy', True)]
"""

from __future__ import annotations

from dataclasses import dataclass

from ..glossary import _seams
from ..glossary.folding import fold
from ..glossary.matcher import TermRef
from ..glossary.model import CasePolicy, Concept, ConceptKind, Glossary, Role
from .words import _NAME_KINDS, _TRANSLITERATED, _script

__all__ = ["INFERRED_PENALTY", "NameIndex", "Person", "looks_like_name"]

#: taken off the spelling score of a name known only by its looks
INFERRED_PENALTY = 0.05


@dataclass(frozen=True, slots=True)
class Person:
    """A name spelling repair looks for: the concept, the folded name parts of
    each known form, and whether it is a name only by its looks."""

    concept: Concept
    parts: tuple[tuple[str, ...], ...]
    inferred: bool = False


def looks_like_name(concept: Concept) -> bool:
    """Whether a concept of kind ``term`` is a name by its looks: every term is
    a ``properNoun``, or the preferred term is the same two or more words in
    every language, first and last capitalized and most words capitalized.

    >>> from polyglot_press.glossary import Concept, Term
    >>> looks_like_name(Concept("d", terms=(Term("en", "Daughters of the American Revolution"),
    ...                                     Term("pt", "Daughters of the American Revolution"))))
    True
    >>> looks_like_name(Concept("e", terms=(Term("en", "Election Day"), Term("pt", "Dia da Eleição"))))
    False
    """
    if concept.kind is not ConceptKind.TERM:
        return False
    terms = [t for t in concept.terms if t.preferred.strip()]
    if not terms:
        return False
    if all(t.part_of_speech == "properNoun" for t in terms):
        return True
    forms = {t.preferred for t in terms}
    if len(forms) != 1:
        return False
    words = forms.pop().split()
    capitals = [w[:1].isupper() for w in words]
    return len(words) >= 2 and capitals[0] and capitals[-1] and 2 * sum(capitals) > len(words)


class NameIndex:
    """What :class:`~polyglot_press.names.NameNormalizer` looks names up in.

    ``extra``: forms to add to the glossary matcher (romanizations, surnames
    that belong to one person); ``people``: the names spelling repair looks
    for; ``by_part``/``by_prefix``: people by exact folded name part and by the
    first two letters of their surname; ``known_keys``: every folded form and
    surname (a known word is never a slip).
    """

    def __init__(self, glossary: Glossary, *, romanizations: bool = True,
                 surnames: bool = True) -> None:
        self.extra: list[tuple[str, TermRef]] = []
        self.people: list[Person] = []
        self.surname_owner: dict[str, set[str]] = {}
        self._surnames: list[tuple[str, TermRef]] = []
        full_keys = {fold(form, diacritics=True) for c in glossary.concepts for t in c.terms
                     for form, _ in t.forms()}
        for concept in glossary.concepts:
            if concept.kind in _NAME_KINDS:
                self._add_name(concept, full_keys, romanizations, surnames)
            elif looks_like_name(concept):
                forms = self._forms(concept)
                parts = tuple(dict.fromkeys(tuple(fold(t, diacritics=True) for t in f.split())
                                            for f, _ in forms))
                self.people.append(Person(concept, parts, inferred=True))
        for surname, ref in self._surnames:
            if len(self.surname_owner[fold(surname, diacritics=True)]) == 1:
                self.extra.append((surname, ref))
        self.by_part: dict[str, set[int]] = {}
        self.by_prefix: dict[str, set[int]] = {}
        for index, person in enumerate(self.people):
            for name_parts in person.parts:
                for part in name_parts:
                    self.by_part.setdefault(part, set()).add(index)
                if len(name_parts) >= 2 and not person.inferred:
                    self.by_prefix.setdefault(name_parts[-1][:2], set()).add(index)
        self.known_keys = full_keys | set(self.surname_owner)

    @staticmethod
    def _forms(concept: Concept) -> list[tuple[str, str]]:
        """(form, lang) of every accepted form of ``concept``."""
        return [(form, term.lang) for term in concept.terms for form, role in term.forms()
                if role is not Role.FORBIDDEN and form.strip()]

    def _add_name(self, concept: Concept, full_keys: set[str], romanizations: bool,
                  surnames: bool) -> None:
        forms = self._forms(concept)
        romanized: list[tuple[str, str]] = []
        if romanizations:
            for form, lang in forms:
                if _script(form) in _TRANSLITERATED:
                    for variant in sorted(_seams.romanization_variants(form, lang)):
                        if variant.strip() and _script(variant) == "Latin":
                            romanized.append((variant, lang))
                            self.extra.append((variant, TermRef(
                                concept.id, lang, variant, Role.VARIANT, CasePolicy.IGNORE,
                                concept.kind, "romanization")))
        if concept.kind is not ConceptKind.PERSON:
            return
        parts = []
        for form, lang in forms + romanized:
            tokens = form.split()
            parts.append(tuple(fold(t, diacritics=True) for t in tokens))
            if surnames and len(tokens) >= 2:
                surname = tokens[-1]
                key = fold(surname, diacritics=True)
                if len(key) >= 3 and key not in full_keys:
                    self.surname_owner.setdefault(key, set()).add(concept.id)
                    self._surnames.append((surname, TermRef(
                        concept.id, lang, surname, Role.VARIANT, CasePolicy.IGNORE,
                        concept.kind, "surname")))
        self.people.append(Person(concept, tuple(dict.fromkeys(parts))))
