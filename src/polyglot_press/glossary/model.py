"""The glossary model: a :class:`Glossary` of :class:`Concept`\\ s, each with one
:class:`Term` record per language.

Everything here is an immutable value. Editing returns a new object
(:meth:`Glossary.with_concept`, :meth:`Glossary.without_concept`,
:meth:`Concept.with_term`, :func:`dataclasses.replace`).

There is no fixed source language: every language of a concept is equal, like
Google's equivalent term sets and Amazon Translate's MULTI mode.

>>> osce = Concept(
...     "osce", kind=ConceptKind.ORGANIZATION,
...     terms=(Term("en", "OSCE", variants=("Organization for Security and Co-operation in Europe",)),
...            Term("ru", "ОБСЕ")),
... )
>>> g = Glossary("demo", languages=("en", "ru"), concepts=(osce,))
>>> g.concept("osce").term("ru").preferred
'ОБСЕ'
>>> g.concept("osce").term("en").case_policy()
CasePolicy.EXACT
>>> len(g.digest())
64
>>> eval(repr(g.concept("osce").term("ru"))) == g.concept("osce").term("ru")
True
"""

from __future__ import annotations

import enum
import hashlib
import json
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import GlossaryError

__all__ = [
    "CasePolicy",
    "Concept",
    "ConceptKind",
    "Glossary",
    "LineTable",
    "Location",
    "Role",
    "Term",
    "register_io",
]

_Loader = Callable[..., "Glossary"]
_Saver = Callable[..., None]
# Set by polyglot_press.glossary.convert when the package is imported (always
# before any Glossary exists): the model sits below every reader and writer and
# imports none of them.
_IO: dict[str, Any] = {}


def register_io(load: _Loader, save: _Saver) -> None:
    """Give :meth:`Glossary.load` and :meth:`Glossary.save` their reader and writer."""
    _IO["load"] = load
    _IO["save"] = save


#: Where a value sits inside a glossary: ``(concept_index,)``,
#: ``(concept_index, lang)``, ``(concept_index, lang, field)`` or
#: ``(concept_index, lang, field, item_index)``; ``()`` is the header.
Location = tuple[Any, ...]


class LineTable(Mapping[Location, int]):
    """A :attr:`Glossary.locations` that keeps each concept's line in an array
    (4 bytes a concept, not a tuple, an int and a dict slot: about 150) and any
    other location in a dict. Imports of CSV files with millions of rows use it.

    >>> t = LineTable([3, 0, 5], {(2, "en", "variants", 0): 6})
    >>> t[(0,)], (1,) in t, len(t), list(t)
    (3, False, 3, [(0,), (2,), (2, 'en', 'variants', 0)])
    """

    __slots__ = ("_count", "_lines", "_other")

    def __init__(self, lines: Iterable[int] = (), other: Mapping[Location, int] | None = None
                 ) -> None:
        self._lines = array("I", lines)  # 0: no line
        self._other = dict(other or {})
        self._count = sum(1 for line in self._lines if line) + len(self._other)

    def __getitem__(self, key: Location) -> int:
        if len(key) == 1 and type(key[0]) is int and 0 <= key[0] < len(self._lines):
            line = self._lines[key[0]]
            if line:
                return line
        return self._other[key]

    def __iter__(self) -> Iterator[Location]:
        yield from ((i,) for i, line in enumerate(self._lines) if line)
        yield from self._other

    def __len__(self) -> int:
        return self._count


