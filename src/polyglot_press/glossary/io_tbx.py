"""TBX glossaries: TBX v2 (``martif``) and TBX v3 (``tbx``: TBX-Basic, TBX-Min).

Parsing (:mod:`~polyglot_press.glossary.tbx_tree`) goes through ``defusedxml``'s
SAX parser: no external entities, no entity expansion (billion laughs), no
network, no nesting deeper than 128. Every element keeps its line, so errors
and losses name ``file:line``. TBX-Basic files are checked against the
dialect's data-category rules (:mod:`~polyglot_press.glossary.tbx_basic`) and
rejected with every violation listed. Language tags and concept ids are
checked as they are read (``xml:lang="../../etc"`` is refused).

Kinds: a concept-level ``subjectField`` that names a kind (person, people,
organization, organisation, place, location, brand, ...) gives the concept
that kind, as :func:`~polyglot_press.glossary.tbx_write.dumps_tbx` writes it;
other subjects stay the concept's subject. ``properNoun`` (as
``partOfSpeech`` or ``termType``) marks a term as a name
(``part_of_speech: properNoun``), which name normalization reads as a hint
when the concept has no name kind.

Status mapping: ``preferred``/``preferredTerm-admn-sts`` -> preferred;
``admitted``/``admittedTerm-admn-sts`` -> variant; ``deprecated``,
``notRecommended``, ``obsolete``, ``superseded`` (and their ``-admn-sts``
forms) -> forbidden.

>>> tbx = '''<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
... <tbxHeader><fileDesc><sourceDesc><p>demo</p></sourceDesc></fileDesc></tbxHeader>
... <text><body><conceptEntry id="osce">
...   <langSec xml:lang="en"><termSec><term>OSCE</term></termSec></langSec>
...   <langSec xml:lang="de"><termSec><term>OSZE</term>
...     <termNote type="usageStatus">preferred</termNote></termSec></langSec>
... </conceptEntry></body></text></tbx>'''
>>> conv = loads_tbx(tbx)
>>> conv.glossary.concept("osce").term("de").preferred, conv.glossary.line_of(0, "de")
('OSZE', 5)
>>> loads_tbx(tbx.replace('"de"', '"../../etc"'))
Traceback (most recent call last):
...
polyglot_press.errors.GlossaryError: 5: invalid language tag '../../etc': not a BCP 47 tag ...
"""

from __future__ import annotations

import re

from ..errors import GlossaryError
from .model import GENDERS, Concept, ConceptKind, Glossary, Location, Term
from .records import Converted, Loss
from .tags import ConceptIds, check_concept_id, check_language_tag, locale_to_bcp47, slug
from .tbx_basic import (
    ADMITTED,
    FORBIDDEN,
    PREFERRED,
    STATUS_TYPES,
    Violations,
    check_entry,
    check_transac,
)
from .tbx_tree import Element, find, flatten, norm_space, parse_xml, walk
from .tbx_write import dumps_tbx

__all__ = ["SUBJECT_KINDS", "dumps_tbx", "loads_tbx"]

#: concept-level subjectField values read as a concept kind
SUBJECT_KINDS = {
    "person": ConceptKind.PERSON, "people": ConceptKind.PERSON,
    "personal name": ConceptKind.PERSON, "organization": ConceptKind.ORGANIZATION,
    "organisation": ConceptKind.ORGANIZATION, "place": ConceptKind.PLACE,
    "location": ConceptKind.PLACE, "geographical name": ConceptKind.PLACE,
    "toponym": ConceptKind.PLACE, "brand": ConceptKind.BRAND, "trademark": ConceptKind.BRAND,
}
_PROPER = "properNoun"


_DESCRIBED = {
    "transacGrp": "transaction history (dates, responsible person)",
    "xref": "cross-reference or graphic",
    "ref": "cross-reference",
}


