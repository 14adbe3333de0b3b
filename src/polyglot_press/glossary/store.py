"""Safe glossary files: atomic writes and a cross-process lock.

Writes go to a temporary file in the same directory, are flushed to disk and
then renamed over the target (:func:`atomic_write_text`), so a crash mid-write
leaves the old file intact. :func:`edit_glossary` holds a lock file
(``NAME.lock``, via ``filelock``) while it reads, changes and writes, so two
processes editing the same glossary at once lose no edit.

>>> import tempfile, os
>>> from polyglot_press.glossary.model import Concept, Glossary, Term
>>> d = tempfile.mkdtemp()
>>> p = os.path.join(d, "g.yaml")
>>> Glossary("demo", languages=("en",)).save(p)
>>> with edit_glossary(p) as edit:
...     edit.glossary = edit.glossary.with_concept(Concept("cec", terms=(Term("en", "CEC"),)))
>>> [c.id for c in read_glossary(p).concepts]
['cec']
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from .._files import atomic_write_bytes
from ..errors import FileAccessError, GlossaryError
from .model import Glossary

__all__ = [
    "GlossaryEdit",
    "atomic_write_text",
    "edit_glossary",
    "lock_for",
    "read_bytes",
    "read_glossary",
    "read_text",
    "replace_glossary",
    "save_yaml",
]

LOCK_TIMEOUT = 60.0


def read_bytes(path: str | Path) -> bytes:
    """Read a file's bytes; clear errors for missing files and directories."""
    from .._files import read_file_bytes

    return read_file_bytes(path, kind="glossary file")


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file (BOM stripped), or UTF-16 with its BOM (Excel's
    "Unicode text"); clear errors for missing or bad files."""
    data = read_bytes(path)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise GlossaryError(f"invalid UTF-16 at byte {exc.start}; save the file as UTF-8",
                                path=str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(f"invalid UTF-8 at byte {exc.start}; save the file as UTF-8",
                            path=str(path), line=line) from None
    return text.removeprefix("\ufeff")


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (temp file + fsync + rename).

    The work is :func:`polyglot_press.document.atomic_write_bytes`: a crash
    mid-write leaves the old file intact, an existing file keeps its mode and a
    new one gets the usual umask mode.
    """
    target = Path(path)
    if target.is_dir():
        raise FileAccessError(f"{path}: is a directory, not a glossary file")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise GlossaryError(f"{path}: cannot write character {exc.object[exc.start]!r} "
                            "(a lone surrogate) as UTF-8") from None
    atomic_write_bytes(target, data)


def lock_for(path: str | Path) -> FileLock:
    """The lock guarding edits of ``path`` (a ``.lock`` file beside it)."""
    return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)


def read_glossary(path: str | Path) -> Glossary:
    """Read a glossary in any supported format (by suffix)."""
    return Glossary.load(path)


def save_yaml(glossary: Glossary, path: str | Path, *, canonical: bool = False) -> None:
    """Write ``glossary`` to ``path`` as YAML, atomically.

    When ``path`` exists its comments, key order and styles are kept: only the
    nodes whose meaning changed are rewritten.
    """
    from .io_yaml import dumps_yaml

    p = Path(path)
    base = read_text(p) if p.exists() else None
    atomic_write_text(p, dumps_yaml(glossary, base=base, canonical=canonical))


def _lockable(path: str | Path) -> Path:
    # check before locking: filelock would create missing folders for its lock file
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise FileAccessError(f"{p}: no such folder {folder}")
    if p.is_dir():
        raise FileAccessError(f"{p}: is a directory, not a glossary file")
    return p


def replace_glossary(glossary: Glossary, path: str | Path) -> None:
    """Write ``glossary`` over ``path`` as YAML, holding the file's lock (import, merge -o).

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "g.yaml")
    >>> replace_glossary(Glossary("demo"), p)
    >>> read_glossary(p).name
    'demo'
    """
    p = _lockable(path)
    try:
        with lock_for(p):
            save_yaml(glossary, p)
    except Timeout:
        raise FileAccessError(
            f"{p}: another process holds {p}.lock for more than {LOCK_TIMEOUT:.0f} s; "
            "if none is running, delete the lock file"
        ) from None


@dataclass
class GlossaryEdit:
    """The open edit inside :func:`edit_glossary`: replace ``glossary`` to change it."""

    path: Path
    glossary: Glossary
    original: Glossary
    canonical: bool = False


@contextlib.contextmanager
def edit_glossary(path: str | Path, *, create: bool = False) -> Iterator[GlossaryEdit]:
    """Lock ``path``, read it, let the caller change it, write it back atomically.

    Nothing is written when the block raises or leaves the glossary unchanged.
    With ``create=True`` a missing file starts as an empty glossary.
    """
    p = _lockable(path)
    if not create and not p.exists():
        raise FileAccessError(f"{p}: no such file")
    try:
        with lock_for(p):
            if p.exists() or not create:
                from .io_yaml import read_yaml

                if p.suffix.lower() not in (".yaml", ".yml"):
                    raise GlossaryError(
                        f"{p}: edits are made to YAML glossaries; import this file first "
                        "with `polyglot-press glossary import`"
                    )
                current = read_yaml(p)
            else:
                current = Glossary(p.stem)
            edit = GlossaryEdit(p, current, current)
            yield edit
            if edit.glossary != edit.original or edit.canonical or not p.exists():
                save_yaml(edit.glossary, p, canonical=edit.canonical)
    except Timeout:
        raise FileAccessError(
            f"{p}: another process holds {p}.lock for more than {LOCK_TIMEOUT:.0f} s; "
            "if none is running, delete the lock file"
        ) from None
