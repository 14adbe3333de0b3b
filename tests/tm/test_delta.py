"""The memory at scale: snapshot, per-worker deltas from several processes, merge."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import random
import sqlite3
from pathlib import Path

import pytest

from polyglot_press.errors import TranslationMemoryError
from polyglot_press.tm import (
    CachedEngine,
    DeltaWriter,
    TranslationMemory,
    merge_deltas,
    read_delta,
)

from .engines import Reversing

WORKERS = 4
PER_WORKER = 300
SHARED = 50  # segments every worker translates (same key, different times)


def _worker(snapshot: str, folder: str, worker: int) -> None:
    """One worker process: read the snapshot, store through a delta, in several flushes."""
    with DeltaWriter(folder, snapshot, flush_every=70) as delta:
        engine = CachedEngine(Reversing(), delta)
        mine = [f"worker {worker} sentence {i}" for i in range(PER_WORKER)]
        shared = [f"shared sentence {i}" for i in range(SHARED)]
        known = ["already known one", "already known two"]
        for start in range(0, PER_WORKER, 60):
            out = engine.translate_batch(mine[start:start + 60] + shared[start // 6:start // 6 + 10]
                                         + known, "en", "pt")
            assert out[-2:] == ["FROM SNAPSHOT 1", "FROM SNAPSHOT 2"]
        assert engine.engine.asked.count("already known one") == 0  # type: ignore[attr-defined]
        # what this worker stored is found again without asking the engine
        asked = len(engine.engine.asked)  # type: ignore[attr-defined]
        engine.translate_batch(mine[:5], "en", "pt")
        assert len(engine.engine.asked) == asked  # type: ignore[attr-defined]


def _run_workers(root: Path) -> tuple[TranslationMemory, Path]:
    main = TranslationMemory(root / "main.sqlite3")
    main.store("reversing[v1]", "en", "pt", [("already known one", "FROM SNAPSHOT 1"),
                                             ("already known two", "FROM SNAPSHOT 2")])
    main.store_human("en", "pt", [("a human one", "um humano")], origin="desk")
    snapshot = main.snapshot(root / "shared" / "snapshot.sqlite3")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_worker, args=(str(snapshot), str(root / "deltas"), w))
               for w in range(WORKERS)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(120)
    assert [p.exitcode for p in workers] == [0] * WORKERS
    return main, root / "deltas"


def _content(memory: TranslationMemory) -> list[tuple[object, ...]]:
    return sorted(memory.iter_rows())  # every field, times included


def test_workers_write_deltas_and_the_merge_loses_nothing(tmp_path: Path) -> None:
    main, deltas = _run_workers(tmp_path)
    files = sorted(deltas.glob("*.tmdelta.jsonl"))
    assert len(files) >= WORKERS * 2  # several flushes each, one file per flush
    assert not list(deltas.glob(".*.part"))  # no partial file is left behind
    names = {f.name.rsplit("-", 1)[0] for f in files}
    assert len(names) == WORKERS  # each worker its own files
    written = sum(len(read_delta(f)[0]) for f in files)
    assert written == WORKERS * (PER_WORKER + SHARED)  # no worker stored a key twice in a file
    result = merge_deltas(main, [deltas])
    assert result.problems == ()
    assert result.rows_read == written
    assert result.added == WORKERS * PER_WORKER + SHARED
    stats = main.stats()
    assert stats.entries == 2 + WORKERS * PER_WORKER + SHARED
    assert stats.human == 1
    for w in range(WORKERS):
        got = main.lookup("reversing[v1]", "en", "pt",
                          [f"worker {w} sentence {i}" for i in range(PER_WORKER)])
        assert got == [f"{i} sentence {w} worker" for i in range(PER_WORKER)]
    assert main.lookup("reversing[v1]", "en", "pt", ["already known one"]) == ["FROM SNAPSHOT 1"]
    again = merge_deltas(main, [deltas])  # merging again changes nothing
    assert (again.added, again.replaced) == (0, 0)
    main.close()


def test_the_merge_gives_the_same_memory_in_any_order(tmp_path: Path) -> None:
    main, deltas = _run_workers(tmp_path)
    files = sorted(deltas.glob("*.tmdelta.jsonl"))
    main.close()
    results = []
    orders = [files, files[::-1], random.Random(7).sample(files, len(files))]
    for n, order in enumerate(orders):
        copy = tmp_path / f"order{n}.sqlite3"
        source = sqlite3.connect(tmp_path / "main.sqlite3")
        target = sqlite3.connect(copy)
        source.backup(target)
        source.close()
        target.close()
        with TranslationMemory(copy) as memory:
            for f in order:  # one file at a time, in this order
                merge_deltas(memory, [f])
            results.append(_content(memory))
    with TranslationMemory(tmp_path / "main.sqlite3") as memory:
        merge_deltas(memory, list(itertools.chain(files[::2], files[1::2])))  # all at once
        results.append(_content(memory))
    assert all(r == results[0] for r in results[1:])
    # a shared segment, translated by every worker, keeps the latest worker's row
    rows = [r for r in results[0] if r[5] == "shared sentence 3"]
    assert len(rows) == 1


def test_bad_lines_are_reported_and_the_rest_merged(tmp_path: Path) -> None:
    folder = tmp_path / "deltas"
    with DeltaWriter(folder, name="w1") as delta:
        delta.store("e[1]", "en", "pt", [("a", "A"), ("b", "B")])
    good = folder / "w1-000000.tmdelta.jsonl"
    assert good.exists()
    bad = folder / "w2-000000.tmdelta.jsonl"
    record = {"kind": "machine", "engine": "e[1]", "source": "en", "target": "pt",
              "glossary": "", "segment": "c", "translation": "C", "created": 1.0, "used": 1.0}
    bad.write_text(json.dumps(record) + "\n{not json\n" + json.dumps({"kind": "?"}) + "\n",
                   encoding="utf-8")
    with TranslationMemory(tmp_path / "tm.sqlite3") as memory:
        result = merge_deltas(memory, [folder], remove=True)
        assert result.added == 3
        assert [p.split(": ", 1)[1] for p in result.problems] == [
            "not JSON (Expecting property name enclosed in double quotes)", "not a memory row"]
        assert result.problems[0].startswith(f"{bad}:2")
        assert memory.lookup("e[1]", "en", "pt", ["a", "b", "c"]) == ["A", "B", "C"]
        assert not good.exists()  # merged cleanly: removed
        assert bad.exists()  # kept for a person to look at
        with pytest.raises(TranslationMemoryError, match="no such delta"):
            merge_deltas(memory, [tmp_path / "missing"])


def test_snapshot_is_read_only_and_consistent(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite3") as memory:
        memory.store("e", "en", "pt", [("a", "b")])
        snap = memory.snapshot(tmp_path / "snap.sqlite3")
        memory.store("e", "en", "pt", [("c", "d")])  # after the snapshot
    assert not Path(f"{snap}-wal").exists()
    os.chmod(snap, 0o444)  # as on a share mounted read-only
    with TranslationMemory(snap, read_only=True) as view:
        assert view.lookup("e", "en", "pt", ["a", "c"]) == ["b", None]
        with pytest.raises(TranslationMemoryError, match="read-only snapshot"):
            view.store("e", "en", "pt", [("x", "y")])
    assert not Path(f"{snap}-wal").exists()
    assert not Path(f"{snap}-shm").exists()
    with pytest.raises(TranslationMemoryError, match="no such snapshot"):
        TranslationMemory(tmp_path / "none.sqlite3", read_only=True).lookup("e", "en", "pt", ["a"])