class _Enum(enum.StrEnum):
    """A string enum whose repr evaluates back (``CasePolicy.EXACT``)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"


class ConceptKind(_Enum):
    """What a concept names."""

    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    TERM = "term"
    BRAND = "brand"


class CasePolicy(_Enum):
    """How letter case must match.

    ``auto`` resolves per term: acronym-like terms (two or more capitals and no
    lowercase letter, such as ``OSCE``) match exactly, everything else ignores case.
    ``first`` ignores the case of the first letter only (sentence starts).
    """

    AUTO = "auto"
    EXACT = "exact"
    FIRST = "first"
    IGNORE = "ignore"

    def resolve(self, term: str) -> CasePolicy:
        """The concrete policy for ``term`` (never ``AUTO``).

        >>> CasePolicy.AUTO.resolve("OSCE"), CasePolicy.AUTO.resolve("Mazhilis")
        (CasePolicy.EXACT, CasePolicy.IGNORE)
        """
        if self is not CasePolicy.AUTO:
            return self
        if term != term.upper():  # some letter is lowercase
            return CasePolicy.IGNORE
        upper = sum(1 for c in term if c.isupper())
        return CasePolicy.EXACT if upper >= 2 else CasePolicy.IGNORE


class Role(_Enum):
    """The standing of one form of a term."""

    PREFERRED = "preferred"
    VARIANT = "variant"
    FORBIDDEN = "forbidden"


GENDERS = ("masculine", "feminine", "neuter", "other")
#: Grammatical numbers a term can have (Estados Unidos, Filipinas: plural).
NUMBERS = ("singular", "plural")


@dataclass(frozen=True, slots=True)
class Term:
    """A concept's terminology in one language.

    ``preferred`` is the form to use; ``variants`` are accepted forms (for
    people: other spellings, which name normalization rewrites to
    ``preferred``); ``forbidden`` are forms never to use. Grammatical
    information is optional: ``gender`` (masculine, feminine, neuter, other),
    ``number`` (singular, plural), ``no_article`` (the term takes no article:
    Portugal, Israel, Cuba in Portuguese), ``indeclinable`` and
    ``part_of_speech``. The terminology layer makes the article, the
    preposition + article contraction and an attached adjective agree with
    ``gender`` and ``number``.

    >>> t = Term("de", "OSZE", forbidden=("OSCE",))
    >>> [form for form, role in t.forms()]
    ['OSZE', 'OSCE']
    """

    lang: str
    preferred: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    do_not_translate: bool = False
    case: CasePolicy = CasePolicy.AUTO
    gender: str | None = None
    indeclinable: bool = False
    part_of_speech: str | None = None
    note: str = ""
    number: str | None = None
    no_article: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.lang, str) or not isinstance(self.preferred, str):
            raise TypeError("Term lang and preferred must be str")
        if self.number is not None and self.number not in NUMBERS:
            raise ValueError(f"Term number {self.number!r} is not one of {', '.join(NUMBERS)}")
        if isinstance(self.variants, str) or isinstance(self.forbidden, str):
            raise TypeError("Term variants and forbidden must be tuples of str, not str")
        if type(self.variants) is not tuple:
            object.__setattr__(self, "variants", tuple(self.variants))
        if type(self.forbidden) is not tuple:
            object.__setattr__(self, "forbidden", tuple(self.forbidden))
        if type(self.case) is not CasePolicy:
            object.__setattr__(self, "case", CasePolicy(self.case))

    def forms(self) -> Iterator[tuple[str, Role]]:
        """Every form with its role: preferred first, then variants, then forbidden."""
        yield self.preferred, Role.PREFERRED
        for v in self.variants:
            yield v, Role.VARIANT
        for f in self.forbidden:
            yield f, Role.FORBIDDEN

    def case_policy(self, form: str | None = None) -> CasePolicy:
        """The resolved case policy for ``form`` (default: the preferred form)."""
        return self.case.resolve(self.preferred if form is None else form)

    def to_dict(self) -> dict[str, Any]:
        """JSON form, with defaults left out."""
        out: dict[str, Any] = {"preferred": self.preferred}
        if self.variants:
            out["variants"] = list(self.variants)
        if self.forbidden:
            out["forbidden"] = list(self.forbidden)
        if self.do_not_translate:
            out["do_not_translate"] = True
        if self.case is not CasePolicy.AUTO:
            out["case"] = str(self.case)
        if self.gender:
            out["gender"] = self.gender
        if self.number:
            out["number"] = self.number
        if self.no_article:
            out["no_article"] = True
        if self.indeclinable:
            out["indeclinable"] = True
        if self.part_of_speech:
            out["part_of_speech"] = self.part_of_speech
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing a glossary names, with its terms in each language.

    >>> c = Concept("tokayev", ConceptKind.PERSON, (Term("en", "Kassym-Jomart Tokayev"),))
    >>> c.languages
    ('en',)
    >>> c.with_term(Term("ru", "Касым-Жомарт Токаев")).languages
    ('en', 'ru')
    """

    id: str
    kind: ConceptKind = ConceptKind.TERM
    terms: tuple[Term, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    definition: str = ""
    subject: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.notes, str) or isinstance(self.sources, str):
            raise TypeError("Concept notes and sources must be tuples of str, not str")
        if type(self.kind) is not ConceptKind:
            object.__setattr__(self, "kind", ConceptKind(self.kind))
        for name in ("terms", "notes", "sources"):
            if type(getattr(self, name)) is not tuple:
                object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this concept has terms in, in file order."""
        return tuple(t.lang for t in self.terms)

    def term(self, lang: str) -> Term | None:
        """The term record for ``lang`` (exact tag), or ``None``."""
        for t in self.terms:
            if t.lang == lang:
                return t
        return None

    def with_term(self, term: Term) -> Concept:
        """A copy with ``term`` added or replacing the one in its language."""
        terms = list(self.terms)
        for i, t in enumerate(terms):
            if t.lang == term.lang:
                terms[i] = term
                return replace(self, terms=tuple(terms))
        return replace(self, terms=(*terms, term))

    def without_term(self, lang: str) -> Concept:
        """A copy without the term record for ``lang``."""
        return replace(self, terms=tuple(t for t in self.terms if t.lang != lang))

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the same shape as the canonical YAML)."""
        out: dict[str, Any] = {"id": self.id, "kind": str(self.kind)}
        if self.subject:
            out["subject"] = self.subject
        if self.definition:
            out["definition"] = self.definition
        if self.notes:
            out["notes"] = list(self.notes)
        if self.sources:
            out["sources"] = list(self.sources)
        out["terms"] = {t.lang: t.to_dict() for t in self.terms}
        return out


