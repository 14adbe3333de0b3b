"""Atomic writes, the edit lock, and crash safety, with real processes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polyglot_press.errors import FileAccessError, GlossaryError
from polyglot_press.glossary import Concept, Glossary, Term, edit_glossary
from polyglot_press.glossary.store import atomic_write_text, read_text


def _add_many(path: str, worker: int, count: int) -> None:
    for i in range(count):
        with edit_glossary(path) as edit:
            cid = f"w{worker}-{i}"
            edit.glossary = edit.glossary.with_concept(Concept(cid, terms=(Term("en", cid),)))


def test_concurrent_edits_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("# shared\nglossary: {name: g}\nconcepts: []\n", encoding="utf-8")
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_add_many, args=(str(path), w, 8)) for w in range(3)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
        assert p.exitcode == 0
    g = Glossary.load(path)
    assert sorted(c.id for c in g.concepts) == sorted(f"w{w}-{i}" for w in range(3)
                                                      for i in range(8))
    assert path.read_text(encoding="utf-8").startswith("# shared")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


_WRITER = """
import sys
from polyglot_press.glossary.store import atomic_write_text
big = "concepts:\\n" + "".join(f"  - id: c{i}\\n    terms: {{en: term {i}}}\\n" for i in range(3000))
print("ready", flush=True)
while True:
    atomic_write_text(sys.argv[1], "glossary: {name: new}\\n" + big)
"""


def test_a_crash_mid_write_leaves_a_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    old = "glossary: {name: old}\nconcepts: []\n"
    path.write_text(old, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    text = path.read_text(encoding="utf-8")
    assert text == old or (text.startswith("glossary: {name: new}") and
                           text.endswith("    terms: {en: term 2999}\n"))
    Glossary.load(path)  # whichever it is, it parses


def test_failed_edit_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("glossary: {name: g}\nconcepts: []\n", encoding="utf-8")
    before = path.read_bytes()

    def failing_edit() -> None:
        with edit_glossary(path) as edit:
            edit.glossary = edit.glossary.with_concept(Concept("x", terms=(Term("en", "x"),)))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing_edit()
    assert path.read_bytes() == before


def test_edit_refuses_non_yaml_and_missing_files(tmp_path: Path) -> None:
    csv = tmp_path / "g.csv"
    csv.write_text("en,de\nA,B\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="import this file first"), edit_glossary(csv):
        pass
    with pytest.raises(FileAccessError, match="no such file"), edit_glossary(tmp_path / "n.yaml"):
        pass
    with edit_glossary(tmp_path / "new.yaml", create=True) as edit:
        edit.glossary = edit.glossary.with_concept(Concept("a", terms=(Term("en", "A"),)))
    assert [c.id for c in Glossary.load(tmp_path / "new.yaml").concepts] == ["a"]


def test_a_failed_edit_of_a_missing_path_leaves_nothing_behind(tmp_path: Path) -> None:
    # filelock creates missing folders for its lock file: a typo must not make a tree
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(FileAccessError, match="no such folder"), edit_glossary(
            tmp_path / "typo" / "sub" / "g.yaml", create=True):
        pass
    with pytest.raises(FileAccessError, match="no such file"), edit_glossary(tmp_path / "n.yaml"):
        pass
    with pytest.raises(FileAccessError, match="is a directory"), edit_glossary(tmp_path):
        pass
    assert sorted(tmp_path.rglob("*")) == before


def test_read_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"glossary: {name: x}\nconcepts:\n  - id: \xff\n")
    with pytest.raises(GlossaryError) as info:
        read_text(bad)
    assert info.value.line == 3
    with pytest.raises(FileAccessError, match="directory"):
        read_text(tmp_path)


def test_atomic_write_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("x", encoding="utf-8")
    path.chmod(0o640)
    atomic_write_text(path, "y")
    assert path.read_text(encoding="utf-8") == "y"
    assert (path.stat().st_mode & 0o777) == 0o640


def test_atomic_write_new_file_gets_umask_mode(tmp_path: Path) -> None:
    # a temp file is created 0600; a new glossary must not stay private to its writer
    umask = os.umask(0o022)
    try:
        path = tmp_path / "new.yaml"
        atomic_write_text(path, "z")
    finally:
        os.umask(umask)
    assert (path.stat().st_mode & 0o777) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["new.yaml"]  # no temp file left


def test_atomic_write_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="directory"):
        atomic_write_text(tmp_path, "x")
    with pytest.raises(FileAccessError, match="missing-dir"):
        atomic_write_text(tmp_path / "missing-dir" / "g.yaml", "x")
    with pytest.raises(GlossaryError, match="surrogate"):
        atomic_write_text(tmp_path / "g.yaml", "bad \ud800")
    assert not (tmp_path / "g.yaml").exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_a_bom_is_read_and_other_encodings_are_named(tmp_path: Path,
                                                                 encoding: str) -> None:
    # Excel saves "Unicode text" as UTF-16 with a byte order mark
    path = tmp_path / "g.tsv"
    data = "en\tru\r\nMoscow\tМосква\r\n".encode(encoding)
    path.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
    g = Glossary.load(path)
    assert [(t.lang, t.preferred) for t in g.concepts[0].terms] == [("en", "Moscow"),
                                                                    ("ru", "Москва")]
    latin = tmp_path / "l.csv"
    latin.write_bytes("en,de\nMunich,München\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match="invalid UTF-8") as info:
        Glossary.load(latin)
    assert info.value.line == 2
