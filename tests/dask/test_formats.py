"""Corpus runs read and write every format `translate DIR` does, and share its manifest.

On a real LocalCluster with the toy en->yy argos model (tools/build_test_argos_model.py):
each format's output is byte-equal to what `polyglot-press translate FILE` writes,
a folder done by one command is skipped by the other, a glossary change redoes
only the documents that mention a changed concept (DOCX and HTML), and a bad
DOCX is reported while the others are written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyglot_press.batch import STATE_FOLDER, Manifest
from polyglot_press.cli import main
from polyglot_press.dask import CorpusResult, discover, translate_corpus
from polyglot_press.formats import available_formats

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="ui" source-language="en" target-language="yy" datatype="plaintext">
  <body>
   <trans-unit id="1"><source>the cat and <g id="1">the dog</g></source></trans-unit>
   <trans-unit id="2"><source>the house</source></trans-unit>
  </body>
 </file>
</xliff>
"""
PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      '#: app.py:3\nmsgid "the cat and the dog"\nmsgstr ""\n')
JSON = '{\n  "title": "the cat",\n  "nested": {"body": "the dog went to the house."}\n}\n'
SRT = ("1\n00:00:01,000 --> 00:00:03,000\nthe cat and the dog\n\n"
       "2\n00:00:04,000 --> 00:00:06,000\nwent to the house.\n")
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nthe cat went to the house.\n"
HTML = '<html><body><h1>the cat</h1><p>the dog <b>and</b> the house.</p></body></html>\n'


def _word(path: Path, *paragraphs: str) -> None:
    import docx

    document = docx.Document()
    document.add_heading("the cat", 1)
    for text in paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.add_run(" the dog").bold = True
    document.save(str(path))


def _mixed(root: Path) -> Path:
    """One document per format, in two folders."""
    (root / "web").mkdir(parents=True)
    (root / "l10n").mkdir()
    (root / "a.txt").write_text("the cat went to the house.\n", "utf-8")
    (root / "web" / "b.md").write_text("# the dog\n\nthe cat and the dog.\n", "utf-8")
    (root / "web" / "c.html").write_text(HTML, "utf-8")
    (root / "l10n" / "d.xlf").write_text(XLIFF, "utf-8")
    (root / "l10n" / "e.po").write_text(PO, "utf-8")
    (root / "l10n" / "f.json").write_text(JSON, "utf-8")
    (root / "g.srt").write_text(SRT, "utf-8")
    (root / "h.vtt").write_text(VTT, "utf-8")
    _word(root / "i.docx", "the house and")
    return root


def _corpus(inputs: Path, out: Path, client: object, **kwargs: object) -> CorpusResult:
    result = translate_corpus(str(inputs), "yy", engine="argos", source="en", output=out, client=client,
                              memory=False, **kwargs)
    assert isinstance(result, CorpusResult)
    return result


def _translate(*argv: str) -> int:
    return main(["translate", *argv, "--from", "en", "--to", "yy", "--engine", "argos", "--no-memory",
                 "-q"])


def _written(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and STATE_FOLDER not in p.parts}


def test_every_format_is_byte_equal_to_translate_file_with_1_and_4_partitions(
        tmp_path: Path, argos_dir: Path, cluster: object) -> None:
    root = _mixed(tmp_path / "in")
    # every reader translate DIR has is in the folder
    assert {r.format for r in discover(str(root))} == set(available_formats())
    one = _corpus(root, tmp_path / "one", cluster, partitions=1)
    four = _corpus(root, tmp_path / "four", cluster, partitions=4)
    assert one.report.counts == four.report.counts == {"done": 9}, one.report.failures
    a, b = _written(tmp_path / "one"), _written(tmp_path / "four")
    assert a == b
    assert sorted(a) == ["a.yy.txt", "g.yy.srt", "h.yy.vtt", "i.yy.docx", "l10n/d.yy.xlf", "l10n/e.yy.po",
                         "l10n/f.yy.json", "web/b.yy.md", "web/c.yy.html"]
    for name, data in a.items():
        source = root / name.replace(".yy.", ".")
        single = tmp_path / "single" / name
        assert _translate(str(source), "-o", str(single.parent)) == 0
        assert single.read_bytes() == data, name  # what `translate FILE` writes, byte for byte
        assert data != source.read_bytes(), name  # and translated
    assert "THE CAT" in a["web/c.yy.html"].decode("utf-8")
    assert 'msgstr "THE CAT AND THE DOG"' in a["l10n/e.yy.po"].decode("utf-8")

    import docx

    word = docx.Document(str(tmp_path / "one" / "i.yy.docx"))
    assert [p.text for p in word.paragraphs] == ["THE CAT", "THE HOUSE AND THE DOG"]


