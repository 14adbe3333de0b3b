"""Install size and time of the core and of each extra, in fresh venvs, in one run.

    python bench/install_size.py [--extras core,bergamot,argos,all] [--out docs/install-sizes.md]

The project is built once into a wheel; then, for each variant, a new venv is
made and ``pip install -c constraints.txt WHEEL[EXTRA]`` runs in it, timed, from
the packages already on this machine (pip's cache, its find-links folder and
local indexes: nothing needs the network once they are warm, so the first
variant's numbers may include downloads; the run warms them with ``pip download``
first). Reported per variant: wall time of the install, how many distributions
it holds, the size of the installed packages (``site-packages`` minus an empty
venv's pip), whether torch is among them; for the core also the cold start of
``python -c "import polyglot_press"`` and ``polyglot-press scan small.txt``
(first run, then the median of 5 new processes).

The peer in the same run is the ``[all]`` install: every ratio in the table is
against it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("core", "bergamot", "argos", "all")


def run(cmd: list[str], **kw: object) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)  # type: ignore[call-overload]
    return time.perf_counter() - start


def tree_bytes(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            p = Path(dirpath) / name
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def site_packages(venv: Path) -> Path:
    return next((venv / "lib").glob("python3*/site-packages"))


def timed_process(cmd: list[str], cwd: Path, repeat: int = 5) -> tuple[float, float]:
    """(first run, median of ``repeat`` further runs) wall seconds of a new process."""
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--extras", default=",".join(VARIANTS))
    parser.add_argument("--out", type=Path, help="write the Markdown table here too")
    args = parser.parse_args()
    variants = [v.strip() for v in args.extras.split(",") if v.strip()]
    python = shutil.which("python3") or sys.executable
    constraints = ROOT / "constraints.txt"
    rows = []
    with tempfile.TemporaryDirectory(prefix="pp-install-") as tmp_name:
        tmp = Path(tmp_name)
        wheels = tmp / "wheels"
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
            check=True,
        )
        wheel = next(wheels.glob("polyglot_press-*.whl"))
        print(f"built {wheel.name}", file=sys.stderr)
        # warm pip's cache so every timed install reads local files only
        for variant in variants:
            spec = str(wheel) if variant == "core" else f"{wheel}[{variant}]"
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "-q", "-c", str(constraints),
                 "-d", str(tmp / "warm"), spec],
                check=True, stdout=subprocess.DEVNULL,
            )
        empty = tmp / "empty"
        subprocess.run([python, "-m", "venv", str(empty)], check=True)
        baseline = tree_bytes(site_packages(empty))
        small = tmp / "small.txt"
        small.write_text("Оwen Murphy met the OSCE delegation in Astana.\n", encoding="utf-8")
        for variant in variants:
            venv = tmp / f"venv-{variant}"
            subprocess.run([python, "-m", "venv", str(venv)], check=True)
            spec = str(wheel) if variant == "core" else f"{wheel}[{variant}]"
            seconds = run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                           "-c", str(constraints), spec])
            sp = site_packages(venv)
            size = tree_bytes(sp) - baseline
            dists = [p.name for p in sp.glob("*.dist-info")]
            torch = any(d.startswith("torch-") for d in dists)
            row = {"variant": variant, "seconds": seconds, "mb": size / 1e6,
                   "dists": len(dists), "torch": torch}
            if variant == "core":
                row["import"] = timed_process(
                    [str(venv / "bin" / "python"), "-c", "import polyglot_press"], tmp)
                row["scan"] = timed_process(
                    [str(venv / "bin" / "polyglot-press"), "scan", str(small)], tmp)
            rows.append(row)
            print(f"{variant}: {seconds:.1f} s, {size / 1e6:.1f} MB, {len(dists)} distributions, "
                  f"torch={torch}", file=sys.stderr)
            shutil.rmtree(venv)
    reference = next((r for r in rows if r["variant"] == "all"), None)
    lines = [
        "| install | time (s) | size (MB) | distributions | torch | size vs `[all]` |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for r in rows:
        name = "`polyglot-press`" if r["variant"] == "core" else f"`polyglot-press[{r['variant']}]`"
        ratio = f"{r['mb'] / reference['mb']:.3f}" if reference else "n/a"
        lines.append(f"| {name} | {r['seconds']:.1f} | {r['mb']:.1f} | {r['dists']} | "
                     f"{'yes' if r['torch'] else 'no'} | {ratio} |")
    core = next((r for r in rows if r["variant"] == "core"), None)
    if core:
        imp_first, imp_med = core["import"]
        scan_first, scan_med = core["scan"]
        lines += [
            "",
            "| core, new process | first run (s) | median of 5 (s) |",
            "|---|---:|---:|",
            f"| `python -c \"import polyglot_press\"` | {imp_first:.3f} | {imp_med:.3f} |",
            f"| `polyglot-press scan small.txt` | {scan_first:.3f} | {scan_med:.3f} |",
        ]
    table = "\n".join(lines)
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
