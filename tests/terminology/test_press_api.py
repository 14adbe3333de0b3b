"""API conveniences (issue 14 item 5): ``Press.translate_text``, the TypeError for a
string that is not a file, and n-best ``alternatives`` in the result, the report and
the CLI, on the toy argos packages (exact, deterministic output)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from polyglot_press.cli import main
from polyglot_press.document import Document
from polyglot_press.engines.argos import ArgosEngine
from polyglot_press.errors import FileAccessError
from polyglot_press.press import Press

ROOT = Path(__file__).resolve().parents[2]
TEXT = "eht nam sees eht koob. Owen ytic.\n\n123\n"


@pytest.fixture
def press(argos_engine: ArgosEngine, tmp_path: Path) -> Press:
    return Press(engine=argos_engine, source="xx", memory=False, cache_dir=tmp_path / "cache")


def test_translate_text_takes_a_string(press: Press) -> None:
    result = press.translate_text(TEXT, targets=["en", "yy"])
    assert result["en"].text == "the man sees the book. Owen city.\n\n123\n"
    assert result["yy"].text == "THE MAN SEES THE BOOK. Owen CITY.\n\n123\n"
    md = press.translate_text("# ytic\n\n**eht** koob\n", targets=["en"], format="markdown")
    assert md["en"].text == "# city\n\n**the** book\n"
    with pytest.raises(TypeError, match="takes a str, not bytes"):
        press.translate_text(TEXT.encode(), targets=["en"])  # type: ignore[arg-type]


def test_a_string_that_is_no_file_points_to_translate_text(press: Press, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"not an existing file; to translate a string, use "
                                        r"Press\.translate_text\(text, targets=\.\.\.\)"):
        press.translate("Hello world.", targets=["en"])
    with pytest.raises(TypeError, match=r"\.\.\.' is not an existing file"):
        press.translate("eht nam " * 20, targets=["en"])  # long strings are shortened
    with pytest.raises(TypeError, match="takes a Document or a path, not int"):
        press.translate(42, targets=["en"])  # type: ignore[arg-type]
    # paths still work, as str or PathLike; a folder is still a file-access error
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert press.translate(str(path), targets=["en"])["en"].text.startswith("the man sees")
    assert press.translate(path, targets=["en"])["en"].text.startswith("the man sees")
    with pytest.raises(FileAccessError, match="is a directory"):
        press.translate(str(tmp_path), targets=["en"])


def test_alternatives_are_the_engines_other_hypotheses(press: Press, argos_engine: ArgosEngine) -> None:
    result = press.translate_text(TEXT, targets=["en"], alternatives=2)
    chosen = result["en"].text
    assert chosen == "the man sees the book. Owen city.\n\n123\n"  # unchanged by asking
    # per segment: what the engine gives as its 2nd and 3rd hypotheses
    hyps = argos_engine.translate_batch(["eht nam sees eht koob.", "Owen ytic."], "xx", "en", n_best=3)
    assert result.segment_alternatives["en"] == {0: hyps[0][1:], 1: hyps[1][1:]}
    assert all(len(alts) == 2 for alts in result.segment_alternatives["en"].values())
    # the whole text, as LibreTranslate's alternatives: the k-th hypothesis of every segment
    texts = result.alternatives("en")
    assert texts == [
        f"{hyps[0][1]} {hyps[1][1]}\n\n123\n",
        f"{hyps[0][2]} {hyps[1][2]}\n\n123\n",
    ]
    assert chosen not in texts
    # and in the report, which still matches its schema
    (stage,) = [s for s in result.report.documents[0].stages if s.stage == "translate:en"]
    assert stage.data["alternatives"] == {"0": hyps[0][1:], "1": hyps[1][1:]}
    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(result.report.to_json()), schema)


def test_no_alternatives_unless_asked(press: Press) -> None:
    result = press.translate(Document.from_text(TEXT), targets=["en"])
    assert result.segment_alternatives == {}
    assert result.alternatives("en") == []
    assert all("alternatives" not in s.data for s in result.report.documents[0].stages)
    with pytest.raises(ValueError, match="alternatives must be 0 or more"):
        press.translate_text(TEXT, targets=["en"], alternatives=-1)


def test_cli_alternatives(argos_engine: ArgosEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos_engine.packages_dir))
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    report = tmp_path / "report.json"
    argv = ["translate", str(source), "--to", "en", "--from", "xx", "--engine", "argos",
            "--no-memory", "--alternatives", "2", "--report", str(report)]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert out == "the man sees the book. Owen city.\n\n123\n"
    assert "alternative 1: the man sees the ne. Owensif." in err
    assert "alternative 2: the man sees the has. Owen green." in err
    stages = json.loads(report.read_text(encoding="utf-8"))["documents"][0]["stages"]
    (stage,) = [s for s in stages if s["stage"] == "translate:en"]
    assert stage["data"]["alternatives"]["0"] == ["the man sees the ne.", "the man sees the has."]
    assert main([*argv[:-4], "--alternatives", "-1"]) == 2
