"""The memory at scale: workers read a snapshot and write deltas; one step merges them.

No SQLite file is ever written by two machines: the main memory writes a
read-only :meth:`~polyglot_press.tm.TranslationMemory.snapshot` that every
worker opens (``read_only=True``, no locks, safe on a network file system);
each worker's :class:`DeltaWriter` keeps what it adds and writes it as JSON
Lines files of its own, each written whole and renamed into place (a worker
killed mid-run leaves no partial file, only unwritten rows, which a retried
task recomputes). :func:`merge_deltas` then folds every delta into the main
memory in one transaction.

The merge is deterministic: for rows of the same key, the one with the
latest ``created`` time wins, ties broken by the translation text (then the
origin), whichever file it came from and in whatever order the files are
given; ``used`` becomes the latest of all. Merging a file twice changes nothing.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> from polyglot_press.tm import TranslationMemory
>>> main = TranslationMemory(root / "tm.sqlite3")
>>> snap = main.snapshot(root / "snapshot.sqlite3")
>>> with DeltaWriter(root / "deltas", snap, name="worker-1") as delta:
...     delta.store("e[1]", "en", "pt", [("The cat.", "O gato.")])
1
>>> merge_deltas(main, [root / "deltas"]).added
1
>>> main.lookup("e[1]", "en", "pt", ["The cat."])
['O gato.']
>>> main.close()
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TranslationMemoryError
from ._schema import (
    HumanRow,
    MachineRow,
    human_row,
    is_machine,
    machine_key,
    normalize_segment,
    row_rank,
    valid_human_row,
    valid_machine_row,
)
from .memory import TranslationMemory

__all__ = ["DeltaWriter", "MergeResult", "merge_deltas", "read_delta"]

DELTA_SUFFIX = ".tmdelta.jsonl"


class DeltaWriter:
    """A worker's memory: reads ``snapshot`` (read-only), writes new rows to its own files.

    Usable wherever :class:`~polyglot_press.tm.CachedEngine` takes a memory.
    Rows are kept in memory and written every ``flush_every`` rows, on
    :meth:`flush` and on :meth:`close`, each time as a new file
    ``<name>-<n>.tmdelta.jsonl`` in ``folder``. ``name`` defaults to
    host, process and a random part, so workers never share a file.
    """

    def __init__(self, folder: str | os.PathLike[str],
                 snapshot: str | os.PathLike[str] | TranslationMemory | None = None, *,
                 name: str | None = None, flush_every: int = 10_000) -> None:
        if flush_every < 1:
            raise ValueError(f"flush_every must be at least 1, not {flush_every}")
        self.folder = Path(folder)
        self.name = name or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        if isinstance(snapshot, TranslationMemory) or snapshot is None:
            self.snapshot = snapshot
        else:
            self.snapshot = TranslationMemory(snapshot, read_only=True)
        self.flush_every = flush_every
        self.files: list[Path] = []
        self._pending: dict[bytes, MachineRow] = {}
        self._written: dict[bytes, str] = {}
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        """The folder the deltas go to."""
        return self.folder

    def lookup(self, engine: str, source: str, target: str, segments: Sequence[str],
               glossary: str = "") -> list[str | None]:
        """Rows this writer added, else the snapshot's."""
        keys = [machine_key(engine, source, target, glossary, normalize_segment(s))
                for s in segments]
        with self._lock:
            mine = [self._pending[k][6] if k in self._pending else self._written.get(k)
                    for k in keys]
        missing = [s for s, m in zip(segments, mine, strict=True) if m is None]
        if self.snapshot is None or not missing:
            return mine
        theirs = iter(self.snapshot.lookup(engine, source, target, missing, glossary))
        return [m if m is not None else next(theirs) for m in mine]

    def lookup_human(self, source: str, target: str,
                     segments: Sequence[str]) -> list[str | None]:
        """The snapshot's human translations (workers add none)."""
        if self.snapshot is None:
            return [None] * len(segments)
        return self.snapshot.lookup_human(source, target, segments)

    def store(self, engine: str, source: str, target: str, pairs: Iterable[tuple[str, str]],
              glossary: str = "") -> int:
        """Keep new machine rows for the next delta file; return how many."""
        now = time.time()
        count = 0
        with self._lock:
            for segment, translation in pairs:
                norm = normalize_segment(segment)
                if not norm:
                    continue
                key = machine_key(engine, source, target, glossary, norm)
                self._pending[key] = (key, engine, source, target, glossary, norm, translation,
                                      now, now)
                count += 1
            full = len(self._pending) >= self.flush_every
        if full:
            self.flush()
        return count

    def flush(self) -> Path | None:
        """Write the rows kept so far as one new delta file (``None`` if there were none)."""
        with self._lock:
            if not self._pending:
                return None
            rows = [self._pending[k] for k in sorted(self._pending)]
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self.folder / f"{self.name}-{len(self.files):06d}{DELTA_SUFFIX}"
            partial = target.with_name(f".{target.name}.part")
            with open(partial, "w", encoding="utf-8", newline="\n") as out:
                for row in rows:
                    out.write(json.dumps(_machine_record(row), ensure_ascii=False) + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, target)
            self.files.append(target)
            self._written.update((r[0], r[6]) for r in rows)
            self._pending.clear()
            return target

    def close(self) -> None:
        """Flush, and close the snapshot."""
        self.flush()
        if self.snapshot is not None:
            self.snapshot.close()

    def __enter__(self) -> DeltaWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _machine_record(row: MachineRow) -> dict[str, object]:
    _, engine, source, target, glossary, segment, translation, created, used = row
    return {"kind": "machine", "engine": engine, "source": source, "target": target,
            "glossary": glossary, "segment": segment, "translation": translation,
            "created": created, "used": used}


