"""``polyglot-press repair FILE [-o OUT | --in-place]``: fix homoglyphs, invisibles and bidi controls.

Every change is printed (on stderr, or as JSON on stdout with ``--format
json``). Without ``-o`` or ``--in-place`` the repaired text goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError
from ._common import EXIT_FINDINGS, EXIT_OK, add_format_option, emit_json, info, read_input
from .scan import LineIndex, _visible, add_scan_options, scan_context


def register(subparsers: Any) -> None:
    """Add the ``repair`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "repair",
        help="fix homoglyphs, invisible characters and bidi controls, printing each change",
        description="Repair what is safe to repair: lookalike letters from another script "
        "in a word ('Оwen' -> 'Owen'), whole-script lookalike words, fullwidth and "
        "mathematical letters (NFKC), stray invisible characters, and bidi controls "
        "(removed, or escaped with --bidi escape). Legitimate text is left alone. "
        "Each change is printed with its position and reason.",
    )
    parser.add_argument("file", metavar="FILE", help="file to repair, or - for stdin")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="OUT", help="write the repaired text to OUT")
    where.add_argument(
        "--in-place", action="store_true", help="rewrite FILE (atomically) with the repaired text"
    )
    parser.add_argument(
        "--bidi",
        choices=("remove", "escape", "keep"),
        default="remove",
        help="what to do with suspicious bidi controls (default: remove)",
    )
    parser.add_argument(
        "--invisibles",
        choices=("remove", "keep"),
        default="remove",
        help="what to do with stray invisible characters (default: remove)",
    )
    parser.add_argument(
        "--no-homoglyphs",
        action="store_true",
        help="do not replace lookalike letters (report them only)",
    )
    add_scan_options(parser)
    add_format_option(parser)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 when findings remain that could not be repaired safely",
    )
    parser.set_defaults(handler=run)


def _write(path: Path, text: str, bom: bool) -> None:
    from .._files import atomic_write_bytes

    data = text.encode("utf-8")
    atomic_write_bytes(path, b"\xef\xbb\xbf" + data if bom else data)


def run(args: argparse.Namespace) -> int:
    """Repair one file; print the changes; write the result."""
    from ..scripts import RepairPolicy, repair
    from ..scripts.repairer import SpanSet

    if args.in_place and args.file == "-":
        raise InputError("--in-place needs a file, not standard input")
    label, text, bom = read_input(args.file)
    policy = RepairPolicy(
        homoglyphs=not args.no_homoglyphs,
        whole_script=not args.no_homoglyphs,
        invisibles=args.invisibles,
        bidi=args.bidi,
    )
    result = repair(text, policy, context=scan_context(label, text, args))
    fixed_spans = SpanSet(c.span for c in result.changes)
    remaining = [f for f in result.findings if not fixed_spans.overlaps(f.span)]
    if args.format == "json":
        payload: dict[str, Any] = {
            "file": label,
            "changed": result.changed,
            "changes": [c.to_dict() for c in result.changes],
            "unrepaired": [f.to_dict() for f in remaining],
        }
        if not (args.output or args.in_place):
            payload["text"] = result.text
        emit_json(payload)
    else:
        where = LineIndex(text)
        for change in result.changes:
            line, col = where(change.span.start)
            info(
                f"{label}:{line}:{col}: {change.rule}: {_visible(change.before)!r} -> "
                f"{change.after!r} ({change.reason})"
            )
        for finding in remaining:
            line, col = where(finding.span.start)
            info(
                f"{label}:{line}:{col}: not repaired: {finding.kind} "
                f"{_visible(finding.text)!r}: {_visible(finding.message)}"
            )
        info(f"{len(result.changes)} change{'s' if len(result.changes) != 1 else ''}")
    if args.output:
        _write(Path(args.output), result.text, bom)
    elif args.in_place:
        if result.changed:
            _write(Path(args.file), result.text, bom)
    elif args.format != "json":
        sys.stdout.write(result.text)
    return EXIT_FINDINGS if args.strict and remaining else EXIT_OK
