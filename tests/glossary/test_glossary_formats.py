"""CSV and TBX: import, export, reported losses, round trips, hostile XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot_press.errors import GlossaryError
from polyglot_press.glossary import Concept, Glossary, Term, export_glossary, import_glossary
from polyglot_press.glossary.convert import export_text
from polyglot_press.glossary.io_csv import loads_csv
from polyglot_press.glossary.io_tbx import loads_tbx
from polyglot_press.glossary.model import ConceptKind
from polyglot_press.glossary.tags import is_language_tag


def _expressible(g: Glossary, *, variants: bool, flags: bool) -> dict[str, object]:
    """What both sides of a conversion can hold, keyed by the preferred terms."""
    out: dict[str, object] = {}
    for c in g.concepts:
        key = tuple(sorted((t.lang, t.preferred) for t in c.terms))
        per_lang = {}
        for t in c.terms:
            item: dict[str, object] = {"preferred": t.preferred}
            if variants:
                item["variants"] = t.variants
                item["forbidden"] = t.forbidden
            if flags:
                item.update(gender=t.gender, pos=t.part_of_speech, note=t.note)
            per_lang[t.lang] = item
        concept: dict[str, object] = {"terms": per_lang, "kind": str(c.kind)}
        if flags:
            concept.update(notes=c.notes, sources=c.sources, definition=c.definition,
                           subject=c.subject, id=c.id)
        out[repr(key)] = concept
    return out


# ------------------------------------------------------------------- CSV


def test_multi_column_csv_with_bom(data: Path) -> None:
    g = import_glossary(data / "sample.csv").glossary
    assert g.languages == ("en", "ru", "de")
    assert [c.id for c in g.concepts] == ["osce", "cec", "copenhagen-document-1990"]
    doc = g.concepts[2]
    assert doc.term("ru") is None
    assert doc.term("en") is not None
    assert g.line_of(1, "ru", "preferred") == 3


def test_two_column_csv_groups_rows_with_one_target(data: Path) -> None:
    conv = import_glossary(data / "pairs.csv", source="fr", target="en")
    g = conv.glossary
    assert [c.id for c in g.concepts] == ["chevre", "creme-brulee", "bouillabaisse"]
    chevre = g.concepts[0]
    assert chevre.term("fr") == Term("fr", "chevre", ("Chevre",))
    assert chevre.term("en") == Term("en", "goat cheese", ("Goat cheese",))
    assert any("one target term" in n for n in conv.notes)


def test_two_column_csv_without_languages_is_refused(data: Path) -> None:
    with pytest.raises(GlossaryError) as info:
        import_glossary(data / "pairs.csv")
    assert info.value.line == 1
    assert "--source" in str(info.value)


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("en,de\nOSCE,OSZE,extra\n", 2, "3 cells"),
        ("en,en\nA,B\n", 1, "twice"),
        ('en,de\n"OSCE,OSZE\n', 2, "CSV"),
    ],
)
def test_csv_errors_name_the_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(GlossaryError) as info:
        loads_csv(text, path="t.csv")
    assert info.value.line == line
    assert needle in str(info.value)


def test_language_tags() -> None:
    good = ["en", "pt-BR", "sr-Latn", "zh-Hant-TW", "de-CH-1901", "x-private", "es-419"]
    bad = ["english", "en_US", "", "e", "en-", "chevre", "pt-BRA-"]
    assert all(is_language_tag(t) for t in good)
    assert not any(is_language_tag(t) for t in bad)


def test_yaml_csv_yaml_keeps_what_csv_holds(data: Path, tmp_path: Path) -> None:
    g = Glossary.load(data / "sample.yaml")
    out = export_glossary(g, tmp_path / "g.csv")
    back = import_glossary(tmp_path / "g.csv").glossary
    assert _expressible(back, variants=False, flags=False) == _expressible(
        g, variants=False, flags=False)
    lost = {loss.what for loss in out.losses}
    assert "variant 'Kasym-Zhomart Tokayev' (CSV holds one term per language)" in lost
    assert "forbidden form 'OSCE'" in lost
    assert not any(what.startswith("kind") for what in lost)  # the kind column holds it
    assert "case policy exact" in lost
    assert "gender masculine" in lost


def test_two_column_export_keeps_source_variants(data: Path) -> None:
    g = Glossary.load(data / "sample.yaml")
    out = export_text(g, "csv2", source="en", target="ru")
    rows = out.text.splitlines()
    assert rows[0] == "en,ru"
    assert "Kasym-Zhomart Tokayev,Касым-Жомарт Токаев" in rows
    back = loads_csv(out.text).glossary
    tok = next(c for c in back.concepts if c.term("ru") and c.term("ru").preferred.startswith("Кас"))
    en = tok.term("en")
    assert en is not None
    assert en.variants == ("Kasym-Zhomart Tokayev",)


# ------------------------------------------------------------------- TBX


def test_tbx_v3_import(data: Path) -> None:
    conv = import_glossary(data / "sample_v3.tbx")
    g = conv.glossary
    assert g.name == "v3 sample"
    assert g.languages == ("en", "de", "ru")
    osce = g.concept("osce")
    assert osce.term("en") == Term("en", "OSCE", (
        "Organization for Security and Co-operation in Europe",), part_of_speech="properNoun")
    assert osce.term("de") == Term("de", "OSZE", forbidden=("OSCE",), gender="feminine")
    assert osce.subject == "international organisations"
    assert osce.sources == ("https://www.osce.org/",)
    assert osce.notes == ("Vienna-based.",)
    doc = g.concept("document")
    assert doc.definition == "Document of the Copenhagen Meeting, 1990."
    assert doc.sources == ("CSCE",)
    assert [(loss.where, loss.line) for loss in conv.losses] == [("document/en", 47)]
    assert g.line_of(0, "de", "forbidden", 0) == 28


def test_tbx_v2_import_with_external_doctype(data: Path) -> None:
    g = import_glossary(data / "sample_v2.tbx").glossary
    assert [c.id for c in g.concepts] == ["t1", "err-42", "t3"]
    assert g.concepts[0].term("cs") == Term("cs", "adresní řádek")
    err = g.concepts[1]
    assert all(t.do_not_translate for t in err.terms)
    t3 = g.concepts[2].term("en")
    assert t3 == Term("en", "bus", forbidden=("data bus",))
    assert g.line_of(0, "cs") == 16


def test_invalid_tbx_basic_lists_every_violation_with_lines(data: Path) -> None:
    with pytest.raises(GlossaryError) as info:
        import_glossary(data / "invalid_basic.tbx")
    message = str(info.value)
    assert info.value.line == 7
    for line in (7, 9, 10, 15, 16):
        assert f"line {line}:" in message
    assert "5 TBX-Basic violation(s)" in message


@pytest.mark.parametrize("name", ["bomb.tbx", "xxe.tbx"])
def test_hostile_xml_is_refused(data: Path, name: str) -> None:
    with pytest.raises(GlossaryError) as info:
        import_glossary(data / name)
    assert "refused unsafe XML" in str(info.value)
    assert info.value.line == 3


def test_not_well_formed_xml_names_line_and_column() -> None:
    with pytest.raises(GlossaryError) as info:
        loads_tbx("<tbx>\n<text><body>\n</tbx>\n", path="x.tbx")
    assert info.value.line == 3
    assert info.value.column is not None


def test_wrong_root_element() -> None:
    with pytest.raises(GlossaryError, match="not a TBX file"):
        loads_tbx("<html/>")


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_yaml_tbx_yaml_keeps_what_tbx_holds(data: Path, tmp_path: Path, fmt: str) -> None:
    g = Glossary.load(data / "sample.yaml")
    out = export_glossary(g, tmp_path / "g.tbx", format=fmt)
    back = import_glossary(tmp_path / "g.tbx").glossary
    assert _expressible(back, variants=True, flags=True) == _expressible(
        g, variants=True, flags=True)
    lost = {str(loss) for loss in out.losses}
    assert not any("kind" in what for what in lost)  # a subjectField holds it
    assert "osce/en: case policy exact (no TBX-Basic data category)" in lost


def test_exported_tbx_basic_passes_our_validation() -> None:
    g = Glossary("v", languages=("en", "de"), concepts=(
        Concept("a", ConceptKind.PERSON, (Term("en", "Ann", ("Anne",), ("ANN",),
                                               part_of_speech="properNoun", gender="feminine"),
                                          Term("de", "Anna")), ("n",), ("https://x",), "d", "s"),
    ))
    text = export_text(g, "tbx").text
    conv = loads_tbx(text, validate=True)
    assert conv.glossary.concepts[0].term("en") == g.concepts[0].term("en")


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_characters_xml_cannot_hold_are_reported_not_written(fmt: str) -> None:
    g = Glossary("v", concepts=(Concept("a\x02", terms=(Term("en", "bad\x01char"),),
                                        notes=("ok\x0bnote",)),))
    conv = export_text(g, fmt)
    assert "\x01" not in conv.text
    assert "\x0b" not in conv.text
    lost = [str(loss) for loss in conv.losses]
    assert "a\x02/en: 1 character(s) XML cannot hold (U+0001) dropped from 'bad\\x01char'" in lost
    assert any("U+000B" in x for x in lost)
    assert any("U+0002" in x for x in lost)
    back = loads_tbx(conv.text).glossary  # well-formed: it reads back
    assert back.concepts[0].terms[0].preferred == "badchar"


def test_locale_style_language_tags_are_read_as_bcp47_with_a_note() -> None:
    conv = loads_csv("en_US,pt_br,de\nColor,Cor,Farbe\n", path="g.csv")
    assert [t.lang for t in conv.glossary.concepts[0].terms] == ["en-US", "pt-BR", "de"]
    assert conv.notes == ("line 1: language 'en_US' read as 'en-US' (BCP 47)",
                          "line 1: language 'pt_br' read as 'pt-BR' (BCP 47)")
    tbx = ('<?xml version="1.0"?>\n<martif type="TBX"><text><body>\n<termEntry id="a">'
           '<langSet xml:lang="en_GB"><tig><term>colour</term></tig></langSet>'
           "</termEntry></body></text></martif>\n")
    conv = loads_tbx(tbx, path="g.tbx")
    assert conv.glossary.concepts[0].terms[0].lang == "en-GB"
    assert conv.notes == ("line 3: xml:lang 'en_GB' read as 'en-GB' (BCP 47)",)


def test_tsv_and_semicolon_csv(tmp_path: Path) -> None:
    g = Glossary("t", languages=("en", "de"), concepts=(
        Concept("a", terms=(Term("en", 'say "hi"; ok'), Term("de", "sag\thallo"))),))
    out = export_glossary(g, tmp_path / "g.tsv")
    assert out.text.splitlines()[0] == "en\tde"
    back = import_glossary(tmp_path / "g.tsv").glossary
    assert back.concepts[0].term("de") == Term("de", "sag\thallo")
    semi = loads_csv("en;de\nOSCE;OSZE\n").glossary
    assert semi.concepts[0].term("de") == Term("de", "OSZE")


def test_google_pos_and_description_columns() -> None:
    g = loads_csv("en,fr,pos,description\nbank,banque,noun,money\n").glossary
    (c,) = g.concepts
    assert g.languages == ("en", "fr")
    assert c.notes == ("money",)
    assert c.term("fr") == Term("fr", "banque", part_of_speech="noun")


def test_language_level_definitions() -> None:
    tbx = """<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body><conceptEntry id="c">