def _human_record(row: HumanRow) -> dict[str, object]:
    _, source, target, segment, translation, origin, created, _, _ = row
    return {"kind": "human", "source": source, "target": target, "segment": segment,
            "translation": translation, "origin": origin, "created": created}


def _parse(record: object) -> MachineRow | HumanRow | None:
    if not isinstance(record, dict):
        return None
    get = record.get
    if get("kind") == "machine":
        segment = normalize_segment(str(get("segment", "")))
        fields = (get("engine"), get("source"), get("target"), get("glossary"))
        if not all(isinstance(f, str) for f in fields) or not segment:
            return None
        engine, source, target, glossary = (str(f) for f in fields)
        return valid_machine_row((machine_key(engine, source, target, glossary, segment), engine,
                                  source, target, glossary, segment, get("translation"),
                                  get("created"), get("used", get("created"))))
    if get("kind") == "human":
        segment = normalize_segment(str(get("segment", "")))
        src, tgt, text, created = get("source"), get("target"), get("translation"), get("created")
        if not (isinstance(src, str) and isinstance(tgt, str) and segment
                and isinstance(text, str) and isinstance(created, int | float)):
            return None
        return valid_human_row(human_row(src, tgt, segment, text, str(get("origin", "")),
                                         float(created)))
    return None


def read_delta(path: str | os.PathLike[str]) -> tuple[list[MachineRow | HumanRow], list[str]]:
    """The rows of one delta file, and a message for each line that is not a valid row."""
    rows: list[MachineRow | HumanRow] = []
    problems: list[str] = []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = _parse(json.loads(line))
                except json.JSONDecodeError as exc:
                    problems.append(f"{path}:{number}: not JSON ({exc.msg})")
                    continue
                if row is None:
                    problems.append(f"{path}:{number}: not a memory row")
                else:
                    rows.append(row)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read ({exc})")
    return rows, problems


@dataclass(frozen=True)
class MergeResult:
    """What :func:`merge_deltas` did."""

    files: tuple[str, ...]
    rows_read: int
    added: int
    replaced: int
    unchanged: int
    problems: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {"files": list(self.files), "rows_read": self.rows_read, "added": self.added,
                "replaced": self.replaced, "unchanged": self.unchanged,
                "problems": list(self.problems)}


def _delta_files(sources: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    problems: list[str] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files.extend(sorted(path.rglob(f"*{DELTA_SUFFIX}")))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{path}: no such delta file or folder")
    return sorted(set(files)), problems


def merge_deltas(memory: TranslationMemory, sources: Iterable[str | os.PathLike[str]], *,
                 remove: bool = False) -> MergeResult:
    """Fold delta files (or folders of them) into ``memory`` in one transaction.

    The result does not depend on the order of ``sources`` or of the files
    (see the module doc). Lines that are not valid rows, and files that
    cannot be read, are reported in :attr:`MergeResult.problems`; every other
    row is merged. With ``remove=True`` the files merged without a problem
    are deleted afterwards.
    """
    files, problems = _delta_files(sources)
    best: dict[bytes, MachineRow | HumanRow] = {}
    used: dict[bytes, float] = {}
    clean: list[Path] = []
    read = 0
    for path in files:
        rows, trouble = read_delta(path)
        problems.extend(trouble)
        if not trouble:
            clean.append(path)
        read += len(rows)
        for row in rows:
            key = row[0]
            if key not in best or row_rank(row) > row_rank(best[key]):
                best[key] = row
            if is_machine(row):
                used[key] = max(used.get(key, 0.0), float(row[8]))
    added, replaced, unchanged = memory.merge_rows(best.values(), used)
    if remove:
        for path in clean:
            try:
                path.unlink()
            except OSError as exc:
                problems.append(f"{path}: merged but not removed ({exc})")
    if not files and problems:
        raise TranslationMemoryError("; ".join(problems))
    return MergeResult(tuple(str(f) for f in files), read, added, replaced, unchanged,
                       tuple(problems))
