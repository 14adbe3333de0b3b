"""Corpus runs on a real Dask LocalCluster, with the toy argos model and with bergamot."""

from __future__ import annotations

import ast
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polyglot_press.dask import CorpusResult, Manifest, translate_corpus
from polyglot_press.glossary import Concept, Glossary, Term

from .conftest import SENTENCES, write_corpus


def _outputs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.txt"))
            if ".polyglot-press" not in p.parts}


def _single(doc_id: str, root: Path, engine: str, target: str) -> bytes:
    from polyglot_press import Document, Press

    press = Press(engine=engine, source="en", memory=False)
    doc = Document.read(root / doc_id)
    return press.translate(doc, [target])[target].to_bytes()


def _run(inputs: Path, out: Path, client: object, **kwargs: object) -> CorpusResult:
    result = translate_corpus(str(inputs), kwargs.pop("targets", "yy"), engine=kwargs.pop("engine", "argos"),
                              source="en", output=out, client=client, memory=False, **kwargs)
    assert isinstance(result, CorpusResult)
    return result


def test_same_bytes_with_1_and_4_partitions_argos(tmp_path: Path, argos_dir: Path, cluster: object) -> None:
    ids = write_corpus(tmp_path / "in", 12)
    one = _run(tmp_path / "in", tmp_path / "one", cluster, partitions=1)
    four = _run(tmp_path / "in", tmp_path / "four", cluster, partitions=4)
    assert one.report.counts == four.report.counts == {"done": 12}
    a, b = _outputs(tmp_path / "one"), _outputs(tmp_path / "four")
    assert sorted(a) == sorted(i.replace(".txt", ".yy.txt") for i in ids)
    assert a == b
    # the same as one Press in this process gives
    assert a["2024/doc000.yy.txt"] == _single("2024/doc000.txt", tmp_path / "in", "argos", "yy")
    assert a["2024/doc000.yy.txt"] != (tmp_path / "in" / "2024" / "doc000.txt").read_bytes()


def test_same_bytes_with_1_and_4_partitions_bergamot(tmp_path: Path, cluster: object) -> None:
    write_corpus(tmp_path / "in", 8)
    one = _run(tmp_path / "in", tmp_path / "one", cluster, partitions=1, engine="bergamot", targets="pt")
    four = _run(tmp_path / "in", tmp_path / "four", cluster, partitions=4, engine="bergamot", targets="pt")
    assert one.report.counts == four.report.counts == {"done": 8}
    a, b = _outputs(tmp_path / "one"), _outputs(tmp_path / "four")
    assert a == b
    assert a["2024/doc000.pt.txt"] == _single("2024/doc000.txt", tmp_path / "in", "bergamot", "pt")
    assert "missão" in a["2024/doc000.pt.txt"].decode("utf-8")


def test_a_rerun_skips_what_is_done_and_a_changed_glossary_redoes_only_what_it_touches(
        tmp_path: Path, argos_dir: Path, cluster: object) -> None:
    write_corpus(tmp_path / "in", 6)
    osce = Concept("osce", "organization", (Term("en", "OSCE"), Term("yy", "OSCE")))
    first = _run(tmp_path / "in", tmp_path / "out", cluster, glossaries=[Glossary("g", concepts=(osce,))])
    assert first.report.counts == {"done": 6}
    again = _run(tmp_path / "in", tmp_path / "out", cluster, glossaries=[Glossary("g", concepts=(osce,))])
    assert again.report.counts == {"skipped": 6}
    # a new concept that only documents mentioning Vienna contain
    vienna = Concept("vienna", "place", (Term("en", "Vienna"), Term("yy", "WIEN")))
    changed = _run(tmp_path / "in", tmp_path / "out", cluster,
                   glossaries=[Glossary("g", concepts=(osce, vienna))])
    redone = sorted(r["id"] for r in changed.rows if r["status"] == "done")
    mentioning = sorted(p.relative_to(tmp_path / "in").as_posix() for p in (tmp_path / "in").rglob("*.txt")
                        if "Vienna" in p.read_text(encoding="utf-8"))
    assert redone == mentioning
    assert 0 < len(redone) < 6
    for doc_id in redone:
        assert "WIEN" in (tmp_path / "out" / doc_id.replace(".txt", ".yy.txt")).read_text(encoding="utf-8")


