"""Glossary reading grows linearly with the input (issue 18, item 2).

Four inputs grow from 64 kB to 16 MB (x4 per step; ``--extra-mb 100`` adds
a point): one YAML comment line, YAML concepts, TBX concept entries, CSV rows.
Each is read in a fresh process (so that peak memory is the read's own) by
the path a user takes:

* ``yaml-comment`` and ``yaml-concepts (lines)``: ``read_yaml`` with line
  numbers (ruamel round trip), what every edit uses, and ``glossary lint``
  when it has issues to place;
* ``yaml-concepts``: ``Glossary.load`` (libyaml's events, no line numbers);
* ``yaml-concepts (lint)``: ``lint_glossary(Glossary.load(...))`` on the
  clean file, what ``glossary lint`` does (read once, then every check);
* ``tbx``: ``Glossary.load`` (defusedxml's expat driver, entries streamed,
  TBX-Basic validation);
* ``csv``: ``Glossary.load`` (one column per language and a kind column).

The named peer, read in the same run on the same file, is the bare parser
each path stands on: PyYAML's libyaml ``CSafeLoader`` for YAML, the stdlib's
C ``xml.etree.ElementTree`` for TBX, the stdlib ``csv`` module for CSV; the
ratio ours/peer says what the glossary model, the checks and the line
numbers cost on top of parsing.

Linear growth is checked by the log-log slope of time and of peak memory
(the peak resident set over the one before reading: the process's peak is
reset after the imports through ``/proc/self/clear_refs``) against size,
over the steps of 1 MB and more (below, start-up noise dominates): 1.0 is
linear, 2.0 quadratic. The 100 MB figures extrapolate the largest measured step
linearly, or is the 100 MB point when one is measured. CPU time is given
beside wall time: on the shared machine, wall time moves with the load. Targets: <= 10 s and
<= 1 GB per 100 MB glossary in each format.

Run: python bench/glossary_growth.py [--max-mb 16] [--extra-mb 100] [--peer-max-mb 16]
[--kinds yaml-comment,csv]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

KINDS = ("yaml-comment", "yaml-concepts", "yaml-concepts (lines)", "yaml-concepts (lint)",
         "tbx", "csv")

_CHILD = r'''
import json, resource, sys, time
kind, path, peer = sys.argv[1], sys.argv[2], sys.argv[3] == "peer"
from polyglot_press.glossary import Glossary, lint_glossary
from polyglot_press.glossary.yaml_read import read_yaml
import csv, yaml, xml.etree.ElementTree as ET

def status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])

with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak (VmHWM) starts again from here: imports are not counted
before = status("VmRSS:")
t = time.perf_counter()
cpu = time.process_time()
if peer:
    if kind.startswith("yaml"):
        with open(path, encoding="utf-8") as f:
            yaml.load(f.read(), Loader=yaml.CSafeLoader)
    elif kind == "tbx":
        ET.parse(path)
    else:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
elif kind in ("yaml-comment", "yaml-concepts (lines)"):
    g = read_yaml(path)
elif kind == "yaml-concepts (lint)":
    issues = lint_glossary(Glossary.load(path))
    assert not issues, issues[:3]
else:
    g = Glossary.load(path)
elapsed = time.perf_counter() - t
cpu = time.process_time() - cpu
after = status("VmHWM:")
print(json.dumps({"seconds": elapsed, "cpu": cpu, "mb": (after - before) / 1024}))
'''

_TINY = "glossary: {name: growth, languages: [en, pt]}\nconcepts:\n  - id: a\n    terms: {en: A, pt: A}\n"


def make(kind: str, size: int, folder: Path) -> Path:
    if kind == "yaml-comment":
        path = folder / "comment.yaml"
        path.write_text("# " + "x" * size + "\n" + _TINY, encoding="utf-8")
        return path
    chunks: list[str] = []
    total = 0
    i = 0
    if kind.startswith("yaml"):
        path = folder / "concepts.yaml"
        head = "glossary: {name: growth, languages: [en, pt]}\nconcepts:\n"
        tail = ""
        template = ("  - id: c{i}\n    kind: person\n    terms:\n      en: Name {i} Smith\n"
                    "      pt:\n        preferred: Nome {i} Silva\n        gender: masculine\n")
    elif kind == "tbx":
        path = folder / "entries.tbx"
        head = ('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" '
                'xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n<tbxHeader><fileDesc>'
                "<sourceDesc><p>growth</p></sourceDesc></fileDesc></tbxHeader>\n<text><body>\n")
        tail = "</body></text></tbx>\n"
        template = ('<conceptEntry id="c{i}"><descrip type="subjectField">person</descrip>\n'
                    '  <langSec xml:lang="en"><termSec><term>Name {i} Smith</term></termSec>'
                    '</langSec>\n  <langSec xml:lang="pt"><termSec><term>Nome {i} Silva</term>'
                    '<termNote type="grammaticalGender">masculine</termNote></termSec></langSec>'
                    "\n</conceptEntry>\n")
    else:
        path = folder / "rows.csv"
        head = "en,pt,kind\n"
        tail = ""
        template = "Name {i} Smith,Nome {i} Silva,person\n"
    chunks.append(head)
    total = len(head)
    while total < size:
        piece = template.format(i=i)
        chunks.append(piece)
        total += len(piece)
        i += 1
    chunks.append(tail)
    path.write_text("".join(chunks), encoding="utf-8")
    return path


def measure(kind: str, path: Path, peer: bool) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, kind, str(path),
                          "peer" if peer else "ours"],
                         capture_output=True, text=True, check=True, timeout=3600)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def slope(xs: list[float], ys: list[float]) -> float:
    """The least-squares slope of log y against log x (1.0: linear)."""
    pts = [(math.log(x), math.log(max(y, 1e-4))) for x, y in zip(xs, ys, strict=True)]
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    num = sum((p[0] - mx) * (p[1] - my) for p in pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return num / den if den else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-mb", type=float, default=16.0)
    parser.add_argument("--extra-mb", type=float, action="append", default=[],
                        help="one more size (MB) after the x4 steps, such as 100")
    parser.add_argument("--peer-max-mb", type=float, default=1e9,
                        help="read the peer only up to this size (PyYAML's CSafeLoader "
                        "needs about 6 GB for 100 MB)")
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    kinds = [k.strip() for k in args.kinds.split(",")]
    sizes = []
    size = 64 * 1024
    while size <= args.max_mb * 1024 * 1024:
        sizes.append(size)
        size *= 4
    sizes += [int(mb * 2**20) for mb in args.extra_mb]
    print("| input | size | ours s | ours CPU s | ours MB | peer s | peer MB | time ours/peer |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for kind in kinds:
            times, cpus, mems, real_sizes = [], [], [], []
            for size in sizes:
                path = make(kind, size, folder)
                real = path.stat().st_size
                ours = measure(kind, path, peer=False)
                times.append(ours["seconds"])
                cpus.append(ours["cpu"])
                mems.append(max(ours["mb"], 0.1))
                real_sizes.append(real)
                if real <= args.peer_max_mb * 2**20:
                    peer = measure(kind, path, peer=True)
                    peer_cells = (f"{peer['seconds']:.2f} | {peer['mb']:.0f} | "
                                  f"{ours['seconds'] / max(peer['seconds'], 1e-4):.1f}x")
                else:
                    peer_cells = "- | - | -"
                print(f"| {kind} | {real / 2**20:.2f} MB | {ours['seconds']:.2f} | "
                      f"{ours['cpu']:.2f} | {ours['mb']:.0f} | {peer_cells} |", flush=True)
                path.unlink()
            per_100 = 100 * 2**20 / real_sizes[-1]
            big = [i for i, r in enumerate(real_sizes) if r >= 2**20] or list(range(len(sizes)))
            summary.append((kind, slope([real_sizes[i] for i in big], [times[i] for i in big]),
                            slope([real_sizes[i] for i in big], [mems[i] for i in big]),
                            times[-1] * per_100, cpus[-1] * per_100, mems[-1] * per_100))
    print()
    print("| input | time slope | memory slope | s per 100 MB | CPU s per 100 MB | MB per 100 MB "
          "| target <= 10 s, <= 1 GB |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for kind, ts, ms, t100, c100, m100 in summary:
        ok = "PASS" if t100 <= 10 and m100 <= 1024 else "FAIL"
        print(f"| {kind} | {ts:.2f} | {ms:.2f} | {t100:.0f} | {c100:.0f} | {m100:.0f} | {ok} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
