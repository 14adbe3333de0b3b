"""``polyglot-press repair FILE... [--diff] [--check] [--in-place | -o OUT]``: fix
homoglyphs, invisibles and bidi controls.

Every change is printed on stderr with its position and reason (or given as
JSON on stdout with ``--format json``). Where the repaired text goes:

- one FILE and no option: to stdout;
- ``-o OUT`` (one FILE): to OUT;
- ``--in-place``: each FILE that changes is rewritten atomically (byte-order
  mark kept), the way ``ruff --fix`` fixes files; this is the pre-commit hook;
- ``--diff``: a unified diff (``difflib``) of each FILE that would change, on
  stdout, instead of the text (with ``--in-place``, of what was changed);
- ``--check``: nothing is written; the exit status is 1 when a FILE would
  change (with ``--diff``, the diff says how).

Files are read exactly as ``translate`` reads them. A FILE that cannot be
read is reported and the others are still repaired; the exit status is then
2. With ``--format json``, one FILE gives one object, several a list of them.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError, PolyglotPressError
from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    add_encoding_option,
    add_format_option,
    emit_json,
    error,
    info,
    read_input,
)
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
        "Each change is printed with its position and reason. With one FILE and no "
        "option the repaired text goes to stdout; --in-place rewrites the files, --diff "
        "shows a unified diff, --check only tells (exit 1) whether a file would change.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to repair, or - for stdin")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="OUT",
                       help="write the repaired text to OUT (one FILE only)")
    where.add_argument(
        "--in-place", action="store_true",
        help="rewrite each FILE that changes (atomically) with the repaired text",
    )
    where.add_argument(
        "--check", action="store_true",
        help="write nothing; exit with status 1 when a FILE would change",
    )
    parser.add_argument(
        "--diff", action="store_true",
        help="print a unified diff of each FILE that changes instead of the repaired text",
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
    add_encoding_option(parser)
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


def unified_diff(label: str, before: str, after: str) -> str:
    """A unified diff of a repair, ``a/FILE`` to ``b/FILE`` as ``git diff`` names them.

    >>> print(unified_diff("notes.txt", "Оwen\\nok\\n", "Owen\\nok\\n"), end="")
    --- a/notes.txt
    +++ b/notes.txt
    @@ -1,2 +1,2 @@
    -Оwen
    +Owen
     ok
    """
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True),
        fromfile=f"a/{label}", tofile=f"b/{label}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _repair_one(source: str, args: argparse.Namespace, policy: Any) -> tuple[dict[str, Any], bool]:
    """Repair one FILE: print its changes, write or diff it; return (JSON, remaining?)."""
    from ..scripts import repair
    from ..scripts.repairer import SpanSet

    label, text, bom = read_input(source, args.encoding)
    result = repair(text, policy, context=scan_context(label, text, args))
    fixed_spans = SpanSet(c.span for c in result.changes)
    remaining = [f for f in result.findings if not fixed_spans.overlaps(f.span)]
    payload: dict[str, Any] = {
        "file": label,
        "changed": result.changed,
        "changes": [c.to_dict() for c in result.changes],
        "unrepaired": [f.to_dict() for f in remaining],
    }
    if args.format != "json":
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
        info(f"{label}: {len(result.changes)} change{'s' if len(result.changes) != 1 else ''}")
    if args.diff and result.changed:
        diff = unified_diff(label, text, result.text)
        if args.format == "json":
            payload["diff"] = diff
        else:
            sys.stdout.write(diff)
    if args.output:
        _write(Path(args.output), result.text, bom)
    elif args.in_place:
        if result.changed:
            _write(Path(source), result.text, bom)
    elif args.check or args.diff:
        pass
    elif args.format == "json":
        payload["text"] = result.text
    else:
        sys.stdout.write(result.text)
    return payload, bool(remaining)


def run(args: argparse.Namespace) -> int:
    """Repair each FILE; print the changes; write, diff or check the results."""
    from ..scripts import RepairPolicy

    if args.in_place and "-" in args.files:
        raise InputError("--in-place needs files, not standard input")
    several = len(args.files) > 1
    if several and args.output:
        raise InputError("-o/--output takes one FILE; use --in-place or --diff for several")
    if several and not (args.in_place or args.check or args.diff or args.format == "json"):
        raise InputError(
            "several FILEs: choose --in-place (rewrite them), --diff (show the changes) "
            "or --check (exit 1 if any would change); the repaired text of one FILE alone "
            "goes to stdout"
        )
    policy = RepairPolicy(
        homoglyphs=not args.no_homoglyphs,
        whole_script=not args.no_homoglyphs,
        invisibles=args.invisibles,
        bidi=args.bidi,
    )
    payloads: list[dict[str, Any]] = []
    failed = changed = unrepaired = 0
    for source in args.files:
        try:
            payload, remaining = _repair_one(source, args, policy)
        except PolyglotPressError as exc:
            failed += 1
            error(str(exc))
            payloads.append({"file": source, "error": str(exc)})
            continue
        payloads.append(payload)
        changed += bool(payload["changed"])
        unrepaired += remaining
    if args.format == "json":
        emit_json(payloads if several else payloads[0])
    if several or args.check:
        verb = "would change" if args.check else "changed" if args.in_place else "to change"
        info(f"{changed} of {len(args.files)} file{'s' if several else ''} {verb}"
             + (f"; {failed} could not be read" if failed else ""))
    if failed:
        return EXIT_USAGE
    if args.check and changed:
        return EXIT_FINDINGS
    return EXIT_FINDINGS if args.strict and unrepaired else EXIT_OK
