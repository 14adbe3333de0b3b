"""Hostile glossary files (tests/data/hostile, issue 18): each gives a clear error
through the CLI (exit 2, no traceback) and through the API (a PolyglotPressError);
CSV export cannot carry a formula into a spreadsheet; writes never clobber input."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_press.cli import main
from polyglot_press.errors import GlossaryError, PolyglotPressError
from polyglot_press.glossary import Concept, Glossary, Term, lint_glossary
from polyglot_press.glossary.convert import export_glossary, export_text, import_glossary
from polyglot_press.glossary.io_csv import loads_csv
from polyglot_press.glossary.io_yaml import dumps_yaml, load_tree, loads_yaml

HOSTILE = Path(__file__).resolve().parent.parent / "data" / "hostile"
EXPECTED = [tuple(line.split("\t")) for line in
            (HOSTILE / "expected.tsv").read_text(encoding="utf-8").splitlines()[1:]]


def test_every_hostile_file_is_listed() -> None:
    listed = {name for name, _, _ in EXPECTED}
    present = {p.name for p in HOSTILE.iterdir() if p.suffix in (".yaml", ".csv", ".tsv", ".tbx")
               and p.name != "expected.tsv"}
    assert listed == present


@pytest.mark.parametrize(("name", "code", "message"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_hostile_file_through_the_cli(name: str, code: str, message: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "lint", str(HOSTILE / name)]) == int(code)
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert message in output
    assert "Traceback" not in output


@pytest.mark.parametrize(("name", "code", "message"),
                         [e for e in EXPECTED if e[1] == "2"], ids=[e[0] for e in EXPECTED
                                                                    if e[1] == "2"])
def test_hostile_file_through_the_api(name: str, code: str, message: str) -> None:
    with pytest.raises(PolyglotPressError) as info:
        Glossary.load(HOSTILE / name)
    assert isinstance(info.value, GlossaryError)
    assert message.split(": ", 1)[1] in str(info.value)
    assert info.value.line is not None


@pytest.mark.parametrize("name", ["deep.tbx", "lang_traversal.tbx", "id_path.tbx",
                                  "bad_kind.csv", "lang_traversal.csv"])
def test_import_refuses_before_writing(name: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.yaml"
    assert main(["glossary", "import", str(HOSTILE / name), "-o", str(out)]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not out.exists()


def test_an_unsafe_id_in_yaml_is_a_read_error_and_lint_still_flags_one_built_in_code() -> None:
    with pytest.raises(GlossaryError) as info:
        Glossary.load(HOSTILE / "id_path.yaml")
    assert (info.value.line, "invalid concept id '/etc/passwd'" in str(info.value)) == (3, True)
    with pytest.raises(GlossaryError):  # the careful reader (lint, edits) refuses it too
        loads_yaml((HOSTILE / "id_path.yaml").read_text(encoding="utf-8"))
    built = Glossary("ids", languages=("en",), concepts=(Concept("/etc/passwd", terms=(Term("en", "X"),)),))
    assert [(i.rule, i.severity) for i in lint_glossary(built)] == [("concept-id", "error")]


# ------------------------------------------------------------ concept ids, add


@pytest.mark.parametrize("bad", ["/etc/passwd", "../x", "a b", "a..b", "-x", "x\x00y", ""])
def test_add_refuses_unsafe_ids(bad: str, sample_copy: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    before = sample_copy.read_bytes()
    assert main(["glossary", "add", str(sample_copy), "--", bad, "en=X"]) == 2
    assert "invalid concept id" in capsys.readouterr().err
    assert sample_copy.read_bytes() == before


def test_set_id_refuses_unsafe_ids(sample_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "set", str(sample_copy), "osce", "id", "/etc/passwd"]) == 2
    assert "invalid concept id" in capsys.readouterr().err


def test_add_refuses_bad_language_tags(sample_copy: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "add", str(sample_copy), "x", "../../etc=X"]) == 2
    assert "not a BCP 47 language tag" in capsys.readouterr().err


# ----------------------------------------------------- input is never output


def test_import_refuses_to_overwrite_its_input(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "g.csv"
    src.write_text("en,de\nOSCE,OSZE\n", encoding="utf-8")
    before = src.read_bytes()
    for target in (str(src), str(tmp_path / "." / "g.csv")):
        assert main(["glossary", "import", str(src), "-o", target, "--force"]) == 2
        assert "is the file being imported" in capsys.readouterr().err
    link = tmp_path / "link.csv"
    link.symlink_to(src)
    assert main(["glossary", "import", str(link), "-o", str(src), "--force"]) == 2
    assert src.read_bytes() == before


def test_export_refuses_to_overwrite_its_input(sample_copy: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    before = sample_copy.read_bytes()
    assert main(["glossary", "export", str(sample_copy), "-o", str(sample_copy),
                 "--to", "csv"]) == 2
    assert "is the glossary being exported" in capsys.readouterr().err
    assert sample_copy.read_bytes() == before


# ------------------------------------------------------------ CSV injection

FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR",
            "'=already quoted", "''+two quotes", "'plain quote", "plain", "-", "="]


def _glossary(values: list[str]) -> Glossary:
    return Glossary("f", languages=("en", "de"), concepts=tuple(
        Concept(f"c{i}", terms=(Term("en", v), Term("de", f"de {i}")))
        for i, v in enumerate(values)))


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t"), ("csv2", ",")])
def test_exported_cells_never_start_with_a_formula_character(fmt: str, delimiter: str,
                                                             tmp_path: Path) -> None:
    g = _glossary(FORMULAS)
    path = tmp_path / ("g.tsv" if fmt == "tsv" else "g.csv")
    export_glossary(g, path, format=fmt, **({"source": "en", "target": "de"}
                                            if fmt == "csv2" else {}))
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=delimiter))
    cells = [cell for row in rows for cell in row]
    assert len(cells) == 2 * (len(FORMULAS) + 1)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=cmd|' /C calc'!A0" in cells
    back = import_glossary(path, format=fmt).glossary
    assert [c.term("en").preferred for c in back.concepts] == FORMULAS  # exact round trip


def test_formula_escape_can_be_turned_off(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    text = export_text(_glossary(["=1+1"]), "csv", escape_formulas=False).text
    assert text.splitlines()[1] == "=1+1,de 0"
    yaml = tmp_path / "g.yaml"
    _glossary(["=1+1"]).save(yaml)
    assert main(["glossary", "export", str(yaml), "-o", "-", "--to", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "'=1+1,de 0"
    assert main(["glossary", "export", str(yaml), "-o", "-", "--to", "csv",
                 "--no-formula-escape"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "=1+1,de 0"
    assert loads_csv("en,de\n'=1,x\n", unescape_formulas=False).glossary.concepts[0].term(
        "en").preferred == "'=1"


CELL = st.text(alphabet=st.sampled_from([*"=+-@'\t\r\n ,;\"aZ1", "é"]), min_size=1,
               max_size=8).filter(lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=6, unique=True))
def test_any_cell_survives_a_csv_round_trip(values: list[str]) -> None:
    g = _glossary(values)
    text = export_text(g, "csv").text
    for row in csv.reader(io.StringIO(text, newline="")):
        assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in row)
    back = loads_csv(text).glossary
    assert [c.term("en").preferred for c in back.concepts] == values


# ------------------------------------------------------- long comment lines


def test_long_comment_lines_read_and_write_as_before() -> None:
    comment = "# " + "x" * 300_000
    text = (f"{comment}\nglossary: {{name: d, languages: [en]}}  {comment}\nconcepts:\n"
            f"  {comment}\n  - id: a   {comment}\n    terms: {{en: A}}\n{comment}")
    g = loads_yaml(text)
    assert g.concept("a").term("en").preferred == "A"
    assert g.line_of(0) == 5
    out = dumps_yaml(g, base=text)
    assert out.count(comment) == 5
    assert load_tree(out) == load_tree(text)


def test_crlf_and_bom_comments() -> None:
    text = "\ufeff# c\r\nglossary: {name: d}\r\n# end"
    assert loads_yaml(text).name == "d"


def test_bundled_hostile_copy_is_untouched(tmp_path: Path) -> None:
    # lint --fix on a file it cannot read writes nothing
    target = tmp_path / "nul.yaml"
    shutil.copy(HOSTILE / "nul.yaml", target)
    assert main(["glossary", "lint", "--fix", str(target)]) == 2
    assert target.read_bytes() == (HOSTILE / "nul.yaml").read_bytes()


@pytest.mark.parametrize("text", [
    "# a\r\nglossary: {name: d}  # b\r\n\r\n# c\r\nconcepts: []\r\n# end",
    "\ufeff# a\nx: 1 # b\n\n\n  # c\ny: 2\n# z",
    "a: [1, # c\n  2]   # d\n\n# e\n",
])
def test_linear_scanner_reads_comments_as_ruamel_does(text: str) -> None:
    from ruamel.yaml import YAML

    from polyglot_press.glossary.yaml_guard import LinearScanner

    dumped = []
    for scanner in (None, LinearScanner):
        y = YAML(typ="rt")
        if scanner is not None:
            y.Scanner = scanner
        out = io.StringIO()
        y.dump(y.load(text), out)
        dumped.append(out.getvalue())
    assert dumped[0] == dumped[1]


def test_deep_block_nesting_is_a_clear_error(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    # block style needs the indentation to nest; ruamel's recursion limit is caught
    path = tmp_path / "deep_block.yaml"
    path.write_text("glossary: {name: d}\nconcepts:\n  - id: a\n    notes:\n"
                    + "".join("      " + "  " * i + "a:\n" for i in range(400)),
                    encoding="utf-8")
    assert main(["glossary", "lint", str(path)]) == 2
    err = capsys.readouterr().err
    assert "nested too deep to read" in err
    assert "Traceback" not in err
    with pytest.raises(GlossaryError, match="nested too deep"):
        Glossary.load(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-be", "utf-32-be"])
def test_wide_text_with_a_byte_order_mark_is_read(encoding: str, tmp_path: Path) -> None:
    text = "glossary: {name: wide, languages: [en]}\nconcepts:\n  - id: osce\n    terms: {en: ОБСЕ}\n"
    path = tmp_path / "wide.yaml"
    data = text.encode(encoding)
    path.write_bytes(data if encoding in ("utf-16", "utf-32") else
                     ("\ufeff" + text).encode(encoding))
    assert Glossary.load(path).concept("osce").term("en").preferred == "ОБСЕ"
