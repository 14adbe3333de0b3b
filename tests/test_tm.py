"""The translation memory: keys, normalization, concurrency, corruption, caps, CLI."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from polyglot_press.cli import main
from polyglot_press.engines import BaseEngine
from polyglot_press.errors import TranslationMemoryError
from polyglot_press.tm import CachedEngine, TranslationMemory, default_tm_path, normalize_segment


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLYGLOT_PRESS_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def tm(tmp_path: Path) -> TranslationMemory:
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    yield memory
    memory.close()


class Counting(BaseEngine):
    """A real engine (reverses words) that counts the sentences it is asked for."""

    name = "counting"

    def __init__(self) -> None:
        self.asked: list[str] = []
        self._lock = threading.Lock()

    @property
    def identity(self) -> str:
        return "counting[v1]"

    def pairs(self) -> list[tuple[str, str]]:
        return [("en", "xx")]

    def _translate(
        self, sentences: list[str], source: str, target: str, n_best: int
    ) -> list[list[str]]:
        with self._lock:
            self.asked.extend(sentences)
        return [[" ".join(reversed(s.split()))] for s in sentences]


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


def test_corrupt_database_is_a_clear_error_and_rebuild_fixes_it(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    path.write_bytes(b"this is definitely not an SQLite database " * 100)
    memory = TranslationMemory(path)
    with pytest.raises(TranslationMemoryError, match="polyglot-press tm rebuild"):
        memory.lookup("e", "en", "pt", ["a"])
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
    assert main(["tm", "stats", "--path", str(path)]) == 2
    assert "tm rebuild" in capsys.readouterr().err
    assert main(["tm", "rebuild", "--path", str(path)]) == 0
    assert main(["tm", "stats", "--path", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"] == 0
