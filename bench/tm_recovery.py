#!/usr/bin/env python3
"""What each recovery method of the translation memory keeps after damage.

A memory of 5,000 machine rows (and 500 human rows) is written, then N of
its table pages (pages holding segment text, chosen in the middle of the
file, every second one) are overwritten with the same deterministic noise as
``tests/tm/test_recover.py`` uses. Each method of
:func:`polyglot_press.tm.recover` then reads the damaged file; the table says
how many of the 5,000 machine rows it kept, and how many rows it returned
that were not the original ones (must be 0: rows whose key does not match
their contents are dropped).

``shell`` (the ``sqlite3`` shell's ``.recover``) runs only where a shell whose
``.recover`` works is found; otherwise its row says why not.

Run: ``python bench/tm_recovery.py [--pages 1,3,10,30]``.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from polyglot_press.tm import TranslationMemory, recover, sqlite_shell  # noqa: E402


def build(path: Path, total: int) -> dict[str, str]:
    pairs = {f"segment {i:07d} of the damaged memory": f"tradução {i:07d}" for i in range(total)}
    with TranslationMemory(path) as memory:
        memory.store("e[1]", "en", "pt", pairs.items())
        memory.store_human("en", "pt", [(f"human {i:04d} sentence", f"humano {i:04d}")
                                        for i in range(500)], origin="bench")
    return pairs


def damage(path: Path, count: int, marker: bytes = b"segment ") -> list[int]:
    """Overwrite ``count`` pages holding ``marker`` in the middle of the file (as the test does)."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    pages = [n for n in range(1, len(data) // page_size)
             if marker in data[n * page_size:(n + 1) * page_size]]
    middle = len(pages) // 2
    chosen = pages[max(middle - count, 0):middle + count:2][:count]
    noise = bytes((i * 151 + 7) % 256 for i in range(page_size))
    for n in chosen:
        data[n * page_size:(n + 1) * page_size] = noise
    path.write_bytes(bytes(data))
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="1,3,10,30", help="pages to overwrite, comma-separated")
    parser.add_argument("--entries", type=int, default=5000, help="machine rows (default 5000)")
    parser.add_argument("--methods", default="shell,iterdump,rows,pages,auto")
    args = parser.parse_args()
    shell, note = sqlite_shell()
    print(f"sqlite3 shell: {note}")
    print(f"{'pages':>5}  {'method':<14} {'kept':>6} {'of':>6} {'human':>6} {'wrong':>5} {'s':>6}")
    for count in (int(p) for p in args.pages.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "tm.sqlite3"
            pairs = build(path, args.entries)
            damage(path, count)
            for method in args.methods.split(","):
                if method == "shell" and shell is None:
                    print(f"{count:>5}  {method:<14} {'-':>6} {args.entries:>6} {'-':>6} {'-':>5} "
                          f"{'-':>6}  (not run: {note})")
                    continue
                start = time.perf_counter()
                found = recover(path, method)  # type: ignore[arg-type]
                took = time.perf_counter() - start
                kept = sum(1 for r in found.entries if pairs.get(r[5]) == r[6])
                wrong = len(found.entries) - kept
                label = method if method != "auto" else f"auto={found.method}"
                print(f"{count:>5}  {label:<14} {kept:>6} {args.entries:>6} {len(found.human):>6} "
                      f"{wrong:>5} {took:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
