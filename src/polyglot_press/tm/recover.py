"""Recovering the rows of a damaged memory with SQLite's own means.

Three methods, each returning only rows whose key matches their contents
(a damaged page may yield garbage):

- ``"shell"``: the ``.recover`` command of the ``sqlite3`` shell (``$POLYGLOT_PRESS_SQLITE3``,
  else ``sqlite3`` on the ``PATH``). It reads every page, so rows below a
  damaged interior page are found too (SQLite puts them in ``lost_and_found``).
  The shell is used only if a probe shows that its ``.recover`` works: Debian
  12's shell (3.40.1) has the command, but its library lacks the
  ``sqlite_dbpage`` table it needs and fails.
- ``"iterdump"``: Python's :meth:`sqlite3.Connection.iterdump` of what is
  readable; it stops at the first damaged page of a table.
- ``"rows"``: reading each table in key order, row by row; where a read fails,
  the damaged key range is found (exponential then binary search) and
  skipped, so the rows on every healthy leaf page reachable from the root
  are kept.

``"auto"`` uses the shell where it works, else ``iterdump`` and, when the dump
met damage, ``rows`` as well.

>>> import sqlite3, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "tm.sqlite3")
>>> from polyglot_press.tm import TranslationMemory
>>> with TranslationMemory(path) as tm:
...     tm.store("e[1]", "en", "pt", [("a", "b")])
1
>>> found = recover(path, "rows")
>>> (len(found.entries), found.damaged)
(1, False)
"""

from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from ._schema import (
    HUMAN_COLUMNS,
    KEY_BYTES,
    MACHINE_COLUMNS,
    HumanRow,
    MachineRow,
    valid_human_row,
    valid_machine_row,
)

__all__ = ["Recovered", "RecoveryMethod", "recover", "sqlite_shell"]

RecoveryMethod = Literal["auto", "shell", "iterdump", "rows", "pages"]
_KEY_BITS = KEY_BYTES * 8
_R = TypeVar("_R", MachineRow, HumanRow)


@dataclass(frozen=True)
class Recovered:
    """What a recovery read: the method(s) used, the valid rows, and whether damage was met."""

    method: str
    entries: tuple[MachineRow, ...]
    human: tuple[HumanRow, ...]
    damaged: bool
    notes: tuple[str, ...] = ()


