"""``polyglot-press engines``: the translation engines, their pairs, models and versions."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..engines import get_engine_class, known_engines
from ..errors import PolyglotPressError
from ._common import EXIT_OK, add_format_option, emit_json


def register(subparsers: Any) -> None:
    """Add the ``engines`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "engines",
        help="list translation engines, language pairs and models",
        description="List every known translation engine: whether it can run here, its "
        "identity (engine and model versions), its language pairs and models.",
    )
    parser.add_argument(
        "--argos-dir", help="argos packages folder (default: argos-translate's own)"
    )
    add_format_option(parser)
    parser.set_defaults(handler=run)


def describe(name: str, argos_dir: str | None = None) -> dict[str, Any]:
    """What ``engines`` reports for one engine (JSON-ready)."""
    entry: dict[str, Any] = {"name": name, "available": False}
    try:
        cls = get_engine_class(name)
        options = {"packages_dir": argos_dir} if name == "argos" and argos_dir else {}
        engine = cls(**options)
    except (PolyglotPressError, ImportError) as exc:
        entry["error"] = str(exc)
        return entry
    entry["available"] = True
    entry["identity"] = engine.identity
    entry["pairs"] = [list(p) for p in engine.pairs()]
    models: list[dict[str, Any]] = []
    packages = getattr(engine, "packages", None)
    if callable(packages):
        for package in packages():
            models.append({
                "pair": list(package.pair), "version": package.version,
                "path": str(package.path),
            })
        entry["packages_dir"] = str(engine.packages_dir)
        direct = set(engine.direct_pairs())
        entry["pivot_pairs"] = [list(p) for p in engine.pairs() if p not in direct]
    root = getattr(engine, "models_root", None)
    if root is not None:
        entry["models_dir"] = str(root)
        models.extend({"pair": list(p)} for p in engine.pairs())
    entry["models"] = models
    return entry


def run(args: argparse.Namespace) -> int:
    """Print the engines."""
    entries = [describe(name, args.argos_dir) for name in known_engines()]
    if args.format == "json":
        emit_json({"engines": entries})
        return EXIT_OK
    out = sys.stdout
    for entry in entries:
        if not entry["available"]:
            out.write(f"{entry['name']}: not available ({entry['error']})\n")
            continue
        out.write(f"{entry['name']}: {entry['identity']}\n")
        pairs = ", ".join(f"{s}->{t}" for s, t in entry["pairs"]) or "none installed"
        out.write(f"  pairs: {pairs}\n")
        if entry.get("pivot_pairs"):
            out.write("  (through English: "
                      + ", ".join(f"{s}->{t}" for s, t in entry["pivot_pairs"]) + ")\n")
        if "packages_dir" in entry:
            out.write(f"  packages: {entry['packages_dir']}\n")
    return EXIT_OK