def test_a_folder_done_by_translate_dir_is_skipped_by_corpus_translate_and_back(
        tmp_path: Path, argos_dir: Path, cluster: object, capsys: pytest.CaptureFixture[str]) -> None:
    root = _mixed(tmp_path / "in")
    glossary = tmp_path / "g.yaml"
    glossary.write_text("glossary:\n  name: g\n  languages: [en, yy]\nconcepts:\n"
                        "  - id: house\n    kind: term\n    terms:\n      en: house\n      yy: HOUSE\n",
                        "utf-8")
    scheduler = cluster.scheduler.address  # type: ignore[attr-defined]
    corpus = ["corpus", "translate", str(root), "--to", "yy", "--engine", "argos", "--from", "en",
              "--no-memory", "-q", "-g", str(glossary), "--scheduler", scheduler]
    # translate DIR first, then the corpus runner: nothing left to do
    out = tmp_path / "out"
    assert _translate(str(root), "-o", str(out), "-g", str(glossary)) == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.yy.*")}
    assert main([*corpus, "-o", str(out)]) == 0
    report = json.loads((out / STATE_FOLDER / "report.json").read_text("utf-8"))
    assert report["documents"] == {"skipped": 9}
    assert report["terms"]["house"]["yy"]["total"] > 0  # the kept reports of translate DIR count
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.yy.*")} == stamps
    # the corpus runner first, then translate DIR: skipped too
    back = tmp_path / "back"
    assert main([*corpus, "-o", str(back)]) == 0
    stamps = {p: p.stat().st_mtime_ns for p in back.rglob("*.yy.*")}
    capsys.readouterr()
    assert main(["translate", str(root), "--from", "en", "--to", "yy", "--engine", "argos",
                 "--no-memory", "-g", str(glossary), "-o", str(back), "--report",
                 str(tmp_path / "r.json")]) == 0
    assert "9 file(s) already translated and unchanged: skipped" in capsys.readouterr().err
    assert {p: p.stat().st_mtime_ns for p in back.rglob("*.yy.*")} == stamps
    # a resumed run's report is whole: every document, from the kept reports
    kept = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert len(kept["documents"]) == 9
    assert _written(out) == _written(back)
    # partitions change no output: still skipped; other settings: everything is done again
    assert main([*corpus[:-2], "--scheduler", scheduler, "-o", str(back), "--partitions", "2"]) == 0
    assert json.loads((back / STATE_FOLDER / "report.json").read_text("utf-8"))["documents"] == {
        "skipped": 9}
    assert _translate(str(root), "-o", str(back), "-g", str(glossary), "--no-names") == 0
    assert all(p.stat().st_mtime_ns != stamps[p] for p in stamps)


def test_a_changed_glossary_redoes_only_the_docx_and_html_documents_that_mention_it(
        tmp_path: Path, argos_dir: Path, cluster: object) -> None:
    from polyglot_press.glossary import Concept, Glossary, Term

    root = tmp_path / "in"
    root.mkdir()
    _word(root / "a.docx", "the report will be discussed in Vienna and")
    _word(root / "b.docx", "the house and")
    (root / "c.html").write_text("<p>the cat went to <i>Vienna</i>.</p>\n", "utf-8")
    (root / "d.html").write_text(HTML, "utf-8")
    cat = Concept("cat", "term", (Term("en", "cat"), Term("yy", "CAT")))
    first = _corpus(root, tmp_path / "out", cluster, glossaries=[Glossary("g", concepts=(cat,))])
    assert first.report.counts == {"done": 4}
    again = _corpus(root, tmp_path / "out", cluster, glossaries=[Glossary("g", concepts=(cat,))])
    assert again.report.counts == {"skipped": 4}
    vienna = Concept("vienna", "place", (Term("en", "Vienna"), Term("yy", "WIEN")))
    changed = _corpus(root, tmp_path / "out", cluster, glossaries=[Glossary("g", concepts=(cat, vienna))])
    assert sorted(r["id"] for r in changed.rows if r["status"] == "done") == ["a.docx", "c.html"]
    assert sorted(r["id"] for r in changed.rows if r["status"] == "skipped") == ["b.docx", "d.html"]
    assert "WIEN" in (tmp_path / "out" / "c.yy.html").read_text("utf-8")

    import docx

    assert "WIEN" in docx.Document(str(tmp_path / "out" / "a.yy.docx")).paragraphs[1].text


def test_a_bad_docx_is_reported_and_the_others_are_written(tmp_path: Path, argos_dir: Path,
                                                           cluster: object) -> None:
    root = _mixed(tmp_path / "in")
    (root / "web" / "broken.docx").write_bytes(b"PK\x03\x04 not a word file")
    result = _corpus(root, tmp_path / "out", cluster, partitions=3)
    assert result.report.counts == {"done": 9, "failed": 1}
    (failed_id, error), = result.report.failures
    assert failed_id == "web/broken.docx"
    assert error.startswith("error: ")
    assert "broken.docx" in error
    assert len(_written(tmp_path / "out")) == 9
    assert Manifest(tmp_path / "out").read("web/broken.docx") is None
    assert not list((tmp_path / "out").rglob("*.pp-tmp"))


