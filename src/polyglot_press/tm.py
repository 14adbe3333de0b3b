"""Translation memory: translated segments kept in SQLite and reused before the engine.

An entry is keyed by the engine identity (engine name and model versions),
the language pair, a glossary digest (``""`` when no glossary applies) and
the normalized source segment (NFC, runs of whitespace folded to one space,
ends stripped). A different model, pair or glossary never returns a stale
translation.

The database lives in ``platformdirs.user_cache_dir("polyglot_press")``
(``tm.sqlite3``), or in ``$POLYGLOT_PRESS_CACHE_DIR``, or at the path given.
It runs in WAL mode with a busy timeout, so several processes and threads can
read and write it at once. A corrupt file raises
:class:`~polyglot_press.errors.TranslationMemoryError` that says to run
``polyglot-press tm rebuild``. ``max_entries`` caps its size: past the cap
the least recently used entries are pruned.

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
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, overload

from .engines.base import Engine, pair_identity
from .errors import TranslationMemoryError

__all__ = [
    "CachedEngine",
    "TMStats",
    "TranslationMemory",
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
    """``$POLYGLOT_PRESS_CACHE_DIR/tm.sqlite3``, else the user cache directory's."""
    env = os.environ.get("POLYGLOT_PRESS_CACHE_DIR")
    if env:
        return Path(env) / "tm.sqlite3"
    import platformdirs

    return Path(platformdirs.user_cache_dir("polyglot_press")) / "tm.sqlite3"


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
        self._count: int | None = None

    # -- connection -----------------------------------------------------
    def _corrupt(self, exc: BaseException) -> TranslationMemoryError:
        return TranslationMemoryError(
            f"{self.path}: the translation memory is unusable ({exc}); "
            "run `polyglot-press tm rebuild` to recover what can be read and start afresh"
        )

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
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
        return conn

    @contextmanager
    def _cursor(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connect()
            try:
                if write:
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        yield conn
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
                    conn.execute("COMMIT")
                else:
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
                with self._cursor(write=True) as conn:
                    conn.executemany(
                        "UPDATE entries SET used=? WHERE key=?", [(now, k) for k in found]
                    )
            except TranslationMemoryError:
                pass  # recency is a hint; a busy database must not fail a lookup
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
        """Delete least recently used entries beyond ``max_entries``; return how many."""
        keep = self.max_entries if max_entries is None else max_entries
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

    def rebuild(self) -> int:
        """Recreate the database, keeping every entry that can still be read.

        Works on a corrupt file: the old file is renamed to ``*.corrupt`` (kept
        for inspection) when it cannot be read at all. Returns the number of
        entries kept.
        """
        self.close()
        rows: list[tuple[object, ...]] = []
        if self.path.exists():
            try:
                old = sqlite3.connect(self.path, timeout=self._timeout)
                try:
                    cursor = old.execute("SELECT * FROM entries")
                    while True:
                        try:
                            batch = cursor.fetchmany(1000)
                        except sqlite3.DatabaseError:
                            break
                        if not batch:
                            break
                        rows.extend(batch)
                finally:
                    old.close()
            except sqlite3.DatabaseError:
                rows = []
        fresh = self.path.with_name(f".{self.path.name}.rebuild-{os.getpid()}")
        for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
            leftover.unlink(missing_ok=True)
        conn = sqlite3.connect(fresh, isolation_level=None)
        try:
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?)",
                [r for r in rows if len(r) == 9],
            )
            conn.execute("COMMIT")
        finally:
            conn.close()
        if self.path.exists() and not rows:
            os.replace(self.path, self.path.with_name(self.path.name + ".corrupt"))
        for side in (Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
            side.unlink(missing_ok=True)
        os.replace(fresh, self.path)
        self._count = None
        return len(rows)


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
        self.engine = engine
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
        """Delegates to the wrapped engine when it can resolve pairs."""
        resolve = getattr(self.engine, "resolve_pair", None)
        if callable(resolve):
            pair = resolve(source, target)
            return (str(pair[0]), str(pair[1]))
        return (source, target)

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
            text = hit if hit is not None else fresh[core]
            lead = sentence[: len(sentence) - len(sentence.lstrip())]
            trail = sentence[len(sentence.rstrip()) :]
            out.append(f"{lead}{text}{trail}")
        with self._lock:
            self.hits += hits
            self.misses += sum(1 for c in cores if c) - hits
        return out

    def __repr__(self) -> str:
        return f"<CachedEngine {self.engine!r} at {self.memory.path}>"
