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

from ..errors import FileAccessError, GlossaryError
from .convert import import_glossary
from .files import atomic_write_text, read_bytes, read_text
from .model import Glossary
from .yaml_read import read_yaml
from .yaml_write import save_yaml

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


def lock_for(path: str | Path) -> FileLock:
    """The lock guarding edits of ``path`` (a ``.lock`` file beside it)."""
    return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)


def read_glossary(path: str | Path) -> Glossary:
    """Read a glossary in any supported format (by suffix)."""
    return import_glossary(path).glossary


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
