"""``polyglot-press detect``."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from polyglot_press.cli import main
from polyglot_press.langid import detect_language


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "The commission published the results today.\n\n"
                           "Комиссия опубликовала итоги выборов сегодня.\n")
    assert main(["detect", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("document: ")
    assert "  0 en  The commission" in out.replace("   ", "  ")
    assert "ru  Комиссия" in out


def test_json_output_and_languages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Қазақстан Республикасының Парламенті заңды қабылдады.\n")
    assert main(["detect", str(path), "--format", "json", "--languages", "en,ru,kk",
                 "--backend", "langdetect"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["languages"] == ["en", "ru", "kk"]
    assert data["lang"] == "kk"
    segment = data["segments"][0]
    assert segment["lang"] == "kk"
    assert segment["guess"]["method"] in {"letters", "excluded"}


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = b"Der Bundestag hat das Wahlgesetz beschlossen.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["detect", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["segments"][0]["lang"] == "de"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--languages", "en,xx"], "unknown language 'xx'"),
        (["--backend", "nope"], "unknown language-detection backend 'nope'"),
    ],
)
def test_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                     message: str) -> None:
    path = write(tmp_path, "Hello.\n")
    assert main(["detect", str(path), *args]) == 2
    assert message in capsys.readouterr().err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["detect", "no/such/file.txt"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_json_guess_is_the_one_the_language_came_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the inline code is protected and blanked before detection: the guess reported
    # must be made on that text, not on the raw segment (which reads as Kazakh)
    raw = "Please read `Қазақстанның жаңа сайлау заңы қабылданды` before the meeting."
    path = tmp_path / "note.md"
    path.write_text(raw + "\n", encoding="utf-8")
    assert detect_language(raw).lang == "kk"
    assert main(["detect", str(path), "--format", "json"]) == 0
    segment = json.loads(capsys.readouterr().out)["segments"][0]
    assert segment["lang"] == "en"
    assert segment["guess"]["lang"] == "en"
    assert segment["guess"]["method"] not in {"letters", "excluded"}


@pytest.mark.parametrize("value", [",", " , ", ""])
def test_an_empty_language_list_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    path = write(tmp_path, "Hello.\n")
    assert main(["detect", str(path), "--languages", value]) == 2
    captured = capsys.readouterr()
    assert "--languages" in captured.err
    assert "names no language" in captured.err
    assert captured.out == ""