<langSec xml:lang="en"><descripGrp><descrip type="definition">A group of stars.</descrip>
<admin type="source">Oxford</admin></descripGrp><termSec><term>cluster</term></termSec></langSec>
<langSec xml:lang="es"><descrip type="definition">Un grupo.</descrip>
<termSec><term>cúmulo</term></termSec></langSec>
</conceptEntry></body></text></tbx>"""
    conv = loads_tbx(tbx)
    (c,) = conv.glossary.concepts
    assert (c.definition, c.sources) == ("A group of stars.", ("Oxford",))
    assert [(loss.where, loss.line) for loss in conv.losses] == [("c/es", 5)]
    assert "one definition per concept" in conv.losses[0].what


# TBX entries are checked and converted as the parser closes them; the error a
# file gives is still the one a whole-file check gives first.
_TBX_HEAD = ('<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
             "<tbxHeader><fileDesc><titleStmt><title>T</title></titleStmt></fileDesc>"
             "</tbxHeader>\n<text><body>\n")
_BAD_LANG = ('<conceptEntry id="a"><langSec xml:lang="../x"><termSec><term>A</term></termSec>'
             "</langSec></conceptEntry>\n")
_BAD_BASIC = ('<conceptEntry id="b"><descrip type="color">red</descrip><langSec xml:lang="en">'
              "<termSec><term>B</term></termSec></langSec></conceptEntry>\n")
_GOOD = ('<conceptEntry id="c"><langSec xml:lang="en"><termSec><term>C</term></termSec>'
         "</langSec></conceptEntry>\n")


@pytest.mark.parametrize(("body", "tail", "needle", "line"), [
    (_BAD_LANG + _GOOD, "</body></text>\n", "not well-formed XML", 7),  # XML error at the end
    (_BAD_LANG + _BAD_BASIC, "</body></text></tbx>\n", "1 TBX-Basic violation(s)", 5),
    (_GOOD + _BAD_LANG + _GOOD, "</body></text></tbx>\n", "invalid language tag '../x'", 5),
])
def test_streamed_tbx_errors_come_in_whole_file_order(body: str, tail: str, needle: str,
                                                      line: int) -> None:
    with pytest.raises(GlossaryError) as info:
        loads_tbx(_TBX_HEAD + body + tail, path="s.tbx")
    assert needle in str(info.value)
    assert info.value.line == line


def test_streamed_tbx_keeps_order_title_losses_and_lines() -> None:
    odd = "<p>stray</p>\n"
    conv = loads_tbx(_TBX_HEAD + _GOOD + odd + _GOOD.replace('"c"', '"d"').replace(">C<", ">D<")
                     + "</body><back><refObjectSec/></back></text></tbx>\n", validate=False)
    g = conv.glossary
    assert (g.name, [c.id for c in g.concepts]) == ("T", ["c", "d"])
    assert [(loss.where, loss.line) for loss in conv.losses] == [("body", 5), ("back", 7)]
    assert (g.line_of(0), g.line_of(1, "en", "preferred")) == (4, 6)
