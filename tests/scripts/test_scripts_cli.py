"""The scan and repair commands, run in-process on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyglot_press.cli import main

SPOOF = "Оwen Murphy met the observers.\n"


def test_scan_table_strict_and_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("First line\n" + SPOOF, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Қазақстан, Owen Murphy, 東京.\n", encoding="utf-8")
    assert main(["scan", str(bad), str(good)]) == 0
    out, err = capsys.readouterr()
    assert f"{bad}:2:1: error mixed-script" in out
    assert "'Owen'" in out
    assert "1 finding in 2 files" in err
    assert main(["scan", "--strict", str(bad)]) == 1
    assert main(["scan", "--strict", str(good)]) == 0


def test_scan_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("x\u202ey " + SPOOF, encoding="utf-8")
    assert main(["scan", "--format", "json", str(bad)]) == 0
    (data,) = json.loads(capsys.readouterr().out)  # one file: still a list of per-file objects
    assert data["file"] == str(bad)
    kinds = [(f["kind"], f["line"], f["column"]) for f in data["findings"]]
    assert kinds == [("bidi", 1, 2), ("mixed-script", 1, 5)]
    assert data["findings"][1]["chars"][0]["codepoint"] == "U+041E"


def test_scan_json_shape_does_not_depend_on_file_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(SPOOF, encoding="utf-8")
    b.write_text("plain\n", encoding="utf-8")
    shapes = []
    for files in ([a], [a, b]):
        assert main(["scan", "--format", "json", *map(str, files)]) == 0
        data = json.loads(capsys.readouterr().out)
        assert isinstance(data, list)
        assert [d["file"] for d in data] == [str(f) for f in files]
        shapes.append(sorted(data[0]))
    assert shapes[0] == shapes[1] == ["file", "findings"]


def test_scan_unknown_lang_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.txt"
    src.write_text("I met Саша\n", encoding="utf-8")
    assert main(["scan", "--lang", "xx", str(src)]) == 2
    assert "--lang 'xx'" in capsys.readouterr().err
    assert main(["repair", "--lang", "xx", str(src)]) == 2
    capsys.readouterr()
    assert main(["scan", "--lang", "en-GB", "--strict", str(src)]) == 0


def test_markdown_code_blocks_are_checked_for_bidi_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "notes.md"
    doc.write_text(
        "# Notes\n\n" + SPOOF + "\n```python\nname = 'Оwen\u200b'  # \u202e\n```\n",
        encoding="utf-8",
    )
    assert main(["scan", "--format", "json", str(doc)]) == 0
    (data,) = json.loads(capsys.readouterr().out)
    assert [(f["kind"], f["line"]) for f in data["findings"]] == [
        ("mixed-script", 3),
        ("bidi", 6),
    ]
    # the same text as plain text: everything is reported
    assert main(["scan", "--format", "json", "--input-format", "text", str(doc)]) == 0
    (data,) = json.loads(capsys.readouterr().out)
    assert [f["kind"] for f in data["findings"]] == ["mixed-script", "mixed-script", "invisible", "bidi"]


def test_scan_only_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "code.py"
    src.write_text("ok = 'Оwen'  # \u202e\n", encoding="utf-8")
    assert main(["scan", "--strict", "--only", "bidi", str(src)]) == 1
    assert "bidi" in capsys.readouterr().out
    assert main(["scan", "--only", "spoof", str(src)]) == 2
    assert "unknown finding kind" in capsys.readouterr().err
    assert main(["scan", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9\n")
    assert main(["scan", str(tmp_path / "latin1.txt")]) == 2


def test_repair_output_and_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "release.txt"
    original = "\ufeff" + "Pay\u200bPal: " + SPOOF
    src.write_bytes(original.encode("utf-8"))
    out = tmp_path / "fixed.txt"
    assert main(["repair", str(src), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert ":1:4: invisible" in err
    assert "'О' -> 'O'" in err
    assert "2 changes" in err
    assert out.read_bytes() == ("\ufeffPayPal: Owen Murphy met the observers.\n").encode("utf-8")
    assert src.read_bytes() == original.encode("utf-8")

    assert main(["repair", "--in-place", "--format", "json", str(src)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["changed"] is True
    assert len(data["changes"]) == 2
    assert data["unrepaired"] == []
    assert src.read_bytes() == out.read_bytes()


def test_repair_to_stdout_strict_and_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.txt"
    src.write_text("file\u202etxt.exe total 12\u06634\n", encoding="utf-8")
    assert main(["repair", "--bidi", "escape", str(src)]) == 0
    assert capsys.readouterr().out == "file<U+202E>txt.exe total 12\u06634\n"
    # the mixed digits cannot be repaired: --strict says so
    assert main(["repair", "--strict", str(src)]) == 1
    assert "not repaired: mixed-numbers" in capsys.readouterr().err
    assert main(["repair", "--in-place", "-"]) == 2
