"""The memory's whole-file operations: merging rows, snapshots, rebuilding after damage.

Functions over a :class:`~polyglot_press.tm.memory.TranslationMemory`, which
exposes them as methods (``merge_rows``, ``snapshot``, ``rebuild``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ._schema import (
    HUMAN_INSERT,
    MACHINE_INSERT,
    SCHEMA,
    SCHEMA_VERSION,
    HumanRow,
    MachineRow,
    is_machine,
    row_rank,
    side_files,
    valid_human_row,
    valid_machine_row,
)
from .recover import RecoveryMethod, recover

if TYPE_CHECKING:
    from .memory import TranslationMemory



def merge_rows(memory: TranslationMemory, rows: Iterable[MachineRow | HumanRow],
               used: Mapping[bytes, float] | None = None) -> tuple[int, int, int]:
    """:meth:`TranslationMemory.merge_rows <polyglot_press.tm.TranslationMemory.merge_rows>`."""
    incoming = {row[0]: row for row in rows}
    latest = used or {}
    added = replaced = unchanged = 0
    machine: list[MachineRow] = []
    human: list[HumanRow] = []
    keys = sorted(incoming)
    with memory._cursor(write=True) as conn:
        current: dict[bytes, MachineRow | HumanRow] = {}
        for table, check in (("entries", valid_machine_row), ("human", valid_human_row)):
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for raw in conn.execute(f"SELECT * FROM {table} WHERE key IN ({marks})",
                                        chunk):
                    valid = check(tuple(raw))
                    if valid is not None:
                        current[valid[0]] = valid
        for key in keys:
            row, old = incoming[key], current.get(key)
            if old is not None and row_rank(old) >= row_rank(row):
                winner, unchanged = old, unchanged + 1
            elif old is None:
                winner, added = row, added + 1
            else:
                winner, replaced = row, replaced + 1
            if is_machine(winner):
                m = cast(MachineRow, winner)
                stamp = max(m[8], latest.get(key, 0.0),
                            cast(MachineRow, old)[8] if old is not None else 0.0)
                machine.append((*m[:8], stamp))
            else:
                human.append(cast(HumanRow, winner))
        conn.executemany(MACHINE_INSERT, machine)
        conn.executemany(HUMAN_INSERT, human)
        total: int = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        memory._count = total
        if total > memory.max_entries:
            memory._prune_to(conn, max(int(memory.max_entries * 0.9), 1))
    return added, replaced, unchanged


def snapshot(memory: TranslationMemory, destination: str | os.PathLike[str]) -> Path:
    """:meth:`TranslationMemory.snapshot <polyglot_press.tm.TranslationMemory.snapshot>`."""
    dest = Path(destination)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.part-{os.getpid()}-{threading.get_ident()}")
    try:
        with memory._cursor() as conn:
            out = sqlite3.connect(partial)
            try:
                conn.backup(out)
                out.execute("PRAGMA journal_mode=DELETE")
            finally:
                out.close()
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return dest


def rebuild(memory: TranslationMemory, method: RecoveryMethod = "auto") -> int:
    """:meth:`TranslationMemory.rebuild <polyglot_press.tm.TranslationMemory.rebuild>`."""
    with memory._lock, memory._exclusive():
        memory.close()
        memory._count = None
        memory.last_recovery = None
        if not memory.path.exists():
            memory._connect()
            return 0
        if not memory.check():  # healthy: vacuum in place, nothing to recover
            with memory._cursor() as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("VACUUM")
                return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
        memory.close()
        found = recover(memory.path, method, timeout=memory._timeout)
        memory.last_recovery = found
        memory.close()
        shutil.copyfile(memory.path, memory.path.with_name(memory.path.name + ".corrupt"))
        fresh = memory.path.with_name(f".{memory.path.name}.rebuild-{os.getpid()}")
        for leftover in (fresh, *side_files(fresh)):
            leftover.unlink(missing_ok=True)
        new = sqlite3.connect(fresh, isolation_level=None)
        try:
            new.executescript(SCHEMA)
            new.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            new.execute("BEGIN")
            new.executemany(MACHINE_INSERT, found.entries)
            new.executemany(HUMAN_INSERT, found.human)
            new.execute("COMMIT")
            if not _backup_into(new, memory.path, memory._timeout):
                new.close()
                for side in side_files(memory.path):
                    side.unlink(missing_ok=True)
                os.replace(fresh, memory.path)
        finally:
            new.close()
            for leftover in (fresh, *side_files(fresh)):
                leftover.unlink(missing_ok=True)
        return len(found.entries)


def _backup_into(source: sqlite3.Connection, path: Path, timeout: float) -> bool:
    """Copy ``source`` over the database at ``path`` in place; ``False`` if it cannot."""
    try:
        dest = sqlite3.connect(path, timeout=timeout)
    except sqlite3.Error:
        return False
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=WAL")
        dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return bool(dest.execute("PRAGMA quick_check").fetchall() == [("ok",)])
    except sqlite3.DatabaseError:
        return False
    finally:
        dest.close()
