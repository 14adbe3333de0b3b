"""Translation memory: translated segments kept in SQLite and reused before the engine.

An entry is keyed by the engine identity (engine name and model versions),
the language pair, a glossary digest (``""`` when no glossary applies) and
the normalized source segment (NFC, runs of whitespace folded to one space,
ends stripped). A different model, pair or glossary never returns a stale
translation.

The database lives in ``platformdirs.user_cache_dir("polyglot_press")``
(``tm.sqlite3``), or in ``$POLYGLOT_PRESS_CACHE_DIR``, or at the path given.
It runs in WAL mode with a busy timeout, so several processes and threads can
read and write it at once. Every write also holds a cross-process file lock
(``tm.sqlite3.lock``, :mod:`filelock`) that :meth:`TranslationMemory.rebuild`
takes for its whole run, so no write from another process falls between
rebuild reading the old entries and putting the new file in place.

Corruption is found when it is met: any read or write that hits a damaged
page raises :class:`~polyglot_press.errors.TranslationMemoryError` saying to
run ``polyglot-press tm rebuild`` (a write that touches only healthy pages
still succeeds, and is kept by the rebuild). The database is not checked on
open: ``PRAGMA quick_check`` reads every page (0.09-0.13 s for 100,000
entries, 24 MB, measured here: about a second at the default cap of a
million entries), too slow for every open (a first query takes 0.1 ms);
:meth:`TranslationMemory.check` (``polyglot-press tm check``) runs it on demand.
``max_entries`` caps the size: past the cap the least recently used entries
are pruned.

:class:`CachedEngine` wraps any engine so that it consults the memory first.

>>> import tempfile, os
>>> tm = TranslationMemory(os.path.join(tempfile.mkdtemp(), "tm.sqlite3"))
>>> tm.store("demo[v1]", "en", "pt", [("The cat.", "O gato.")])
1
>>> tm.lookup("demo[v1]", "en", "pt", ["The   cat.", "A dog."])
['O gato.', None]
>>> tm.stats().entries
1
>>> tm.close()
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
import shutil
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, overload

from filelock import FileLock, Timeout

from ._files import default_cache_dir
from .engines.base import Engine, as_engine, pair_identity
from .errors import TranslationMemoryError
from .text import keep_whitespace

__all__ = [
    "CachedEngine",
    "TMStats",
    "TranslationMemory",
    "default_cache_dir",
    "default_tm_path",
    "normalize_segment",
]

SCHEMA_VERSION = 1
DEFAULT_MAX_ENTRIES = 1_000_000
_WHITESPACE = re.compile(r"\s+")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key BLOB PRIMARY KEY,
    engine TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    glossary TEXT NOT NULL,
    segment TEXT NOT NULL,
    translation TEXT NOT NULL,
    created REAL NOT NULL,
    used REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_used ON entries(used);
"""


