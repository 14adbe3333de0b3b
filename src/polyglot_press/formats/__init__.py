"""Document formats: a registry of readers by name and file suffix.

Every format parses decoded text into blocks of segments (spans into that
text). Text formats (plain text, Markdown, HTML, subtitles) write the text
itself, with the BOM if there was one, which is what makes the round trip
exact. Container formats (XLIFF, PO, JSON, DOCX) *extract* a view: the
translatable strings, one unit each, decoded; the file itself stays in the
document's ``origin`` and the format's ``write`` puts changed units back into
it (into ``<target>``, ``msgstr``, the JSON value, the Word runs), so an
unchanged document writes the file it was read from, byte for byte.

>>> get_format("md").name
'markdown'
>>> format_for_path("notes.txt").name
'text'
>>> sorted(available_formats())
['docx', 'html', 'json', 'markdown', 'po', 'srt', 'text', 'vtt', 'xliff']
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from .._files import decode_bytes, read_file_bytes
from ..errors import UnknownFormatError
from .spec import Format

__all__ = [
    "Format",
    "available_formats",
    "decode_bytes",
    "format_for_path",
    "get_format",
    "read_file_bytes",
    "read_source",
    "register_format",
]

_REGISTRY: dict[str, Format] = {}


def register_format(fmt: Format) -> None:
    """Register ``fmt`` under its name and aliases (a later registration wins)."""
    for key in (fmt.name, *fmt.aliases):
        _REGISTRY[key.lower()] = fmt


def available_formats() -> dict[str, Format]:
    """Registered formats by canonical name."""
    _register_builtins()
    return {fmt.name: fmt for fmt in _REGISTRY.values()}


def _known() -> str:
    lines = [
        f"{fmt.name} ({', '.join(s or '(no suffix)' for s in fmt.suffixes)})"
        for fmt in available_formats().values()
    ]
    return "; ".join(sorted(lines))


def get_format(name: str) -> Format:
    """The format registered as ``name`` (case-insensitive, aliases allowed)."""
    _register_builtins()
    fmt = _REGISTRY.get(name.lower().lstrip(".")) if isinstance(name, str) else None
    if fmt is None:
        raise UnknownFormatError(
            f"unknown format {name!r}; known formats: {_known()}"
        )
    return fmt


def format_for_path(path: str | os.PathLike[str]) -> Format:
    """The format for a file name, by its suffix."""
    suffix = PurePath(path).suffix.lower()
    for fmt in available_formats().values():
        if suffix in fmt.suffixes:
            return fmt
    raise UnknownFormatError(
        f"no reader for files ending in {suffix or '(no suffix)'!r}; known formats: "
        f"{_known()}; pass format=... (CLI: --input-format) to choose one",
        path=str(path),
    )


def read_source(path: str | os.PathLike[str], format: str | None = None) -> tuple[str, bool, Format]:
    """Read a document file: (decoded text, whether it had a BOM, its format).

    The format comes from ``format`` if given, else from the file's suffix.
    Errors name the file (and the line and column of bad bytes).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "note.md"
    >>> _ = path.write_bytes(b"# Hi\\n")
    >>> text, bom, fmt = read_source(path)
    >>> text, bom, fmt.name
    ('# Hi\\n', False, 'markdown')
    """
    file = Path(path)
    data = read_file_bytes(file, kind="document file")
    fmt = get_format(format) if format else format_for_path(file)
    text, bom = decode_bytes(data, path=str(file))
    return text, bom, fmt


_BUILTINS_LOADED = False


def _register_builtins() -> None:
    # Imported on first use: the readers import the document model, which
    # imports this package.
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    _BUILTINS_LOADED = True
    from . import docx, html, jsonfile, markdown, plain, po, subtitles, xliff

    register_format(Format("text", (".txt", ".text", ""), plain.parse, aliases=("plain", "txt")))
    register_format(
        Format("markdown", (".md", ".markdown", ".mdown", ".mkd"), markdown.parse, aliases=("md",))
    )
    for fmt in (html.FORMAT, xliff.FORMAT, po.FORMAT, jsonfile.FORMAT, *subtitles.FORMATS,
                docx.FORMAT):
        register_format(fmt)

