"""Kill -9 trials: a write killed at any moment leaves a whole file, loses nothing, and no debris.

For each operation (``translate -o``, ``glossary add``, ``glossary lint --fix``,
``glossary fmt``, ``glossary merge -o``) the CLI is started on a copy of real
files and killed with SIGKILL after a random delay, many times. After each
kill the target must be either the old file or the new one, whole (it parses,
and no concept of the old glossary is lost). After the last trial one more
write runs in the same folder, and no temporary file may be left.

    python bench/kill_trials.py --trials 20
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "polyglot_press"]
GLOSSARY = ROOT / "glossaries" / "kazakhstan-elections.yaml"
EXAMPLE = ROOT / "examples" / "press-release.txt"
TEMPORARY_SUFFIX = ".pp-tmp"


@dataclass
class Outcome:
    operation: str
    trials: int = 0
    killed_mid_run: int = 0
    partial_files: int = 0
    lost_terms: int = 0
    debris_after_next_run: int = 0


def _concepts(path: Path) -> set[str] | None:
    """Concept ids of a glossary file, or None if it does not load (a partial file)."""
    sys.path.insert(0, str(ROOT / "src"))
    from polyglot_press.errors import PolyglotPressError
    from polyglot_press.glossary import Glossary

    try:
        return {c.id for c in Glossary.load(path).concepts}
    except PolyglotPressError:
        return None


def _operations(folder: Path) -> dict[str, tuple[list[str], Path, Callable[[Path], bool]]]:
    """name -> (argv, target file, check that the target is whole)."""
    g = folder / "g.yaml"
    other = folder / "other.yaml"
    merged = folder / "merged.yaml"
    out = folder / "out"
    out.mkdir(exist_ok=True)
    before = _concepts(GLOSSARY) or set()

    def whole_glossary(path: Path) -> bool:
        ids = _concepts(path)
        return ids is not None and before <= ids

    def whole_translation(path: Path) -> bool:
        return not path.exists() or path.read_text(encoding="utf-8").count("\n") >= 10

    return {
        "glossary add": (["glossary", "add", str(g), f"trial-{random.getrandbits(32)}",
                          "en=Trial Concept"], g, whole_glossary),
        "glossary fmt": (["glossary", "fmt", str(g)], g, whole_glossary),
        "glossary lint --fix": (["glossary", "lint", "--fix", str(g)], g, whole_glossary),
        "glossary merge": (["glossary", "merge", str(g), str(other), "-o", str(merged)], merged,
                           lambda p: not p.exists() or whole_glossary(p)),
        "translate": (["translate", str(EXAMPLE), "--to", "pt", "--from", "en", "-g", str(g),
                       "-o", str(out)], out / "press-release.pt.txt", whole_translation),
    }


def trial_run(trials: int, seed: int) -> list[Outcome]:
    random.seed(seed)
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "POLYGLOT_PRESS_CACHE_DIR": str(folder / "cache")}
        for name in _operations(folder):
            shutil.copy(GLOSSARY, folder / "g.yaml")
            shutil.copy(GLOSSARY, folder / "other.yaml")
            outcome = Outcome(name)
            # how long one whole run takes: kills fall anywhere inside it
            argv, _, _ = _operations(folder)[name]
            started = time.monotonic()
            subprocess.run([*CLI, *argv], env=env, capture_output=True, check=False)
            duration = time.monotonic() - started
            for _ in range(trials):
                argv, target, whole = _operations(folder)[name]
                process = subprocess.Popen([*CLI, *argv], env=env, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
                time.sleep(random.uniform(0.05, duration))
                if process.poll() is None:
                    os.kill(process.pid, signal.SIGKILL)
                    outcome.killed_mid_run += 1
                process.wait()
                outcome.trials += 1
                if target.exists() and not whole(target):
                    if _concepts(target) is None and target.suffix == ".yaml":
                        outcome.partial_files += 1
                    else:
                        outcome.lost_terms += 1
            # one more full run in the same folders removes what the killed ones left
            argv, target, _ = _operations(folder)[name]
            subprocess.run([*CLI, *argv], env=env, capture_output=True, check=False)
            outcome.debris_after_next_run = sum(
                1 for p in [*folder.iterdir(), *(folder / "out").iterdir()]
                if p.name.endswith(TEMPORARY_SUFFIX))
            outcomes.append(outcome)
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--trials", type=int, default=20, help="kills per operation")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = trial_run(args.trials, args.seed)
    print("| operation | trials | killed mid-run | partial files | lost terms "
          "| temporary files after the next run |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.operation} | {r.trials} | {r.killed_mid_run} | {r.partial_files} | {r.lost_terms} "
              f"| {r.debris_after_next_run} |")
    bad = any(r.partial_files or r.lost_terms or r.debris_after_next_run for r in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
