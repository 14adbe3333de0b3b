"""``polyglot-press tm stats|clear|prune|check|rebuild``: look after the translation memory."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..tm import DEFAULT_MAX_ENTRIES, TranslationMemory
from ._common import EXIT_FINDINGS, EXIT_OK, add_format_option, emit_json, error, info


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, not {value}")
    return value


def register(subparsers: Any) -> None:
    """Add the ``tm`` command and its subcommands."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "tm",
        help="translation memory: stats, clear, prune, check, rebuild",
        description="Inspect and maintain the translation memory (an SQLite file in the "
        "user cache directory, or $POLYGLOT_PRESS_CACHE_DIR, or --path).",
    )
    actions = parser.add_subparsers(dest="tm_action", metavar="ACTION", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--path", help="translation memory file (default: the user cache)")

    stats = actions.add_parser("stats", help="entries, size, engines and pairs")
    common(stats)
    add_format_option(stats)
    stats.set_defaults(handler=run_stats)

    clear = actions.add_parser("clear", help="delete entries (all, or one engine's)")
    common(clear)
    clear.add_argument("--engine", help="only entries of this engine identity")
    clear.set_defaults(handler=run_clear)

    prune = actions.add_parser("prune", help="keep only the most recently used entries")
    common(prune)
    prune.add_argument(
        "--max-entries", type=_non_negative, default=DEFAULT_MAX_ENTRIES,
        help=f"entries to keep (default {DEFAULT_MAX_ENTRIES})",
    )
    prune.set_defaults(handler=run_prune)

    check = actions.add_parser(
        "check", help="read every page (SQLite quick_check); exit 1 if damaged"
    )
    common(check)
    check.set_defaults(handler=run_check)

    rebuild = actions.add_parser(
        "rebuild", help="recreate the file, keeping what can be read (fixes corruption)"
    )
    common(rebuild)
    rebuild.set_defaults(handler=run_rebuild)


def _memory(args: argparse.Namespace) -> TranslationMemory:
    return TranslationMemory(args.path) if args.path else TranslationMemory()


def run_stats(args: argparse.Namespace) -> int:
    """Print statistics."""
    with _memory(args) as memory:
        stats = memory.stats()
    if args.format == "json":
        emit_json(stats.to_dict())
        return EXIT_OK
    out = sys.stdout
    out.write(f"{stats.path}: {stats.entries} entries, {stats.size_bytes} bytes "
              f"(cap {stats.max_entries})\n")
    for engine, count in stats.engines:
        out.write(f"  engine {engine}: {count}\n")
    for source, target, count in stats.pairs:
        out.write(f"  pair {source}->{target}: {count}\n")
    return EXIT_OK


def run_clear(args: argparse.Namespace) -> int:
    """Delete entries."""
    with _memory(args) as memory:
        removed = memory.clear(args.engine)
    info(f"removed {removed} entries from {memory.path}")
    return EXIT_OK


def run_prune(args: argparse.Namespace) -> int:
    """Delete least recently used entries beyond the cap."""
    with _memory(args) as memory:
        removed = memory.prune(args.max_entries)
    info(f"pruned {removed} entries from {memory.path}")
    return EXIT_OK


def run_rebuild(args: argparse.Namespace) -> int:
    """Recreate the database file."""
    with _memory(args) as memory:
        kept = memory.rebuild()
    info(f"rebuilt {memory.path}: kept {kept} entries")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    """Check the database file for damage."""
    with _memory(args) as memory:
        problems = memory.check()
    if not problems:
        info(f"{memory.path}: ok")
        return EXIT_OK
    for problem in problems[:20]:
        error(f"{memory.path}: {problem}")
    error("run `polyglot-press tm rebuild` to keep what can be read")
    return EXIT_FINDINGS
