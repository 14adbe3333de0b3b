"""The ``polyglot-press`` command: a thin face over the public API.

Each subcommand lives in its own module in this package and exposes
``register(subparsers)``; :func:`main` discovers them, so adding a command is
adding a module. Machine output goes to stdout, human messages to stderr.
Exit codes: 0 ok, 1 findings or violations under ``--strict``, 2 usage or
input error.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from ..errors import PolyglotPressError
from ._common import EXIT_USAGE, CommandFailed, error

__all__ = ["build_parser", "main"]


def _command_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    )


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every discovered subcommand (only ``command``'s, when
    given: the others' modules need not be imported nor their options built to run it)."""
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="polyglot-press",
        description="Clean, consistent multilingual publishing: script analysis, "
        "language detection, glossaries, transliteration and translation.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _command_modules():
        if command is not None and name != command:
            continue
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    # "polyglot-press translate ...": that command's parser alone (start-up); anything
    # else (help, a misspelt command, options first) gets every command's
    command = words[0] if words and words[0] in _command_modules() else None
    parser = build_parser(command)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code: int = args.handler(args)
        return code
    except CommandFailed as failed:
        return failed.code
    except PolyglotPressError as exc:
        error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
