"""``polyglot-press tm export|import|snapshot|merge|rebuild --method|clear --human``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from polyglot_press.cli import main
from polyglot_press.tm import DeltaWriter, TranslationMemory

from .test_recover import _damaged_memory

DATA = Path(__file__).resolve().parent.parent / "data" / "tm"


def test_export_import_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tm.sqlite3"
    assert main(["tm", "import", "--path", str(path), str(DATA / "okapi-tmxtest-attributes.tmx"),
                 str(tmp_path / "missing.tmx"), str(DATA / "okapi-paragraph-tm.tmx")]) == 2
    err = capsys.readouterr().err
    assert "okapi-tmxtest-attributes.tmx: 3 human translations, 0 machine entries" in err
    assert "okapi-paragraph-tm.tmx: 4 human translations" in err  # after the failed one
    assert "missing.tmx" in err
    assert "1 of 3 files could not be imported" in err
    assert main(["tm", "stats", "--path", str(path)]) == 0
    assert "0 entries, 7 human translations" in capsys.readouterr().out
    out = tmp_path / "backup.tmx"
    assert main(["tm", "export", "--path", str(path), "--tmx", str(out)]) == 0
    assert "wrote 7 translation units" in capsys.readouterr().err
    copy = tmp_path / "copy.sqlite3"
    assert main(["tm", "import", "--path", str(copy), str(out), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["human"] == 7
    assert main(["tm", "clear", "--path", str(copy), "--human"]) == 0
    assert "removed 7" in capsys.readouterr().err


def test_snapshot_and_merge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as memory:
        memory.store("e[1]", "en", "pt", [("a", "A")])
    snap = tmp_path / "snap.sqlite3"
    assert main(["tm", "snapshot", "--path", str(path), str(snap)]) == 0
    with DeltaWriter(tmp_path / "deltas", snap, name="w") as delta:
        assert delta.lookup("e[1]", "en", "pt", ["a"]) == ["A"]
        delta.store("e[1]", "en", "pt", [("b", "B")])
    assert main(["tm", "merge", "--path", str(path), str(tmp_path / "deltas"), "--remove",
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == 1
    assert not list((tmp_path / "deltas").iterdir())
    with TranslationMemory(path) as memory:
        assert memory.lookup("e[1]", "en", "pt", ["a", "b"]) == ["A", "B"]


def test_rebuild_says_what_it_kept_and_how(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = _damaged_memory(tmp_path)
    assert main(["tm", "rebuild", "--path", str(path), "--method", "rows"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"kept \d{4} entries and 300 human translations, read with rows", err)
    assert f"{path}.corrupt" in err
