"""Translate a corpus on Dask: a folder, a glob, an fsspec URL or a bag of records.

Dask schedules; polyglot_press only says what one partition does
(:func:`~polyglot_press.dask.worker.run_partition`). Documents are sorted by
id and cut into partitions of about :data:`DOCS_PER_PARTITION` documents
(``partitions=N`` overrides), so engine calls batch across documents while
every worker stays busy. With ``output`` the run writes each translation
atomically into a tree that mirrors the input, a manifest entry after each
document, and the combined report; a rerun skips what the manifest says is
current. Without ``output`` it returns a lazy ``dask.bag`` of result rows.

Same results wherever they run: a document's translation does not depend
on the partition it lands in, the number of workers, or the order.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._files import atomic_write_bytes, default_cache_dir
from ..batch import STATE_FOLDER, Manifest
from ..errors import InputError, MissingDependencyError
from ..glossary import Glossary
from ..tm import MergeResult, TranslationMemory, merge_deltas
from .inputs import Record, discover, record_from_mapping
from .summary import CorpusReport
from .worker import CorpusSpec, run_partition

if TYPE_CHECKING:
    import dask.bag

__all__ = ["DOCS_PER_PARTITION", "CorpusResult", "translate_corpus"]

#: documents per partition when ``partitions`` is not given
DOCS_PER_PARTITION = 16


def _dask() -> Any:
    try:
        import dask.bag as db
    except ImportError:
        raise MissingDependencyError(
            "corpus runs need Dask: pip install 'polyglot-press[dask]'") from None
    return db


@dataclass
class CorpusResult:
    """What a corpus run wrote: one row per document, and the combined report."""

    rows: list[dict[str, Any]]
    report: CorpusReport
    output: Path
    #: what the workers added to the translation memory, merged at the end (None: memory off)
    memory: MergeResult | None = None
    #: what the run has to say besides the report (a manifest of an earlier version was not read)
    notes: list[str] = dataclasses.field(default_factory=list)


def _targets(targets: str | Sequence[str]) -> tuple[str, ...]:
    items = targets.split(",") if isinstance(targets, str) else list(targets)
    found = tuple(t.strip() for t in items if t and t.strip())
    if not found:
        raise InputError("no target language given")
    return found


def _glossaries(glossaries: Iterable[Glossary | str | os.PathLike[str]]) -> tuple[Glossary, ...]:
    return tuple(g if isinstance(g, Glossary) else Glossary.load(Path(g)) for g in glossaries)


def auto_partitions(documents: int) -> int:
    """Partitions for ``documents`` documents.

    >>> auto_partitions(1), auto_partitions(16), auto_partitions(17), auto_partitions(10_000)
    (1, 1, 2, 625)
    """
    return max(1, math.ceil(documents / DOCS_PER_PARTITION))


def _records_bag(inputs: Any, partitions: int | None, output: str | None) -> Any:
    db = _dask()
    if isinstance(inputs, db.Bag):
        bag = inputs.map(lambda item: item if isinstance(item, Record) else record_from_mapping(item))
        return bag.repartition(partitions) if partitions else bag
    records = discover(inputs, exclude=output)
    count = min(len(records), partitions or auto_partitions(len(records)))
    return db.from_sequence(records, npartitions=count)


def translate_corpus(
    inputs: Any,
    targets: str | Sequence[str],
    *,
    glossaries: Iterable[Glossary | str | os.PathLike[str]] = (),
    engine: str = "auto",
    output: str | os.PathLike[str] | None = None,
    partitions: int | None = None,
    client: Any = None,
    progress: Callable[[int], None] | None = None,
    **options: Any,
) -> CorpusResult | dask.bag.Bag:
    """Translate every document of ``inputs`` into ``targets``.

    ``inputs``: a folder, a glob, an fsspec URL (or a list of them), or a
    ``dask.bag`` of records (dicts with ``id`` and ``text``, optionally
    ``format``, ``lang`` and metadata). ``options`` are ``PressConfig``
    fields. With ``output`` (a local folder) the run computes at once (on
    ``client``, or the default Dask scheduler) and returns a
    :class:`CorpusResult`; ``progress(n)`` is called as partitions of ``n``
    documents finish. Without it, a lazy bag of result rows comes back.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "a.txt").write_text("The OSCE mission ended.", encoding="utf-8")
    >>> bag = translate_corpus(str(root), "pt", engine="bergamot", source="en", memory=False)
    >>> [row["translations"]["pt"] for row in bag.compute(scheduler="sync")]
    ['A missão da OSCE terminou.']
    """
    if partitions is not None and partitions < 1:
        raise InputError(f"partitions must be at least 1, not {partitions}")
    spec = CorpusSpec(_targets(targets), _glossaries(glossaries), engine, dict(options),
                      None if output is None else str(Path(output).resolve()))
    memory = None
    if output is not None and options.get("memory", True):
        # workers read a snapshot of the memory and write deltas of their own; the
        # client merges them at the end: no SQLite file is written by several machines
        state = Path(output) / STATE_FOLDER / "memory"
        state.mkdir(parents=True, exist_ok=True)
        cache = Path(options.get("cache_dir") or default_cache_dir())
        cache.mkdir(parents=True, exist_ok=True)
        memory = TranslationMemory(cache / "tm.sqlite3")
        snapshot = memory.snapshot(state / "snapshot.sqlite3")
        spec = dataclasses.replace(spec, memory_snapshot=str(snapshot.resolve()),
                                   delta_folder=str((state / "deltas").resolve()))
    elif output is None:
        # a lazy bag has no end step to merge deltas in: its workers use no memory
        spec = dataclasses.replace(spec, options={**spec.options, "memory": False})
    bag = _records_bag(inputs, partitions, spec.output).map_partitions(run_partition, spec)
    if output is None:
        lazy: dask.bag.Bag = bag
        return lazy
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    note = Manifest(out).prepare()
    try:
        rows = _unclaimed(_compute(bag, client, progress), out)
        merged = None
        if memory is not None:
            assert spec.delta_folder is not None
            # every partition flushed its worker's new rows before it reported done
            deltas = Path(spec.delta_folder)
            merged = merge_deltas(memory, [deltas], remove=True) if deltas.is_dir() else None
    finally:
        if memory is not None:
            memory.close()
    report = CorpusReport.from_rows(rows)
    state_folder = out / STATE_FOLDER
    state_folder.mkdir(exist_ok=True)
    atomic_write_bytes(state_folder / "report.json", (report.to_json() + "\n").encode("utf-8"))
    return CorpusResult(rows, report, out, merged, [note] if note else [])



def _unclaimed(rows: list[dict[str, Any]], out: Path) -> list[dict[str, Any]]:
    """Fail the documents whose outputs collide (ids ``a`` and ``a.txt``, or one id twice).

    Such documents overwrote each other's translation, so none of them may
    claim to be done: their manifest entries and the contested files are
    removed (a rerun with distinct ids does them again), and each row says why.
    """
    owners: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        for rel in (row.get("outputs") or {}).values():
            owners.setdefault(rel, []).append(i)
    contested = {rel: found for rel, found in owners.items() if len(found) > 1}
    if not contested:
        return rows
    manifest = Manifest(out)
    rows = list(rows)
    for rel, found in sorted(contested.items()):
        names = ", ".join(sorted({str(rows[i]["id"]) for i in found}))
        for i in found:
            manifest.forget(str(rows[i]["id"]))
            rows[i] = {"id": rows[i]["id"], "status": "failed",
                       "error": f"error: output {rel} is claimed by {len(found)} documents ({names}); "
                                "give each document its own id"}
        (out / rel).unlink(missing_ok=True)
    return rows


def _compute(bag: Any, client: Any, progress: Callable[[int], None] | None) -> list[dict[str, Any]]:
    parts = bag.to_delayed()
    if client is None:
        try:
            from distributed import default_client

            client = default_client()
        except (ImportError, ValueError):
            client = None
    if client is None:
        from dask.base import compute

        results = compute(*parts)
        rows = [row for part in results for row in part]
        if progress is not None:
            progress(len(rows))
        return rows
    from distributed import as_completed

    futures = client.compute(parts)
    index = {future.key: i for i, future in enumerate(futures)}
    done: dict[int, list[dict[str, Any]]] = {}
    for future in as_completed(futures):
        part = future.result()
        done[index[future.key]] = part
        if progress is not None:
            progress(len(part))
    return [row for i in sorted(done) for row in done[i]]