class _Importer:
    def __init__(self, path: str | None, name: str, kind: ConceptKind | None = None) -> None:
        self.path = path
        self.name = name
        self.kind = kind
        self.losses: list[Loss] = []
        self.notes: list[str] = []
        self.locations: dict[Location, int] = {}
        self.ids = ConceptIds()
        self.lang_definitions: list[tuple[str, Element, str, str | None]] = []

    def lose(self, where: str, el: Element, what: str | None = None) -> None:
        if what is None:
            kind = f" type={el.type()!r}" if el.type() else ""
            detail = _DESCRIBED.get(el.tag, "")
            value = norm_space(el.full_text())
            what = f"<{el.tag}{kind}>" + (f" ({detail})" if detail else "") + (
                f": {value[:60]!r}" if value and el.tag != "transacGrp" else "")
        self.losses.append(Loss(where, what, el.line))

    def concept(self, entry: Element, index: int) -> Concept | None:
        raw_id = entry.attrs.get("id", "")
        if raw_id:
            check_concept_id(raw_id, path=self.path, line=entry.line)
        first_term = next((t for ls in entry.children if ls.tag in ("langSec", "langSet")
                           for t in _terms_of(ls)), None)
        base = raw_id or slug(norm_space(first_term.text) if first_term else "") or f"c{index + 1}"
        cid = self.ids.claim(base)
        if raw_id and cid != raw_id:
            self.losses.append(Loss(cid, f"duplicate concept id {raw_id!r} renamed to {cid!r}",
                                    entry.line))
        self.locations[(index,)] = entry.line
        notes: list[str] = []
        sources: list[str] = []
        definition = ""
        subject = ""
        kind: ConceptKind | None = None
        dnt = False
        for child in entry.children:
            if child.tag in ("langSec", "langSet"):
                continue
            t = child.type()
            value = norm_space(child.full_text())
            if child.tag == "descrip" and t == "subjectField":
                if kind is None and value.lower() in SUBJECT_KINDS:
                    kind = SUBJECT_KINDS[value.lower()]
                    continue
                subject = value if not subject else f"{subject}; {value}"
            elif child.tag == "descrip" and t == "definition" and not definition:
                definition = value
            elif child.tag == "descripGrp":
                for part in child.children:
                    pv = norm_space(part.full_text())
                    if part.tag == "descrip" and part.type() == "definition" and not definition:
                        definition = pv
                    elif part.tag == "admin" and part.type() == "source":
                        sources.append(pv)
                    else:
                        self.lose(cid, part)
            elif child.tag == "note":
                if value not in notes:
                    notes.append(value)
            elif child.tag == "admin" and t == "source":
                sources.append(value)
            elif child.tag == "xref" and t == "externalCrossReference":
                sources.append(child.attrs.get("target", value))
            elif child.tag == "descrip" and t.lower() == "translation needed":
                dnt = value.lower() in ("no", "false", "0")
            elif child.tag == "descrip" and t.lower() == "usage note":
                notes.append(value)
            else:
                self.lose(cid, child)
        terms: list[Term] = []
        self.lang_definitions = []
        for ls in entry.children:
            if ls.tag not in ("langSec", "langSet"):
                continue
            term = self.language(ls, cid, index, dnt)
            if term is None:
                continue
            if any(x.lang == term.lang for x in terms):
                old = next(x for x in terms if x.lang == term.lang)
                merged = Term(term.lang, old.preferred or term.preferred,
                              (*old.variants, *([term.preferred] if old.preferred else []),
                               *term.variants),
                              (*old.forbidden, *term.forbidden), old.do_not_translate,
                              old.case, old.gender, old.indeclinable, old.part_of_speech,
                              old.note)
                terms = [merged if x.lang == term.lang else x for x in terms]
                self.notes.append(f"line {ls.line}: second {term.lang} section of {cid} merged")
            else:
                terms.append(term)
        # the model holds one definition per concept: the first language's
        # definition is used when the concept has none; the others are losses
        for where, el, text, source in self.lang_definitions:
            if not definition:
                definition = text
                if source:
                    sources.append(source)
            else:
                self.lose(where, el, f"definition {text[:60]!r} (one definition per concept)")
        if not terms:
            self.losses.append(Loss(cid, "concept without terms skipped", entry.line))
            return None
        return Concept(cid, kind or self.kind or ConceptKind.TERM, tuple(terms),
                       notes=tuple(notes), sources=tuple(sources), definition=definition,
                       subject=subject)

    def language(self, ls: Element, cid: str, index: int, dnt: bool) -> Term | None:
        lang = ls.attrs.get("xml:lang") or ls.attrs.get("lang") or ""
        if not lang:
            raise GlossaryError(f"<{ls.tag}> without xml:lang in concept {cid!r}",
                                path=self.path, line=ls.line)
        fixed = locale_to_bcp47(lang)
        if fixed != lang:
            self.notes.append(f"line {ls.line}: xml:lang {lang!r} read as {fixed!r} (BCP 47)")
            lang = fixed
        check_language_tag(lang, path=self.path, line=ls.line)
        where = f"{cid}/{lang}"
        self.locations[(index, lang)] = ls.line
        notes: list[str] = []
        for child in ls.children:
            if child.tag in ("termSec", "tig", "ntig"):
                continue
            if child.tag == "note":
                notes.append(norm_space(child.full_text()))
            elif child.tag == "descrip" and child.type() == "definition":
                self.lang_definitions.append((where, child, norm_space(child.full_text()), None))
            elif child.tag == "descripGrp" and any(
                    p.tag == "descrip" and p.type() == "definition" for p in child.children):
                definition = next(p for p in child.children if p.tag == "descrip")
                source = next((norm_space(p.full_text()) for p in child.children
                               if p.tag == "admin" and p.type() == "source"), None)
                for part in child.children:
                    if part is not definition and not (part.tag == "admin" and
                                                       part.type() == "source"):
                        self.lose(where, part)
                self.lang_definitions.append((where, definition,
                                              norm_space(definition.full_text()), source))
            else:
                self.lose(where, child)
        entries: list[tuple[str, str, Element, Element]] = []  # (form, status, term el, section)
        pos: str | None = None
        gender: str | None = None
        for sec in ls.children:
            if sec.tag not in ("termSec", "tig", "ntig"):
                continue
            fields = flatten(sec)
            term_el = next((f for f in fields if f.tag == "term"), None)
            if term_el is None:
                raise GlossaryError(f"<{sec.tag}> without <term> in concept {cid!r}",
                                    path=self.path, line=sec.line)
            form = term_el.full_text()  # verbatim: lint reports stray spaces
            status = ""
            for f in fields:
                if f is term_el or f.tag in ("termGrp",):
                    continue
                t = f.type()
                value = norm_space(f.full_text())
                if f.tag == "termNote" and t in STATUS_TYPES:
                    status = value
                elif f.tag == "termNote" and t == "termType" and value == _PROPER:
                    pos = pos or _PROPER  # a name: kept as the part of speech
                elif f.tag == "termNote" and t == "partOfSpeech":
                    if pos is None or (pos == _PROPER and value != _PROPER):
                        pos = value
                    elif value != pos:
                        self.lose(where, f, f"part of speech {value!r} of {form!r} (one per "
                                  "language is kept)")
                elif f.tag == "termNote" and t == "grammaticalGender":
                    if gender is None and value in GENDERS:
                        gender = value
                    else:
                        self.lose(where, f, f"grammatical gender {value!r} of {form!r}")
                elif f.tag == "note":
                    if value and value not in notes:
                        notes.append(value)
                else:
                    self.lose(where, f)
            entries.append((form, status.lower(), term_el, sec))
        preferred = ""
        variants: list[str] = []
        forbidden: list[str] = []
        explicit = any(s in PREFERRED for _, s, _, _ in entries)
        for form, status, el, _sec in entries:
            if status in FORBIDDEN:
                self.locations[(index, lang, "forbidden", len(forbidden))] = el.line
                forbidden.append(form)
            elif not preferred and (status in PREFERRED or (not explicit and status not in
                                                             ADMITTED)):
                preferred = form
                self.locations[(index, lang, "preferred")] = el.line
            else:
                if status in PREFERRED:
                    self.notes.append(f"line {el.line}: second preferred {lang} term "
                                      f"{form!r} became a variant")
                self.locations[(index, lang, "variants", len(variants))] = el.line
                variants.append(form)
        if not preferred and variants:
            preferred = variants.pop(0)
        if not entries:
            return None
        return Term(lang, preferred, tuple(variants), tuple(forbidden), do_not_translate=dnt,
                    gender=gender, part_of_speech=pos, note=" | ".join(dict.fromkeys(notes)))




