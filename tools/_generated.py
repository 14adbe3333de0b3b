"""Write a generated module atomically, or check that the committed one is current (``--check``)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def write_or_check(target: Path, text: str | bytes, generator: str, description: str) -> int:
    """Rewrite ``target`` with ``text`` (str or bytes); with ``--check``, exit 1 when it differs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed module is stale")
    args = parser.parse_args()
    data = text.encode("utf-8") if isinstance(text, str) else text
    if args.check:
        current = target.read_bytes() if target.exists() else b""
        if current != data:
            print(f"{target} is out of date; run {generator}", file=sys.stderr)
            return 1
        return 0
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, target)
    print(f"wrote {target} ({len(data) // 1024} KiB)")
    return 0
