"""``polyglot-press models install PATH | FROM TO`` and ``models list``: argos packages.

The argos engine's code is imported only when a ``models`` action runs, so
the other commands start without it; without the ``[argos]`` extra the
action says which extra to install.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._common import EXIT_OK, EXIT_USAGE, add_format_option, emit_json, error, info

_INSTALL_USAGE = (
    "polyglot-press models install [-h] [--argos-dir DIR] [--index-url URL] "
    "(PATH.argosmodel | FROM TO)"
)


def register(subparsers: Any) -> None:
    """Add the ``models`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "models",
        help="install and list argos translation packages",
        description="Install an argos package from a local .argosmodel file (checked "
        "first: no absolute paths, no '..', no links, no encrypted or unreadable members, "
        "no name used for both a file and a folder, no name over 255 bytes, no hidden top "
        "folder, size and compression-ratio limits; then its language codes, tokenizer and "
        "CTranslate2 model must load) or, when online, from argos's package index by "
        "language pair (newest version, download capped, the package must be the pair "
        "asked for). Packages go to argos-translate's own folder, shared with argospm.",
    )
    actions = parser.add_subparsers(dest="models_action", metavar="ACTION", required=True)
    install = actions.add_parser(
        "install",
        usage=_INSTALL_USAGE,
        help="install one PATH.argosmodel, or the FROM TO pair from the index",
        description="Install one package: either one local PATH.argosmodel file, or two "
        "language codes FROM TO to download the newest package for that pair from "
        "argos's index (needs the network). One package per call.",
    )
    install.add_argument(
        "what", nargs="+", metavar="ARG",
        help="one PATH.argosmodel, or two language codes FROM TO (e.g. en pt)",
    )
    install.add_argument("--argos-dir", metavar="DIR",
                         help="argos packages folder (default: argos's own)")
    install.add_argument("--index-url", metavar="URL",
                         help="package index URL (default: argos's index)")
    install.set_defaults(handler=run_install)
    listing = actions.add_parser("list", help="installed packages")
    listing.add_argument("--argos-dir", metavar="DIR",
                         help="argos packages folder (default: argos's own)")
    add_format_option(listing)
    listing.set_defaults(handler=run_list)


def run_install(args: argparse.Namespace) -> int:
    """Install one package."""
    if len(args.what) not in (1, 2):
        error(
            f"models install takes one PATH.argosmodel or two language codes FROM TO, "
            f"not {len(args.what)} arguments; install several packages one call each"
        )
        return EXIT_USAGE
    from ..engines.argos import install_from_index, install_package

    if len(args.what) == 1:
        package = install_package(args.what[0], args.argos_dir)
    else:
        options = {"index_url": args.index_url} if args.index_url else {}
        package = install_from_index(args.what[0], args.what[1], args.argos_dir, **options)
    info(f"installed {package.source}->{package.target} {package.version} at {package.path}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """List installed packages."""
    from ..engines.argos import list_packages

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