@functools.lru_cache(maxsize=8)
def _shell_works(shell: str) -> str | None:
    """``None`` if ``shell``'s ``.recover`` works, else why not."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe.sqlite3"
        conn = sqlite3.connect(probe)
        conn.execute("CREATE TABLE t(a TEXT, b TEXT)")
        conn.execute("INSERT INTO t VALUES ('probe-row', 'x')")
        conn.commit()
        conn.close()
        try:
            done = subprocess.run([shell, str(probe), ".recover"], capture_output=True,
                                  text=True, timeout=60, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            return f"{shell}: {exc}"
        if done.returncode != 0 or "probe-row" not in done.stdout:
            detail = [line for line in done.stderr.splitlines() if line.strip()][:2]
            return f"{shell} .recover does not work here ({'; '.join(detail) or 'no output'})"
    return None


def sqlite_shell() -> tuple[str | None, str]:
    """The ``sqlite3`` shell whose ``.recover`` works (or ``None``), and a note saying which.

    ``$POLYGLOT_PRESS_SQLITE3`` names the shell (empty: use none); otherwise
    ``sqlite3`` on the ``PATH``.
    """
    chosen = os.environ.get("POLYGLOT_PRESS_SQLITE3")
    if chosen is not None and not chosen.strip():
        return None, "no sqlite3 shell ($POLYGLOT_PRESS_SQLITE3 is empty)"
    shell = shutil.which(chosen or "sqlite3")
    if shell is None:
        return None, f"no sqlite3 shell found ({chosen or 'sqlite3'} is not on the PATH)"
    problem = _shell_works(shell)
    if problem is not None:
        return None, problem
    return shell, f"{shell} .recover"


def _rows_of(conn: sqlite3.Connection) -> tuple[list[MachineRow], list[HumanRow]]:
    """The valid rows of a healthy (recovered) database, including ``lost_and_found``."""
    machine: dict[bytes, MachineRow] = {}
    human: dict[bytes, HumanRow] = {}
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "entries" in tables:
        for row in conn.execute("SELECT * FROM entries"):
            valid = valid_machine_row(tuple(row))
            if valid is not None:
                machine[valid[0]] = valid
    if "human" in tables:
        for row in conn.execute("SELECT * FROM human"):
            found = valid_human_row(tuple(row))
            if found is not None:
                human[found[0]] = found
    for lost in sorted(t for t in tables if t.startswith("lost_and_found")):
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{lost}")')]
        values = [c for c in columns if c.startswith("c") and c[1:].isdigit()]
        if len(values) < max(MACHINE_COLUMNS, HUMAN_COLUMNS):
            continue
        picked = ", ".join(f'"{c}"' for c in values[:MACHINE_COLUMNS])
        for row in conn.execute(f'SELECT {picked} FROM "{lost}" WHERE nfield = 9'):
            values_row = tuple(row)
            as_machine = valid_machine_row(values_row)
            if as_machine is not None:
                machine[as_machine[0]] = as_machine
                continue
            as_human = valid_human_row(values_row)
            if as_human is not None:
                human[as_human[0]] = as_human
    return list(machine.values()), list(human.values())


def _copy_with_wal(path: Path, folder: Path) -> Path:
    """Copy the database and its WAL into ``folder`` (recovery never writes the original)."""
    copy = folder / "damaged.sqlite3"
    shutil.copyfile(path, copy)
    wal = Path(f"{path}-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(f"{copy}-wal"))
    return copy


def _by_shell(path: Path, shell: str, timeout: float) -> Recovered:
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        folder = Path(tmp)
        copy = _copy_with_wal(path, folder)
        out = folder / "recovered.sqlite3"
        with subprocess.Popen([shell, str(copy), ".recover"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) as dump:
            load = subprocess.run([shell, str(out)], stdin=dump.stdout, capture_output=True,
                                  timeout=max(timeout, 600), check=False)
            errors = dump.stderr.read().decode("utf-8", "replace") if dump.stderr else ""
        notes = [line for line in (errors + load.stderr.decode("utf-8", "replace")).splitlines()
                 if line.strip()][:5]
        conn = sqlite3.connect(out)
        try:
            machine, human = _rows_of(conn)
        finally:
            conn.close()
        if (dump.returncode or load.returncode) and not (machine or human):
            raise subprocess.SubprocessError("; ".join(notes) or f"exit {dump.returncode}")
    return Recovered("shell", tuple(machine), tuple(human), True, tuple(notes))


def _by_iterdump(path: Path, timeout: float) -> tuple[list[MachineRow], list[HumanRow], bool]:
    """Replay Python's ``iterdump`` into memory until it meets damage."""
    damaged = False
    target = sqlite3.connect(":memory:", isolation_level=None)
    try:
        try:
            source = sqlite3.connect(path, timeout=timeout)
        except sqlite3.Error:
            return [], [], True
        try:
            for statement in source.iterdump():
                if statement in ("BEGIN TRANSACTION;", "COMMIT;"):
                    continue
                try:
                    target.execute(statement)
                except sqlite3.Error:
                    continue  # a statement the damage cut short
        except sqlite3.DatabaseError:
            damaged = True
        finally:
            source.close()
        machine, human = _rows_of(target)
    finally:
        target.close()
    return machine, human, damaged


