"""What runs on a worker: one :class:`~polyglot_press.press.Press` per process, one partition at a time.

A :class:`CorpusSpec` says how to translate (targets, glossaries, engine,
options, output folder); it is small and picklable, so Dask ships it with
every task. The first task on a worker process builds the ``Press`` (and so
loads the models); every later task with the same spec reuses it
(:func:`press_for`). :func:`run_partition` translates a partition's
documents in engine batches across documents, writes each output
atomically, then its manifest entry, and returns one row per document: done,
skipped (the manifest says it is current) or failed (with the error; the
other documents go on).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..batch import BatchPlan, Planned
from ..batch import output_path as output_path
from ..document import Document
from ..errors import InputError, PolyglotPressError
from ..formats import format_for_path, get_format
from ..formats.blocks import ReadOptions
from ..glossary import Glossary
from ..press import Press, Result
from ..tm import DeltaWriter
from .inputs import Record, read_record_bytes

__all__ = ["CorpusSpec", "output_path", "press_for", "run_partition"]


@dataclass(frozen=True)
class CorpusSpec:
    """How a corpus is translated: the same on every worker.

    ``options`` are :class:`~polyglot_press.press.PressConfig` fields
    (``source``, ``batch_size``, ...). ``output`` is a local folder, or
    ``None`` to return the translations instead of writing them.
    """

    targets: tuple[str, ...]
    glossaries: tuple[Glossary, ...] = ()
    engine: str = "auto"
    options: Mapping[str, Any] = field(default_factory=dict)
    output: str | None = None
    #: the translation memory at scale: workers read ``memory_snapshot``
    #: (read-only) and write what they add to their own files in ``delta_folder``
    memory_snapshot: str | None = None
    delta_folder: str | None = None
    #: how documents are read (the same defaults as ``polyglot-press translate``)
    read_options: ReadOptions = field(default_factory=ReadOptions)

    def press_key(self) -> str:
        """The key of this spec's ``Press`` in a worker process."""
        data = [list(self.targets), self.engine, {k: repr(v) for k, v in sorted(self.options.items())},
                [g.digest() for g in self.glossaries], self.output, self.memory_snapshot,
                self.delta_folder, repr(self.read_options)]
        return hashlib.sha256(json.dumps(data).encode("utf-8")).hexdigest()


_lock = threading.Lock()
_presses: dict[str, tuple[Press, BatchPlan]] = {}


def press_for(spec: CorpusSpec) -> Press:
    """The worker process's ``Press`` for ``spec``, built on first use (models load once per process)."""
    return _built(spec)[0]


def _built(spec: CorpusSpec) -> tuple[Press, BatchPlan]:
    key = spec.press_key()
    with _lock:
        found = _presses.get(key)
        if found is None:
            store = None
            if spec.delta_folder is not None and spec.options.get("memory", True):
                store = DeltaWriter(spec.delta_folder, spec.memory_snapshot)
            press = Press(spec.glossaries, engine=spec.engine, memory_store=store, **dict(spec.options))
            plan = BatchPlan(spec.output, spec.targets, press.config, press.glossaries, spec.read_options)
            found = _presses[key] = (press, plan)
        return found


def _prepare(record: Record, plan: BatchPlan) -> Planned:
    fmt = get_format(record.format).name if record.format else format_for_path(record.id).name
    if record.text is not None and get_format(fmt).binary:
        raise InputError(f"record {record.id!r}: {fmt} is a binary format; give its 'url', not 'text'")
    data = read_record_bytes(record)
    return plan.plan(record.id, data, fmt, record.lang, plan.reader(data, fmt, record.id, record.lang))


@dataclass
class _Todo:
    record: Record
    planned: Planned
    started: float

    @property
    def document(self) -> Document:
        assert self.planned.document is not None
        return self.planned.document


def _failed(record: Record, exc: BaseException) -> dict[str, Any]:
    kind = "error" if isinstance(exc, PolyglotPressError) else f"unexpected {type(exc).__name__}"
    return {"id": record.id, "status": "failed", "error": f"{kind}: {exc}"}


def _finish(todo: _Todo, result: Result, spec: CorpusSpec, plan: BatchPlan,
            seconds: float) -> dict[str, Any]:
    row: dict[str, Any] = {"id": todo.record.id, "status": "done", "seconds": seconds,
                           "report": result.report.to_json(indent=None)}
    if plan.manifest is None:
        row["translations"] = {lang: result[lang].text for lang in spec.targets}
        if get_format(result.source.format).extract is not None:
            # a container's text is the view its reader extracted: the file is in "data"
            row["data"] = {lang: result[lang].to_bytes() for lang in spec.targets}
        return row
    plan.finish(todo.planned.entry, result, row["report"])
    row["outputs"] = dict(todo.planned.entry.outputs)
    return row


def run_partition(records: Iterable[Record], spec: CorpusSpec) -> list[dict[str, Any]]:
    """Translate one partition; one row per record, in the records' order.

    ``records`` may be any iterable: a Dask bag hands a partition over as a
    one-pass iterator, so it is read into a list first.
    """
    records = list(records)
    press, plan = _built(spec)
    rows: dict[int, dict[str, Any]] = {}  # by position: ids may repeat
    todo: list[tuple[int, _Todo]] = []
    for position, record in enumerate(records):
        started = time.perf_counter()
        try:
            planned = _prepare(record, plan)
        except Exception as exc:  # one bad document never loses the others
            rows[position] = _failed(record, exc)
            continue
        if planned.skipped:
            row: dict[str, Any] = {"id": record.id, "status": "skipped",
                                   "outputs": dict(planned.entry.outputs),
                                   "seconds": time.perf_counter() - started}
            if planned.report is not None:
                row["report"] = planned.report  # the combined report covers skipped documents too
            rows[position] = row
        else:
            todo.append((position, _Todo(record, planned, started)))
    if todo:
        started = time.perf_counter()
        try:
            results = list(press.pipe([t.document for _, t in todo], list(spec.targets)))
        except Exception:
            results = []  # find the culprit: every document alone
        if results:
            sizes = [max(1, sum(1 for _ in t.document.iter_segments())) for _, t in todo]
            elapsed = time.perf_counter() - started
            for (position, t), result, size in zip(todo, results, sizes, strict=True):
                share = elapsed * size / sum(sizes)
                try:
                    rows[position] = _finish(t, result, spec, plan, share)
                except Exception as exc:
                    rows[position] = _failed(t.record, exc)
        else:
            for position, t in todo:
                begun = time.perf_counter()
                try:
                    result = press.translate(t.document, list(spec.targets))
                    rows[position] = _finish(t, result, spec, plan, time.perf_counter() - begun)
                except Exception as exc:
                    rows[position] = _failed(t.record, exc)
    if isinstance(press.memory_store, DeltaWriter):
        press.memory_store.flush()  # this partition's new rows are on disk before it reports done
    return [rows[i] for i in range(len(records))]


def worker_pid() -> int:
    """The worker process's id (tests kill a worker with it)."""
    return os.getpid()
