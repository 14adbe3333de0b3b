"""``polyglot-press models install PATH | FROM TO`` and ``models list``: argos packages."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..engines.argos import install_from_index, install_package, list_packages
from ._common import EXIT_OK, EXIT_USAGE, add_format_option, emit_json, error, info


def register(subparsers: Any) -> None:
    """Add the ``models`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "models",
        help="install and list argos translation packages",
        description="Install an argos package from a local .argosmodel file (checked "
        "first: no absolute paths, no '..', no links, no encrypted or unreadable members, "
        "size limits; then its language codes, tokenizer and CTranslate2 model must load) "
        "or, when online, from argos's package index by language pair (newest version, "
        "download capped, the package must be the pair asked for).",
    )
    actions = parser.add_subparsers(dest="models_action", metavar="ACTION", required=True)
    install = actions.add_parser(
        "install", help="install PATH.argosmodel, or the FROM TO pair from the index"
    )
    install.add_argument("what", nargs="+", metavar="PATH | FROM TO")
    install.add_argument("--argos-dir", help="argos packages folder (default: argos's own)")
    install.add_argument("--index-url", help="package index URL (default: argos's index)")
    install.set_defaults(handler=run_install)
    listing = actions.add_parser("list", help="installed packages")
    listing.add_argument("--argos-dir", help="argos packages folder (default: argos's own)")
    add_format_option(listing)
    listing.set_defaults(handler=run_list)


def run_install(args: argparse.Namespace) -> int:
    """Install one package."""
    if len(args.what) == 1:
        package = install_package(args.what[0], args.argos_dir)
    elif len(args.what) == 2:
        options = {"index_url": args.index_url} if args.index_url else {}
        package = install_from_index(args.what[0], args.what[1], args.argos_dir, **options)
    else:
        error("give one PATH.argosmodel, or two language codes FROM TO")
        return EXIT_USAGE
    info(f"installed {package.source}->{package.target} {package.version} at {package.path}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """List installed packages."""
    packages = list_packages(args.argos_dir)
    if args.format == "json":
        emit_json([
            {"source": p.source, "target": p.target, "version": p.version, "path": str(p.path)}
            for p in packages
        ])
        return EXIT_OK
    for p in packages:
        sys.stdout.write(f"{p.source}->{p.target}  {p.version}  {p.path}\n")
    return EXIT_OK