@dataclass(frozen=True, slots=True)
class Glossary:
    """A named, versioned set of concepts in declared languages.

    ``path`` and ``locations`` (1-based line numbers keyed by
    :data:`Location`) remember where the glossary was read from, for messages;
    they take no part in equality or in :meth:`digest`.
    """

    name: str
    version: str = "1"
    languages: tuple[str, ...] = ()
    concepts: tuple[Concept, ...] = ()
    description: str = ""
    path: str | None = field(default=None, compare=False, repr=False)
    locations: Mapping[Location, int] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", tuple(self.languages))
        object.__setattr__(self, "concepts", tuple(self.concepts))
        object.__setattr__(self, "version", str(self.version))

    def __hash__(self) -> int:
        return hash((self.name, self.version, self.languages, self.concepts, self.description))

    # ----------------------------------------------------------------- reading
    @classmethod
    def load(cls, path: str | Path, *, format: str | None = None, **options: Any) -> Glossary:
        """Read a glossary file; the format comes from the suffix unless given.

        YAML (``.yaml``/``.yml``) is canonical; ``.csv``/``.tsv`` and ``.tbx``
        are imported (what they cannot express is reported by
        :func:`polyglot_press.glossary.import_glossary`, which this calls).
        """
        loader: _Loader = _IO["load"]
        return loader(path, format=format, **options)

    def save(self, path: str | Path) -> None:
        """Write this glossary as YAML, atomically, keeping the comments and
        order of an existing file (see :func:`polyglot_press.glossary.store.save_yaml`)."""
        saver: _Saver = _IO["save"]
        saver(self, path)

    # ----------------------------------------------------------------- queries
    def concept(self, concept_id: str) -> Concept:
        """The concept with ``concept_id``; :class:`GlossaryError` lists close ids."""
        for c in self.concepts:
            if c.id == concept_id:
                return c
        known = ", ".join(c.id for c in self.concepts[:20])
        raise GlossaryError(
            f"no concept with id {concept_id!r}; known ids: {known or '(none)'}", path=self.path
        )

    def get(self, concept_id: str) -> Concept | None:
        """The concept with ``concept_id`` or ``None``."""
        for c in self.concepts:
            if c.id == concept_id:
                return c
        return None

    def index_of(self, concept_id: str) -> int:
        """Position of the concept in :attr:`concepts` (-1 when absent)."""
        for i, c in enumerate(self.concepts):
            if c.id == concept_id:
                return i
        return -1

    def find(self, text: str) -> list[Concept]:
        """Concepts with ``text`` as an id or as any form in any language
        (compared after NFC and casefolding).

        >>> g = Glossary("d", concepts=(Concept("cec", terms=(Term("en", "CEC"),)),))
        >>> [c.id for c in g.find("cec")]
        ['cec']
        """
        key = unicodedata.normalize("NFC", text).casefold().strip()
        found = []
        for c in self.concepts:
            if c.id.casefold() == key or any(
                unicodedata.normalize("NFC", form).casefold() == key
                for t in c.terms
                for form, _ in t.forms()
            ):
                found.append(c)
        return found

    def all_languages(self) -> tuple[str, ...]:
        """Declared languages, then any other language a concept uses."""
        seen = list(self.languages)
        for c in self.concepts:
            for lang in c.languages:
                if lang not in seen:
                    seen.append(lang)
        return tuple(seen)

    def line_of(self, *location: Any) -> int | None:
        """The 1-based line of ``location`` or of its nearest enclosing part."""
        key: Location = tuple(location)
        while True:
            line = self.locations.get(key)
            if line is not None or not key:
                return line
            key = key[:-1]

    def where(self, *location: Any) -> str:
        """``path:line`` (or what is known of it) for messages."""
        line = self.line_of(*location)
        path = self.path or "<glossary>"
        return f"{path}:{line}" if line is not None else path

    # ----------------------------------------------------------------- editing
    def with_concept(self, concept: Concept) -> Glossary:
        """A copy with ``concept`` replacing the one with its id, or appended."""
        concepts = list(self.concepts)
        for i, c in enumerate(concepts):
            if c.id == concept.id:
                concepts[i] = concept
                return replace(self, concepts=tuple(concepts))
        return replace(self, concepts=(*concepts, concept))

    def without_concept(self, concept_id: str) -> Glossary:
        """A copy without the concept ``concept_id`` (:class:`GlossaryError` if absent)."""
        self.concept(concept_id)
        return replace(self, concepts=tuple(c for c in self.concepts if c.id != concept_id))

    # ------------------------------------------------------------ serializing
    def to_dict(self) -> dict[str, Any]:
        """JSON form (the same shape as the canonical YAML)."""
        header: dict[str, Any] = {"name": self.name, "version": self.version}
        if self.description:
            header["description"] = self.description
        header["languages"] = list(self.languages)
        return {"glossary": header, "concepts": [c.to_dict() for c in self.concepts]}

    def digest(self) -> str:
        """A stable SHA-256 of the content: not of comments, of the order of
        keys, concepts or languages, nor of the file's path. The translation
        memory keys on it.

        >>> Glossary("a").digest() == Glossary("a").digest() != Glossary("b").digest()
        True
        """
        data = self.to_dict()
        data["concepts"] = sorted(data["concepts"], key=lambda c: (c["id"], json.dumps(
            c, ensure_ascii=False, sort_keys=True)))
        canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
