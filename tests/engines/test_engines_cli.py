"""``polyglot-press engines`` and ``polyglot-press models``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from polyglot_press.cli import main

from .conftest import EN_YY, XX_EN


def test_models_install_list_and_engines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(tmp_path / "pkgs")
    assert main(["models", "install", str(XX_EN), "--argos-dir", root]) == 0
    assert "installed xx->en 1.0" in capsys.readouterr().err
    assert main(["models", "install", str(EN_YY), "--argos-dir", root]) == 0
    capsys.readouterr()
    assert main(["models", "list", "--argos-dir", root, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(p["source"], p["target"]) for p in listed] == [("en", "yy"), ("xx", "en")]

    assert main(["engines", "--argos-dir", root, "--format", "json"]) == 0
    engines = {e["name"]: e for e in json.loads(capsys.readouterr().out)["engines"]}
    argos = engines["argos"]
    assert argos["available"] is True
    assert argos["identity"] == "argos[en-yy@1.0,xx-en@1.0]"
    assert argos["pivot_pairs"] == [["xx", "yy"]]
    assert [m["version"] for m in argos["models"]] == ["1.0", "1.0"]
    if engines["bergamot"]["available"]:
        assert engines["bergamot"]["pairs"] == [["en", "pt"], ["pt", "en"]]
    assert main(["engines", "--argos-dir", root]) == 0
    text = capsys.readouterr().out
    assert "pairs: en->yy, xx->en, xx->yy" in text
    assert "(through English: xx->yy)" in text


def test_models_install_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"nope")
    assert main(["models", "install", str(bad), "--argos-dir", str(tmp_path / "p")]) == 2
    assert "not a zip archive" in capsys.readouterr().err
    code = main([
        "models", "install", "en", "de", "--argos-dir", str(tmp_path / "p"),
        "--index-url", "http://127.0.0.1:9/index.json",
    ])
    assert code == 2
    assert "offline" in capsys.readouterr().err
    assert main(["models", "install", "a", "b", "c"]) == 2


def test_models_install_unreadable_member_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = b"polyglot-press payload " * 40
    bad = tmp_path / "crc.argosmodel"
    with zipfile.ZipFile(XX_EN) as src, zipfile.ZipFile(bad, "w") as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info))
        out.writestr("translate-xx_en-1_0/notes.txt", payload)  # stored, not deflated
    raw = bytearray(bad.read_bytes())
    raw[raw.index(payload) + 10] ^= 0xFF
    bad.write_bytes(bytes(raw))
    assert main(["models", "install", str(bad), "--argos-dir", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: member 'translate-xx_en-1_0/notes.txt' cannot be read" in err
    assert "Traceback" not in err