def _read_table(conn: sqlite3.Connection, table: str,
                valid: Callable[[tuple[object, ...]], _R | None]) -> tuple[list[_R], bool]:
    """Every readable, valid row of ``table`` in key order, skipping damaged key ranges."""
    rows: list[_R] = []
    damaged = False
    one = f"SELECT * FROM {table} WHERE key >= ? ORDER BY key LIMIT 1"

    def as_key(value: int) -> bytes:
        return value.to_bytes(KEY_BYTES, "big")

    def read_one(after: int) -> list[_R] | None:
        """The first row past ``after`` (``[]`` at the end); ``None`` if unreadable."""
        try:
            found = conn.execute(one, (as_key(after + 1),)).fetchall()
        except sqlite3.DatabaseError:
            return None
        if not found:
            return []
        row = valid(tuple(found[0]))
        return None if row is None else [row]

    last = -1
    careful = 0  # rows still to read one query each after a failure
    top = (1 << _KEY_BITS) - 1
    while last < top:
        if not careful:
            # one cursor, row by row; sqlite3 may step a row ahead, so after a
            # failure the rows near the damage are read one query each
            try:
                for raw in conn.execute(f"SELECT * FROM {table} WHERE key >= ? ORDER BY key",
                                        (as_key(last + 1),)):
                    row = valid(tuple(raw))
                    if row is None or int.from_bytes(row[0], "big") <= last:
                        raise sqlite3.DatabaseError("malformed row")
                    rows.append(row)
                    last = int.from_bytes(row[0], "big")
                break
            except sqlite3.DatabaseError:
                damaged, careful = True, 64
                continue
        found = read_one(last)
        if found == []:
            break
        if found is not None:
            rows.append(found[0])
            last = int.from_bytes(found[0][0], "big")
            careful -= 1
            continue
        # skip the damaged key range: grow a step until reading works again,
        # then narrow it down so rows just past the damage are kept
        step, good = 1 << 32, -1
        while last + step < top:
            if read_one(last + step) is not None:
                good = last + step
                break
            step <<= 1
        if good < 0:
            break
        bad = last + step // 2 if step > 1 << 32 else last
        while good - bad > 1:
            mid = (bad + good) // 2
            if read_one(mid) is None:
                bad = mid
            else:
                good = mid
        last, careful = good, 64
    return rows, damaged


def _by_rows(path: Path, timeout: float) -> tuple[list[MachineRow], list[HumanRow], bool]:
    try:
        conn = sqlite3.connect(path, timeout=timeout)
    except sqlite3.Error:
        return [], [], True
    try:
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError:
            return [], [], True
        machine: list[MachineRow] = []
        human: list[HumanRow] = []
        damaged = False
        if "entries" in tables:
            machine, damaged = _read_table(conn, "entries", valid_machine_row)
        if "human" in tables:
            human, bad = _read_table(conn, "human", valid_human_row)
            damaged = damaged or bad
        if not damaged:
            try:
                damaged = conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]
            except sqlite3.DatabaseError:
                damaged = True
        return machine, human, damaged
    finally:
        conn.close()


_FAKE_COLUMNS = "key BLOB PRIMARY KEY, c1, c2, c3, c4, c5, c6, c7, c8"


