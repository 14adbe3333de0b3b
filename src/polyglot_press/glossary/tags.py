"""Language tags and concept ids as glossaries write them: checks and repairs.

Every reader (CSV, TBX, YAML) and ``glossary add`` check tags and ids here,
so a bad one is refused on import with its line, not only by lint.

>>> is_language_tag("pt-BR"), is_language_tag("../../etc")
(True, False)
>>> is_concept_id("osce-odihr"), is_concept_id("/etc/passwd")
(True, False)
>>> slug("Crème brulée")
'creme-brulee'
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import GlossaryError

__all__ = [
    "ConceptIds",
    "check_concept_id",
    "check_language_tag",
    "is_concept_id",
    "is_language_tag",
    "locale_to_bcp47",
    "slug",
]

# RFC 5646 language tag syntax. Primary subtags of 4-8 letters are reserved or
# unused in practice, so they are refused (a header cell "chevre" is a term).
_BCP47 = re.compile(
    r"^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3})"
    r"(?:-[a-z]{4})?"
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?$|^x(?:-[a-z0-9]{1,8})+$",
    re.IGNORECASE | re.ASCII,
)

#: the longest concept id accepted
MAX_ID_LENGTH = 128
# letters, digits, marks and . _ : - with a letter, digit or _ at both ends
# (no slash, no space, no control character, no "..": an id may end up in a
# file name or a URL)
_ID = re.compile(r"^\w(?:[\w.:\-\u0300-\u036f]*[\w\u0300-\u036f])?$")


def is_language_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP 47 language tag (RFC 5646 syntax,
    with a two- or three-letter primary language subtag).

    >>> is_language_tag("pt-BR"), is_language_tag("zh-Hant-TW"), is_language_tag("english")
    (True, True, False)
    """
    return bool(_BCP47.match(tag))


def is_concept_id(concept_id: str) -> bool:
    """Whether ``concept_id`` is a safe id: letters, digits and ``. _ : -``
    inside, a letter, digit or ``_`` at both ends, no ``..``, at most
    :data:`MAX_ID_LENGTH` characters.

    >>> [is_concept_id(x) for x in ("tokayev", "c1", "ОБСЕ", "a..b", "-x", "a b", "")]
    [True, True, True, False, False, False, False]
    """
    return (0 < len(concept_id) <= MAX_ID_LENGTH and ".." not in concept_id
            and bool(_ID.match(concept_id)))


def check_language_tag(tag: str, *, path: str | None = None, line: int | None = None,
                       what: str = "language tag") -> str:
    """``tag`` when it is a BCP 47 tag; otherwise a :class:`GlossaryError`
    naming the file and line.

    >>> check_language_tag("../../etc")
    Traceback (most recent call last):
    ...
    polyglot_press.errors.GlossaryError: invalid language tag '../../etc': not a BCP 47 tag ...
    """
    if not is_language_tag(tag):
        raise GlossaryError(f"invalid {what} {tag[:80]!r}: not a BCP 47 tag (such as en, "
                            "pt-BR, zh-Hant)", path=path, line=line)
    return tag


def check_concept_id(concept_id: str, *, path: str | None = None,
                     line: int | None = None) -> str:
    """``concept_id`` when :func:`is_concept_id`; otherwise a clear
    :class:`GlossaryError` naming the file and line."""
    if not is_concept_id(concept_id):
        raise GlossaryError(
            f"invalid concept id {concept_id[:80]!r}: use letters, digits and . _ : - "
            f"(a letter, digit or _ first and last, no '..', at most {MAX_ID_LENGTH} characters)",
            path=path, line=line)
    return concept_id


def locale_to_bcp47(tag: str) -> str:
    """``en_US`` (a locale name, as CAT tools and spreadsheets write it) as the
    BCP 47 tag ``en-US``; any other text unchanged.

    >>> locale_to_bcp47("en_US"), locale_to_bcp47("pt_br"), locale_to_bcp47("de")
    ('en-US', 'pt-BR', 'de')
    """
    if "_" not in tag or is_language_tag(tag):
        return tag
    parts = tag.replace("_", "-").split("-")
    fixed = "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 and p.isalpha() else
                                          p.title() if len(p) == 4 and p.isalpha() else p
                                          for p in parts[1:])])
    return fixed if is_language_tag(fixed) else tag


def slug(text: str) -> str:
    """An ASCII id made from ``text`` ('' when nothing Latin is left).

    >>> slug("Crème brulée"), slug("OSCE/ODIHR")
    ('creme-brulee', 'osce-odihr')
    """
    if text.isascii():
        ascii_text = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NOT_SLUG.sub("-", ascii_text).strip("-")[:60].strip("-")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class ConceptIds:
    """Unique ids for imported concepts: ``slug`` of a term, ``-2``, ``-3`` on
    a clash (the next free number per base is remembered, so a thousand
    clashes cost a thousand steps, not a million).

    >>> ids = ConceptIds()
    >>> ids.make("OSCE", "c1"), ids.make("osce", "c2"), ids.make("Osce", "c3")
    ('osce', 'osce-2', 'osce-3')
    """

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._next: dict[str, int] = {}

    def make(self, text: str, fallback: str) -> str:
        """A new id made from ``text`` (``fallback`` when no letter is left)."""
        return self.claim(slug(text) or fallback)

    def claim(self, base: str) -> str:
        """``base`` if free, else ``base-N`` with the smallest free N tried so far."""
        if base not in self.used:  # the usual case: no clash, nothing more to remember
            self.used.add(base)
            return base
        candidate = base
        n = self._next.get(base, 2)
        while candidate in self.used:
            candidate = f"{base}-{n}"
            n += 1
        self._next[base] = n
        self.used.add(candidate)
        return candidate
