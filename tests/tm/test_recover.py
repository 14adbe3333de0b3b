"""Recovery with SQLite's own means: what each method keeps of a memory with damaged pages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from polyglot_press.errors import TranslationMemoryError
from polyglot_press.tm import TranslationMemory, import_file, recover, sqlite_shell

TOTAL = 5000


def _damage_pages(path: Path, marker: bytes, count: int) -> list[int]:
    """Overwrite ``count`` table pages (pages holding ``marker``) in the middle of the file."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    pages = [n for n in range(1, len(data) // page_size)
             if marker in data[n * page_size : (n + 1) * page_size]]
    middle = len(pages) // 2
    chosen = pages[middle - count : middle + count : 2][:count]
    noise = bytes((i * 151 + 7) % 256 for i in range(page_size))  # deterministic garbage
    for n in chosen:
        data[n * page_size : (n + 1) * page_size] = noise
    path.write_bytes(bytes(data))
    return chosen


def _damaged_memory(folder: Path, pages: int = 3) -> tuple[Path, dict[str, str]]:
    path = folder / "tm.sqlite3"
    pairs = {f"segment {i:05d} of the damaged memory": f"tradução {i:05d}" for i in range(TOTAL)}
    with TranslationMemory(path) as memory:
        memory.store("e[1]", "en", "pt", pairs.items())
        memory.store_human("en", "pt", [(f"human {i:03d} row", f"humano {i:03d}")
                                        for i in range(300)], origin="test")
    assert len(_damage_pages(path, b"segment ", pages)) == pages
    return path, pairs


def _kept(rows: tuple[tuple[object, ...], ...], pairs: dict[str, str]) -> int:
    good = sum(1 for r in rows if pairs.get(str(r[5])) == r[6])
    assert good == len(rows)  # nothing recovered is wrong: garbage never passes the key check
    return good


def test_rebuild_keeps_entries_around_damaged_pages(tmp_path: Path) -> None:
    path, pairs = _damaged_memory(tmp_path)
    memory = TranslationMemory(path)
    with pytest.raises(TranslationMemoryError, match="polyglot-press tm rebuild"):
        memory.stats()
    assert memory.check() != []
    kept = memory.rebuild()
    # the three overwritten pages held about 40 entries each; one of them is an
    # interior page, and the entries below it are found by reading every page
    assert TOTAL * 0.97 <= kept < TOTAL
    assert memory.last_recovery is not None
    assert memory.last_recovery.damaged
    assert (tmp_path / "tm.sqlite3.corrupt").exists()
    assert memory.check() == []
    assert memory.stats().entries == kept
    assert memory.stats().human == 300  # the human rows sit on pages left alone
    found = memory.lookup("e[1]", "en", "pt", list(pairs))
    assert sum(t is not None for t in found) == kept
    assert all(t == want for t, want in zip(found, pairs.values(), strict=True) if t is not None)
    memory.store("e[1]", "en", "pt", [("new", "novo")])  # and it is writable again
    assert memory.lookup("e[1]", "en", "pt", ["new"]) == ["novo"]
    memory.close()


def test_each_method_on_three_damaged_pages(tmp_path: Path) -> None:
    path, pairs = _damaged_memory(tmp_path)
    before = path.read_bytes()
    dump = recover(path, "iterdump")
    rows = recover(path, "rows")
    pages = recover(path, "pages")
    auto = recover(path, "auto")
    assert path.read_bytes() == before  # recovery reads, never writes the damaged file
    assert all(r.damaged for r in (dump, rows, pages, auto))
    counts = {r.method: _kept(r.entries, pairs) for r in (dump, rows, pages, auto)}
    # iterdump stops at the first damaged page of the table, in key order
    assert counts["iterdump"] < TOTAL * 0.5
    # row by row skips damaged key ranges, but loses what hangs below a damaged interior page
    assert TOTAL * 0.7 <= counts["rows"] < TOTAL * 0.9
    assert counts["pages"] >= TOTAL * 0.97
    assert counts[auto.method] >= max(counts["rows"], counts["pages"])
    assert auto.method in ("shell", "iterdump+rows+pages")


