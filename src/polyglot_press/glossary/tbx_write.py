"""Writing TBX: TBX v3 (TBX-Basic, ISO 30042:2019) or TBX v2 (``martif``).

A concept's kind is written as a concept-level ``subjectField`` (``person``,
``organization``, ``place``, ``brand``), which
:func:`~polyglot_press.glossary.io_tbx.loads_tbx` reads back as the kind.

>>> from polyglot_press.glossary.model import Concept, Glossary, Term
>>> g = Glossary("d", languages=("en",), concepts=(Concept("tokayev", "person", (Term("en", "Tokayev"),)),))
>>> out = dumps_tbx(g)
>>> '<descrip type="subjectField">person</descrip>' in out.text, out.losses
(True, ())
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from .model import Glossary
from .records import Converted, Loss

__all__ = ["dumps_tbx"]


# characters XML 1.0 cannot hold, escaped or not
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def dumps_tbx(glossary: Glossary, *, version: int = 3) -> Converted:
    """Write TBX: ``version=3`` gives TBX-Basic (ISO 30042:2019), ``2`` a martif file.

    The kind goes into a ``subjectField``; case policy, do-not-translate and
    indeclinable have no TBX-Basic data category and are reported as losses.
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
            lines.append(f'        <descrip type="subjectField">{c.kind!s}</descrip>')
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
