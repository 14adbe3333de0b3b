"""Batch translation: folders, globs, mirrored output, the manifest, failures that do
not stop the others; Press.pipe yielding failures in place."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from polyglot_press.batch import STATE_FOLDER, Manifest
from polyglot_press.cli import main
from polyglot_press.document import Document
from polyglot_press.engines.argos import install_package
from polyglot_press.press import Failure, Press, Result

from .conftest import ARGOS

PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "the cat"\nmsgstr ""\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    packages = tmp_path / "argos"
    install_package(ARGOS / "translate-en_yy-1_0.argosmodel", packages)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    root = tmp_path / "in"
    (root / "news" / "2026").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "index.html").write_text("<html><body><p>the cat</p></body></html>\n", "utf-8")
    (root / "news" / "2026" / "a.md").write_text("# the dog\n\nthe cat and the dog.\n", "utf-8")
    (root / "news" / "ui.po").write_text(PO, "utf-8")
    (root / "news" / "bad.txt").write_bytes("le café à côté\n".encode("latin-1"))
    (root / "logo.png").write_bytes(b"\x89PNG")
    (root / ".git" / "HEAD.txt").write_text("the cat\n", "utf-8")
    return root


def _run(*argv: str) -> int:
    return main(["translate", *argv, "--from", "en", "--to", "yy", "--engine", "argos",
                 "--no-memory"])


def _files(folder: Path) -> list[str]:
    """The files a run wrote, less its state folder (the manifest)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and STATE_FOLDER not in p.parts)


def test_folder_is_walked_output_mirrors_it_and_a_bad_file_does_not_stop_the_others(
        tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "deep"  # created, parents too
    assert _run(str(tree), "-o", str(out)) == 1
    err = capsys.readouterr().err
    assert "1 of 4 file(s) failed" in err
    assert "bad.txt" in err
    assert "cp1252" in err
    assert _files(out) == ["index.yy.html", "news/2026/a.yy.md", "news/ui.yy.po"]
    assert [e.id for e in Manifest(out).entries()] == ["index.html", "news/2026/a.md", "news/ui.po"]
    assert "THE CAT AND THE DOG." in (out / "news" / "2026" / "a.yy.md").read_text("utf-8")
    assert 'msgstr "THE CAT"' in (out / "news" / "ui.yy.po").read_text("utf-8")
    assert "1 file(s) with no reader left alone" in err  # logo.png


def test_rerun_skips_what_is_done_and_unchanged(tree: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    (tree / "news" / "bad.txt").unlink()
    assert _run(str(tree), "-o", str(out)) == 0
    assert [e.id for e in Manifest(out).entries()] == ["index.html", "news/2026/a.md", "news/ui.po"]
    stamp = (out / "index.yy.html").stat().st_mtime_ns
    os.utime(out / "index.yy.html", ns=(stamp - 10**9, stamp - 10**9))
    (tree / "news" / "2026" / "a.md").write_text("the dog.\n", "utf-8")
    capsys.readouterr()
    assert _run(str(tree), "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert "2 file(s) already translated and unchanged: skipped" in err
    assert (out / "index.yy.html").stat().st_mtime_ns == stamp - 10**9  # not rewritten
    assert (out / "news" / "2026" / "a.yy.md").read_text("utf-8") == "THE DOG.\n"
    # other settings (another engine option) translate everything again
    assert main(["translate", str(tree), "--from", "en", "--to", "yy", "--engine", "argos",
                 "--no-memory", "--no-names", "-o", str(out)]) == 0
    assert (out / "index.yy.html").stat().st_mtime_ns != stamp - 10**9


def test_a_glob_is_expanded_and_mirrored_from_its_fixed_part(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(f"{tree}/**/*.md", "-o", str(out)) == 0
    assert _files(out) == ["news/2026/a.yy.md"]
    assert [e.id for e in Manifest(out).entries()] == ["news/2026/a.md"]


def test_encoding_option_reads_a_legacy_file(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(str(tree / "news" / "bad.txt"), "--encoding", "latin-1") == 0
    assert capsys.readouterr().out == "le café à côté\n"
    assert main(["scan", str(tree / "news" / "bad.txt"), "--encoding", "latin-1"]) == 0


def test_pipe_yields_failures_in_place_and_goes_on(press: Press, tmp_path: Path) -> None:
    good = tmp_path / "a.md"
    good.write_text("the cat.\n", "utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\xff\xfe\x00x")
    items = list(press.pipe([str(good), str(bad), Document.from_text("the dog.")], ["yy"],
                            errors="yield"))
    assert [type(i) for i in items] == [Result, Failure, Result]
    failure = items[1]
    assert isinstance(failure, Failure)
    assert "b.txt" in str(failure)
    assert items[2]["yy"].text == "THE DOG."
    with pytest.raises(Exception, match=r"b\.txt"):
        list(press.pipe([str(good), str(bad)], ["yy"]))


def test_a_resumed_run_reports_every_document_and_redoes_one_whose_kept_report_is_lost(
        tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    (tree / "news" / "bad.txt").unlink()
    assert _run(str(tree), "-o", str(out), "--report", str(tmp_path / "first.json")) == 0
    manifest = Manifest(out)
    manifest.write_report("index.html", "{damaged")
    stamp = (out / "news" / "ui.yy.po").stat().st_mtime_ns
    capsys.readouterr()
    assert _run(str(tree), "-o", str(out), "--report", str(tmp_path / "again.json")) == 0
    assert "2 file(s) already translated and unchanged: skipped" in capsys.readouterr().err
    assert (out / "news" / "ui.yy.po").stat().st_mtime_ns == stamp
    first = (tmp_path / "first.json").read_text("utf-8")
    again = (tmp_path / "again.json").read_text("utf-8")
    assert len(json.loads(again)["documents"]) == len(json.loads(first)["documents"]) == 3
    assert again.count('"stage": "translate:yy"') == first.count('"stage": "translate:yy"') > 0