def test_a_healthy_file_is_read_whole_by_every_method(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as memory:
        memory.store("e[1]", "en", "pt", [(f"s{i}", f"t{i}") for i in range(300)])
        memory.store_human("en", "pt", [("a b", "c d")])
    for method in ("iterdump", "rows", "pages", "auto"):
        found = recover(path, method)  # type: ignore[arg-type]
        assert (len(found.entries), len(found.human)) == (300, 1), method
        assert found.damaged is (method == "pages")  # pages always reports what it is for


def test_sqlite_shell_is_used_only_where_recover_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLYGLOT_PRESS_SQLITE3", "")
    assert sqlite_shell() == (None, "no sqlite3 shell ($POLYGLOT_PRESS_SQLITE3 is empty)")
    monkeypatch.setenv("POLYGLOT_PRESS_SQLITE3", str(tmp_path / "no-such-shell"))
    shell, note = sqlite_shell()
    assert shell is None
    assert "not on the PATH" in note
    monkeypatch.delenv("POLYGLOT_PRESS_SQLITE3")
    path, pairs = _damaged_memory(tmp_path)
    shell, note = sqlite_shell()
    if shell is None:  # e.g. Debian 12: the shell's library lacks sqlite_dbpage
        with pytest.raises(RuntimeError, match="sqlite3"):
            recover(path, "shell")
        assert note in recover(path, "auto").notes
    else:
        found = recover(path, "shell")
        assert _kept(found.entries, pairs) >= TOTAL * 0.97
        assert len(found.human) == 300


def test_a_moved_aside_memory_can_be_imported_back(tmp_path: Path) -> None:
    path, pairs = _damaged_memory(tmp_path)
    with TranslationMemory(tmp_path / "fresh.sqlite3") as fresh:
        result = import_file(fresh, path)
        assert result.machine >= TOTAL * 0.97
        assert result.human == 300
        assert any("damaged" in why for why in result.skipped)
        got = fresh.lookup("e[1]", "en", "pt", list(pairs))
        assert sum(t is not None for t in got) == result.machine


_STAND_IN_SHELL = '''#!{python}
"""Stands in for a sqlite3 shell whose .recover works (none on this machine): for
``DB .recover`` it prints what .recover prints for a file whose rows partly lost
their table: a dump of the readable rows, plus those of {lost} as rows of
lost_and_found (c0..c8); for ``DB`` it runs the SQL on standard input."""
import sqlite3, sys
db = sys.argv[1]
if sys.argv[-1] == ".recover":
    conn = sqlite3.connect(db)
    if conn.execute("SELECT name FROM sqlite_master WHERE name = 't'").fetchone():  # the probe
        print("CREATE TABLE t(a, b);\\nINSERT INTO t VALUES('probe-row','x');")
        raise SystemExit(0)
    lost = conn.execute("SELECT * FROM entries WHERE segment LIKE {lost!r}").fetchall()
    print("BEGIN;")
    for line in conn.iterdump():
        if line.startswith("INSERT INTO \\"entries\\"") and "{marker}" in line:
            continue  # these rows come back through lost_and_found instead
        if line not in ("BEGIN TRANSACTION;", "COMMIT;"):
            print(line)
    cols = ", ".join(f"c{{i}}" for i in range(9))
    print(f"CREATE TABLE lost_and_found(rootpgno, pgno, nfield, id, {{cols}});")
    for row in lost:
        values = ", ".join(("X'" + v.hex() + "'") if isinstance(v, bytes) else repr(v) for v in row)
        print(f"INSERT INTO lost_and_found VALUES(2, 7, 9, NULL, {{values}});")
    print("INSERT INTO lost_and_found VALUES(2, 8, 9, NULL, X'00', 'garbage', 'en', 'pt', '', "
          "'x', 'y', 1.0, 1.0);")
    print("COMMIT;")
else:
    out = sqlite3.connect(db)
    out.executescript(sys.stdin.read())
    out.commit()
'''


def test_the_shell_method_reads_tables_and_lost_and_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stat
    import sys

    shell = tmp_path / "sqlite3-stand-in"
    shell.write_text(_STAND_IN_SHELL.format(python=sys.executable, lost="segment 001%",
                                            marker="segment 001"), encoding="utf-8")
    shell.chmod(shell.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("POLYGLOT_PRESS_SQLITE3", str(shell))
    path = tmp_path / "tm.sqlite3"
    pairs = {f"segment {i:05d}": f"tradução {i:05d}" for i in range(2000)}
    with TranslationMemory(path) as memory:
        memory.store("e[1]", "en", "pt", pairs.items())
        memory.store_human("en", "pt", [("a human row", "uma linha humana")])
    assert sqlite_shell() == (str(shell), f"{shell} .recover")
    found = recover(path, "shell")
    assert found.method == "shell"
    assert _kept(found.entries, pairs) == 2000  # 100 of them from lost_and_found
    assert len(found.human) == 1  # and the garbage row there was dropped
    with TranslationMemory(path) as memory:
        assert memory.rebuild("shell") == 2000  # a healthy file: only vacuumed
