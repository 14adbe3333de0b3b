"""TBX glossaries: TBX v2 (``martif``) and TBX v3 (``tbx``: TBX-Basic, TBX-Min).

Parsing goes through ``defusedxml``'s SAX parser: no external entities, no
entity expansion (billion laughs), no network. Every element keeps its line,
so errors and losses name ``file:line``. TBX-Basic files are checked against
the dialect's data-category rules (levels and picklists) and rejected with
every violation listed.

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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.saxutils import escape, quoteattr
from xml.sax.xmlreader import Locator

import defusedxml.sax
from defusedxml import DefusedXmlException

from ..errors import GlossaryError
from .convert import Converted, Loss
from .io_csv import locale_to_bcp47, slug
from .model import GENDERS, Concept, Glossary, Location, Term

__all__ = ["dumps_tbx", "loads_tbx"]

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
    "termType": {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"},
    "administrativeStatus": {"preferredTerm-admn-sts", "admittedTerm-admn-sts",
                             "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"},
    "usageStatus": {"preferred", "admitted", "notRecommended", "obsolete", "deprecated"},
}


@dataclass
class _El:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_El] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def full_text(self) -> str:
        return self.text + "".join(c.full_text() for c in self.children)

    def type(self) -> str:
        return self.attrs.get("type", "")


class _Builder(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.root: _El | None = None
        self.stack: list[_El] = []
        self.locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def startElement(self, name: str, attrs: Any) -> None:
        line = (self.locator.getLineNumber() or 0) if self.locator is not None else 0
        local = name.rsplit(":", 1)[-1]
        el = _El(local, {k: attrs[k] for k in attrs.getNames()}, line)
        if self.stack:
            self.stack[-1].children.append(el)
        else:
            self.root = el
        self.stack.append(el)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(content)


# A DOCTYPE that only names an external DTD (no internal subset, so no entity
# declarations) is dropped before parsing: the DTD is never loaded anyway, and
# the hardened parser refuses any external reference.
_EXTERNAL_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+[\w:.-]+(?:\s+(?:PUBLIC\s+(?:\"[^\"]*\"|'[^']*')\s+|SYSTEM\s+)"
    rb"(?:\"[^\"]*\"|'[^']*'))?\s*>"
)


def _parse(data: bytes, path: str | None) -> _El:
    data = _EXTERNAL_DOCTYPE.sub(lambda m: b"\n" * m.group().count(b"\n"), data, count=1)
    builder = _Builder()
    try:
        defusedxml.sax.parseString(data, builder, forbid_dtd=False, forbid_entities=True,
                                   forbid_external=True)
    except SAXParseException as exc:
        raise GlossaryError(f"not well-formed XML: {exc.getMessage()}", path=path,
                            line=exc.getLineNumber(), column=(exc.getColumnNumber() or 0) + 1) from None
    except DefusedXmlException as exc:
        line = builder.locator.getLineNumber() if builder.locator is not None else None
        raise GlossaryError(
            f"refused unsafe XML ({type(exc).__name__}): TBX files may not declare entities "
            "or load external resources", path=path, line=line) from None
    if builder.root is None:
        raise GlossaryError("empty XML document", path=path, line=1)
    return builder.root


def _norm_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class _Violations:
    path: str | None
    items: list[tuple[int, str]] = field(default_factory=list)

    def add(self, el: _El, message: str) -> None:
        self.items.append((el.line, message))

    def raise_if_any(self, dialect: str) -> None:
        if not self.items:
            return
        self.items.sort()
        listing = "; ".join(f"line {line}: {msg}" for line, msg in self.items)
        raise GlossaryError(f"{len(self.items)} {dialect} violation(s): {listing}",
                            path=self.path, line=self.items[0][0])


def _check_basic(body: _El, v: _Violations) -> None:
    def check_level(el: _El, allowed: dict[str, set[str]], level: str) -> None:
        for child in el.children:
            if child.tag in ("transacGrp",):
                _check_transac(child, v)
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
                if picklist is not None and _norm_space(child.text) not in picklist:
                    v.add(child, f"{child.type()} value {_norm_space(child.text)!r} is not in "
                          f"the picklist ({', '.join(sorted(picklist))})")
            elif child.tag in ("descrip", "termNote", "xref", "ref"):
                v.add(child, f"{child.tag} type {child.type()!r} is not allowed at {level} level")

    for entry in body.children:
        if entry.tag != "conceptEntry":
            continue
        if not entry.attrs.get("id"):
            v.add(entry, "conceptEntry needs an id attribute")
        check_level(entry, BASIC_CONCEPT, "concept")
        for lang in (c for c in entry.children if c.tag == "langSec"):
            check_level(lang, BASIC_LANG, "language")
            for term in (c for c in lang.children if c.tag == "termSec"):
                check_level(term, BASIC_TERM, "term")


def _check_transac(group: _El, v: _Violations) -> None:
    for child in group.children:
        if child.tag == "transac" and child.type() != "transactionType":
            v.add(child, f"transac type must be 'transactionType', not {child.type()!r}")
        if child.tag == "transacNote" and child.type() != "responsibility":
            v.add(child, f"transacNote type must be 'responsibility', not {child.type()!r}")


_DESCRIBED = {
    "transacGrp": "transaction history (dates, responsible person)",
    "xref": "cross-reference or graphic",
    "ref": "cross-reference",
}


class _Importer:
    def __init__(self, path: str | None, name: str) -> None:
        self.path = path
        self.name = name
        self.losses: list[Loss] = []
        self.notes: list[str] = []
        self.locations: dict[Location, int] = {}
        self.ids: set[str] = set()
        self.lang_definitions: list[tuple[str, _El, str, str | None]] = []

    def lose(self, where: str, el: _El, what: str | None = None) -> None:
        if what is None:
            kind = f" type={el.type()!r}" if el.type() else ""
            detail = _DESCRIBED.get(el.tag, "")
            value = _norm_space(el.full_text())
            what = f"<{el.tag}{kind}>" + (f" ({detail})" if detail else "") + (
                f": {value[:60]!r}" if value and el.tag != "transacGrp" else "")
        self.losses.append(Loss(where, what, el.line))

    def concept(self, entry: _El, index: int) -> Concept | None:
        raw_id = entry.attrs.get("id", "")
        first_term = next((t for ls in entry.children if ls.tag in ("langSec", "langSet")
                           for t in _terms_of(ls)), None)
        base = raw_id or slug(_norm_space(first_term.text) if first_term else "") or f"c{index + 1}"
        cid, n = base, 2
        while cid in self.ids:
            cid = f"{base}-{n}"
            n += 1
        if raw_id and cid != raw_id:
            self.losses.append(Loss(cid, f"duplicate concept id {raw_id!r} renamed to {cid!r}",
                                    entry.line))
        self.ids.add(cid)
        self.locations[(index,)] = entry.line
        notes: list[str] = []
        sources: list[str] = []
        definition = ""
        subject = ""
        dnt = False
        for child in entry.children:
            t = child.type()
            value = _norm_space(child.full_text())
            if child.tag in ("langSec", "langSet"):
                continue
            if child.tag == "descrip" and t == "subjectField":
                subject = value if not subject else f"{subject}; {value}"
            elif child.tag == "descrip" and t == "definition" and not definition:
                definition = value
            elif child.tag == "descripGrp":
                for part in child.children:
                    pv = _norm_space(part.full_text())
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
        return Concept(cid, terms=tuple(terms), notes=tuple(notes), sources=tuple(sources),
                       definition=definition, subject=subject)

    def language(self, ls: _El, cid: str, index: int, dnt: bool) -> Term | None:
        lang = ls.attrs.get("xml:lang") or ls.attrs.get("lang") or ""
        if not lang:
            raise GlossaryError(f"<{ls.tag}> without xml:lang in concept {cid!r}",
                                path=self.path, line=ls.line)
        fixed = locale_to_bcp47(lang)
        if fixed != lang:
            self.notes.append(f"line {ls.line}: xml:lang {lang!r} read as {fixed!r} (BCP 47)")
            lang = fixed
        where = f"{cid}/{lang}"
        self.locations[(index, lang)] = ls.line
        notes: list[str] = []
        for child in ls.children:
            if child.tag in ("termSec", "tig", "ntig"):
                continue
            if child.tag == "note":
                notes.append(_norm_space(child.full_text()))
            elif child.tag == "descrip" and child.type() == "definition":
                self.lang_definitions.append((where, child, _norm_space(child.full_text()), None))
            elif child.tag == "descripGrp" and any(
                    p.tag == "descrip" and p.type() == "definition" for p in child.children):
                definition = next(p for p in child.children if p.tag == "descrip")
                source = next((_norm_space(p.full_text()) for p in child.children
                               if p.tag == "admin" and p.type() == "source"), None)
                for part in child.children:
                    if part is not definition and not (part.tag == "admin" and
                                                       part.type() == "source"):
                        self.lose(where, part)
                self.lang_definitions.append((where, definition,
                                              _norm_space(definition.full_text()), source))
            else:
                self.lose(where, child)
        entries: list[tuple[str, str, _El, _El]] = []  # (form, status, term el, section)
        pos: str | None = None
        gender: str | None = None
        for sec in ls.children:
            if sec.tag not in ("termSec", "tig", "ntig"):
                continue
            fields = _flatten(sec)
            term_el = next((f for f in fields if f.tag == "term"), None)
            if term_el is None:
                raise GlossaryError(f"<{sec.tag}> without <term> in concept {cid!r}",
                                    path=self.path, line=sec.line)
            form = term_el.full_text()  # verbatim: lint reports stray spaces
            status = ""
            for f in fields:
                t = f.type()
                value = _norm_space(f.full_text())
                if f is term_el or f.tag in ("termGrp",):
                    continue
                if f.tag == "termNote" and t in STATUS_TYPES:
                    status = value
                elif f.tag == "termNote" and t == "partOfSpeech":
                    if pos is None:
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


def _flatten(sec: _El) -> list[_El]:
    out: list[_El] = []
    for child in sec.children:
        if child.tag in ("termGrp", "termNoteGrp"):
            out.extend(_flatten(child))
        else:
            out.append(child)
    return out


def _terms_of(ls: _El) -> list[_El]:
    return [f for sec in ls.children if sec.tag in ("termSec", "tig", "ntig")
            for f in _flatten(sec) if f.tag == "term"]


def _find(el: _El, *path: str) -> _El | None:
    node: _El | None = el
    for tag in path:
        if node is None:
            return None
        node = next((c for c in node.children if c.tag == tag), None)
    return node


def loads_tbx(data: str | bytes, *, path: str | None = None, name: str = "imported",
              validate: bool = True) -> Converted:
    """Parse a TBX v2 or v3 document; TBX-Basic files are validated unless
    ``validate=False``."""
    if isinstance(data, str):
        data = re.sub(r"^(\ufeff?<\?xml[^>]*?)encoding=[\"'][^\"']*[\"']", r"\1",
                      data).encode("utf-8")
    root = _parse(data, path)
    if root.tag not in ("martif", "tbx"):
        raise GlossaryError(f"not a TBX file: the root element is <{root.tag}>, expected "
                            "<tbx> (TBX v3) or <martif> (TBX v2)", path=path, line=root.line)
    dialect = root.attrs.get("type", "TBX")
    body = _find(root, "text", "body")
    if body is None:
        raise GlossaryError("TBX file without <text><body>", path=path, line=root.line)
    if validate and root.tag == "tbx" and dialect == "TBX-Basic":
        violations = _Violations(path)
        _check_basic(body, violations)
        back = _find(root, "text", "back")
        if back is not None:
            for el in _walk(back):
                if el.tag == "transacGrp":
                    _check_transac(el, violations)
        violations.raise_if_any("TBX-Basic")
    title = _find(root, "tbxHeader", "fileDesc", "titleStmt", "title") or _find(
        root, "martifHeader", "fileDesc", "titleStmt", "title")
    imp = _Importer(path, _norm_space(title.full_text()) if title is not None else name)
    concepts: list[Concept] = []
    for entry in body.children:
        if entry.tag not in ("conceptEntry", "termEntry"):
            imp.lose("body", entry)
            continue
        concept = imp.concept(entry, len(concepts))
        if concept is not None:
            concepts.append(concept)
    langs: list[str] = []
    for c in concepts:
        for lang in c.languages:
            if lang not in langs:
                langs.append(lang)
    source = root.attrs.get("xml:lang")
    if source in langs:
        langs.remove(source)
        langs.insert(0, source)
    back = _find(root, "text", "back")
    if back is not None and back.children:
        imp.lose("back", back, "<back> matter (reference objects such as responsible persons)")
    g = Glossary(imp.name, languages=tuple(langs), concepts=tuple(concepts), path=path,
                 locations=imp.locations)
    return Converted(g, tuple(imp.losses), notes=tuple(imp.notes))


def _walk(el: _El) -> list[_El]:
    out = [el]
    for c in el.children:
        out.extend(_walk(c))
    return out


# ---------------------------------------------------------------- export


# characters XML 1.0 cannot hold, escaped or not
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def dumps_tbx(glossary: Glossary, *, version: int = 3) -> Converted:
    """Write TBX: ``version=3`` gives TBX-Basic (ISO 30042:2019), ``2`` a martif file.

    Kind, case policy, do-not-translate and indeclinable have no TBX-Basic data
    category and are reported as losses.
    """
    v3 = version == 3
    losses: list[Loss] = []
    where = "glossary"

    def clean(text: str) -> str:
        bad = _NOT_XML.findall(text)
        if not bad:
            return text
        codes = ", ".join(dict.fromkeys(f"U+{ord(b):04X}" for b in bad))
        losses.append(Loss(where, f"{len(bad)} character(s) XML cannot hold ({codes}) "
                                  f"dropped from {text!r}"))
        return _NOT_XML.sub("", text)

    def esc(text: str) -> str:
        return escape(clean(text))

    def attr(text: str) -> str:
        return quoteattr(clean(text))

    lines: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>']
    src_lang = glossary.languages[0] if glossary.languages else "en"
    if v3:
        lines.append(f'<tbx type="TBX-Basic" style="dca" xml:lang={attr(src_lang)} '
                     'xmlns="urn:iso:std:iso:30042:ed-2">')
        lines.append("  <tbxHeader>")
    else:
        lines.append(f'<martif type="TBX" xml:lang={attr(src_lang)}>')
        lines.append("  <martifHeader>")
    lines.append("    <fileDesc>")
    lines.append(f"      <titleStmt><title>{esc(glossary.name)}</title></titleStmt>")
    lines.append(f"      <sourceDesc><p>polyglot_press glossary {esc(glossary.name)} "
                 f"version {esc(glossary.version)}</p></sourceDesc>")
    lines.append("    </fileDesc>")
    lines.append("  </tbxHeader>" if v3 else "  </martifHeader>")
    lines.append("  <text>")
    lines.append("    <body>")
    entry, lang_tag, term_tag = ("conceptEntry", "langSec", "termSec") if v3 else (
        "termEntry", "langSet", "tig")
    status_type = "usageStatus" if v3 else "administrativeStatus"
    status_value = ({"preferred": "preferred", "variant": "admitted", "forbidden": "deprecated"}
                    if v3 else {"preferred": "preferredTerm-admn-sts",
                                "variant": "admittedTerm-admn-sts",
                                "forbidden": "deprecatedTerm-admn-sts"})
    if glossary.description:
        losses.append(Loss("glossary", f"description {glossary.description!r}"))
    for c in glossary.concepts:
        where = c.id
        lines.append(f"      <{entry} id={attr(c.id)}>")
        if c.kind != "term":
            losses.append(Loss(c.id, f"kind {c.kind!s} (no TBX-Basic data category)"))
        if c.subject:
            lines.append(f'        <descrip type="subjectField">{esc(c.subject)}</descrip>')
        if c.definition:
            lines.append(f'        <descrip type="definition">{esc(c.definition)}</descrip>')
        for s in c.sources:
            lines.append(f'        <xref type="externalCrossReference" target={attr(s)}>'
                         f"{esc(s)}</xref>")
        for n in c.notes:
            lines.append(f"        <note>{esc(n)}</note>")
        for t in c.terms:
            where = f"{c.id}/{t.lang}"
            lines.append(f"        <{lang_tag} xml:lang={attr(t.lang)}>")
            for flag, value in (("do_not_translate", t.do_not_translate),
                                ("indeclinable", t.indeclinable)):
                if value:
                    losses.append(Loss(where, f"{flag}: true (no TBX-Basic data category)"))
            if t.case != "auto":
                losses.append(Loss(where, f"case policy {t.case!s} (no TBX-Basic data category)"))
            forms = [(f, r) for f, r in t.forms() if f or r != "preferred"]
            for i, (form, role) in enumerate(forms):
                lines.append(f"          <{term_tag}>")
                lines.append(f"            <term>{esc(form)}</term>")
                if t.part_of_speech:
                    lines.append('            <termNote type="partOfSpeech">'
                                 f"{esc(t.part_of_speech)}</termNote>")
                if t.gender:
                    lines.append('            <termNote type="grammaticalGender">'
                                 f"{esc(t.gender)}</termNote>")
                lines.append(f'            <termNote type="{status_type}">'
                             f"{status_value[str(role)]}</termNote>")
                if t.note and i == 0:
                    lines.append(f"            <note>{esc(t.note)}</note>")
                lines.append(f"          </{term_tag}>")
            lines.append(f"        </{lang_tag}>")
        lines.append(f"      </{entry}>")
    lines.append("    </body>")
    lines.append("  </text>")
    lines.append("</tbx>" if v3 else "</martif>")
    return Converted(glossary, tuple(losses), "\n".join(lines) + "\n")
