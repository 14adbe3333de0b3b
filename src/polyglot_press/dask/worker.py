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

import dataclasses
import hashlib
import json
import os
import posixpath
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .._files import atomic_write_bytes, decode_bytes
from ..document import Document
from ..errors import InputError, PolyglotPressError
from ..formats import format_for_path, get_format
from ..glossary import Glossary
from ..glossary.matcher import GlossaryMatcher
from ..names import normalize_names
from ..press import Press, Result
from ..tm import DeltaWriter
from .inputs import Record, read_record_bytes
from .manifest import Entry, Manifest, concepts_digest

__all__ = ["CorpusSpec", "press_for", "run_partition"]


def _package_version() -> str:
    try:
        return version("polyglot-press")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


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

    def config_digest(self) -> str:
        """What a document's translation depends on besides its text and its concepts."""
        data = {"targets": list(self.targets), "engine": self.engine,
                "options": {k: repr(v) for k, v in sorted(self.options.items())},
                "version": _package_version(),
                "glossaries": [g.name for g in self.glossaries]}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()

    def press_key(self) -> str:
        """The key of this spec's ``Press`` in a worker process."""
        digests = [g.digest() for g in self.glossaries]
        return hashlib.sha256(json.dumps([self.config_digest(), digests]).encode("utf-8")).hexdigest()


_lock = threading.Lock()
_presses: dict[str, tuple[Press, list[GlossaryMatcher], dict[str, dict[str, Any]]]] = {}


def press_for(spec: CorpusSpec) -> Press:
    """The worker process's ``Press`` for ``spec``, built on first use (models load once per process)."""
    return _built(spec)[0]


def _built(spec: CorpusSpec) -> tuple[Press, list[GlossaryMatcher], dict[str, dict[str, Any]]]:
    key = spec.press_key()
    with _lock:
        found = _presses.get(key)
        if found is None:
            store = None
            if spec.delta_folder is not None and spec.options.get("memory", True):
                store = DeltaWriter(spec.delta_folder, spec.memory_snapshot)
            press = Press(spec.glossaries, engine=spec.engine, memory_store=store, **dict(spec.options))
            matchers = [GlossaryMatcher(g) for g in spec.glossaries]
            concepts = {f"{g.name}:{c['id']}": c for g in spec.glossaries for c in g.to_dict()["concepts"]}
            found = _presses[key] = (press, matchers, concepts)
        return found


def output_path(doc_id: str, lang: str, fmt: str) -> str:
    """Where the ``lang`` translation of document ``doc_id`` goes, relative to the output folder.

    >>> output_path("2024/march/release.md", "pt", "markdown")
    '2024/march/release.pt.md'
    >>> output_path("wire-17", "de", "text")
    'wire-17.de.txt'
    """
    clean = posixpath.normpath(doc_id.replace("\\", "/"))
    if clean.startswith(("/", "../")) or clean in ("..", ".") or ":" in clean.split("/")[0]:
        raise InputError(f"document id {doc_id!r} would be written outside the output folder")
    stem, suffix = posixpath.splitext(clean)
    if not suffix:
        suffix = get_format(fmt).suffixes[0] or ".txt"
    return f"{stem}.{lang}{suffix}"


def _inside(root: Path, rel: str) -> Path:
    """``root / rel``, refused when a symlinked folder on the way leads out of ``root``."""
    path = root / rel
    real_root = root.resolve()
    real = path.parent.resolve() / path.name
    if not real.is_relative_to(real_root):
        raise InputError(f"{rel} would be written outside the output folder {root} "
                         f"(through a symbolic link, to {real})")
    return path


def _mentioned(text: str, lang: str | None, spec: CorpusSpec,
               matchers: Sequence[GlossaryMatcher]) -> set[str]:
    """The concepts (``glossary:id``) a document names: as written, or as name
    normalization rewrites it (a misspelt or romanized name, a homoglyph), so a
    change to a concept the pipeline will find redoes the document."""
    found: set[str] = set()
    for matcher, glossary in zip(matchers, spec.glossaries, strict=True):
        seen = [text]
        if glossary.concepts:
            normalized = normalize_names(text, glossary, lang if isinstance(lang, str) else None)
            if normalized.changes:
                seen.append(normalized.text)
        found.update(f"{glossary.name}:{m.concept_id}" for part in seen for m in matcher.find(part))
    return found


@dataclass
class _Todo:
    record: Record
    doc: Document
    entry: Entry
    started: float


