"""The memory's tables, keys and row checks (shared by the store, recovery, TMX and deltas).

Two tables:

- ``entries``: machine output, keyed by engine identity, language pair,
  glossary digest and normalized segment;
- ``human``: translations people made (imported from TMX, XLIFF, PO), keyed
  by language pair and normalized segment only: no engine, no glossary.

Each key is a 20-byte BLAKE2b digest of the fields it covers, so a row whose
key does not match its contents (garbage read from a damaged page) is
recognised and dropped.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from pathlib import Path

from .._files import default_cache_dir
from ..lang import lang_base

SCHEMA_VERSION = 2
DEFAULT_MAX_ENTRIES = 1_000_000
KEY_BYTES = 20
_WHITESPACE = re.compile(r"\s+")

SCHEMA = """
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
CREATE TABLE IF NOT EXISTS human (
    key BLOB PRIMARY KEY,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    segment TEXT NOT NULL,
    translation TEXT NOT NULL,
    origin TEXT NOT NULL,
    created REAL NOT NULL,
    source_base TEXT NOT NULL,
    target_base TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS human_lookup ON human(source_base, target_base, segment);
"""

MACHINE_INSERT = "INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?)"
HUMAN_INSERT = "INSERT OR REPLACE INTO human VALUES (?,?,?,?,?,?,?,?,?)"

#: ``(key, engine, source, target, glossary, segment, translation, created, used)``
MachineRow = tuple[bytes, str, str, str, str, str, str, float, float]
#: ``(key, source, target, segment, translation, origin, created, source_base, target_base)``
HumanRow = tuple[bytes, str, str, str, str, str, float, str, str]

MACHINE_COLUMNS = 9
HUMAN_COLUMNS = 9


@functools.lru_cache(maxsize=16384)
def normalize_segment(segment: str) -> str:
    """The form a segment is looked up by: NFC, whitespace runs folded, ends stripped.

    Cached: the engine wrapper, the human and the machine lookups each ask for
    the same segments.

    >>> normalize_segment("  The\\u00a0cafe\\u0301 \\n is open. ")
    'The café is open.'
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", segment)).strip()


def machine_key(engine: str, source: str, target: str, glossary: str, segment: str) -> bytes:
    """The key of a machine row."""
    material = "\x1f".join((engine, source, target, glossary, segment))
    return hashlib.blake2b(material.encode("utf-8"), digest_size=KEY_BYTES).digest()


def human_key(source: str, target: str, segment: str) -> bytes:
    """The key of a human row (no engine, no glossary)."""
    material = "\x1f".join(("human", source, target, segment))
    return hashlib.blake2b(material.encode("utf-8"), digest_size=KEY_BYTES).digest()


def _texts(values: tuple[object, ...]) -> bool:
    return all(isinstance(v, str) for v in values)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def valid_machine_row(row: tuple[object, ...]) -> MachineRow | None:
    """The row if it is a well-formed machine row whose key matches, else ``None``."""
    if len(row) != MACHINE_COLUMNS:
        return None
    key, engine, source, target, glossary, segment, translation, created, used = row
    if not isinstance(key, bytes) or not _texts(row[1:7]) or not (_number(created)
                                                                and _number(used)):
        return None
    if key != machine_key(str(engine), str(source), str(target), str(glossary), str(segment)):
        return None
    return (key, str(engine), str(source), str(target), str(glossary), str(segment),
            str(translation), float(created), float(used))  # type: ignore[arg-type]


def valid_human_row(row: tuple[object, ...]) -> HumanRow | None:
    """The row if it is a well-formed human row whose key matches, else ``None``."""
    if len(row) != HUMAN_COLUMNS:
        return None
    key, source, target, segment, translation, origin, created, sbase, tbase = row
    if not isinstance(key, bytes) or not _texts(row[1:6]) or not _texts(row[7:9]):
        return None
    if not _number(created) or key != human_key(str(source), str(target), str(segment)):
        return None
    return (key, str(source), str(target), str(segment), str(translation), str(origin),
            float(created), str(sbase), str(tbase))  # type: ignore[arg-type]


def human_row(source: str, target: str, segment: str, translation: str, origin: str,
              created: float) -> HumanRow:
    """A human row for ``segment`` (already normalized)."""
    return (human_key(source, target, segment), source, target, segment, translation, origin,
            created, lang_base(source), lang_base(target))


def is_machine(row: MachineRow | HumanRow) -> bool:
    """Whether ``row`` is a machine row (its 8th field is a time, not a language)."""
    return isinstance(row[7], float)


def row_rank(row: MachineRow | HumanRow) -> tuple[float, str, str]:
    """The order in which rows of one key win a merge: later ``created``, then text, origin."""
    if is_machine(row):
        return (float(row[7]), str(row[6]), "")
    return (float(row[6]), str(row[4]), str(row[5]))


def side_files(path: Path) -> tuple[Path, Path]:
    """The WAL and shared-memory files SQLite keeps beside ``path``."""
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def default_tm_path() -> Path:
    """``tm.sqlite3`` in :func:`default_cache_dir`."""
    return default_cache_dir() / "tm.sqlite3"
