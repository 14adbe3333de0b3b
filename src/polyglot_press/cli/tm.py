"""``polyglot-press tm ...``: look after the translation memory.

``stats``, ``clear``, ``prune``, ``check``, ``rebuild``; ``export --tmx`` and
``import`` (TMX, XLIFF, PO, another memory file); ``snapshot`` and ``merge``
for runs on many machines.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..tm import DEFAULT_MAX_ENTRIES, TranslationMemory
from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    add_format_option,
    emit_json,
    error,
    info,
)


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
        help="translation memory: stats, clear, prune, check, rebuild, export, import, "
        "snapshot, merge",
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
    which = clear.add_mutually_exclusive_group()
    which.add_argument("--engine", help="only entries of this engine identity")
    which.add_argument("--human", action="store_true",
                       help="the human translations (imported), not the machine entries")
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
    rebuild.add_argument(
        "--method", choices=("auto", "shell", "iterdump", "rows", "pages"), default="auto",
        help="how to read a damaged file (default auto: the sqlite3 shell's .recover where it "
        "works, else iterdump, row by row and page by page)")
    rebuild.set_defaults(handler=run_rebuild)

    export = actions.add_parser("export", help="write the memory as a TMX 1.4b file")
    common(export)
    export.add_argument("--tmx", required=True, metavar="FILE", help="TMX file to write")
    export.add_argument("--human-only", action="store_true",
                        help="leave out machine entries (they may hold glossary placeholders)")
    export.set_defaults(handler=run_export)

    imp = actions.add_parser(
        "import", help="add human translations from TMX, XLIFF (state=final), PO (not fuzzy), "
        "or the rows of another memory file")
    common(imp)
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--source", help="source language of PO files (default en)")
    imp.add_argument("--target", help="target language of PO files (default: Language header)")
    add_format_option(imp)
    imp.set_defaults(handler=run_import)

    snap = actions.add_parser(
        "snapshot", help="write a read-only copy for workers on other machines")
    common(snap)
    snap.add_argument("destination", metavar="FILE")
    snap.set_defaults(handler=run_snapshot)

    merge = actions.add_parser("merge", help="fold workers' delta files into the memory")
    common(merge)
    merge.add_argument("deltas", nargs="+", metavar="DELTA",
                       help="delta files (*.tmdelta.jsonl) or folders of them")
    merge.add_argument("--remove", action="store_true",
                       help="delete the files that merged without a problem")
    add_format_option(merge)
    merge.set_defaults(handler=run_merge)


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
    out.write(f"{stats.path}: {stats.entries} entries, {stats.human} human translations, "
              f"{stats.size_bytes} bytes (cap {stats.max_entries})\n")
    for engine, count in stats.engines:
        out.write(f"  engine {engine}: {count}\n")
    for source, target, count in stats.pairs:
        out.write(f"  pair {source}->{target}: {count}\n")
    return EXIT_OK


def run_clear(args: argparse.Namespace) -> int:
    """Delete entries."""
    with _memory(args) as memory:
        removed = memory.clear(args.engine, human=args.human)
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
        kept = memory.rebuild(args.method)
        found = memory.last_recovery
    if found is not None and found.damaged:
        for note in found.notes:
            info(f"  {note}")
        info(f"rebuilt {memory.path}: kept {kept} entries and {len(found.human)} human "
             f"translations, read with {found.method}; the damaged file is "
             f"{memory.path}.corrupt")
    else:
        info(f"rebuilt {memory.path}: kept {kept} entries")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    """Write a TMX file."""
    from ..tm import export_tmx

    with _memory(args) as memory:
        result = export_tmx(memory, args.tmx, human_only=args.human_only)
    for why in result.skipped:
        error(f"left out (XML cannot hold it): {why}")
    info(f"wrote {result.units} translation units to {result.path}")
    return EXIT_FINDINGS if result.skipped else EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    """Import files; one that fails is reported and the others go on."""
    from ..errors import PolyglotPressError
    from ..tm import import_file

    failed = 0
    results = []
    with _memory(args) as memory:
        for name in args.files:
            try:
                result = import_file(memory, name, source=args.source, target=args.target)
            except PolyglotPressError as exc:
                error(str(exc))
                failed += 1
                continue
            results.append(result)
            for why in result.skipped:
                info(f"  skipped {why}")
            info(f"{name}: {result.human} human translations, {result.machine} machine entries")
    if args.format == "json":
        emit_json([r.to_dict() for r in results])
    if failed:
        error(f"{failed} of {len(args.files)} files could not be imported")
        return EXIT_USAGE
    return EXIT_OK


def run_snapshot(args: argparse.Namespace) -> int:
    """Write a snapshot."""
    with _memory(args) as memory:
        path = memory.snapshot(args.destination)
    info(f"wrote snapshot {path}")
    return EXIT_OK


def run_merge(args: argparse.Namespace) -> int:
    """Merge delta files."""
    from ..tm import merge_deltas

    with _memory(args) as memory:
        result = merge_deltas(memory, args.deltas, remove=args.remove)
    if args.format == "json":
        emit_json(result.to_dict())
    for problem in result.problems[:50]:
        error(problem)
    info(f"merged {len(result.files)} delta files ({result.rows_read} rows): {result.added} "
         f"added, {result.replaced} replaced, {result.unchanged} unchanged")
    return EXIT_FINDINGS if result.problems else EXIT_OK


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
