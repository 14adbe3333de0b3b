"""``polyglot-press segments FILE``: show a document's blocks and sentence segments."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._common import (
    EXIT_OK,
    add_document_options,
    add_format_option,
    emit_json,
    info,
    load_document,
)


def register(subparsers: Any) -> None:
    """Add the ``segments`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "segments",
        help="split a document into blocks and sentences",
        description="Read a document (plain text or Markdown) and print its translatable "
        "segments with their character offsets. FILE may be - for standard input.",
    )
    parser.add_argument("file", metavar="FILE", help="document to read, or - for stdin")
    add_document_options(parser)
    add_format_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the segments of ``args.file``."""
    document = load_document(args.file, args)
    if args.format == "json":
        data = document.to_dict()
        del data["text"]
        emit_json(data)
        return EXIT_OK
    out = sys.stdout
    if not any(block.segments for block in document.blocks):
        info(f"{document.path or args.file}: no translatable text")
    for block in document.blocks:
        where = "/".join((*block.containers, block.kind))
        if not block.segments:
            out.write(f"[{block.index}] {where} (kept as is, not translated)\n")
            continue
        out.write(f"[{block.index}] {where}\n")
        for segment in block.segments:
            text = segment.text.replace("\r", "\\r").replace("\n", "\\n")
            out.write(f"  {segment.index:>4} {segment.span.start}-{segment.span.end}  {text}\n")
    return EXIT_OK
