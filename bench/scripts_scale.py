"""Growth of ``scan`` and ``repair`` time and memory with input size: linear, no quadratic path.

Run: ``python bench/scripts_scale.py [--max-mb 16]``. Each (shape, size, call)
runs in its own process: once timed, then once under ``tracemalloc`` for the
peak of the memory that call allocated (the text itself not counted); the
process's peak resident size is shown too. Sizes are UTF-8
bytes from 64 kB to 16 MB. Shapes:

- ``bidi controls``: nothing but U+202E RIGHT-TO-LEFT OVERRIDE (3 bytes each):
  1 M of them is 3 MB, the hostile file of the issue;
- ``bidi in text``: "word" + one of the nine bidi controls, repeated: a
  finding every few characters (up to 4 MB: memory grows with the findings, one
  record each);
- ``confusable words``: English words, every third one with a Cyrillic
  lookalike letter ("pаyment"), all different (a counter is appended).

The table gives seconds and MB per call, and the slope of a least-squares fit
of time against size (s per MB) with its R²: a straight line means linear time.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

SIZES_KB = [64, 256, 1024, 4096, 16384]
CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def make(shape: str, size: int) -> str:
    if shape == "bidi controls":
        return "\u202e" * (size // 3)
    if shape == "bidi in text":
        unit = [f"word{CONTROLS[i % 9]}" for i in range(9)]
        piece = " ".join(unit) + " "
        return (piece * (size // len(piece.encode()) + 1))[: size // 2]
    words = []
    total = 0
    i = 0
    while total < size:
        word = f"payment{i}" if i % 3 else f"pаyment{i}"  # Cyrillic а in every third word
        words.append(word)
        total += len(word) + 2
        i += 1
    return " ".join(words)


def child(shape: str, size: int, call: str) -> None:
    import tracemalloc

    from polyglot_press.scripts import repair, scan

    text = make(shape, size)
    took = float("inf")
    for _ in range(3 if size <= 1 << 20 else 1):  # best of three up to 1 MB: the machine is shared
        start = time.perf_counter()
        result = scan(text) if call == "scan" else repair(text).changes
        took = min(took, time.perf_counter() - start)
        del result
    # peak memory of a second, untimed call (tracemalloc slows allocation down)
    tracemalloc.start()
    result = scan(text) if call == "scan" else repair(text).changes
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {"seconds": took, "mb": peak / 2**20, "rss": rss, "bytes": len(text.encode()), "items": len(result)}
    print(json.dumps(out))


def fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    ss_res = sum((y - (my + slope * (x - mx))) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = sum((y - my) ** 2 for y in ys) or 1.0
    return slope, 1 - ss_res / ss_tot


def main() -> int:
    max_kb = 16384
    if "--max-mb" in sys.argv:
        max_kb = int(float(sys.argv[sys.argv.index("--max-mb") + 1]) * 1024)
    sizes = [s for s in SIZES_KB if s <= max_kb]
    print("| shape | call | " + " | ".join(f"{s} kB" for s in sizes) + " | fit: s per MB | R² |")
    print("|---|---|" + "---|" * len(sizes) + "---|---|")
    for shape in ("bidi controls", "bidi in text", "confusable words"):
        for call in ("scan", "repair"):
            cells, xs, ys = [], [], []
            for kb in sizes:
                if shape == "bidi in text" and kb > 4096:
                    cells.append("-")  # a finding every 6 characters: 4 MB is 700,000 findings
                    continue
                out = subprocess.run(
                    [sys.executable, __file__, "--child", shape, str(kb * 1024), call],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                row = json.loads(out.stdout)
                cells.append(
                    f"{row['seconds']:.2f} s, {row['mb']:.0f} MB ({row['items']}; RSS {row['rss']:.0f} MB)"
                )
                xs.append(row["bytes"] / 1e6)
                ys.append(row["seconds"])
            slope, r2 = fit(xs, ys)
            print(f"| {shape} | {call} | " + " | ".join(cells) + f" | {slope:.3f} | {r2:.3f} |")
    print("\n(cells: time, peak memory the call allocated, findings or changes, the process's peak RSS)")
    return 0


if __name__ == "__main__":
    if "--child" in sys.argv:
        i = sys.argv.index("--child")
        child(sys.argv[i + 1], int(sys.argv[i + 2]), sys.argv[i + 3])
        sys.exit(0)
    sys.exit(main())