def test_records_carry_their_format_and_binary_records_need_a_url(tmp_path: Path, argos_dir: Path) -> None:
    import dask.bag as db

    _word(tmp_path / "w.docx", "the house and")
    bag = db.from_sequence([
        {"id": "page", "text": HTML, "format": "html"},
        {"id": "strings", "text": PO, "format": "po"},
        {"id": "letter", "url": str(tmp_path / "w.docx"), "format": "docx"},
        {"id": "inline-word", "text": "the cat", "format": "docx"},
    ], npartitions=2)
    result = translate_corpus(bag, "yy", engine="argos", source="en", output=tmp_path / "out",
                              memory=False)
    assert isinstance(result, CorpusResult)
    assert result.report.counts == {"done": 3, "failed": 1}
    assert "binary format" in dict(result.report.failures)["inline-word"]
    assert sorted(_written(tmp_path / "out")) == ["letter.yy.docx", "page.yy.html", "strings.yy.po"]
    assert "<h1>THE CAT</h1>" in (tmp_path / "out" / "page.yy.html").read_text("utf-8")


def test_manifests_of_earlier_versions_are_not_read_and_say_so(
        tmp_path: Path, argos_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.md").write_text("the cat.\n", "utf-8")
    # translate DIR's earlier manifest, claiming a.md is done
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.yy.md").write_text("stale\n", "utf-8")
    (out / ".polyglot-press-manifest.json").write_text(json.dumps({"version": 1, "files": {
        "a.md": {"sha256": "x", "settings": "y", "targets": ["yy"], "outputs": ["a.yy.md"]}}}), "utf-8")
    assert main(["translate", str(root), "--from", "en", "--to", "yy", "--engine", "argos", "--no-memory",
                 "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "written by an earlier version of `translate DIR`; it is not read" in err
    assert (out / "a.yy.md").read_text("utf-8") == "THE CAT.\n"
    assert not (out / ".polyglot-press-manifest.json").exists()
    # a corpus entry of the earlier format (no version), claiming the same
    corpus_out = tmp_path / "corpus"
    folder = corpus_out / STATE_FOLDER / "manifest"
    folder.mkdir(parents=True)
    (corpus_out / "a.yy.md").write_text("stale\n", "utf-8")
    (folder / "0123.json").write_text(json.dumps({"id": "a.md", "input_sha256": "x", "config_digest": "y",
                                                  "concepts_digest": "z", "outputs": {"yy": "a.yy.md"}}))
    result = translate_corpus(str(root), "yy", engine="argos", source="en", output=corpus_out,
                              memory=False)
    assert isinstance(result, CorpusResult)
    assert result.report.counts == {"done": 1}
    assert len(result.notes) == 1
    assert "earlier version; they are not read" in result.notes[0]
    assert (corpus_out / "a.yy.md").read_text("utf-8") == "THE CAT.\n"
    # said once: the next run finds the current format
    again = translate_corpus(str(root), "yy", engine="argos", source="en", output=corpus_out, memory=False)
    assert isinstance(again, CorpusResult)
    assert again.report.counts == {"skipped": 1}
    assert again.notes == []


def test_hidden_files_and_an_output_folder_inside_the_input_are_left_out(tmp_path: Path,
                                                                        argos_dir: Path) -> None:
    root = tmp_path / "in"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "HEAD.txt").write_text("the cat\n", "utf-8")
    (root / "a.txt").write_text("the cat\n", "utf-8")
    out = root / "out"
    for _ in range(2):
        result = translate_corpus(str(root), "yy", engine="argos", source="en", output=out, memory=False)
        assert isinstance(result, CorpusResult)
        assert [r["id"] for r in result.rows] == ["a.txt"]
    assert sorted(_written(out)) == ["a.yy.txt"]


def test_a_lazy_bag_gives_the_bytes_of_container_formats(tmp_path: Path, argos_dir: Path) -> None:
    root = _mixed(tmp_path / "in")
    rows = {r["id"]: r for r in translate_corpus(str(root), "yy", engine="argos", source="en")
            .compute(scheduler="sync")}
    assert all(r["status"] == "done" for r in rows.values())
    _translate(str(root), "-o", str(tmp_path / "single"))
    for doc_id in ("i.docx", "l10n/e.po", "l10n/d.xlf", "l10n/f.json"):
        written = (tmp_path / "single" / doc_id.replace(".", ".yy.")).read_bytes()
        assert rows[doc_id]["data"]["yy"] == written, doc_id
    assert "data" not in rows["web/b.md"]
    assert rows["web/b.md"]["translations"]["yy"].encode("utf-8") == (
        tmp_path / "single" / "web" / "b.yy.md").read_bytes()