def normalize_segment(segment: str) -> str:
    """The form a segment is looked up by: NFC, whitespace runs folded, ends stripped.

    >>> normalize_segment("  The\\u00a0cafe\\u0301 \\n is open. ")
    'The café is open.'
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", segment)).strip()


def default_tm_path() -> Path:
    """``tm.sqlite3`` in :func:`default_cache_dir`."""
    return default_cache_dir() / "tm.sqlite3"


def _key(engine: str, source: str, target: str, glossary: str, segment: str) -> bytes:
    material = "\x1f".join((engine, source, target, glossary, segment))
    return hashlib.blake2b(material.encode("utf-8"), digest_size=20).digest()


@dataclass(frozen=True)
class TMStats:
    """What :meth:`TranslationMemory.stats` reports."""

    path: str
    entries: int
    size_bytes: int
    max_entries: int
    engines: tuple[tuple[str, int], ...]
    pairs: tuple[tuple[str, str, int], ...]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {
            "path": self.path,
            "entries": self.entries,
            "size_bytes": self.size_bytes,
            "max_entries": self.max_entries,
            "engines": [{"engine": e, "entries": n} for e, n in self.engines],
            "pairs": [{"source": s, "target": t, "entries": n} for s, t, n in self.pairs],
        }


class TranslationMemory:
    """A SQLite translation memory (see the module documentation).

    One object may be shared by threads; separate processes open their own.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        timeout: float = 30.0,
    ) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, not {max_entries}")
        self.path = Path(path) if path is not None else default_tm_path()
        self.max_entries = max_entries
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

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            if self._file_identity() == self._file_id:
                return self._conn
            # another process replaced the file (a rebuild): use the new one
            self._conn.close()
            self._conn = None
            self._count = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TranslationMemoryError(f"{self.path.parent}: cannot create ({exc})") from None
        try:
            conn = sqlite3.connect(
                self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise TranslationMemoryError(f"{self.path}: cannot open ({exc})") from None
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                conn.close()
                raise TranslationMemoryError(
                    f"{self.path}: schema version {version} is not {SCHEMA_VERSION}; "
                    "run `polyglot-press tm rebuild`"
                )
            conn.executescript(_SCHEMA)
            if version == 0:
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("SELECT key, engine, segment, translation, used FROM entries LIMIT 0")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise self._corrupt(exc) from None
        self._conn = conn
        self._file_id = self._file_identity()
        return conn

    @contextmanager
    def _cursor(self, write: bool = False, wait: bool = True) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if write:
                # the file lock first, then the connection: a rebuild that ran
                # meanwhile may have replaced the file
                with self._exclusive(wait):
                    conn = self._connect()
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
            conn = self._connect()
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

    # -- entries --------------------------------------------------------
    def lookup(
        self,
        engine: str,
        source: str,
        target: str,
        segments: Sequence[str],
        glossary: str = "",
    ) -> list[str | None]:
        """Stored translations of ``segments`` (``None`` where there is none)."""
        if not segments:
            return []
        keys = [
            _key(engine, source, target, glossary, normalize_segment(s)) for s in segments
        ]
        found: dict[bytes, str] = {}
        unique = list(dict.fromkeys(keys))
        with self._cursor() as conn:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT key, translation FROM entries WHERE key IN ({marks})", chunk
                ).fetchall()
                found.update((bytes(k), t) for k, t in rows)
        if found:
            now = time.time()
            try:
                with self._cursor(write=True, wait=False) as conn:
                    conn.executemany(
                        "UPDATE entries SET used=? WHERE key=?", [(now, k) for k in found]
                    )
            except TranslationMemoryError:
                pass  # recency is a hint; a busy (or locked) database must not hold up a lookup
        return [found.get(k) for k in keys]

    def store(
        self,
        engine: str,
        source: str,
        target: str,
        pairs: Iterable[tuple[str, str]],
        glossary: str = "",
    ) -> int:
        """Store ``(segment, translation)`` pairs; return how many were written."""
        now = time.time()
        rows = []
        for segment, translation in pairs:
            norm = normalize_segment(segment)
            if not norm:
                continue
            rows.append((
                _key(engine, source, target, glossary, norm), engine, source, target,
                glossary, norm, translation, now, now,
            ))
        if not rows:
            return 0
        with self._cursor(write=True) as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?)", rows
            )
            if self._count is None:
                self._count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            else:
                self._count += len(rows)
            if self._count > self.max_entries:
                self._count -= self._prune(conn, self.max_entries)
        return len(rows)

    def _prune(self, conn: sqlite3.Connection, keep: int) -> int:
        total: int = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        # Prune to 90% of the cap so pruning does not run on every store.
        target = min(keep, max(int(self.max_entries * 0.9), 1)) if total > keep else total
        excess = total - target
        if excess <= 0:
            self._count = total
            return 0
        conn.execute(
            "DELETE FROM entries WHERE key IN "
            "(SELECT key FROM entries ORDER BY used ASC LIMIT ?)",
            (excess,),
        )
        self._count = total
        return excess

    def prune(self, max_entries: int | None = None) -> int:
        """Delete least recently used entries beyond ``max_entries``; return how many.

        ``max_entries`` must not be negative (0 empties the memory).
        """
        keep = self.max_entries if max_entries is None else max_entries
        if keep < 0:
            raise ValueError(f"max_entries must not be negative, not {keep}")
        with self._cursor(write=True) as conn:
            total: int = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            excess = max(total - keep, 0)
            if excess:
                conn.execute(
                    "DELETE FROM entries WHERE key IN "
                    "(SELECT key FROM entries ORDER BY used ASC LIMIT ?)",
                    (excess,),
                )
            self._count = total - excess
        return excess

    def clear(self, engine: str | None = None) -> int:
        """Delete every entry (or those of one engine identity); return how many."""
        with self._cursor(write=True) as conn:
            if engine is None:
                deleted = conn.execute("DELETE FROM entries").rowcount
            else:
                deleted = conn.execute("DELETE FROM entries WHERE engine=?", (engine,)).rowcount
            self._count = None
        with self._cursor() as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if engine is None:
                conn.execute("VACUUM")
        return int(deleted)

    def stats(self) -> TMStats:
        """Entries, size on disk, and entries per engine and per pair."""
        with self._cursor() as conn:
            entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            engines = conn.execute(
                "SELECT engine, count(*) FROM entries GROUP BY engine ORDER BY engine"
            ).fetchall()
            pairs = conn.execute(
                "SELECT source_lang, target_lang, count(*) FROM entries "
                "GROUP BY source_lang, target_lang ORDER BY source_lang, target_lang"
            ).fetchall()
        size = sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )
        return TMStats(
            path=str(self.path),
            entries=int(entries),
            size_bytes=size,
            max_entries=self.max_entries,
            engines=tuple((str(e), int(n)) for e, n in engines),
            pairs=tuple((str(s), str(t), int(n)) for s, t, n in pairs),
        )

    def check(self) -> list[str]:
        """Run SQLite's ``PRAGMA quick_check``; return the problems found (``[]``: healthy).

        A file that cannot be opened at all is one problem.
        """
        try:
            with self._cursor() as conn:
                rows = conn.execute("PRAGMA quick_check").fetchall()
        except TranslationMemoryError as exc:
            return [str(exc)]
        problems = [str(r[0]) for r in rows]
        return [] if problems == ["ok"] else problems

    def rebuild(self) -> int:
        """Recover every readable entry and make the file healthy; return the entries kept.

        Holds :attr:`lock_path` throughout, so writers in other processes wait.
        A healthy file is only vacuumed in place. A damaged one is read entry
        by entry in key order; where a read fails, the damaged key range is
        skipped (found by search) and reading goes on past it, so every entry
        on an undamaged page is kept. Entries whose stored key does not match
        their contents are dropped. A copy of the damaged file is kept as
        ``<path>.corrupt``; the recovered entries are copied into the file in
        place (SQLite's backup), or, when its header is unreadable, a new file
        replaces it.
        """
        with self._lock, self._exclusive():
            self.close()
            self._count = None
            if not self.path.exists():
                self._connect()
                return 0
            rows, damaged = _recover(self.path, self._timeout)
            if damaged:
                # Entries under a damaged interior page cannot be reached by key:
                # read every leaf page of the file directly as well.
                known = {row[0] for row in rows}
                rows.extend(r for r in _scan_pages(self.path) if r[0] not in known)
            if not damaged:
                with self._cursor() as conn:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    conn.execute("VACUUM")
                return len(rows)
            self.close()
            corrupt = self.path.with_name(self.path.name + ".corrupt")
            shutil.copyfile(self.path, corrupt)
            fresh = self.path.with_name(f".{self.path.name}.rebuild-{os.getpid()}")
            for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
                leftover.unlink(missing_ok=True)
            new = sqlite3.connect(fresh, isolation_level=None)
            try:
                new.executescript(_SCHEMA)
                new.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                new.execute("BEGIN")
                new.executemany("INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?)", rows)
                new.execute("COMMIT")
                if not _backup_into(new, self.path, self._timeout):
                    new.close()
                    for side in (Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                        side.unlink(missing_ok=True)
                    os.replace(fresh, self.path)
            finally:
                new.close()
                for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
                    leftover.unlink(missing_ok=True)
            return len(rows)


_Row = tuple[bytes, str, str, str, str, str, str, float, float]
_KEY_BITS = 160


def _valid_row(row: tuple[object, ...]) -> _Row | None:
    """The row if it is well formed and its key matches its contents, else ``None``."""
    if len(row) != 9:
        return None
    key, engine, source, target, glossary, segment, translation, created, used = row
    texts = (engine, source, target, glossary, segment, translation)
    if not isinstance(key, bytes) or not all(isinstance(t, str) for t in texts):
        return None
    if not isinstance(created, int | float) or not isinstance(used, int | float):
        return None
    if key != _key(str(engine), str(source), str(target), str(glossary), str(segment)):
        return None
    return (key, str(engine), str(source), str(target), str(glossary), str(segment),
            str(translation), float(created), float(used))


def _recover(path: Path, timeout: float) -> tuple[list[_Row], bool]:
    """Every readable, well-formed entry of the database at ``path``, and whether
    anything was damaged (unreadable pages, bad rows, a failed quick check)."""
    try:
        conn = sqlite3.connect(path, timeout=timeout)
    except sqlite3.Error:
        return [], True
    rows: list[_Row] = []
    damaged = False
    one = "SELECT * FROM entries WHERE key >= ? ORDER BY key LIMIT 1"

    def as_key(value: int) -> bytes:
        return value.to_bytes(_KEY_BITS // 8, "big")

    def read_one(after: int) -> list[_Row] | None:
        """The first entry past ``after`` (``[]`` at the end); ``None`` if it cannot
        be read or is not a well-formed entry (a damaged page may yield garbage)."""
        try:
            found = conn.execute(one, (as_key(after + 1),)).fetchall()
        except sqlite3.DatabaseError:
            return None
        if not found:
            return []
        valid = _valid_row(tuple(found[0]))
        return None if valid is None else [valid]

    try:
        try:
            conn.execute("SELECT key FROM entries LIMIT 0")
        except sqlite3.DatabaseError:
            return [], True
        last = -1
        careful = 0  # entries still to read one query each after a failure
        while last < (1 << _KEY_BITS) - 1:
            if not careful:
                # Fast path: one cursor, row by row. sqlite3 may step a row ahead,
                # so after a failure the entries near the damage are read one by one.
                try:
                    for row in conn.execute(
                        "SELECT * FROM entries WHERE key >= ? ORDER BY key", (as_key(last + 1),)
                    ):
                        valid = _valid_row(tuple(row))
                        if valid is None or int.from_bytes(valid[0], "big") <= last:
                            raise sqlite3.DatabaseError("malformed entry")
                        rows.append(valid)
                        last = int.from_bytes(valid[0], "big")
                    break
                except sqlite3.DatabaseError:
                    damaged = True
                    careful = 64
                    continue
            found = read_one(last)
            if found == []:
                break
            if found is not None:
                rows.append(found[0])
                last = int.from_bytes(found[0][0], "big")
                careful -= 1
                continue
            # Skip the damaged key range after ``last``: grow a step until reading
            # works again, then narrow it down so entries just past it are kept.
            step, good = 1 << 32, -1
            while last + step < (1 << _KEY_BITS) - 1:
                if read_one(last + step) is not None:
                    good = last + step
                    break
                step <<= 1
            if good < 0:
                break  # nothing readable after the damage
            bad = last + step // 2 if step > 1 << 32 else last
            while good - bad > 1:
                mid = (bad + good) // 2
                if read_one(mid) is None:
                    bad = mid
                else:
                    good = mid
            last = good
            careful = 64
        if not damaged:
            try:
                damaged = conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]
            except sqlite3.DatabaseError:
                damaged = True
    finally:
        conn.close()
    return rows, damaged


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's big-endian varint at ``at``: ``(value, next offset)``."""
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


def _record(payload: bytes) -> tuple[object, ...]:
    """Decode one SQLite record (the on-disk row format)."""
    size, at = _varint(payload, 0)
    types = []
    while at < size:
        kind, at = _varint(payload, at)
        types.append(kind)
    values: list[object] = []
    at = size
    for kind in types:
        if kind in (0, 8, 9):
            values.append(None if kind == 0 else kind - 8)
        elif 1 <= kind <= 6:
            width = (0, 1, 2, 3, 4, 6, 8)[kind]
            values.append(int.from_bytes(payload[at : at + width], "big", signed=True))
            at += width
        elif kind == 7:
            import struct

            values.append(struct.unpack(">d", payload[at : at + 8])[0])
            at += 8
        elif kind >= 12:
            width = (kind - 12) // 2
            chunk = payload[at : at + width]
            if len(chunk) != width:
                raise ValueError("record runs past its payload")
            values.append(chunk if kind % 2 == 0 else chunk.decode("utf-8"))
            at += width
        else:
            raise ValueError(f"reserved serial type {kind}")
    return tuple(values)


def _scan_pages(path: Path) -> list[_Row]:
    """Every well-formed entry on the file's b-tree pages, read without SQLite.

    Like the ``.recover`` command of SQLite's shell, but only for this
    memory's rows: no path from the root is needed, so entries below a
    damaged interior page are found too. Pages on the free list are
    skipped (they hold deleted entries); garbage is rejected by the key check.
    """
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size < 512:
                return []
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                return _scan_mapped(mapped)
    except (OSError, ValueError):
        return []


def _scan_mapped(data: mmap.mmap) -> list[_Row]:
    """:func:`_scan_pages` over the mapped file (not read into memory at once)."""
    page_size = int.from_bytes(data[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        page_size = 4096
    usable = page_size - data[20]
    pages = len(data) // page_size

    def page(number: int) -> bytes:
        return data[(number - 1) * page_size : number * page_size]

    free: set[int] = set()
    trunk, hops = int.from_bytes(data[32:36], "big"), 0
    while 1 < trunk <= pages and hops < pages:
        body = page(trunk)
        free.add(trunk)
        count = min(int.from_bytes(body[4:8], "big"), (usable - 8) // 4)
        free.update(int.from_bytes(body[8 + 4 * i : 12 + 4 * i], "big") for i in range(count))
        trunk, hops = int.from_bytes(body[0:4], "big"), hops + 1
    most = (usable - 12) * 64 // 255 - 23
    least = (usable - 12) * 32 // 255 - 23
    found: dict[bytes, _Row] = {}
    for number in range(1, pages + 1):
        if number in free:
            continue
        body = page(number)
        head = 100 if number == 1 else 0
        # WITHOUT ROWID rows are stored as index b-tree entries, each exactly once,
        # on a leaf (0x0A) or an interior page (0x02, after a child page number)
        if body[head] not in (0x0A, 0x02):
            continue
        interior = body[head] == 0x02
        cells = int.from_bytes(body[head + 3 : head + 5], "big")
        pointers = head + (12 if interior else 8)
        for i in range(min(cells, usable // 2)):
            try:
                at = int.from_bytes(body[pointers + 2 * i : pointers + 2 + 2 * i], "big")
                size, at = _varint(body, at + (4 if interior else 0))
                if size <= most:
                    payload = body[at : at + size]
                else:
                    local = least + (size - least) % (usable - 4)
                    local = local if local <= most else least
                    parts = [body[at : at + local]]
                    nxt, got = int.from_bytes(body[at + local : at + local + 4], "big"), local
                    while got < size and 1 < nxt <= pages:
                        over = page(nxt)
                        parts.append(over[4 : 4 + min(usable - 4, size - got)])
                        got += len(parts[-1])
                        nxt = int.from_bytes(over[0:4], "big")
                    payload = b"".join(parts)
                if len(payload) != size:
                    continue
                row = _valid_row(_record(payload))
            except (IndexError, ValueError):
                continue
            if row is not None:
                found[row[0]] = row
    return list(found.values())


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
        return dest.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False
    finally:
        dest.close()


class CachedEngine:
    """An engine that asks a :class:`TranslationMemory` first (composes around any engine).

    Hits are returned from the memory; misses (each distinct segment once)
    go to the wrapped engine in one batch and are stored. ``glossary`` is
    the digest of the glossary the caller applies around the engine (``""``
    for none) so that terminology changes never reuse old translations.
    With ``n_best > 1`` the engine is asked directly (the memory keeps only
    final, best translations). ``hits`` and ``misses`` count segments.
    """

    def __init__(
        self, engine: Engine, memory: TranslationMemory | None = None, *, glossary: str = ""
    ) -> None:
        self.engine = as_engine(engine)
        self.memory = memory if memory is not None else TranslationMemory()
        self.glossary = glossary
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.engine.name

    @property
    def identity(self) -> str:
        return self.engine.identity

    def identity_for(self, source: str, target: str) -> str:
        """The wrapped engine's identity for this pair."""
        return pair_identity(self.engine, source, target)

    def pairs(self) -> list[tuple[str, str]]:
        return self.engine.pairs()

    def languages(self) -> list[str]:
        return self.engine.languages()

    def resolve_pair(self, source: str, target: str) -> tuple[str, str]:
        """Delegates to the wrapped engine."""
        return self.engine.resolve_pair(source, target)

    def how_to_add_pair(self, source: str, target: str) -> str:
        """Delegates to the wrapped engine."""
        return self.engine.how_to_add_pair(source, target)

    @overload
    def translate_batch(  # type: ignore[overload-overlap]
        self, sentences: Sequence[str], source: str, target: str, *, n_best: Literal[1] = 1
    ) -> list[str]: ...

    @overload
    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, n_best: int
    ) -> list[list[str]]: ...

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, n_best: int = 1
    ) -> list[str] | list[list[str]]:
        """Like the wrapped engine's, with the memory consulted first."""
        if n_best != 1:
            return self.engine.translate_batch(sentences, source, target, n_best=n_best)
        sentences = list(sentences)
        if not sentences:
            self.resolve_pair(source, target)
            return []
        identity = pair_identity(self.engine, source, target)
        cores = [normalize_segment(s) for s in sentences]
        stored = self.memory.lookup(identity, source, target, cores, self.glossary)
        missing = list(dict.fromkeys(c for c, hit in zip(cores, stored, strict=True)
                                     if hit is None and c))
        fresh: dict[str, str] = {}
        if missing:
            translated = self.engine.translate_batch(missing, source, target)
            fresh = dict(zip(missing, translated, strict=True))
            self.memory.store(identity, source, target, fresh.items(), self.glossary)
        out: list[str] = []
        hits = 0
        for sentence, core, hit in zip(sentences, cores, stored, strict=True):
            if not core:
                out.append(sentence)
                continue
            if hit is not None:
                hits += 1
            out.append(keep_whitespace(sentence, hit if hit is not None else fresh[core]))
        with self._lock:
            self.hits += hits
            self.misses += sum(1 for c in cores if c) - hits
        return out

    def __repr__(self) -> str:
        return f"<CachedEngine {self.engine!r} at {self.memory.path}>"
