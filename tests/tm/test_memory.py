"""The translation memory: keys, normalization, concurrency, corruption, caps, CLI."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from polyglot_press.cli import main
from polyglot_press.errors import TranslationMemoryError
from polyglot_press.tm import (
    CachedEngine,
    TranslationMemory,
    TranslationMemoryWarning,
    default_tm_path,
    normalize_segment,
)

from .engines import Reversing


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLYGLOT_PRESS_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def tm(tmp_path: Path) -> TranslationMemory:
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    yield memory
    memory.close()


def Counting() -> Reversing:
    """The reversing engine as ``counting[v1]`` for ``en -> xx``."""
    return Reversing("counting", (("en", "xx"),))


def test_default_path_uses_env(tmp_path: Path) -> None:
    assert default_tm_path() == tmp_path / "cache" / "tm.sqlite3"
    memory = TranslationMemory()
    memory.store("e", "en", "pt", [("a", "b")])
    assert (tmp_path / "cache" / "tm.sqlite3").exists()
    memory.close()


def test_wal_mode(tm: TranslationMemory) -> None:
    tm.store("e", "en", "pt", [("a", "b")])
    conn = sqlite3.connect(tm.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_keys_separate_engine_pair_and_glossary(tm: TranslationMemory) -> None:
    tm.store("argos[en-pt@1.0]", "en", "pt", [("The cat.", "O gato.")])
    tm.store("argos[en-pt@1.0]", "en", "pt", [("The cat.", "O Gato!")], glossary="g1")
    assert tm.lookup("argos[en-pt@1.0]", "en", "pt", ["The cat."]) == ["O gato."]
    assert tm.lookup("argos[en-pt@1.0]", "en", "pt", ["The cat."], "g1") == ["O Gato!"]
    assert tm.lookup("argos[en-pt@1.1]", "en", "pt", ["The cat."]) == [None]
    assert tm.lookup("argos[en-pt@1.0]", "en", "es", ["The cat."]) == [None]
    assert tm.lookup("argos[en-pt@1.0]", "en", "pt", ["the cat."]) == [None]  # case matters


def test_normalization() -> None:
    assert normalize_segment(" a \t b\n") == "a b"
    assert normalize_segment("cafe\u0301") == "café"
    assert normalize_segment("\u00a0x\u2009y ") == "x y"


def test_lookup_order_duplicates_and_empty(tm: TranslationMemory) -> None:
    assert tm.lookup("e", "en", "pt", []) == []
    assert tm.store("e", "en", "pt", [("  ", "ignored"), ("a", "A"), ("b", "B")]) == 2
    assert tm.lookup("e", "en", "pt", ["b", "x", "a", "b"]) == ["B", None, "A", "B"]
    many = [f"s{i}" for i in range(1500)]
    tm.store("e", "en", "pt", [(s, s.upper()) for s in many])
    assert tm.lookup("e", "en", "pt", many) == [s.upper() for s in many]


def test_size_cap_prunes_least_recently_used(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "cap.sqlite3", max_entries=100)
    memory.store("e", "en", "pt", [(f"old{i}", "x") for i in range(50)])
    memory.store("e", "en", "pt", [(f"new{i}", "y") for i in range(50)])
    memory.lookup("e", "en", "pt", [f"old{i}" for i in range(10)])  # recently used again
    memory.store("e", "en", "pt", [(f"newer{i}", "z") for i in range(20)])
    stats = memory.stats()
    assert stats.entries <= 100
    assert memory.lookup("e", "en", "pt", ["old0", "old9"]) == ["x", "x"]
    assert memory.lookup("e", "en", "pt", ["old20"]) == [None]
    assert memory.lookup("e", "en", "pt", ["newer19"]) == ["z"]
    assert memory.prune(10) == stats.entries - 10
    assert memory.stats().entries == 10
    memory.close()


def test_clear_and_stats(tm: TranslationMemory) -> None:
    tm.store("a[1]", "en", "pt", [("x", "y"), ("z", "w")])
    tm.store("b[1]", "en", "ru", [("x", "y")])
    stats = tm.stats()
    assert stats.entries == 3
    assert stats.engines == (("a[1]", 2), ("b[1]", 1))
    assert stats.pairs == (("en", "pt", 2), ("en", "ru", 1))
    assert stats.size_bytes > 0
    assert json.loads(json.dumps(stats.to_dict()))["entries"] == 3
    assert tm.clear("a[1]") == 2
    assert tm.stats().entries == 1
    assert tm.clear() == 1
    assert tm.stats().entries == 0


def test_unopenable_file_is_moved_aside_named_in_a_warning_and_a_fresh_one_started(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tm.sqlite3"
    garbage = b"this is definitely not an SQLite database " * 100
    path.write_bytes(garbage)
    memory = TranslationMemory(path)
    with pytest.warns(TranslationMemoryWarning, match="cannot be opened") as caught:
        assert memory.lookup("e", "en", "pt", ["a"]) == [None]
    aside = sorted(tmp_path.glob("tm.sqlite3.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == garbage  # kept as it was, for a person to look at
    assert str(aside[0]) in str(caught[0].message)
    memory.store("e", "en", "pt", [("a", "b")])
    assert memory.lookup("e", "en", "pt", ["a"]) == ["b"]
    assert memory.check() == []
    memory.close()


def test_rebuild_of_an_unopenable_file_starts_afresh(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    path.write_bytes(b"this is definitely not an SQLite database " * 100)
    memory = TranslationMemory(path)
    assert memory.check() != []  # check reports, and moves nothing
    assert path.read_bytes().startswith(b"this is")
    assert memory.rebuild() == 0
    assert (tmp_path / "tm.sqlite3.corrupt").exists()
    memory.store("e", "en", "pt", [("a", "b")])
    assert memory.lookup("e", "en", "pt", ["a"]) == ["b"]
    memory.close()


def test_rebuild_keeps_readable_entries(tm: TranslationMemory) -> None:
    tm.store("e", "en", "pt", [(f"s{i}", f"t{i}") for i in range(20)])
    assert tm.rebuild() == 20
    assert tm.lookup("e", "en", "pt", ["s3"]) == ["t3"]


def _writer(path: str, worker: int) -> None:
    memory = TranslationMemory(path)
    for batch in range(10):
        memory.store("e", "en", "pt", [(f"w{worker}-{batch}-{i}", f"t{i}") for i in range(20)])
        memory.lookup("e", "en", "pt", [f"w{(worker + 1) % 4}-{batch}-0"])
    memory.close()


def test_concurrent_processes(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    TranslationMemory(path).stats()  # create it first
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, w)) for w in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
    assert [p.exitcode for p in workers] == [0, 0, 0, 0]
    assert TranslationMemory(path).stats().entries == 4 * 10 * 20


def test_cached_engine_consults_memory_first(tm: TranslationMemory) -> None:
    engine = Counting()
    tm.store("counting[v1]", "en", "xx", [("the cat", "STORED")])
    cached = CachedEngine(engine, tm)
    out = cached.translate_batch(["the cat", " a dog ", "a dog", "", "the cat"], "en", "xx")
    assert out == ["STORED", " dog a ", "dog a", "", "STORED"]
    assert engine.asked == ["a dog"]  # one miss, asked once
    assert (cached.hits, cached.misses) == (2, 2)
    assert cached.translate_batch(["a dog"], "en", "xx") == ["dog a"]
    assert engine.asked == ["a dog"]
    glossed = CachedEngine(engine, tm, glossary="sha256:abc")
    glossed.translate_batch(["a dog"], "en", "xx")
    assert engine.asked == ["a dog", "a dog"]  # another glossary, another key
    assert cached.translate_batch(["x y"], "en", "xx", n_best=2) == [["y x"]]
    assert cached.translate_batch([], "en", "xx") == []


def test_cached_engine_under_eight_threads(tm: TranslationMemory) -> None:
    engine = Counting()
    cached = CachedEngine(engine, tm)
    sentences = [f"word {i} here" for i in range(200)]
    expected = [" ".join(reversed(s.split())) for s in sentences]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: cached.translate_batch(sentences, "en", "xx"), range(8)))
    assert all(r == expected for r in results)
    assert tm.stats().entries == 200


def test_cli_stats_clear_rebuild(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cli.sqlite3"
    memory = TranslationMemory(path)
    memory.store("e[1]", "en", "pt", [("a", "b"), ("c", "d")])
    memory.close()
    assert main(["tm", "stats", "--path", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"] == 2
    assert main(["tm", "stats", "--path", str(path)]) == 0
    assert "2 entries" in capsys.readouterr().out
    assert main(["tm", "prune", "--path", str(path), "--max-entries", "1"]) == 0
    assert main(["tm", "clear", "--path", str(path)]) == 0
    assert "removed 1" in capsys.readouterr().err
    path.write_bytes(b"garbage" * 200)
    assert main(["tm", "rebuild", "--path", str(path)]) == 0
    assert main(["tm", "stats", "--path", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"] == 0
    path.write_bytes(b"garbage" * 200)
    with pytest.warns(TranslationMemoryWarning):
        assert main(["tm", "stats", "--path", str(path)]) == 0
    assert "0 entries" in capsys.readouterr().out


# -- recovery, locking and bad arguments (found by the audit) ---------------------


def test_rebuild_of_a_healthy_or_empty_memory_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as memory:
        memory.stats()
        assert memory.rebuild() == 0
        memory.store("e", "en", "pt", [(f"s{i}", f"t{i}") for i in range(50)])
        inode = path.stat().st_ino
        assert memory.rebuild() == 50
        assert path.stat().st_ino == inode  # vacuumed in place, not replaced
        assert memory.lookup("e", "en", "pt", ["s7"]) == ["t7"]
    assert not (tmp_path / "tm.sqlite3.corrupt").exists()
    with TranslationMemory(tmp_path / "absent.sqlite3") as memory:
        assert memory.rebuild() == 0
    assert not (tmp_path / "absent.sqlite3.corrupt").exists()


def test_rebuild_and_writers_take_the_lock(tmp_path: Path) -> None:
    from filelock import FileLock

    path = tmp_path / "tm.sqlite3"
    memory = TranslationMemory(path, timeout=0.3)
    memory.store("e", "en", "pt", [("a", "b")])
    assert memory.lock_path == tmp_path / "tm.sqlite3.lock"
    other = FileLock(str(memory.lock_path))  # as another process would hold it
    with other:
        with pytest.raises(TranslationMemoryError, match="busy"):
            memory.rebuild()
        with pytest.raises(TranslationMemoryError, match="busy"):
            memory.store("e", "en", "pt", [("c", "d")])
        assert memory.lookup("e", "en", "pt", ["a"]) == ["b"]  # reads do not wait
    memory.store("e", "en", "pt", [("c", "d")])
    assert memory.stats().entries == 2
    memory.close()


def _store_during_lock(path: str) -> None:
    memory = TranslationMemory(path)
    memory.store("e", "en", "pt", [("from the child", "do filho")])
    memory.close()


def test_writer_in_another_process_waits_for_the_lock(tmp_path: Path) -> None:
    from filelock import FileLock

    path = tmp_path / "tm.sqlite3"
    TranslationMemory(path).stats()
    context = multiprocessing.get_context("spawn")
    with FileLock(f"{path}.lock"):
        child = context.Process(target=_store_during_lock, args=(str(path),))
        child.start()
        child.join(3)
        assert child.is_alive()  # blocked on the lock
        assert TranslationMemory(path).stats().entries == 0
    child.join(60)
    assert child.exitcode == 0
    assert TranslationMemory(path).lookup("e", "en", "pt", ["from the child"]) == ["do filho"]


def test_writes_from_other_processes_survive_rebuilds(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    TranslationMemory(path).stats()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, w)) for w in range(3)]
    for p in workers:
        p.start()
    memory = TranslationMemory(path)
    while any(p.is_alive() for p in workers):
        memory.rebuild()
    for p in workers:
        p.join(60)
    assert [p.exitcode for p in workers] == [0, 0, 0]
    assert memory.stats().entries == 3 * 10 * 20
    memory.close()


def test_prune_rejects_negative_counts(
    tm: TranslationMemory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tm.store("e", "en", "pt", [("a", "b"), ("c", "d")])
    with pytest.raises(ValueError, match="must not be negative"):
        tm.prune(-5)
    assert main(["tm", "prune", "--path", str(tm.path), "--max-entries", "-5"]) == 2
    assert "must not be negative" in capsys.readouterr().err
    assert tm.stats().entries == 2
    assert tm.prune(0) == 2


def test_cli_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as memory:
        memory.store("e", "en", "pt", [("a", "b")])
    assert main(["tm", "check", "--path", str(path)]) == 0
    assert "ok" in capsys.readouterr().err
    path.write_bytes(b"garbage" * 200)
    assert main(["tm", "check", "--path", str(path)]) == 1
    assert "tm rebuild" in capsys.readouterr().err


def test_a_memory_written_before_human_rows_opens_and_gains_them(tmp_path: Path) -> None:
    from polyglot_press.tm._schema import machine_key

    path = tmp_path / "v1.sqlite3"
    conn = sqlite3.connect(path)  # the schema of version 1, as files in users' caches have it
    conn.executescript("""
        CREATE TABLE entries (key BLOB PRIMARY KEY, engine TEXT NOT NULL,
            source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, glossary TEXT NOT NULL,
            segment TEXT NOT NULL, translation TEXT NOT NULL, created REAL NOT NULL,
            used REAL NOT NULL) WITHOUT ROWID;
        CREATE INDEX entries_used ON entries(used);
        PRAGMA user_version=1;
    """)
    conn.execute("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)",
                 (machine_key("e", "en", "pt", "", "a"), "e", "en", "pt", "", "a", "b", 1.0, 1.0))
    conn.commit()
    conn.close()
    with TranslationMemory(path) as memory:
        assert memory.lookup("e", "en", "pt", ["a"]) == ["b"]
        memory.store_human("en", "pt", [("c", "d")])
        assert memory.lookup_human("en", "pt", ["c"]) == ["d"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
