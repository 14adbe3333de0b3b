"""Reading and writing glossary files: bytes, UTF-8 text, atomic writes.

Thin wrappers over :mod:`polyglot_press._files` (the library's one file
reader, decoder and atomic writer) that add what glossaries need: UTF-16 with
a byte order mark (Excel's "Unicode text") and glossary wording in errors.

>>> import tempfile, os
>>> p = os.path.join(tempfile.mkdtemp(), "g.csv")
>>> atomic_write_text(p, "en,de\\nOSCE,OSZE\\n")
>>> read_text(p).splitlines()[1]
'OSCE,OSZE'
"""

from __future__ import annotations

from pathlib import Path

from .._files import atomic_write_bytes, decode_bytes, read_file_bytes
from ..errors import FileAccessError, GlossaryError, InputError

__all__ = ["atomic_write_text", "read_bytes", "read_text", "same_file"]


def read_bytes(path: str | Path) -> bytes:
    """Read a file's bytes; clear errors for missing files and directories."""
    return read_file_bytes(path, kind="glossary file")


# UTF-32 first: its little-endian mark starts with UTF-16's
_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
              (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file (BOM stripped), or UTF-16 or UTF-32 with its BOM
    (Excel's "Unicode text" is UTF-16); clear errors for missing or bad files,
    and for UTF-16/32 without a BOM (:func:`polyglot_press._files.decode_bytes`)."""
    data = read_bytes(path)
    wide = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)
    if wide is not None:
        try:
            return data.decode(wide).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise GlossaryError(f"invalid {wide.upper()} at byte {exc.start}; save the file "
                                "as UTF-8", path=str(path)) from None
    try:
        return decode_bytes(data, path=str(path))[0]
    except InputError as exc:  # the same message, as a glossary error
        raise GlossaryError(exc.message, path=exc.path, line=exc.line,
                            column=exc.column) from None


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (temp file + fsync + rename).

    The work is :func:`polyglot_press._files.atomic_write_bytes`: a crash
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


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether ``a`` and ``b`` are one file (through links and relative paths).

    >>> same_file("g.yaml", "./g.yaml")
    True
    """
    pa, pb = Path(a), Path(b)
    try:
        if pa.exists() and pb.exists():
            return pa.samefile(pb)
    except OSError:
        pass
    return pa.resolve() == pb.resolve()