def test_a_bad_document_is_reported_and_the_others_are_written(tmp_path: Path, argos_dir: Path,
                                                               cluster: object) -> None:
    write_corpus(tmp_path / "in", 4)
    (tmp_path / "in" / "2024" / "latin1.txt").write_bytes("Caf\xe9 au lait.".encode("latin-1"))
    result = _run(tmp_path / "in", tmp_path / "out", cluster)
    assert result.report.counts == {"done": 4, "failed": 1}
    (failed_id, error), = result.report.failures
    assert failed_id == "2024/latin1.txt"
    assert "invalid UTF-8" in error
    assert len(_outputs(tmp_path / "out")) == 4
    report = json.loads((tmp_path / "out" / ".polyglot-press" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == {"done": 4, "failed": 1}


_KILL_WORKER = """
import os, signal, sys, threading, time
from distributed import Client, LocalCluster
from polyglot_press.dask import translate_corpus
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \\
        Client(cluster) as client:
    victims = list(client.run(os.getpid).values())
    state = {"killed_at": None}
    def kill():
        manifest = os.path.join(sys.argv[2], ".polyglot-press", "manifest")
        while not (os.path.isdir(manifest) and len(os.listdir(manifest)) >= int(sys.argv[3])):
            time.sleep(0.01)
        os.kill(victims[0], signal.SIGKILL)
        state["killed_at"] = len(os.listdir(manifest))
    threading.Thread(target=kill, daemon=True).start()
    result = translate_corpus(sys.argv[1], "yy", engine="argos", source="en", output=sys.argv[2],
                              client=client, memory=False, partitions=8)
    print(result.report.counts)
    print("killed after", state["killed_at"], "documents")
"""


def test_a_worker_killed_mid_run_loses_nothing(tmp_path: Path, argos_dir: Path) -> None:
    ids = write_corpus(tmp_path / "in", 40)
    env = {**os.environ}
    run = subprocess.run([sys.executable, "-c", _KILL_WORKER, str(tmp_path / "in"), str(tmp_path / "out"),
                          "5"], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    counts = ast.literal_eval(run.stdout.splitlines()[0])  # the report's counts, printed by the script
    # a retried partition skips the documents the killed worker had already finished
    assert set(counts) <= {"done", "skipped"}
    assert sum(counts.values()) == 40
    outputs = _outputs(tmp_path / "out")
    assert sorted(outputs) == sorted(i.replace(".txt", ".yy.txt") for i in ids)
    killed_after = int(run.stdout.split("killed after ")[1].split()[0])
    assert killed_after < 40, "the worker must die mid-run"
    for doc_id in ids:
        assert outputs[doc_id.replace(".txt", ".yy.txt")] == _single(doc_id, tmp_path / "in", "argos", "yy")
    assert len(Manifest(tmp_path / "out").entries()) == 40
    assert not list((tmp_path / "out").rglob("*.pp-tmp"))


def test_resume_after_the_client_is_killed(tmp_path: Path, argos_dir: Path) -> None:
    ids = write_corpus(tmp_path / "in", 60)
    command = [sys.executable, "-m", "polyglot_press", "corpus", "translate", str(tmp_path / "in"),
               "--to", "yy", "--engine", "argos", "--from", "en", "-o", str(tmp_path / "out"),
               "--workers", "2", "--partitions", "30", "--no-memory", "-q"]
    process = subprocess.Popen(command, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    manifest = Manifest(tmp_path / "out")
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(manifest.entries()) < 10 and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the client and its local cluster, all at once
    process.wait()
    done_before = len(manifest.entries())
    assert 0 < done_before < 60, "the kill must land mid-run"
    rerun = subprocess.run(command, env=dict(os.environ), capture_output=True, text=True, timeout=300,
                           check=False)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    report = json.loads((tmp_path / "out" / ".polyglot-press" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"].get("skipped", 0) >= done_before
    assert sum(report["documents"].values()) == 60
    outputs = _outputs(tmp_path / "out")
    assert sorted(outputs) == sorted(i.replace(".txt", ".yy.txt") for i in ids)
    assert not list((tmp_path / "out").rglob("*.pp-tmp"))


def test_dataframe_path_writes_parquet(tmp_path: Path, argos_dir: Path, cluster: object) -> None:
    import dask.dataframe as dd
    import pandas as pd

    from polyglot_press.dask import translate_dataframe

    frame = dd.from_pandas(pd.DataFrame({"id": ["a", "b", "c"],
                                         "text": ["The OSCE mission ended.", SENTENCES[0], None]}),
                           npartitions=2)
    osce = Concept("osce", "organization", (Term("en", "OSCE"), Term("yy", "OSCE")))
    out = translate_dataframe(frame, "yy", id_column="id", engine="argos", source="en", memory=False,
                              glossaries=[Glossary("g", concepts=(osce,))])
    out.to_parquet(tmp_path / "out.parquet")
    back = pd.read_parquet(tmp_path / "out.parquet").sort_values("id")
    from polyglot_press import Document, Press

    press = Press(engine="argos", source="en", memory=False)
    expected = [press.translate(Document.from_text(t), ["yy"])["yy"].text
                for t in ("The OSCE mission ended.", SENTENCES[0])]
    assert back["text_yy"].tolist()[:2] == expected
    assert expected[1] != SENTENCES[0]
    assert back["terms_ok"].tolist()[:2] == [1, 1]
    assert back["terms_total"].tolist()[:2] == [1, 1]
    assert back["status"].tolist() == ["done", "done", "done"]


def test_bad_arguments_are_clear_errors(tmp_path: Path) -> None:
    from polyglot_press.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        translate_corpus(str(tmp_path / "missing"), "pt")
    with pytest.raises(InputError, match="no target language"):
        translate_corpus(str(tmp_path), "")
    with pytest.raises(InputError, match="partitions"):
        translate_corpus(str(tmp_path), "pt", partitions=0)


def _sync() -> object:
    import dask

    return dask.config.set(scheduler="sync")


def test_a_bag_of_records_comes_back_and_is_written(tmp_path: Path, argos_dir: Path) -> None:
    import dask.bag as db

    records = [{"id": f"r{i}", "text": SENTENCES[i]} for i in range(3)]
    with _sync():
        bag = translate_corpus(db.from_sequence(records, npartitions=2), "yy", engine="argos",
                               source="en", memory=False)
        rows = bag.compute()
        written = translate_corpus(db.from_sequence(records, npartitions=2), "yy", engine="argos",
                                   source="en", memory=False, output=tmp_path / "out")
    assert [r["id"] for r in rows] == ["r0", "r1", "r2"]
    assert all(r["status"] == "done" and r["translations"]["yy"] for r in rows)
    assert isinstance(written, CorpusResult)
    assert written.report.counts == {"done": 3}
    assert sorted(_outputs(tmp_path / "out")) == ["r0.yy.txt", "r1.yy.txt", "r2.yy.txt"]


def test_dataframe_rows_with_missing_or_repeated_ids_keep_their_own_translation(
        tmp_path: Path, argos_dir: Path) -> None:
    import dask.dataframe as dd
    import pandas as pd

    from polyglot_press import Document, Press
    from polyglot_press.dask import translate_dataframe

    texts = [SENTENCES[0], SENTENCES[2], SENTENCES[3], SENTENCES[4]]
    frame = dd.from_pandas(pd.DataFrame({"id": [float("nan"), float("nan"), 7.0, 7.0], "text": texts}),
                           npartitions=1)
    with _sync():
        out = translate_dataframe(frame, "yy", id_column="id", engine="argos", source="en",
                                  memory=False).compute()
    press = Press(engine="argos", source="en", memory=False)
    expected = [press.translate(Document.from_text(t), ["yy"])["yy"].text for t in texts]
    assert len(set(expected)) == 4
    assert out["text_yy"].tolist() == expected


def test_a_symlink_in_the_output_tree_is_not_followed_out_of_it(tmp_path: Path, argos_dir: Path) -> None:
    import dask.bag as db

    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "2024").symlink_to(outside, target_is_directory=True)
    records = [{"id": "2024/a.txt", "text": SENTENCES[0]}, {"id": "b.txt", "text": SENTENCES[1]}]
    with _sync():
        result = translate_corpus(db.from_sequence(records, npartitions=1), "yy", engine="argos",
                                  source="en", memory=False, output=out)
    assert isinstance(result, CorpusResult)
    assert list(outside.iterdir()) == []
    assert result.report.counts == {"done": 1, "failed": 1}
    (failed, error), = result.report.failures
    assert failed == "2024/a.txt"
    assert "outside the output folder" in error
    assert Manifest(out).read("2024/a.txt") is None
    assert (out / "b.yy.txt").is_file()


def test_records_that_map_to_the_same_output_fail_instead_of_overwriting_each_other(
        tmp_path: Path, argos_dir: Path) -> None:
    import dask.bag as db

    records = [{"id": "wire", "text": SENTENCES[0]}, {"id": "wire.txt", "text": SENTENCES[2]},
               {"id": "other.txt", "text": SENTENCES[3]}]
    out = tmp_path / "out"
    with _sync():
        result = translate_corpus(db.from_sequence(records, npartitions=2), "yy", engine="argos",
                                  source="en", memory=False, output=out)
    assert isinstance(result, CorpusResult)
    assert result.report.counts == {"done": 1, "failed": 2}
    assert [i for i, _ in result.report.failures] == ["wire", "wire.txt"]
    assert all("wire.yy.txt" in e for _, e in result.report.failures)
    # neither claims done: a rerun does them again, and no file holds one of them in the other's name
    assert Manifest(out).read("wire") is None
    assert Manifest(out).read("wire.txt") is None
    assert sorted(_outputs(out)) == ["other.yy.txt"]


def test_a_changed_concept_redoes_a_document_that_names_it_only_through_a_variant_spelling(
        tmp_path: Path, argos_dir: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "misspelt.txt").write_text("Owen Murpy thanked the observers.\n", encoding="utf-8")
    (tmp_path / "in" / "other.txt").write_text(SENTENCES[2] + "\n", encoding="utf-8")

    def run(target_form: str) -> CorpusResult:
        owen = Concept("owen", "person", (Term("en", "Owen Murphy"), Term("yy", target_form)))
        with _sync():
            return _run(tmp_path / "in", tmp_path / "out", None, glossaries=[Glossary("g", concepts=(owen,))])

    first = run("Owen Murphy")
    assert first.report.counts == {"done": 2}
    assert first.report.terms == {"owen": {"yy": [1, 1]}}  # name normalization made it the glossary's name
    changed = run("OWEN-MURPHY")
    assert sorted((r["id"], r["status"]) for r in changed.rows) == [("misspelt.txt", "done"),
                                                                   ("other.txt", "skipped")]
    assert "OWEN-MURPHY" in (tmp_path / "out" / "misspelt.yy.txt").read_text(encoding="utf-8")


def test_a_record_whose_format_or_language_changed_is_done_again(tmp_path: Path, argos_dir: Path) -> None:
    import dask.bag as db

    text = "# The mission\n\nThe election results were published at noon.\n"

    def run(**fields: str) -> CorpusResult:
        with _sync():
            result = translate_corpus(db.from_sequence([{"id": "wire", "text": text, **fields}]), "yy",
                                      engine="argos", memory=False, output=tmp_path / "out")
        assert isinstance(result, CorpusResult)
        return result

    assert run(format="text", lang="en").report.counts == {"done": 1}
    assert run(format="text", lang="en").report.counts == {"skipped": 1}
    markdown = run(format="markdown", lang="en")
    assert markdown.report.counts == {"done": 1}
    assert (tmp_path / "out" / "wire.yy.md").read_text(encoding="utf-8").startswith("# ")
    assert run(format="markdown", lang="en-GB").report.counts == {"done": 1}
    assert run(format="markdown", lang="en-GB").report.counts == {"skipped": 1}


def _flag_capitals(press: object) -> object:
    """A QA stage (listed after translate): one finding per segment with a capital letter."""
    from polyglot_press.report import StageRecord
    from polyglot_press.text import Finding, Severity

    def stage(doc: object) -> object:
        findings = tuple(Finding(s.span, "qa.capitals", "has a capital", Severity.ERROR, "qa")
                         for s in doc.segments if not s.text.islower())  # type: ignore[attr-defined]
        return doc, StageRecord("qa-capitals", findings)

    return stage


def test_findings_of_qa_stages_after_translate_are_counted(tmp_path: Path, argos_dir: Path) -> None:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    from polyglot_press.dask import translate_dataframe
    from polyglot_press.stages import register_stage, unregister_stage

    register_stage("qa-capitals", _flag_capitals)  # type: ignore[arg-type]
    try:
        with _sync():
            rows = translate_corpus(db.from_sequence([{"id": "a", "text": SENTENCES[0]}]), "yy",
                                    engine="argos", source="en", memory=False, output=tmp_path / "out",
                                    stages=("translate", "qa-capitals"))
            frame = translate_dataframe(dd.from_pandas(pd.DataFrame({"text": [SENTENCES[0]]}),
                                                       npartitions=1),
                                        "yy", engine="argos", source="en", memory=False,
                                        stages=("translate", "qa-capitals")).compute()
    finally:
        unregister_stage("qa-capitals")
    assert isinstance(rows, CorpusResult)
    # the user's stage is counted beside the built-in QA of the translate stage (which
    # calls the toy model's capitals "untranslated": they differ from the source only in case)
    assert rows.report.qa == {"qa.capitals": 1, "qa-untranslated": 1}
    assert frame[["qa_findings", "qa_errors"]].values.tolist() == [[2, 2]]


def test_the_terminal_summary_names_the_slowest_documents() -> None:
    from polyglot_press.dask import CorpusReport

    report = '{"schema_version": 1, "documents": []}'
    rows = [{"id": f"d{i}", "status": "done", "seconds": float(i), "report": report} for i in range(8)]
    summary = CorpusReport.from_rows(rows).summary()
    assert "slowest: d7 (7.00 s), d6 (6.00 s), d5 (5.00 s), d4 (4.00 s), d3 (3.00 s)" in summary
    assert "d2 (" not in summary


def test_two_inputs_with_the_same_relative_path_are_refused_not_merged(tmp_path: Path) -> None:
    from polyglot_press.dask import discover
    from polyglot_press.errors import InputError

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(f"From {folder}.", encoding="utf-8")
    (tmp_path / "b" / "y.txt").write_text("Only in b.", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.txt.*both .*a/x\.txt.* and .*b/x\.txt"):
        discover([str(tmp_path / "a"), str(tmp_path / "b")])
    # the same file named twice is one document
    same = discover([str(tmp_path / "b"), str(tmp_path / "b" / "*.txt")])
    assert [r.id for r in same] == ["x.txt", "y.txt"]


def test_cli_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    import dask
    from polyglot_press.cli import main

    write_corpus(tmp_path / "in", 1)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(["corpus", "translate", str(tmp_path / "in"), "--to", "pt", "-o", str(tmp_path / "out"),
                     "--scheduler", "tcp://127.0.0.1:1", "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in err
    assert "Traceback" not in err


def test_a_resumed_run_reports_the_documents_it_skipped_too(tmp_path: Path, argos_dir: Path) -> None:
    write_corpus(tmp_path / "in", 4)
    osce = Concept("osce", "organization", (Term("en", "OSCE"), Term("yy", "OSCE")))
    with _sync():
        first = _run(tmp_path / "in", tmp_path / "out", None, glossaries=[Glossary("g", concepts=(osce,))])
        again = _run(tmp_path / "in", tmp_path / "out", None, glossaries=[Glossary("g", concepts=(osce,))])
    assert again.report.counts == {"skipped": 4}
    assert first.report.terms["osce"]["yy"][1] > 0
    assert again.report.terms == first.report.terms
    assert again.report.qa == first.report.qa


def test_workers_write_memory_deltas_and_the_merge_loses_nothing(tmp_path: Path, argos_dir: Path,
                                                                 cluster: object) -> None:
    from polyglot_press.tm import TranslationMemory

    from .conftest import SENTENCES

    write_corpus(tmp_path / "in", 12)
    cache = tmp_path / "cache"
    result = translate_corpus(str(tmp_path / "in"), "yy", engine="argos", source="en",
                              output=tmp_path / "out", client=cluster, cache_dir=cache, partitions=4)
    assert isinstance(result, CorpusResult)
    assert result.report.counts == {"done": 12}
    assert result.memory is not None
    # every distinct sentence the workers translated is in the main memory, once
    assert result.memory.added == len(SENTENCES)
    state = tmp_path / "out" / ".polyglot-press" / "memory"
    assert not list((state / "deltas").glob("*.tmdelta.jsonl"))  # merged and removed
    with TranslationMemory(cache / "tm.sqlite3") as memory:
        assert memory.stats().entries == len(SENTENCES)
    # a second corpus over the same sentences reads them from the snapshot: nothing new to merge
    again = translate_corpus(str(tmp_path / "in"), "yy", engine="argos", source="en",
                             output=tmp_path / "out2", client=cluster, cache_dir=cache, partitions=3)
    assert isinstance(again, CorpusResult)
    assert again.memory is None or again.memory.added == 0
    assert _outputs(tmp_path / "out2") == _outputs(tmp_path / "out")
