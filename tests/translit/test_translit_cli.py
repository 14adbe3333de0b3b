"""The ``polyglot-press translit`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyglot_press.cli import main


def test_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "Қасым-Жомарт Тоқаев", "--from", "kk"]) == 0
    assert capsys.readouterr().out == "Qasym-Jomart Toqaev\n"
    assert main(["translit", "Тоқаев", "--from", "kk", "--standard", "kk-press"]) == 0
    assert capsys.readouterr().out == "Tokayev\n"


def test_back_to_cyrillic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "Toqaev", "--from", "kk", "--to", "Cyrl"]) == 0
    assert capsys.readouterr().out == "Тоқаев\n"


def test_file_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "names.txt"
    path.write_text("Сергей Шойгу\nДмитрий Песков\n", encoding="utf-8")
    assert main(["translit", str(path), "--from", "ru", "--standard", "ru-press"]) == 0
    assert capsys.readouterr().out == "Sergei Shoigu\nDmitry Peskov\n"
    assert main(["translit", str(path), "--from", "ru", "--standard", "ru-press",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["text"] == "Sergei Shoigu\nDmitry Peskov\n"
    assert data["standard"] == "ru-press"
    assert data["input"] == str(path)
    assert {"span", "before", "after", "rule", "reason"} <= set(data["changes"][0])
    # --text takes the argument as text even though the file exists
    assert main(["translit", str(path), "--from", "ru", "--text"]) == 0
    assert capsys.readouterr().out == str(path) + "\n"


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "--list"]) == 0
    out = capsys.readouterr().out
    assert "kk-2021" in out
    assert "hy-press" in out
    assert main(["translit", "--list", "--from", "hy", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {s["name"] for s in listed} >= {"hy-bgn", "hy-iso9985", "hy-press"}
    assert all(s["language"] == "hy" for s in listed)


@pytest.mark.parametrize(("argv", "message"), [
    (["translit", "x", "--from", "xx"], "no transliteration for language 'xx'"),
    (["translit", "x", "--from", "ru", "--standard", "nope"], "choose one of: ru-bgn"),
    (["translit", "x"], "--from"),
    (["translit", "--from", "ru"], "give TEXT or FILE"),
])
def test_usage_errors(argv: list[str], message: str,
                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_a_standard_of_another_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "Тоқаев", "--from", "kk", "--standard", "ru-icao"]) == 2
    err = capsys.readouterr().err
    assert "'ru-icao' is for ru, not kk" in err
    assert "kk-2021, kk-press" in err


@pytest.mark.parametrize("arg", ["{dir}", "{dir}/missing.txt", "names.txt", "notes.md"])
def test_a_path_that_is_not_a_file_is_an_error(arg: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    arg = arg.format(dir="d")
    assert main(["translit", arg, "--from", "kk"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert arg in captured.err
    assert "--text" in captured.err
    # --text takes it as text
    assert main(["translit", arg, "--from", "kk", "--text"]) == 0
    assert capsys.readouterr().out == arg + "\n"


def test_a_bare_directory_name_is_not_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    assert main(["translit", "d", "--from", "kk"]) == 2
    assert "d: is a directory" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["Ж. Тоқаев", "Zh. Tokayev", "Тоқаев", "St.Petersburg"])
def test_text_that_only_has_dots_is_text(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", text, "--from", "kk"]) == 0
    assert capsys.readouterr().out.strip()
