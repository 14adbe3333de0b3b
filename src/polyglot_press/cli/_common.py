"""Helpers shared by the subcommands: output format, input reading, errors."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class CommandFailed(Exception):
    """Raised by a handler to exit with ``code`` after it printed its own message."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def error(message: str) -> None:
    """Print an error for a person, on stderr."""
    print(f"polyglot-press: error: {message}", file=sys.stderr)


def info(message: str) -> None:
    """Print a message for a person, on stderr."""
    print(message, file=sys.stderr)


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """``--format text|json`` (text is for people, json for programs)."""
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format on stdout (default: text)",
    )


def add_strict_option(parser: argparse.ArgumentParser) -> None:
    """``--strict``: exit 1 when there are findings or violations."""
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 when anything is found (for CI and pre-commit)",
    )


def emit_json(data: Any) -> None:
    """Write ``data`` as JSON on stdout."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def add_encoding_option(parser: argparse.ArgumentParser) -> None:
    """``--encoding NAME``: read input in that encoding instead of UTF-8."""
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="read the input in this encoding (latin-1, cp1251, ...) instead of UTF-8; "
        "output is UTF-8",
    )


def read_input(source: str, encoding: str | None = None) -> tuple[str, str, bool]:
    """Read ``source`` (a path, or ``-`` for stdin) as UTF-8 (or ``encoding``);
    return (label, text, bom).

    The same reading as documents get (``translate``, ``segments``, ``detect``):
    a byte-order mark is dropped from the text (``bom`` says it was there);
    bytes that are not UTF-8, UTF-16/32 text without a byte-order mark, NUL
    characters and files that cannot be read raise errors naming the input
    (and line and column).
    """
    from .._files import decode_bytes, read_file_bytes
    from ..document import _check_text as check_text

    if source == "-":
        label = "<stdin>"
        data = sys.stdin.buffer.read()
    else:
        label = source
        data = read_file_bytes(source)
    if encoding is not None:
        from ..document import _recode

        data = _recode(data, encoding, label)
    text, bom = decode_bytes(data, path=label)
    check_text(text, label)
    return label, text, bom


def read_input_text(source: str, encoding: str | None = None) -> tuple[str, str]:
    """Like :func:`read_input`, without the BOM flag: (label, text)."""
    label, text, _ = read_input(source, encoding)
    return label, text


def add_document_options(parser: argparse.ArgumentParser) -> None:
    """Options that control how a document is read."""
    parser.add_argument(
        "--input-format",
        metavar="NAME",
        help="document format (text, markdown, html, xliff, po, json, srt, vtt); "
        "default: from the file suffix",
    )
    parser.add_argument(
        "--segment-lang",
        metavar="LANG",
        help="language whose abbreviation rules the sentence splitter uses (default: en)",
    )
    parser.add_argument(
        "--protect-numbers",
        action="store_true",
        help="mark numbers as spans that must not be translated",
    )
    add_encoding_option(parser)


def read_options(args: argparse.Namespace) -> Any:
    """The :class:`~polyglot_press.document.ReadOptions` the document options ask for."""
    from ..document import ReadOptions

    return ReadOptions(
        lang=getattr(args, "segment_lang", None),
        protect_numbers=bool(getattr(args, "protect_numbers", False)),
        encoding=getattr(args, "encoding", None),
        line_length=int(getattr(args, "line_length", None) or 42),
    )


def load_document(source: str, args: argparse.Namespace) -> Any:
    """Read ``source`` (a path or ``-``) as a :class:`~polyglot_press.document.Document`."""
    from ..document import Document

    options = read_options(args)
    input_format = getattr(args, "input_format", None)
    if source == "-":
        label, text = read_input_text(source, options.encoding)
        return Document.from_text(text, input_format or "text", path=label, options=options)
    return Document.read(source, input_format, options=options)
