"""The run manifest: what is done, so a rerun skips it and a changed glossary redoes only what it touches.

Each finished document gets one small JSON file under
``<output>/.polyglot-press/manifest/`` (and its report beside it, for the
combined report of a run that skips it), written atomically *after* its
translations, so a worker killed mid-document leaves no entry and the
document is simply done again. An entry records the input's SHA-256, the
digest of the run's configuration (engine, targets, options, package
version, and the document's format and declared language), its outputs
and the digest of the glossary concepts the document mentions (as written,
or through name normalization: a misspelt or romanized name counts):
changing a concept that a document never mentions leaves its entry valid.

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
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .._files import atomic_write_bytes

__all__ = ["STATE_FOLDER", "Entry", "Manifest", "concepts_digest"]

#: the folder inside an output tree where the run keeps its state
STATE_FOLDER = ".polyglot-press"


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


class Manifest:
    """The manifest folder of an output tree (``<output>/.polyglot-press/manifest``)."""

    def __init__(self, output: str | os.PathLike[str]) -> None:
        self.folder = Path(output) / STATE_FOLDER / "manifest"

    def _path(self, doc_id: str) -> Path:
        return self.folder / (hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:32] + ".json")

    def read(self, doc_id: str) -> Entry | None:
        """The entry of ``doc_id``, or ``None`` (missing or unreadable: the document is redone)."""
        try:
            data = json.loads(self._path(doc_id).read_text(encoding="utf-8"))
            entry = Entry(**data)
        except (OSError, ValueError, TypeError):
            return None
        return entry if entry.id == doc_id else None

    def write(self, entry: Entry) -> None:
        """Record ``entry`` atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self._path(entry.id),
                           json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def forget(self, doc_id: str) -> None:
        """Remove the entry of ``doc_id`` (if any): the document is done again next run."""
        self._path(doc_id).unlink(missing_ok=True)
        self._report_path(doc_id).unlink(missing_ok=True)

    def _report_path(self, doc_id: str) -> Path:
        return self._path(doc_id).with_suffix(".report.json")

    def write_report(self, doc_id: str, report: str) -> None:
        """Keep the report of a finished document (written before its entry), for the
        combined report of a later run that skips it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self._report_path(doc_id), report.encode("utf-8"))

    def read_report(self, doc_id: str) -> str | None:
        """The kept report of ``doc_id``, or ``None``."""
        try:
            return self._report_path(doc_id).read_text(encoding="utf-8")
        except (OSError, ValueError):
            return None

    def entries(self) -> list[Entry]:
        """Every readable entry, sorted by document id."""
        found = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            if path.name.endswith(".report.json"):
                continue
            try:
                found.append(Entry(**json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError):
                continue
        return sorted(found, key=lambda e: e.id)


def concepts_digest(concepts: Iterable[Mapping[str, Any]]) -> str:
    """A digest of glossary concepts (their JSON forms), independent of their order."""
    canonical = sorted(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in concepts)
    return hashlib.sha256("\n".join(canonical).encode("utf-8")).hexdigest()
