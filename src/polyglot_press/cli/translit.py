"""``polyglot-press translit TEXT|FILE --from kk``: transliterate by a named standard.

``--list`` prints the standards; ``--format json`` gives the text and every
change (span, before, after, rule) for programs.

The argument is read as a file when it names an existing file (``-`` is
standard input). An argument that looks like a path (it contains a path
separator, ends in a file suffix such as ``.txt``, or is a directory) but is
not a readable file is an error (exit 2), not text: ``--text`` takes it as
text whatever it looks like.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

from ..errors import FileAccessError, InputError
from ._common import EXIT_OK, add_encoding_option, add_format_option, emit_json, read_input_text


def register(subparsers: Any) -> None:
    """Add the ``translit`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "translit",
        help="transliterate text by a named standard (kk-2021, ru-icao, hy-press, ...)",
        description="Transliterate TEXT, or the contents of FILE (- for standard input), "
        "from language --from into script --to by a named --standard. "
        "An argument that names an existing file is read as a file; one that looks like "
        "a path (a / or \\, a suffix such as .txt, a directory) but is not a readable "
        "file is an error. --text takes the argument as text whatever it looks like. "
        "--list shows every standard.",
    )
    parser.add_argument("input", metavar="TEXT|FILE", nargs="?",
                        help="text to transliterate, a file, or - for stdin")
    parser.add_argument("--from", dest="source", metavar="LANG",
                        help="language of the input: kk, ru, uk, hy, ka, el, bg, mk, sr, mn")
    parser.add_argument("--standard", metavar="NAME",
                        help="standard or profile (default: the language's official one; "
                        "see --list)")
    parser.add_argument("--to", dest="target", default="Latn", metavar="SCRIPT",
                        help="target script: Latn (default) or the language's own script "
                        "(Cyrl, Armn, Geor, Grek) to go back")
    parser.add_argument("--text", action="store_true",
                        help="take TEXT as text even if a file of that name exists")
    parser.add_argument("--list", action="store_true",
                        help="list the standards (for --from LANG only, if given)")
    add_format_option(parser)
    add_encoding_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Transliterate, or list the standards."""
    from ..translit import standards, transliterate, transliterate_explain

    if args.list:
        found = standards(args.source)
        if args.format == "json":
            emit_json([s.to_dict() for s in found])
            return EXIT_OK
        width = max(len(s.name) for s in found)
        for s in found:
            sys.stdout.write(f"{s.name:<{width}}  {s.language}  {s.direction:<9}  "
                             f"{s.description}\n")
        return EXIT_OK
    if args.input is None:
        raise InputError("give TEXT or FILE to transliterate (or --list)")
    if not args.source:
        raise InputError("say the language of the input with --from "
                         "(kk, ru, uk, hy, ka, el, bg, mk, sr, mn)")
    label, text = _input(args.input, as_text=args.text, encoding=args.encoding)
    if args.format == "json":
        result = transliterate_explain(text, args.source, standard=args.standard,
                                       target=args.target)
        emit_json({"input": label, "source": args.source, "target": args.target,
                   **result.to_dict()})
        return EXIT_OK
    out = transliterate(text, args.source, standard=args.standard, target=args.target)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return EXIT_OK


_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,6}$")


def _looks_like_path(arg: str) -> bool:
    separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return any(sep in arg for sep in separators) or bool(_SUFFIX.search(arg))


def _input(arg: str, *, as_text: bool, encoding: str | None = None) -> tuple[str, str]:
    """(label, text): the argument itself, or the file it names; never a mistyped path."""
    if as_text:
        return "<text>", arg
    path = Path(arg)
    if arg == "-" or path.is_file():
        try:
            return read_input_text(arg, encoding)
        except PermissionError as exc:
            raise FileAccessError(f"{arg}: cannot read ({exc.strerror})") from None
    if path.is_dir():
        raise FileAccessError(f"{arg}: is a directory, not a file; to transliterate the "
                              "argument itself, add --text")
    if _looks_like_path(arg):
        raise FileAccessError(f"{arg}: no such file; to transliterate the argument itself, "
                              "add --text")
    return "<text>", arg