def _terms_of(ls: Element) -> list[Element]:
    return [f for sec in ls.children if sec.tag in ("termSec", "tig", "ntig")
            for f in flatten(sec) if f.tag == "term"]




class _Stream:
    """Validates and converts each entry of ``<body>`` as the parser closes it.

    The outcome is the one of checking the whole file first: the first error of
    conversion is kept, not raised, and raised only when the XML is well-formed,
    the root is TBX and there are no TBX-Basic violations (each of which is
    raised first, as before); after a violation or an error nothing more is
    converted.
    """

    def __init__(self, imp: _Importer, validate: bool, path: str | None) -> None:
        self.imp = imp
        self.validate = validate
        self.violations = Violations(path)
        self.error: GlossaryError | None = None
        self.concepts: list[Concept] = []

    def entry(self, root: Element, entry: Element) -> None:
        if self.validate and root.tag == "tbx" and root.attrs.get("type", "TBX") == "TBX-Basic":
            check_entry(entry, self.violations)
        if self.error is not None or self.violations.items:
            return
        if entry.tag not in ("conceptEntry", "termEntry"):
            self.imp.lose("body", entry)
            return
        try:
            concept = self.imp.concept(entry, len(self.concepts))
        except GlossaryError as exc:
            self.error = exc
            return
        if concept is not None:
            self.concepts.append(concept)


