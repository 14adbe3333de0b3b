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
calibrated by one untimed run per input; then ``Press.translate`` is timed
(``--repeat`` runs of the example, one of the FLORES document). Reported:
the median segments per second of each tree and the ratio this/baseline
(target: >= 0.95, i.e. unchanged or better within 5%), and whether both
trees wrote the same translation and the same JSON report.

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

ROOT = Path(__file__).resolve().parent.parent
FLORES = ROOT.parent / "shared" / "eval" / "flores200_devtest" / "eng_Latn.devtest"
EXAMPLE = ROOT / "examples" / "press-release.txt"
GLOSSARY = ROOT / "glossaries" / "kazakhstan-elections.yaml"


def measure(sentences: int, repeat: int) -> dict[str, object]:
    """Time Press.translate in this process (whichever polyglot_press is on the path)."""
    import polyglot_press
    from polyglot_press import Document, Press

    flores = "\n\n".join(FLORES.read_text(encoding="utf-8").splitlines()[:sentences]) + "\n"
    inputs = {
        "example": Document.from_text(EXAMPLE.read_text(encoding="utf-8"), path=str(EXAMPLE)),
        "flores": Document.from_text(flores, path="flores.txt"),
    }
    press = Press(glossaries=[GLOSSARY], engine="bergamot", source="en", memory=False)
    out: dict[str, object] = {"module": polyglot_press.__file__}
    for name, doc in inputs.items():
        first = press.translate(doc, ["pt"])  # loads the model, calibrates the placeholders
        runs = repeat if name == "example" else 1
        start = time.perf_counter()
        for _ in range(runs):
            result = press.translate(doc, ["pt"])
        seconds = (time.perf_counter() - start) / runs
        assert result["pt"].text == first["pt"].text
        segments = len(doc.segments)
        out[name] = {"segments": segments, "seconds": seconds, "per_second": segments / seconds,
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
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.sentences, args.repeat)))
        return
    if args.baseline is None:
        parser.error("--baseline SRC is required (the src folder of the commit to compare with)")
    trees = {"baseline": args.baseline.resolve(), "this": ROOT / "src"}
    samples: dict[str, dict[str, list[float]]] = {t: {"example": [], "flores": []} for t in trees}
    info: dict[str, dict[str, object]] = {}
    for round_ in range(args.rounds):
        order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
        for tree in order:
            result = run_tree(trees[tree], args.sentences, args.repeat)
            info[tree] = result
            for name in ("example", "flores"):
                entry = result[name]
                assert isinstance(entry, dict)
                samples[tree][name].append(float(entry["per_second"]))
            print(f"round {round_ + 1} {tree}: "
                  + ", ".join(f"{n} {samples[tree][n][-1]:.1f} seg/s" for n in ("example", "flores")),
                  file=sys.stderr)
    print(f"bergamot en->pt, memory off, glossary on; {args.rounds} rounds, medians")
    print(f"{'input':8} {'segments':>8} {'baseline seg/s':>15} {'this seg/s':>11} {'ratio':>6}")
    for name in ("example", "flores"):
        base = statistics.median(samples["baseline"][name])
        this = statistics.median(samples["this"][name])
        entry = info["this"][name]
        assert isinstance(entry, dict)
        print(f"{name:8} {entry['segments']:>8} {base:>15.1f} {this:>11.1f} {this / base:>6.3f}")
    for name in ("example", "flores"):
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
