"""The SQLite store: connection, machine rows, human rows, maintenance, snapshots."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import TranslationMemoryError
from ._schema import (
    DEFAULT_MAX_ENTRIES,
    HUMAN_INSERT,
    MACHINE_INSERT,
    SCHEMA,
    SCHEMA_VERSION,
    HumanRow,
    MachineRow,
    default_tm_path,
    human_row,
    machine_key,
    normalize_segment,
    side_files,
    valid_human_row,
    valid_machine_row,
)
from .human import FuzzyMatch, fuzzy_matches, lookup_human
from .recover import Recovered, RecoveryMethod

__all__ = ["TMStats", "TranslationMemory", "TranslationMemoryWarning"]

_UNOPENABLE = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def _outside_stacklevel() -> int:
    """The ``stacklevel`` that points a warning at the first caller outside this package."""
    here = os.path.dirname(__file__)
    level, frame = 1, sys._getframe(1)
    while frame is not None and (frame.f_code.co_filename.startswith(here)
                                 or frame.f_code.co_filename == contextlib.__file__):
        level, frame = level + 1, frame.f_back  # type: ignore[assignment]
    return level


class TranslationMemoryWarning(UserWarning):
    """Something happened to the memory file that the user should know (it was moved aside)."""


@dataclass(frozen=True)
class TMStats:
    """What :meth:`TranslationMemory.stats` reports."""

    path: str
    entries: int
    size_bytes: int
    max_entries: int
    engines: tuple[tuple[str, int], ...]
    pairs: tuple[tuple[str, str, int], ...]
    human: int = 0

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {
            "path": self.path,
            "entries": self.entries,
            "human": self.human,
            "size_bytes": self.size_bytes,
            "max_entries": self.max_entries,
            "engines": [{"engine": e, "entries": n} for e, n in self.engines],
            "pairs": [{"source": s, "target": t, "entries": n} for s, t, n in self.pairs],
        }


class TranslationMemory:
    """A SQLite translation memory (see :mod:`polyglot_press.tm`).

    One object may be shared by threads; separate processes open their own.
    ``read_only=True`` opens a snapshot (:meth:`snapshot`) without locks or
    writes, safe on a shared or network file system.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        timeout: float = 30.0,
        read_only: bool = False,
    ) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, not {max_entries}")
        self.path = Path(path) if path is not None else default_tm_path()
        self.max_entries = max_entries
        self.read_only = read_only
        self.last_recovery: Recovered | None = None
        self._timeout = timeout
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._file_id: tuple[int, int] | None = None
        self._count: int | None = None
        self._filelock = FileLock(f"{self.path}.lock", timeout=timeout, thread_local=False)

    @property
    def lock_path(self) -> Path:
        """The lock file writers and :meth:`rebuild` hold (``<path>.lock``)."""
        return Path(f"{self.path}.lock")

    @contextmanager
    def _exclusive(self, wait: bool = True) -> Iterator[None]:
        try:
            self._filelock.acquire(timeout=None if wait else 0)
        except Timeout:
            raise TranslationMemoryError(
                f"{self.path}: busy; another process has held {self.lock_path} for "
                f"{self._timeout:g} s (a rebuild?)"
            ) from None
        try:
            yield
        finally:
            self._filelock.release()

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return (info.st_dev, info.st_ino)

    # -- connection -----------------------------------------------------
    def _corrupt(self, exc: BaseException) -> TranslationMemoryError:
        return TranslationMemoryError(
            f"{self.path}: the translation memory is unusable ({exc}); "
            "run `polyglot-press tm rebuild` to recover what can be read and start afresh"
        )

    def _open(self) -> sqlite3.Connection:
        """Open and set up the file; raises :class:`sqlite3.DatabaseError` as SQLite does."""
        if self.read_only:
            if not self.path.exists():
                raise TranslationMemoryError(f"{self.path}: no such snapshot")
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, timeout=self._timeout, check_same_thread=False)
            conn.execute("SELECT key FROM entries LIMIT 0")
            conn.execute("SELECT key FROM human LIMIT 0")
            return conn
        conn = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, 1, SCHEMA_VERSION):
                raise TranslationMemoryError(
                    f"{self.path}: schema version {version} is not {SCHEMA_VERSION}; "
                    "run `polyglot-press tm rebuild`")
            conn.executescript(SCHEMA)
            if version != SCHEMA_VERSION:
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("SELECT key, engine, segment, translation, used FROM entries LIMIT 0")
        except BaseException:
            conn.close()
            raise
        return conn

    def _move_aside(self, exc: sqlite3.DatabaseError) -> None:
        """Move an unopenable file aside (named in a warning) so a fresh one can start."""
        with self._exclusive():
            try:  # another process may have moved it already
                self._open().close()
                return
            except sqlite3.DatabaseError as again:
                if again.sqlite_errorcode & 0xFF not in _UNOPENABLE:
                    raise
            stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{os.getpid()}")
            os.replace(self.path, aside)
            for side, moved in zip(side_files(self.path), side_files(aside), strict=True):
                if side.exists():
                    os.replace(side, moved)
        warnings.warn(TranslationMemoryWarning(
            f"{self.path}: cannot be opened ({exc}); moved it to {aside} and started a new, "
            f"empty memory (`polyglot-press tm import {aside}` keeps what can still be read)"),
            stacklevel=_outside_stacklevel())

    def _connect(self, aside: bool = True) -> sqlite3.Connection:
        if self._conn is not None:
            if self.read_only or self._file_identity() == self._file_id:
                return self._conn
            # another process replaced the file (a rebuild): use the new one
            self._conn.close()
            self._conn = None
            self._count = None
        if not self.read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise TranslationMemoryError(f"{self.path.parent}: cannot create ({exc})") from None
        try:
            conn = self._open()
        except sqlite3.DatabaseError as exc:
            code = exc.sqlite_errorcode & 0xFF if hasattr(exc, "sqlite_errorcode") else 0
            if not aside or self.read_only or code not in _UNOPENABLE:
                if isinstance(exc, sqlite3.OperationalError):
                    raise TranslationMemoryError(f"{self.path}: cannot open ({exc})") from None
                raise self._corrupt(exc) from None
            self._move_aside(exc)
            try:
                conn = self._open()
            except sqlite3.DatabaseError as again:
                raise self._corrupt(again) from None
        self._conn = conn
        self._file_id = self._file_identity()
        return conn

    @contextmanager
    def _cursor(self, write: bool = False, wait: bool = True,
                aside: bool = True) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if write:
                if self.read_only:
                    raise TranslationMemoryError(f"{self.path}: a read-only snapshot; "
                                                 "write new entries to a delta (DeltaWriter)")
                # the file lock first, then the connection: a rebuild that ran
                # meanwhile may have replaced the file
                with self._exclusive(wait):
                    conn = self._connect(aside)
                    try:
                        conn.execute("BEGIN IMMEDIATE")
                        try:
                            yield conn
                        except BaseException:
                            if conn.in_transaction:
                                conn.execute("ROLLBACK")
                            raise
                        conn.execute("COMMIT")
                    except sqlite3.OperationalError as exc:
                        raise TranslationMemoryError(f"{self.path}: {exc}") from None
                    except sqlite3.DatabaseError as exc:
                        raise self._corrupt(exc) from None
                return
            conn = self._connect(aside)
            try:
                yield conn
            except sqlite3.OperationalError as exc:
                raise TranslationMemoryError(f"{self.path}: {exc}") from None
            except sqlite3.DatabaseError as exc:
                raise self._corrupt(exc) from None

    def close(self) -> None:
        """Close the database connection (it reopens on the next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- machine rows ---------------------------------------------------
    def lookup(self, engine: str, source: str, target: str, segments: Sequence[str],
               glossary: str = "") -> list[str | None]:
        """Stored machine translations of ``segments`` (``None`` where there is none)."""
        if not segments:
            return []
        keys = [machine_key(engine, source, target, glossary, normalize_segment(s))
                for s in segments]
        found: dict[bytes, str] = {}
        unique = list(dict.fromkeys(keys))
        with self._cursor() as conn:
            for start in range(0, len(unique), 500):
                chunk = unique[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT key, translation FROM entries WHERE key IN ({marks})", chunk
                ).fetchall()
                found.update((bytes(k), t) for k, t in rows)
        if found and not self.read_only:
            now = time.time()
            try:
                with self._cursor(write=True, wait=False) as conn:
                    conn.executemany("UPDATE entries SET used=? WHERE key=?",
                                     [(now, k) for k in found])
            except TranslationMemoryError:
                pass  # recency is a hint; a busy (or locked) database must not hold up a lookup
        return [found.get(k) for k in keys]

    def store(self, engine: str, source: str, target: str, pairs: Iterable[tuple[str, str]],
              glossary: str = "") -> int:
        """Store machine ``(segment, translation)`` pairs; return how many were written."""
        now = time.time()
        rows: list[MachineRow] = []
        for segment, translation in pairs:
            norm = normalize_segment(segment)
            if norm:
                rows.append((machine_key(engine, source, target, glossary, norm), engine, source,
                             target, glossary, norm, translation, now, now))
        return self.put_rows(rows, [])

    def put_rows(self, machine: Sequence[MachineRow], human: Sequence[HumanRow]) -> int:
        """Write rows as they are (replacing rows of the same key); return how many.

        The building block of :meth:`store`, :meth:`store_human`, imports and merges.
        """
        if not machine and not human:
            return 0
        with self._cursor(write=True) as conn:
            if machine:
                conn.executemany(MACHINE_INSERT, machine)
            if human:
                conn.executemany(HUMAN_INSERT, human)
            if machine:
                if self._count is None:
                    self._count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
                else:
                    self._count += len(machine)
                if self._count > self.max_entries:
                    self._prune_to(conn, max(int(self.max_entries * 0.9), 1))
        return len(machine) + len(human)

    def merge_rows(self, rows: Iterable[MachineRow | HumanRow],
                   used: Mapping[bytes, float] | None = None) -> tuple[int, int, int]:
        """Merge rows into the memory in one transaction: ``(added, replaced, unchanged)``.

        A row replaces the stored row of its key only if it ranks higher
        (:func:`row_rank`: later ``created``, then translation text, then
        origin), so the result does not depend on the order rows come in.
        A machine row's ``used`` becomes the latest of both and of ``used[key]``.
        """
        from ._maintenance import merge_rows

        return merge_rows(self, rows, used)

    def _prune_to(self, conn: sqlite3.Connection, keep: int) -> int:
        total: int = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        excess = max(total - keep, 0)
        if excess:
            conn.execute("DELETE FROM entries WHERE key IN "
                         "(SELECT key FROM entries ORDER BY used ASC, key ASC LIMIT ?)", (excess,))
        self._count = total - excess
        return excess

    def prune(self, max_entries: int | None = None) -> int:
        """Delete least recently used machine rows beyond ``max_entries``; return how many.

        ``max_entries`` must not be negative (0 empties the machine rows).
        Human rows are never pruned.
        """
        keep = self.max_entries if max_entries is None else max_entries
        if keep < 0:
            raise ValueError(f"max_entries must not be negative, not {keep}")
        with self._cursor(write=True) as conn:
            return self._prune_to(conn, keep)

    def clear(self, engine: str | None = None, *, human: bool = False) -> int:
        """Delete machine rows (all, or one engine identity's), or with ``human=True`` the
        human rows; return how many."""
        with self._cursor(write=True) as conn:
            if human:
                deleted = conn.execute("DELETE FROM human").rowcount
            elif engine is None:
                deleted = conn.execute("DELETE FROM entries").rowcount
            else:
                deleted = conn.execute("DELETE FROM entries WHERE engine=?", (engine,)).rowcount
            self._count = None
        with self._cursor() as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if engine is None:
                conn.execute("VACUUM")
        return int(deleted)

    # -- human rows -----------------------------------------------------
    def store_human(self, source: str, target: str, pairs: Iterable[tuple[str, str]],
                    origin: str = "") -> int:
        """Store human ``(segment, translation)`` pairs (``origin``: where they came from)."""
        now = time.time()
        rows = [human_row(source, target, norm, translation, origin, now)
                for segment, translation in pairs
                if (norm := normalize_segment(segment)) and translation.strip()]
        return self.put_rows([], rows)

    def lookup_human(self, source: str, target: str,
                     segments: Sequence[str]) -> list[str | None]:
        """Human translations of ``segments`` (exact matches after normalization)."""
        if not segments:
            return []
        with self._cursor() as conn:
            return lookup_human(conn, source, target, segments)

    def fuzzy(self, source: str, target: str, segments: Sequence[str], *,
              threshold: float = 75.0, limit: int = 3) -> list[list[FuzzyMatch]]:
        """Human translations of segments like each of ``segments`` (score >= ``threshold``).

        Offered, never applied: exact matches are left to :meth:`lookup_human`.
        """
        with self._cursor() as conn:
            return fuzzy_matches(conn, source, target, segments, threshold, limit)

    def has_human(self) -> bool:
        """Whether there is any human row (one step: lets callers skip fuzzy search)."""
        with self._cursor() as conn:
            return conn.execute("SELECT 1 FROM human LIMIT 1").fetchone() is not None

    def iter_rows(self) -> Iterator[MachineRow | HumanRow]:
        """Every human row, then every machine row, in key order (for exports).

        Rows whose key does not match their contents are left out.
        """
        with self._cursor() as conn:
            human = conn.execute("SELECT * FROM human ORDER BY key").fetchall()
            machine = conn.execute("SELECT * FROM entries ORDER BY key").fetchall()
        for h in human:
            valid_h = valid_human_row(tuple(h))
            if valid_h is not None:
                yield valid_h
        for m in machine:
            valid_m = valid_machine_row(tuple(m))
            if valid_m is not None:
                yield valid_m

    # -- inspection and maintenance ---------------------------------------
    def stats(self) -> TMStats:
        """Entries, human rows, size on disk, and entries per engine and per pair."""
        with self._cursor() as conn:
            entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            human = conn.execute("SELECT count(*) FROM human").fetchone()[0]
            engines = conn.execute(
                "SELECT engine, count(*) FROM entries GROUP BY engine ORDER BY engine").fetchall()
            pairs = conn.execute(
                "SELECT source_lang, target_lang, count(*) FROM entries "
                "GROUP BY source_lang, target_lang ORDER BY source_lang, target_lang").fetchall()
        size = sum(p.stat().st_size for p in (self.path, *side_files(self.path)) if p.exists())
        return TMStats(path=str(self.path), entries=int(entries), size_bytes=size,
                       max_entries=self.max_entries,
                       engines=tuple((str(e), int(n)) for e, n in engines),
                       pairs=tuple((str(s), str(t), int(n)) for s, t, n in pairs),
                       human=int(human))

    def check(self) -> list[str]:
        """Run SQLite's ``PRAGMA quick_check``; return the problems found (``[]``: healthy).

        A file that cannot be opened is one problem (it is not moved aside here).
        """
        try:
            with self._cursor(aside=False) as conn:
                rows = conn.execute("PRAGMA quick_check").fetchall()
        except TranslationMemoryError as exc:
            return [str(exc)]
        problems = [str(r[0]) for r in rows]
        return [] if problems == ["ok"] else problems

    def snapshot(self, destination: str | os.PathLike[str]) -> Path:
        """Write a consistent, self-contained copy of the memory to ``destination``.

        The copy is written next to ``destination`` and renamed into place, and
        it needs no WAL file: workers on other machines open it with
        ``TranslationMemory(path, read_only=True)`` and write what they add to
        their own :class:`~polyglot_press.tm.DeltaWriter`.
        """
        from ._maintenance import snapshot

        return snapshot(self, destination)

    def rebuild(self, method: RecoveryMethod = "auto") -> int:
        """Recover every readable row and make the file healthy; return the machine rows kept.

        Holds :attr:`lock_path` throughout, so writers in other processes wait.
        A healthy file is only vacuumed in place. A damaged one is read with
        :func:`~polyglot_press.tm.recover` (``method``), copied to
        ``<path>.corrupt``, and the recovered rows are copied into the file in
        place (SQLite's backup), or, when its header is unreadable, a new file
        replaces it. :attr:`last_recovery` says what was read and how.
        """
        from ._maintenance import rebuild

        return rebuild(self, method)
