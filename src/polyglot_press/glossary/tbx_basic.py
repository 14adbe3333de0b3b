"""TBX-Basic (ISO 30042:2019, basic dialect): the data categories allowed at
each level, their picklists, and the check that lists every violation.

>>> from polyglot_press.glossary.tbx_tree import parse_xml
>>> body = parse_xml(b'<body><conceptEntry><descrip type="color">red</descrip>'
...                  b'</conceptEntry></body>', None)
>>> v = Violations("g.tbx")
>>> check_basic(body, v)
>>> v.items
[(1, 'conceptEntry needs an id attribute'), (1, "descrip type 'color' is not allowed at concept level")]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import GlossaryError
from .model import GENDERS
from .tbx_tree import Element, norm_space

__all__ = ["ADMITTED", "BASIC_PICKLISTS", "FORBIDDEN", "PREFERRED", "STATUS_TYPES",
           "Violations", "check_basic", "check_entry", "check_transac"]

PREFERRED = {"preferred", "preferredterm-admn-sts", "standardizedterm-admn-sts",
             "preferredterm"}
ADMITTED = {"admitted", "admittedterm-admn-sts", "admittedterm"}
FORBIDDEN = {"deprecated", "deprecatedterm-admn-sts", "notrecommended", "obsolete",
             "supersededterm-admn-sts", "superseded", "legalterm-admn-sts-no"}
STATUS_TYPES = ("administrativeStatus", "usageStatus", "normativeAuthorization")

# TBX-Basic (ISO 30042:2019, basic dialect): what may appear where, and picklists.
BASIC_CONCEPT = {"descrip": {"subjectField", "definition"}, "xref": {"xGraphic",
                 "externalCrossReference"}, "ref": {"crossReference"}, "admin": set()}
BASIC_LANG = {"descrip": {"definition"}, "admin": set()}
BASIC_TERM = {
    "termNote": {"partOfSpeech", "administrativeStatus", "usageStatus", "termType",
                 "grammaticalGender", "geographicalUsage", "termLocation"},
    "descrip": {"context"},
    "admin": {"source", "customerSubset", "projectSubset"},
    "xref": {"xGraphic", "externalCrossReference"},
    "ref": {"crossReference"},
}
BASIC_PICKLISTS = {
    "partOfSpeech": {"noun", "verb", "adjective", "adverb", "properNoun", "other"},
    "grammaticalGender": set(GENDERS),
    # properNoun is not in the standard's termType list, but tools write it there
    # for names (as partOfSpeech has it); it is read as the concept's kind hint
    "termType": {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase",
                 "properNoun"},
    "administrativeStatus": {"preferredTerm-admn-sts", "admittedTerm-admn-sts",
                             "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"},
    "usageStatus": {"preferred", "admitted", "notRecommended", "obsolete", "deprecated"},
}


@dataclass
class Violations:
    path: str | None
    items: list[tuple[int, str]] = field(default_factory=list)

    def add(self, el: Element, message: str) -> None:
        self.items.append((el.line, message))

    def raise_if_any(self, dialect: str) -> None:
        if not self.items:
            return
        self.items.sort()
        listing = "; ".join(f"line {line}: {msg}" for line, msg in self.items)
        raise GlossaryError(f"{len(self.items)} {dialect} violation(s): {listing}",
                            path=self.path, line=self.items[0][0])


def _check_level(el: Element, allowed: dict[str, set[str]], level: str, v: Violations) -> None:
    for child in el.children:
        if child.tag in ("transacGrp",):
            check_transac(child, v)
        elif child.tag == "descripGrp":
            for part in child.children:
                if part.tag == "descrip" and part.type() not in allowed.get("descrip", set()):
                    v.add(part, f"descrip type {part.type()!r} is not allowed at {level} level")
        elif child.tag in allowed and allowed[child.tag] is not None:
            if child.tag == "admin" and level == "concept":
                v.add(child, f"admin type {child.type()!r} at concept level must be inside "
                      "a descripGrp with the definition it documents")
            elif child.type() not in allowed[child.tag]:
                v.add(child, f"{child.tag} type {child.type()!r} is not allowed at "
                      f"{level} level")
            picklist = BASIC_PICKLISTS.get(child.type())
            if picklist is not None and norm_space(child.text) not in picklist:
                v.add(child, f"{child.type()} value {norm_space(child.text)!r} is not in "
                      f"the picklist ({', '.join(sorted(picklist))})")
        elif child.tag in ("descrip", "termNote", "xref", "ref"):
            v.add(child, f"{child.tag} type {child.type()!r} is not allowed at {level} level")


def check_entry(entry: Element, v: Violations) -> None:
    """Add the TBX-Basic violations of one child of ``<body>`` to ``v``."""
    if entry.tag != "conceptEntry":
        return
    if not entry.attrs.get("id"):
        v.add(entry, "conceptEntry needs an id attribute")
    _check_level(entry, BASIC_CONCEPT, "concept", v)
    for lang in (c for c in entry.children if c.tag == "langSec"):
        _check_level(lang, BASIC_LANG, "language", v)
        for term in (c for c in lang.children if c.tag == "termSec"):
            _check_level(term, BASIC_TERM, "term", v)


def check_basic(body: Element, v: Violations) -> None:
    """Add the TBX-Basic violations of every entry of ``body`` to ``v``."""
    for entry in body.children:
        check_entry(entry, v)


def check_transac(group: Element, v: Violations) -> None:
    for child in group.children:
        if child.tag == "transac" and child.type() != "transactionType":
            v.add(child, f"transac type must be 'transactionType', not {child.type()!r}")
        if child.tag == "transacNote" and child.type() != "responsibility":
            v.add(child, f"transacNote type must be 'responsibility', not {child.type()!r}")
