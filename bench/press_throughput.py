#!/usr/bin/env python3
"""``Press.translate`` throughput: this tree against a previous commit, in the same run.

Inputs, both translated en -> pt with the bergamot engine (one thread), the
translation memory off, the Kazakhstan elections glossary on:

* ``example``: ``examples/press-release.txt`` (the README's example);
* ``flores``: the first ``--sentences`` (default 300) English sentences of
  FLORES-200 devtest (``../shared/eval/flores200_devtest/eng_Latn.devtest``),
  one paragraph each, as one document. Nothing is tuned on them.

The peer is the same pipeline at an earlier commit: pass its source folder
with ``--baseline`` (for example a ``git worktree add /tmp/oldmain main``,
then ``--baseline /tmp/oldmain/src``). Each measurement runs in its own
process with ``PYTHONPATH`` set to one tree's ``src``; the two trees alternate
round by round (``--rounds``, default 5) so load on the machine hits both
alike. In each process the engine is loaded and the placeholder form
calibrated by one untimed run on other FLORES sentences (the last twelve);
then ``Press.translate`` is timed on the example and on the FLORES document
once each, then the example again ``--repeat`` times: the engine keeps its
own cache of the sentences it translated, so the first runs measure real
throughput (engine and pipeline) and the repeated example the pipeline
alone. Reported: the median segments per second of wall time and of process
CPU time (less sensitive to a shared, loaded machine) of each tree, the ratio
this/baseline (target: >= 0.95, i.e. unchanged or better within 5%), and
whether both trees wrote the same translation and the same JSON report.

Run: ``python bench/press_throughput.py --baseline /tmp/oldmain/src``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FLORES = ROOT.parent / "shared" / "eval" / "flores200_devtest" / "eng_Latn.devtest"
EXAMPLE = ROOT / "examples" / "press-release.txt"
GLOSSARY = ROOT / "glossaries" / "kazakhstan-elections.yaml"


def _timed(press: Any, doc: Any, runs: int) -> tuple[Any, float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(runs):
        result = press.translate(doc, ["pt"])
    return result, (time.perf_counter() - start) / runs, (time.process_time() - cpu) / runs


def measure(sentences: int, repeat: int) -> dict[str, object]:
    """Time Press.translate in this process (whichever polyglot_press is on the path)."""
    import polyglot_press
    from polyglot_press import Document, Press

    lines = FLORES.read_text(encoding="utf-8").splitlines()
    flores = "\n\n".join(lines[:sentences]) + "\n"
    warmup = "\n\n".join(lines[-12:]) + "\n"  # never timed, never among the measured
    example = Document.from_text(EXAMPLE.read_text(encoding="utf-8"), path=str(EXAMPLE))
    press = Press(glossaries=[GLOSSARY], engine="bergamot", source="en", memory=False)
    press.translate(Document.from_text(warmup), ["pt"])  # loads the model, calibrates
    out: dict[str, object] = {"module": polyglot_press.__file__}
    # the engine keeps its own cache of sentences it translated: the first run of a
    # text is the real throughput; repeating the example measures the pipeline alone
    runs = [("example", example, 1), ("flores", Document.from_text(flores, path="f.txt"), 1),
            ("example-cached", example, repeat)]
    for name, doc, times in runs:
        result, seconds, cpu_seconds = _timed(press, doc, times)
        segments = len(doc.segments)
        out[name] = {"segments": segments, "seconds": seconds, "per_second": segments / seconds,
                     "per_cpu_second": segments / cpu_seconds,
                     "terms_ok": sum(c.ok for c in result.checks()),
                     "terms": len(result.checks()),
                     "output_sha256": hashlib.sha256(result["pt"].to_bytes()).hexdigest(),
                     "report_sha256": hashlib.sha256(result.report.to_json().encode()).hexdigest()}
    return out


def run_tree(src: Path, sentences: int, repeat: int) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(src))
    with tempfile.TemporaryDirectory() as cache:
        env["POLYGLOT_PRESS_CACHE_DIR"] = cache
        proc = subprocess.run(
            [sys.executable, __file__, "--child", "--sentences", str(sentences),
             "--repeat", str(repeat)],
            env=env, capture_output=True, text=True, check=False, timeout=1800)
    if proc.returncode != 0:
        raise SystemExit(f"{src}: {proc.stderr}")
    result: dict[str, object] = json.loads(proc.stdout.splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="src folder of the earlier commit")
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.sentences, args.repeat)))
        return
    if args.baseline is None:
        parser.error("--baseline SRC is required (the src folder of the commit to compare with)")
    trees = {"baseline": args.baseline.resolve(), "this": ROOT / "src"}
    names = ("example", "flores", "example-cached")
    samples: dict[str, dict[str, list[float]]] = {t: {f"{n} {u}": [] for n in names
                                                      for u in ("wall", "cpu")} for t in trees}
    info: dict[str, dict[str, object]] = {}
    for round_ in range(args.rounds):
        order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
        for tree in order:
            result = run_tree(trees[tree], args.sentences, args.repeat)
            info[tree] = result
            for name in names:
                entry = result[name]
                assert isinstance(entry, dict)
                samples[tree][f"{name} wall"].append(float(entry["per_second"]))
                samples[tree][f"{name} cpu"].append(float(entry["per_cpu_second"]))
            print(f"round {round_ + 1} {tree}: "
                  + ", ".join(f"{n} {v[-1]:.1f}" for n, v in samples[tree].items()),
                  file=sys.stderr)
    print(f"bergamot en->pt, memory off, glossary on; {args.rounds} rounds, medians "
          "(segments per second of wall time and of process CPU time)")
    print(f"{'input':20} {'segments':>8} {'baseline':>9} {'this':>9} {'ratio':>6}")
    for key in samples["this"]:
        base = statistics.median(samples["baseline"][key])
        this = statistics.median(samples["this"][key])
        entry = info["this"][key.split()[0]]
        assert isinstance(entry, dict)
        print(f"{key:20} {entry['segments']:>8} {base:>9.1f} {this:>9.1f} {this / base:>6.3f}")
    for name in names:
        same = all(info["baseline"][name][k] == info["this"][name][k]  # type: ignore[index]
                   for k in ("output_sha256", "report_sha256", "terms_ok", "terms"))
        entry = info["this"][name]
        assert isinstance(entry, dict)
        print(f"{name}: translation and JSON report identical in both trees: {same}; "
              f"terms ok {entry['terms_ok']}/{entry['terms']}")
    for tree in trees:
        print(f"{tree}: {info[tree]['module']}")


if __name__ == "__main__":
    main()
