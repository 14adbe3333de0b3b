"""Document formats: a registry of readers by name and file suffix.

Every format parses decoded text into blocks of segments (spans into that
text); writing is the same for all of them (the text itself, with the BOM if
there was one), which is what makes the round trip exact.

>>> get_format("md").name
'markdown'
>>> format_for_path("notes.txt").name
'text'
>>> sorted(available_formats())
['markdown', 'text']
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from ..errors import FileAccessError, InputError, UnknownFormatError

if TYPE_CHECKING:
    from ..document import Block, ReadOptions

__all__ = [
    "Format",
    "available_formats",
    "decode_bytes",
    "format_for_path",
    "get_format",
    "read_file_bytes",
    "register_format",
]

Parser = Callable[[str, "ReadOptions"], "tuple[Block, ...]"]


@dataclass(frozen=True, slots=True)
class Format:
    """A document format: its name, aliases, file suffixes and parser."""

    name: str
    suffixes: tuple[str, ...]
    parse: Parser
    aliases: tuple[str, ...] = ()


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


def read_file_bytes(path: str | os.PathLike[str], *, kind: str = "file") -> bytes:
    """The bytes of ``path``; a directory, a missing or an unreadable file raises
    :class:`~polyglot_press.errors.FileAccessError` naming it (``kind`` says what
    was expected there, for the message)."""
    file = Path(path)
    if file.is_dir():
        raise FileAccessError(f"{path}: is a directory, not a {kind}")
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise FileAccessError(f"{path}: no such file") from None
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot read: {exc.strerror or exc}") from None


def decode_bytes(data: bytes, *, path: str | None = None) -> tuple[str, bool]:
    """Decode UTF-8 ``data``; return (text without BOM, whether it had a BOM).

    Invalid bytes raise :class:`~polyglot_press.errors.InputError` naming the
    line and column of the first bad byte.

    >>> decode_bytes(b"\\xef\\xbb\\xbfhi\\r\\n")
    ('hi\\r\\n', True)
    """
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        bad = body[exc.start : exc.end].hex(" ")
        hint = (
            "the file looks like UTF-16; convert it to UTF-8"
            if body[:2] in (b"\xff\xfe", b"\xfe\xff")
            else "the file is not UTF-8; convert it (for example: iconv -f cp1251 -t utf-8)"
        )
        raise InputError(
            f"invalid UTF-8 byte(s) {bad}: {hint}", path=path, line=line, column=column
        ) from None


_BUILTINS_LOADED = False


def _register_builtins() -> None:
    # Imported on first use: the readers import the document model, which
    # imports this package.
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    _BUILTINS_LOADED = True
    from . import markdown, plain

    register_format(Format("text", (".txt", ".text", ""), plain.parse, aliases=("plain", "txt")))
    register_format(
        Format("markdown", (".md", ".markdown", ".mdown", ".mkd"), markdown.parse, aliases=("md",))
    )