def _prepare(record: Record, spec: CorpusSpec, matchers: Sequence[GlossaryMatcher],
             concepts: Mapping[str, Mapping[str, Any]], manifest: Manifest | None) -> _Todo | dict[str, Any]:
    started = time.perf_counter()
    data = read_record_bytes(record)
    text, bom = decode_bytes(data, path=record.url or record.id)
    fmt = record.format or format_for_path(record.id).name
    mentioned = (set() if manifest is None  # no manifest: nothing to skip, no digest needed
                 else _mentioned(text, record.lang or spec.options.get("source"), spec, matchers))
    # the reader and the declared language change the translation as much as the options do
    digest = hashlib.sha256(json.dumps([spec.config_digest(), fmt, record.lang]).encode("utf-8"))
    entry = Entry(record.id, hashlib.sha256(data).hexdigest(), digest.hexdigest(),
                  concepts_digest(concepts[k] for k in sorted(mentioned) if k in concepts),
                  {lang: output_path(record.id, lang, fmt) for lang in spec.targets} if manifest else {})
    if manifest is not None:
        done = manifest.read(record.id)
        assert spec.output is not None
        if done is not None and done.matches(entry) and all(
                (Path(spec.output) / p).is_file() for p in done.outputs.values()):
            row: dict[str, Any] = {"id": record.id, "status": "skipped", "outputs": dict(done.outputs),
                   "seconds": time.perf_counter() - started}
            report = manifest.read_report(record.id)
            if report is not None:
                row["report"] = report  # the combined report covers skipped documents too
            return row
    doc = Document.from_text(text, fmt, path=record.id, bom=bom)
    if record.lang:
        doc = dataclasses.replace(doc, lang=record.lang)
    return _Todo(record, doc, entry, started)


def _failed(record: Record, exc: BaseException) -> dict[str, Any]:
    kind = "error" if isinstance(exc, PolyglotPressError) else f"unexpected {type(exc).__name__}"
    return {"id": record.id, "status": "failed", "error": f"{kind}: {exc}"}


def _finish(todo: _Todo, result: Result, spec: CorpusSpec, manifest: Manifest | None,
            seconds: float) -> dict[str, Any]:
    row: dict[str, Any] = {"id": todo.record.id, "status": "done", "seconds": seconds,
                           "report": result.report.to_json(indent=None)}
    if manifest is None:
        row["translations"] = {lang: result[lang].text for lang in spec.targets}
        return row
    assert spec.output is not None
    paths = {lang: _inside(Path(spec.output), rel) for lang, rel in todo.entry.outputs.items()}
    for lang, path in paths.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, result[lang].to_bytes())
    manifest.write_report(todo.entry.id, row["report"])
    manifest.write(todo.entry)
    row["outputs"] = dict(todo.entry.outputs)
    return row


def run_partition(records: Iterable[Record], spec: CorpusSpec) -> list[dict[str, Any]]:
    """Translate one partition; one row per record, in the records' order.

    ``records`` may be any iterable: a Dask bag hands a partition over as a
    one-pass iterator, so it is read into a list first.
    """
    records = list(records)
    press, matchers, concepts = _built(spec)
    manifest = Manifest(spec.output) if spec.output is not None else None
    rows: dict[int, dict[str, Any]] = {}  # by position: ids may repeat
    todo: list[tuple[int, _Todo]] = []
    for position, record in enumerate(records):
        try:
            prepared = _prepare(record, spec, matchers, concepts, manifest)
        except Exception as exc:  # one bad document never loses the others
            rows[position] = _failed(record, exc)
            continue
        if isinstance(prepared, dict):
            rows[position] = prepared
        else:
            todo.append((position, prepared))
    if todo:
        started = time.perf_counter()
        try:
            results = list(press.pipe([t.doc for _, t in todo], list(spec.targets)))
        except Exception:
            results = []  # find the culprit: every document alone
        if results:
            sizes = [max(1, sum(1 for _ in t.doc.iter_segments())) for _, t in todo]
            elapsed = time.perf_counter() - started
            for (position, t), result, size in zip(todo, results, sizes, strict=True):
                share = elapsed * size / sum(sizes)
                try:
                    rows[position] = _finish(t, result, spec, manifest, share)
                except Exception as exc:
                    rows[position] = _failed(t.record, exc)
        else:
            for position, t in todo:
                begun = time.perf_counter()
                try:
                    result = press.translate(t.doc, list(spec.targets))
                    rows[position] = _finish(t, result, spec, manifest, time.perf_counter() - begun)
                except Exception as exc:
                    rows[position] = _failed(t.record, exc)
    if isinstance(press.memory_store, DeltaWriter):
        press.memory_store.flush()  # this partition's new rows are on disk before it reports done
    return [rows[i] for i in range(len(records))]


def worker_pid() -> int:
    """The worker process's id (tests kill a worker with it)."""
    return os.getpid()
