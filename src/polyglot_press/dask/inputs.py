"""Corpus inputs: a folder, a glob, an fsspec URL, or records, as a sorted list of :class:`Record`.

A record is one document: an ``id`` (for files, the path relative to the
folder or glob root, which the output tree mirrors), its text or where to
read it, its format, an optional language and free metadata. Files are
listed and read through fsspec, so ``s3://bucket/releases/`` and
``gcs://...`` work where the matching fsspec back end (s3fs, gcsfs) is
installed; local paths need nothing more.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "2024").mkdir()
>>> _ = (root / "2024" / "a.md").write_text("# A", encoding="utf-8")
>>> _ = (root / "notes.bin").write_bytes(b"ignored")
>>> [(r.id, r.format) for r in discover(str(root))]
[('2024/a.md', 'markdown')]
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..batch import is_hidden
from ..errors import InputError, MissingDependencyError, PolyglotPressError, UnknownFormatError
from ..formats import format_for_path

__all__ = ["Record", "discover", "read_record_bytes", "record_from_mapping"]

_GLOB = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Record:
    """One document of a corpus.

    ``text`` is the document itself when it was given inline (records of a
    bag or a DataFrame); otherwise ``url`` says where to read it. ``format``
    is a reader name (``text``, ``markdown``, ...); ``lang`` the source
    language if known.
    """

    id: str
    text: str | None = None
    url: str | None = None
    format: str | None = None
    lang: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def source_hash(self, data: bytes) -> str:
        """SHA-256 of the document's bytes (the manifest's input hash)."""
        return hashlib.sha256(data).hexdigest()


def record_from_mapping(item: Mapping[str, Any]) -> Record:
    """A record from a dict with ``id`` and ``text`` (``format``, ``lang`` and the rest optional).

    Keys other than ``id``, ``text``, ``url``, ``format`` and ``lang`` are kept as metadata.

    >>> record_from_mapping({"id": "r1", "text": "Hello.", "source": "wire"}).metadata
    {'source': 'wire'}
    """
    if not isinstance(item, Mapping):
        raise InputError(f"a corpus record must be a mapping with 'id' and 'text', got {type(item).__name__}")
    if "id" not in item or not isinstance(item["id"], str) or not item["id"]:
        raise InputError(f"a corpus record needs a non-empty string 'id': {dict(item)!r:.120}")
    text, url = item.get("text"), item.get("url")
    if (text is None) == (url is None):
        raise InputError(f"record {item['id']!r}: give exactly one of 'text' or 'url'")
    if text is not None and not isinstance(text, str):
        raise InputError(f"record {item['id']!r}: 'text' must be a string, got {type(text).__name__}")
    known = {"id", "text", "url", "format", "lang"}
    return Record(item["id"], text, url, item.get("format") or None, item.get("lang") or None,
                  {k: v for k, v in item.items() if k not in known})


def _filesystem(url: str) -> tuple[Any, str]:
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(url)
    except ImportError as exc:
        raise MissingDependencyError(
            f"{url}: reading this location needs an fsspec back end that is not installed ({exc}); "
            "for example: pip install s3fs (s3://) or gcsfs (gcs://)") from None
    except ValueError as exc:
        raise InputError(f"{url}: not a location fsspec can open ({exc})") from None
    return fs, path


def _readable(path: str) -> str | None:
    try:
        return format_for_path(path).name
    except UnknownFormatError:
        return None


def discover(inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
             exclude: str | os.PathLike[str] | None = None) -> list[Record]:
    """The documents under ``inputs`` (folders walked, globs expanded), sorted by id.

    As ``polyglot-press translate DIR`` walks a folder: files whose suffix no
    reader knows, hidden files and folders (``.git``, a run's state) and the
    local folder ``exclude`` (the output, when it lies inside the input) are
    left out of folders and globs; a file named directly must be readable. A
    location with nothing to read is an error naming it.
    """
    skip = None if exclude is None else os.path.realpath(exclude) + os.sep
    items = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    records: dict[str, Record] = {}
    for item in items:
        url = os.fspath(item)
        fs, path = _filesystem(url)
        protocol = url.split("://", 1)[0] + "://" if "://" in url else ""
        walked = True
        if _GLOB & set(path):
            root = path[: min(path.index(c) for c in _GLOB if c in path)].rsplit("/", 1)[0]
            found = sorted(fs.glob(path))
        elif fs.isdir(path):
            root = path.rstrip("/")
            found = sorted(fs.find(path))
        elif fs.exists(path):
            root = posixpath.dirname(path)
            fmt = _readable(path)
            if fmt is None:
                format_for_path(path)  # raises the error listing the formats
            found = [path]
            walked = False
        else:
            raise InputError(f"{url}: no such file, folder or glob match")
        added = 0
        for file in found:
            fmt = _readable(file)
            if fmt is None or fs.isdir(file):
                continue
            rel = posixpath.relpath(file, root) if root else file
            if walked and (is_hidden(rel) or (skip is not None and not protocol
                                              and os.path.realpath(file).startswith(skip))):
                continue
            where = protocol + file if protocol else file
            known = records.get(rel)
            if known is not None and known.url != where:  # one would silently replace the other
                raise InputError(f"two documents have the id {rel!r}: both {known.url} and {where}; "
                                 "give their common parent folder instead")
            records[rel] = Record(rel, url=where, format=fmt)
            added += 1
        if not added:
            raise InputError(f"{url}: no document with a suffix a reader knows")
    return [records[k] for k in sorted(records)]


def read_record_bytes(record: Record) -> bytes:
    """The bytes of a record's document (its text as UTF-8, or the file at its URL)."""
    if record.text is not None:
        return record.text.encode("utf-8", "surrogatepass")
    assert record.url is not None
    fs, path = _filesystem(record.url)
    try:
        data: bytes = fs.cat_file(path)
    except FileNotFoundError:
        raise InputError(f"{record.url}: no such file") from None
    except OSError as exc:
        raise InputError(f"{record.url}: cannot read: {exc}") from None
    except PolyglotPressError:
        raise
    return data
