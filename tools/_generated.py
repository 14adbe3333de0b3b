"""Write a generated module atomically, or check that the committed one is current (``--check``)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def write_or_check(target: Path, text: str, generator: str, description: str) -> int:
    """Rewrite ``target`` with ``text``; with ``--check`` on the command line, exit 1 when it differs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed module is stale")
    args = parser.parse_args()
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date; run {generator}", file=sys.stderr)
            return 1
        return 0
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, target)
    print(f"wrote {target} ({len(text) // 1024} KiB)")
    return 0