def _by_pages(path: Path, timeout: float) -> tuple[list[MachineRow], list[HumanRow], bool]:
    """Read every page of a copy of the file as the root of a b-tree, with SQLite's own reader.

    Each page number gets a schema entry (``PRAGMA writable_schema``) declaring
    a nine-column ``WITHOUT ROWID`` table rooted there, the shape of both our
    tables; SQLite then reads the page (and what hangs below it) as it reads
    any table. Pages that are not such b-tree pages fail and are skipped. So
    rows below a damaged interior page are found, as ``.recover`` finds them.
    Pages on the free list may give back rows that were pruned (valid
    translations of their keys).
    """
    machine: dict[bytes, MachineRow] = {}
    human: dict[bytes, HumanRow] = {}
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        copy = _copy_with_wal(path, Path(tmp))
        try:
            conn = sqlite3.connect(copy, timeout=timeout, isolation_level=None)
            pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
            conn.close()
        except sqlite3.DatabaseError:
            return [], [], True
        for first in range(2, pages + 1, 500):
            numbers = range(first, min(first + 500, pages + 1))
            conn = sqlite3.connect(copy, timeout=timeout, isolation_level=None)
            try:
                conn.execute("PRAGMA writable_schema=ON")
                conn.execute("BEGIN")
                conn.executemany(
                    "INSERT INTO sqlite_master(type, name, tbl_name, rootpage, sql) "
                    "VALUES ('table', ?, ?, ?, ?)",
                    [(f"pp_page_{n}", f"pp_page_{n}", n,
                      f"CREATE TABLE pp_page_{n}({_FAKE_COLUMNS}) WITHOUT ROWID")
                     for n in numbers])
                conn.execute("COMMIT")
            except sqlite3.DatabaseError:
                conn.close()
                return list(machine.values()), list(human.values()), True
            conn.close()
            conn = sqlite3.connect(copy, timeout=timeout, isolation_level=None)
            try:
                for n in numbers:
                    try:
                        for raw in conn.execute(f"SELECT * FROM pp_page_{n}"):
                            values = tuple(raw)
                            as_machine = valid_machine_row(values)
                            if as_machine is not None:
                                machine.setdefault(as_machine[0], as_machine)
                                continue
                            as_human = valid_human_row(values)
                            if as_human is not None:
                                human.setdefault(as_human[0], as_human)
                    except sqlite3.DatabaseError:
                        continue  # not a b-tree page of this shape, or damaged
                conn.execute("PRAGMA writable_schema=ON")
                conn.execute("DELETE FROM sqlite_master WHERE name LIKE 'pp\\_page\\_%' ESCAPE '\\'")
            except sqlite3.DatabaseError:
                return list(machine.values()), list(human.values()), True
            finally:
                conn.close()
    return list(machine.values()), list(human.values()), True


def _union(*groups: list[_R]) -> tuple[_R, ...]:
    merged: dict[bytes, _R] = {}
    for group in groups:
        for row in group:
            merged.setdefault(row[0], row)
    return tuple(merged[k] for k in sorted(merged))


def recover(path: str | os.PathLike[str], method: RecoveryMethod = "auto", *,
            timeout: float = 30.0) -> Recovered:
    """Read every valid row of the memory at ``path`` with ``method`` (see the module doc).

    Never writes ``path``. ``"shell"`` raises :class:`RuntimeError` when no
    working shell is found; ``"auto"`` then falls back (and says so in ``notes``).
    """
    where = Path(path)
    notes: list[str] = []
    if method in ("auto", "shell"):
        shell, note = sqlite_shell()
        if shell is not None:
            try:
                found = _by_shell(where, shell, timeout)
            except (OSError, subprocess.SubprocessError, sqlite3.Error) as exc:
                note = f"{note} failed ({exc})"
            else:
                return Recovered(found.method, _union(list(found.entries)),
                                 _union(list(found.human)), found.damaged, (note, *found.notes))
        if method == "shell":
            raise RuntimeError(note)
        notes.append(note)
    if method == "rows":
        machine, human, damaged = _by_rows(where, timeout)
        return Recovered("rows", _union(machine), _union(human), damaged, tuple(notes))
    if method == "pages":
        machine, human, damaged = _by_pages(where, timeout)
        return Recovered("pages", _union(machine), _union(human), damaged, tuple(notes))
    machine, human, damaged = _by_iterdump(where, timeout)
    if method == "iterdump":
        return Recovered("iterdump", _union(machine), _union(human), damaged, tuple(notes))
    if not damaged:
        # the dump read everything; quick_check still decides whether the file is healthy
        more_m, more_h, damaged = _by_rows(where, timeout)
        return Recovered("iterdump", _union(machine, more_m), _union(human, more_h), damaged,
                         tuple(notes))
    more_m, more_h, _ = _by_rows(where, timeout)
    page_m, page_h, _ = _by_pages(where, timeout)
    return Recovered("iterdump+rows+pages", _union(machine, more_m, page_m),
                     _union(human, more_h, page_h), True, tuple(notes))
