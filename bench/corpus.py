"""Corpus throughput: Press.pipe in one process against Dask with 1 and 2 workers, in one run.

Documents are made from FLORES-200 devtest English (five sentences each) and
the Wikinews articles in ``../shared/eval/news`` (one paragraph each), as many
as ``--docs`` asks (cycling through the sources). Every configuration
translates the same documents en→pt with the bergamot model, memory off, and
reports documents/s, words/s and the time to the first written output.

    python bench/corpus.py --docs 400
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def make_corpus(folder: Path, documents: int) -> int:
    """Write ``documents`` text files; return their total word count."""
    sentences = (EVAL / "flores200_devtest" / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    pieces = [" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)]
    for article in sorted((EVAL / "news").glob("GUM_news_*.txt")):
        pieces += [p.strip() for p in article.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 8]
    words = 0
    for i in range(documents):
        text = pieces[i % len(pieces)]
        words += len(text.split())
        sub = folder / f"part{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i:05d}.txt").write_text(text + "\n", encoding="utf-8")
    return words


def run_pipe(folder: Path, out: Path) -> tuple[float, float]:
    from polyglot_press import Document, Press

    press = Press(engine="bergamot", source="en", memory=False)
    paths = sorted(folder.rglob("*.txt"))
    started = time.perf_counter()
    first = None
    for path, result in zip(paths, press.pipe([Document.read(p) for p in paths], ["pt"]), strict=True):
        target = out / path.relative_to(folder).with_suffix(".pt.txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        result["pt"].write(target)
        first = first or time.perf_counter() - started
    return time.perf_counter() - started, first or 0.0


def run_dask(folder: Path, out: Path, workers: int) -> tuple[float, float]:
    from distributed import Client, LocalCluster

    from polyglot_press.dask import translate_corpus

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.run(lambda: __import__("polyglot_press.engines.bergamot"))  # imports, not models
        started = time.perf_counter()
        first: list[float] = []

        def progress(n: int) -> None:
            if not first:
                first.append(time.perf_counter() - started)

        translate_corpus(str(folder), "pt", engine="bergamot", source="en", memory=False, output=out,
                         client=client, progress=progress, partitions=max(4 * workers, 8))
        return time.perf_counter() - started, first[0] if first else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        words = make_corpus(root / "in", args.docs)
        os.environ["POLYGLOT_PRESS_CACHE_DIR"] = str(root / "cache")
        rows = []
        for name, runner in (("Press.pipe, one process", lambda o: run_pipe(root / "in", o)),
                             ("Dask, 1 worker", lambda o: run_dask(root / "in", o, 1)),
                             ("Dask, 2 workers", lambda o: run_dask(root / "in", o, 2))):
            out = root / "out"
            shutil.rmtree(out, ignore_errors=True)
            seconds, first = runner(out)
            rows.append((name, seconds, first))
        base = rows[1][1]
        print(f"{args.docs} documents, {words:,} words, bergamot en→pt, memory off, {os.cpu_count()} cores")
        print("| run | seconds | documents/s | words/s | first output (s) | vs Dask 1 worker |")
        print("|---|---|---|---|---|---|")
        for name, seconds, first in rows:
            print(f"| {name} | {seconds:.1f} | {args.docs / seconds:.1f} | {words / seconds:,.0f} "
                  f"| {first:.2f} | {base / seconds:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
