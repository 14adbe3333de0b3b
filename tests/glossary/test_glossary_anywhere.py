"""Glossaries from anywhere (issue 14): DeepL's headerless TSV and CSV with the
languages detected or given, a kind column in CSV, kinds in TBX, import --kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot_press.cli import main
from polyglot_press.errors import GlossaryError
from polyglot_press.glossary import Concept, Glossary, Term
from polyglot_press.glossary.convert import export_text, import_glossary
from polyglot_press.glossary.io_tbx import loads_tbx
from polyglot_press.glossary.model import ConceptKind

DEEPL_TSV = ("polling station\tassembleia de voto\n"
             "the election commission\ta comissão eleitoral\n"
             "ballot paper\tboletim de voto\n"
             "the president of the republic\to presidente da república\n")


@pytest.mark.parametrize(("suffix", "delimiter"), [(".tsv", "\t"), (".csv", ",")])
def test_deepl_headerless_languages_detected(tmp_path: Path, suffix: str,
                                             delimiter: str) -> None:
    path = tmp_path / f"deepl{suffix}"
    path.write_text(DEEPL_TSV.replace("\t", delimiter), encoding="utf-8")
    result = import_glossary(path)
    g = result.glossary
    assert g.languages == ("en", "pt")
    assert g.concepts[0].term("pt").preferred == "assembleia de voto"
    assert len(g.concepts) == 4
    assert any("detected as en and pt" in note for note in result.notes)


def test_deepl_headerless_languages_given(tmp_path: Path) -> None:
    path = tmp_path / "deepl.tsv"
    path.write_text("OSCE\tOSZE\nCEC\tZWK\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="could not be told apart"):
        Glossary.load(path)  # two acronyms: no language to detect
    g = Glossary.load(path, languages=("en", "de"))
    assert [(c.term("en").preferred, c.term("de").preferred) for c in g.concepts] == [
        ("OSCE", "OSZE"), ("CEC", "ZWK")]
    with pytest.raises(GlossaryError, match="invalid language tag"):
        Glossary.load(path, languages=("en", "../de"))


def test_kind_column_round_trip() -> None:
    g = Glossary("k", languages=("en", "pt"), concepts=(
        Concept("murphy", ConceptKind.PERSON, (Term("en", "Owen Murphy"), Term("pt", "Owen Murphy"))),
        Concept("vote", terms=(Term("en", "vote"), Term("pt", "voto"))),
        Concept("lisbon", ConceptKind.PLACE, (Term("en", "Lisbon"), Term("pt", "Lisboa")))))
    out = export_text(g, "csv")
    assert out.text.splitlines() == ["en,pt,kind", "Owen Murphy,Owen Murphy,person",
                                     "vote,voto,term", "Lisbon,Lisboa,place"]
    assert not [loss for loss in out.losses if "kind" in loss.what]
    from polyglot_press.glossary.io_csv import loads_csv

    back = loads_csv(out.text).glossary
    assert [c.kind for c in back.concepts] == [c.kind for c in g.concepts]
    plain = export_text(g, "csv", kind_column=False)
    assert plain.text.splitlines()[0] == "en,pt"
    assert "kind person" in {loss.what for loss in plain.losses}


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>kinds</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="tokayev"><descrip type="subjectField">person</descrip>
  <descrip type="subjectField">politics</descrip>
  <langSec xml:lang="en"><termSec><term>Tokayev</term></termSec></langSec></conceptEntry>
<conceptEntry id="osce"><descrip type="subjectField">Organisation</descrip>
  <langSec xml:lang="en"><termSec><term>OSCE</term></termSec></langSec></conceptEntry>
<conceptEntry id="astana">
  <langSec xml:lang="en"><termSec><term>Astana</term>
    <termNote type="termType">properNoun</termNote></termSec></langSec></conceptEntry>
<conceptEntry id="vote">
  <langSec xml:lang="en"><termSec><term>vote</term></termSec></langSec></conceptEntry>
</body></text></tbx>
"""


def test_tbx_subjects_and_proper_nouns_are_read_as_kinds() -> None:
    result = loads_tbx(TBX)
    g = result.glossary
    assert [str(c.kind) for c in g.concepts] == ["person", "organization", "term", "term"]
    assert g.concept("tokayev").subject == "politics"
    assert g.concept("astana").term("en").part_of_speech == "properNoun"
    assert not result.losses
    with_kind = loads_tbx(TBX, kind="place").glossary
    assert [str(c.kind) for c in with_kind.concepts] == ["person", "organization", "place",
                                                         "place"]


def test_tbx_export_keeps_kinds(tmp_path: Path) -> None:
    g = loads_tbx(TBX).glossary
    for fmt in ("tbx", "tbx2"):
        out = export_text(g, fmt)
        assert not [loss for loss in out.losses if "kind" in loss.what]
        back = loads_tbx(out.text).glossary
        assert [(c.id, c.kind, c.subject) for c in back.concepts] == [
            (c.id, c.kind, c.subject) for c in g.concepts]


def test_import_kind_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "people.csv"
    src.write_text("en,pt\nOwen Murphy,Owen Murphy\nColette Heald,Colette Heald\n",
                   encoding="utf-8")
    out = tmp_path / "people.yaml"
    assert main(["glossary", "import", str(src), "-o", str(out), "--kind", "person"]) == 0
    assert {c.kind for c in Glossary.load(out).concepts} == {ConceptKind.PERSON}
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("en,pt,kind\nLisbon,Lisboa,place\nOwen Murphy,Owen Murphy,\n",
                     encoding="utf-8")
    out2 = tmp_path / "mixed.yaml"
    assert main(["glossary", "import", str(mixed), "-o", str(out2), "--kind", "person"]) == 0
    assert [c.kind for c in Glossary.load(out2).concepts] == [ConceptKind.PLACE,
                                                              ConceptKind.PERSON]
    headerless = tmp_path / "deepl.tsv"
    headerless.write_text("OSCE\tOSZE\n", encoding="utf-8")
    out3 = tmp_path / "d.yaml"
    assert main(["glossary", "import", str(headerless), "-o", str(out3), "--source", "en",
                 "--target", "de"]) == 0
    assert Glossary.load(out3).languages == ("en", "de")


def test_translate_takes_a_deepl_glossary(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    # DeepL's glossary file: no header, source TAB target; the model alone says "tempo"
    glossary = tmp_path / "deepl.tsv"
    glossary.write_text("weather\tclima\n", encoding="utf-8")
    source = tmp_path / "a.txt"
    source.write_text("The weather is nice.\n", encoding="utf-8")
    args = ["translate", str(source), "--to", "pt", "--from", "en", "--glossary", str(glossary),
            "--engine", "bergamot", "--no-memory", "--strict"]
    assert main(args) == 2  # one word per column: no language to detect, and it says how
    err = capsys.readouterr().err
    assert "--glossary-langs en,de" in err
    assert "Traceback" not in err
    assert main([*args, "--glossary-langs", "en,pt"]) == 0
    captured = capsys.readouterr()
    assert "clima" in captured.out
    assert "terms 1/1 ok" in captured.err
    assert main([*args, "--glossary-langs", "en"]) == 2
    assert "--glossary-langs takes two languages" in capsys.readouterr().err