def loads_tbx(data: str | bytes, *, path: str | None = None, name: str = "imported",
              validate: bool = True, kind: ConceptKind | str | None = None) -> Converted:
    """Parse a TBX v2 or v3 document; TBX-Basic files are validated unless
    ``validate=False``. ``kind`` is given to concepts whose subject names none.

    Entries are validated and converted one at a time as they are parsed, so
    a big file is never held as a tree; errors are those of a whole-file check.
    """
    if isinstance(data, str):
        data = re.sub(r"^(\ufeff?<\?xml[^>]*?)encoding=[\"'][^\"']*[\"']", r"\1",
                      data).encode("utf-8")
    imp = _Importer(path, name, ConceptKind(kind) if kind is not None else None)
    stream = _Stream(imp, validate, path)
    root = parse_xml(data, path, on_entry=stream.entry)
    if root.tag not in ("martif", "tbx"):
        raise GlossaryError(f"not a TBX file: the root element is <{root.tag}>, expected "
                            "<tbx> (TBX v3) or <martif> (TBX v2)", path=path, line=root.line)
    body = find(root, "text", "body")
    if body is None:
        raise GlossaryError("TBX file without <text><body>", path=path, line=root.line)
    if validate and root.tag == "tbx" and root.attrs.get("type", "TBX") == "TBX-Basic":
        back = find(root, "text", "back")
        if back is not None:
            for el in walk(back):
                if el.tag == "transacGrp":
                    check_transac(el, stream.violations)
        stream.violations.raise_if_any("TBX-Basic")
    if stream.error is not None:
        raise stream.error
    title = find(root, "tbxHeader", "fileDesc", "titleStmt", "title") or find(
        root, "martifHeader", "fileDesc", "titleStmt", "title")
    if title is not None:
        imp.name = norm_space(title.full_text())
    concepts = stream.concepts
    langs: list[str] = []
    for c in concepts:
        for lang in c.languages:
            if lang not in langs:
                langs.append(lang)
    source = root.attrs.get("xml:lang")
    if source in langs:
        langs.remove(source)
        langs.insert(0, source)
    back = find(root, "text", "back")
    if back is not None and back.children:
        imp.lose("back", back, "<back> matter (reference objects such as responsible persons)")
    g = Glossary(imp.name, languages=tuple(langs), concepts=tuple(concepts), path=path,
                 locations=imp.locations)
    return Converted(g, tuple(imp.losses), notes=tuple(imp.notes))
