"""The manifest of an output tree: what is done, so a rerun skips it.

One manifest serves ``polyglot-press translate DIR -o OUT`` and the corpus
runner (``polyglot_press.dask``, ``polyglot-press corpus translate``): a
folder translated by one is resumed by the other with the same settings.
Each finished document gets one small JSON file under
``OUT/.polyglot-press/manifest/`` (and its report beside it, so the
combined report of a run that skips it is whole), written atomically
*after* its translations: a process killed mid-document leaves no entry,
and the document is simply done again. One file per document means
workers on many machines never rewrite a shared file.

An entry records the input's SHA-256, the digest of the configuration
(:func:`config_digest`: targets, engine, pipeline options, read options,
glossary names, package version, the document's format and declared
language), its outputs and the digest of the glossary concepts the
document mentions (:func:`concepts_digest`): changing a concept that a
document never mentions leaves its entry valid.

Manifests of earlier versions (``OUT/.polyglot-press-manifest.json`` of
``translate DIR``, and corpus entries without a ``version``) are not
read: their digests hashed other things, so they cannot say whether a
document was made with today's settings. :meth:`Manifest.prepare` says so
in one message; those documents are translated again.

>>> import tempfile, pathlib
>>> m = Manifest(pathlib.Path(tempfile.mkdtemp()))
>>> entry = Entry("a.txt", "in", "cfg", "terms", {"pt": "a.pt.txt"})
>>> m.write(entry); m.read("a.txt") == entry
True
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._files import atomic_write_bytes

if TYPE_CHECKING:
    from ..formats.blocks import ReadOptions
    from ..glossary import Glossary
    from ..press import PressConfig

__all__ = ["FORMAT_VERSION", "LEGACY_FILE", "STATE_FOLDER", "Entry", "Manifest", "concepts_digest",
           "config_digest", "document_digest"]

#: the folder inside an output tree where runs keep their state
STATE_FOLDER = ".polyglot-press"
#: the manifest ``translate DIR`` wrote before the manifest was shared (not read)
LEGACY_FILE = ".polyglot-press-manifest.json"
#: the version every entry carries; entries without it are not read
FORMAT_VERSION = 2
_MARKER = "FORMAT"


@dataclass(frozen=True, slots=True)
class Entry:
    """One finished document: its input hash, the digests it was made with, its outputs."""

    id: str
    input_sha256: str
    config_digest: str
    concepts_digest: str
    outputs: Mapping[str, str] = field(default_factory=dict)

    def matches(self, other: Entry) -> bool:
        """Whether ``other`` (the entry a run would write now) needs no new work."""
        return (self.input_sha256, self.config_digest, self.concepts_digest, dict(self.outputs)) == (
            other.input_sha256, other.config_digest, other.concepts_digest, dict(other.outputs))


def _entry(data: Any) -> Entry | None:
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        return None
    try:
        return Entry(**{k: v for k, v in data.items() if k != "version"})
    except TypeError:
        return None


class Manifest:
    """The manifest folder of an output tree (``<output>/.polyglot-press/manifest``)."""

    def __init__(self, output: str | os.PathLike[str]) -> None:
        self.root = Path(output)
        self.folder = self.root / STATE_FOLDER / "manifest"
        self._marked = False

    def _path(self, doc_id: str) -> Path:
        return self.folder / (hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:32] + ".json")

    def prepare(self) -> str | None:
        """A message when a manifest of an earlier version is found (``None``: nothing to say).

        Nothing is written here (a run refused before it starts leaves the
        folder as it was). The first entry written marks the folder as of
        this version and removes the earlier ``translate DIR`` file (it is
        superseded); earlier corpus entries stay where they are and are not
        read (their documents are translated again, and their entries rewritten).
        """
        notes = []
        legacy = self.root / LEGACY_FILE
        if legacy.is_file():
            notes.append(f"{legacy} was written by an earlier version of `translate DIR`; it is not read "
                         "(and is removed)")
        if (self.folder.is_dir() and not (self.folder / _MARKER).is_file()
                and any(self.folder.glob("*.json"))):
            notes.append(f"the manifest entries in {self.folder} were written by an earlier version; "
                         "they are not read")
        if not notes:
            return None
        return "; ".join(notes) + ": the documents they list are translated again"

    def _ready(self) -> None:
        if self._marked:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        marker = self.folder / _MARKER
        if not marker.is_file():
            atomic_write_bytes(marker, f"{FORMAT_VERSION}\n".encode())
        (self.root / LEGACY_FILE).unlink(missing_ok=True)
        self._marked = True

    def read(self, doc_id: str) -> Entry | None:
        """The entry of ``doc_id``, or ``None`` (missing, unreadable or of an earlier version: redo it)."""
        try:
            entry = _entry(json.loads(self._path(doc_id).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return None
        return entry if entry is not None and entry.id == doc_id else None

    def write(self, entry: Entry) -> None:
        """Record ``entry`` atomically."""
        self._ready()
        body = {"version": FORMAT_VERSION, **asdict(entry)}
        atomic_write_bytes(self._path(entry.id),
                           json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def forget(self, doc_id: str) -> None:
        """Remove the entry of ``doc_id`` (if any): the document is done again next run."""
        self._path(doc_id).unlink(missing_ok=True)
        self._report_path(doc_id).unlink(missing_ok=True)

    def _report_path(self, doc_id: str) -> Path:
        return self._path(doc_id).with_suffix(".report.json")

    def write_report(self, doc_id: str, report: str) -> None:
        """Keep the report of a finished document (written before its entry), for the
        combined report of a later run that skips it."""
        self._ready()
        atomic_write_bytes(self._report_path(doc_id), report.encode("utf-8"))

    def read_report(self, doc_id: str) -> str | None:
        """The kept report of ``doc_id``, or ``None``."""
        try:
            return self._report_path(doc_id).read_text(encoding="utf-8")
        except (OSError, ValueError):
            return None

    def entries(self) -> list[Entry]:
        """Every readable entry of this version, sorted by document id."""
        found = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            if path.name.endswith(".report.json"):
                continue
            try:
                entry = _entry(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
            if entry is not None:
                found.append(entry)
        return sorted(found, key=lambda e: e.id)


def concepts_digest(concepts: Iterable[Mapping[str, Any]]) -> str:
    """A digest of glossary concepts (their JSON forms), independent of their order."""
    canonical = sorted(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in concepts)
    return hashlib.sha256("\n".join(canonical).encode("utf-8")).hexdigest()


def _package_version() -> str:
    try:
        return version("polyglot-press")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def config_digest(targets: Sequence[str], config: PressConfig, glossaries: Sequence[Glossary],
                  read_options: ReadOptions, extra: Mapping[str, Any] | None = None) -> str:
    """What a run's translations depend on besides each document's bytes, format,
    declared language (:func:`document_digest`) and the concepts it mentions.

    Computed from the effective :class:`~polyglot_press.press.PressConfig`, not
    from how it was spelt, so ``translate DIR`` and a corpus run with the same
    settings agree. ``batch_size`` and ``cache_dir`` are left out (they change
    no output); each glossary counts by its name and its fields other than
    concepts (concepts count per document, in :func:`concepts_digest`).
    """
    data = {
        "version": _package_version(),
        "targets": list(targets),
        "engine": config.engine,
        "source": config.source,
        "pipeline": list(config.pipeline),
        "memory": config.memory,
        "n_best": config.n_best,
        "replace_forbidden": config.replace_forbidden,
        "replace_aligned": config.replace_aligned,
        "protect": config.protect,
        "read": [read_options.lang, read_options.protect_numbers, read_options.encoding,
                 read_options.line_length],
        "glossaries": [{k: v for k, v in g.to_dict().items() if k != "concepts"} for g in glossaries],
        "extra": {k: repr(v) for k, v in sorted((extra or {}).items())},
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr)
                          .encode("utf-8")).hexdigest()


def document_digest(config: str, fmt: str, lang: str | None) -> str:
    """The configuration digest of one document: the run's (:func:`config_digest`), its
    format (the reader changes the translation as much as the options do) and its
    declared language.

    >>> document_digest("cfg", "html", None) != document_digest("cfg", "text", None)
    True
    """
    return hashlib.sha256(json.dumps([config, fmt, lang]).encode("utf-8")).hexdigest()
