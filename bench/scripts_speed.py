"""Speed of ``scan`` against disarm and confusable_homoglyphs on 1 MB of news, same run.

Run: ``python bench/scripts_speed.py`` (needs the ``bench`` extra and
``../shared/eval``). Texts (see ``_scripts_corpus.py``): 1 MB of English news
with ~0.1% of its words given one homoglyph, and 1 MB of Russian news.
Reports MB/s (UTF-8 bytes) as the best of several runs, and ratios. ``scan``
is timed cold (its per-word caches cleared before every run) and warm.
confusable_homoglyphs is pure Python and slow: it is timed on the first
100 kB and its rate extrapolated; ``is_dangerous`` (mixed script and
confusable, the check its README recommends, and the one the quality benchmark
scores) is the comparison, ``is_confusable(greedy=True)`` (confusable characters
only, no script analysis) is shown for reference. The last line times the ASCII fast path.

``--against REV`` times ``scan`` of an older commit and of this worktree
instead, alternating subprocesses in one run (before/after a change).

Two more shapes guard against quadratic walks: "English + many foreign words"
(the English text with every distinct word of the Russian text inserted, one
every few English words: dense, mostly Latin, tens of thousands of distinct
Cyrillic words), and ``repair`` of a text with tens of thousands of changes
(every word of a 240 kB English sample given a stray zero-width space).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _scripts_corpus import english_news, russian_news


def best_rate(
    fn: Callable[[str], object], text: str, repeat: int, before: Callable[[], None] | None = None
) -> float:
    size = len(text.encode("utf-8")) / 1e6
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - start)
    return size / best


def clear_caches() -> None:
    """Forget every per-word and per-character result (not the one-time skeleton index).

    Knows the module layout of this version and of the single ``scanner`` module
    before it, so ``--against`` can time an older commit the same way.
    """
    import importlib

    from polyglot_press.scripts import _ucd, confusables, plausibility, resolve

    def first(*names: str) -> object:
        for name in names:
            module, _, attr = name.rpartition(".")
            try:
                found = getattr(importlib.import_module(f"polyglot_press.scripts.{module}"), attr)
            except (ImportError, AttributeError):
                continue
            return found
        raise LookupError(names)

    tables = [
        first("chars.FACTS", "scanner._FACTS"),
        first("walk.WORD_CHARS", "scanner._WORD_CHARS"),
        _ucd._SCX,
        _ucd._AUG,
    ]
    for table in tables:
        table.clear()  # type: ignore[attr-defined]
    cached = [
        plausibility.word_score,
        first("chars.analyze_word", "scanner._analyze_word"),
        first("words._minority_fix", "scanner._minority_fix"),
        first("whole_script.reading_of", "scanner._reading"),
        confusables.skeleton,
        confusables.counterpart,
        resolve.resolved_scripts,
    ]
    for fn in cached:
        fn.cache_clear()  # type: ignore[attr-defined]


def many_foreign_words(english: str, russian: str, distinct: int = 40_000) -> str:
    """The English text with ``distinct`` different Cyrillic words inserted, one every few English words.

    The Russian text's vocabulary, then (to reach the count) pairs of its words
    joined into one token: what matters is that each is a different word.
    """
    vocabulary = list(dict.fromkeys(w.strip(".,;:!?()«»\"'—–-") for w in russian.split()))
    vocabulary = [w.lower() for w in vocabulary if w and not w.isascii() and w.isalpha()]
    foreign = list(dict.fromkeys(vocabulary))
    shift = 1
    while len(set(foreign)) < distinct and shift < len(vocabulary):
        foreign.extend(a + b for a, b in zip(vocabulary, vocabulary[shift:], strict=False))
        shift += 1
    foreign = list(dict.fromkeys(foreign))[:distinct]
    words = english.split(" ")
    step = max(1, len(words) // len(foreign))
    out: list[str] = []
    it = iter(foreign)
    for i, word in enumerate(words):
        out.append(word)
        if i % step == 0:
            nxt = next(it, None)
            if nxt is not None:
                out.append(nxt)
    return " ".join(out)


def main() -> int:
    import disarm
    from confusable_homoglyphs import confusables as ch

    from polyglot_press.scripts import scan

    english, spoofed = english_news()
    russian = russian_news()
    found = [f for f in scan(english) if f.kind in ("mixed-script", "whole-script")]
    print(
        f"English: {len(english.encode()) / 1e6:.2f} MB, {spoofed} words spoofed, "
        f"scan found {len(found)} homoglyph words"
    )
    print(f"Russian: {len(russian.encode()) / 1e6:.2f} MB\n")
    print(
        "| text | polyglot_press scan (cold) | scan (warm) | disarm inspect_anomalies "
        "| disarm has_anomalies | confusable_homoglyphs is_dangerous "
        "| confusable_homoglyphs is_confusable(greedy) | scan cold / disarm inspect "
        "| scan cold / is_dangerous |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    many = many_foreign_words(english, russian)
    shapes = (("English 1 MB", english), ("Russian 1 MB", russian), ("English + many foreign words", many))
    for name, text in shapes:
        cold = best_rate(scan, text, 7, before=clear_caches)
        warm = best_rate(scan, text, 7)
        inspect = best_rate(disarm.inspect_anomalies, text, 7)
        has = best_rate(disarm.has_anomalies, text, 5)
        cut = text[:100_000]
        homo = best_rate(lambda t: ch.is_dangerous(t), cut, 2)
        greedy = best_rate(lambda t: ch.is_confusable(t, greedy=True), cut, 2)
        print(
            f"| {name} | {cold:.1f} MB/s | {warm:.1f} MB/s | {inspect:.1f} MB/s | {has:.1f} MB/s "
            f"| {homo:.2f} MB/s | {greedy:.1f} MB/s | {cold / inspect:.2f}x | {cold / homo:.0f}x |"
        )
    distinct = len({w for w in many.split() if not w.isascii()})
    size = len(many.encode()) / 1e6
    print(f"\n'English + many foreign words': {size:.2f} MB, {distinct} distinct Cyrillic words")
    from polyglot_press.scripts import repair

    sample = english[:240_000]
    noisy = " ".join(w + "\u200b" for w in sample.split(" "))
    start = time.perf_counter()
    fixed = repair(noisy)
    took = time.perf_counter() - start
    print(
        f"repair of {len(noisy.encode()) / 1e3:.0f} kB with {len(fixed.changes)} changes: {took:.2f} s "
        f"({len(noisy.encode()) / 1e6 / took:.2f} MB/s)"
    )
    ascii_text = english.encode("ascii", "ignore").decode("ascii")
    start = time.perf_counter()
    for _ in range(100):
        scan(ascii_text)
    per_call = (time.perf_counter() - start) / 100
    print(
        f"\nASCII fast path: scan() of {len(ascii_text) / 1e6:.2f} MB of ASCII text "
        f"returns in {per_call * 1e6:.1f} µs (no per-character work)"
    )
    return 0


def worker() -> int:
    """Print the cold and warm scan rates of the shapes as JSON (for ``--against``)."""
    import json

    from polyglot_press.scripts import scan

    english, _ = english_news()
    russian = russian_news()
    shapes = {"English 1 MB": english, "Russian 1 MB": russian}
    shapes["English + many foreign words"] = many_foreign_words(english, russian)
    rates = {}
    for name, text in shapes.items():
        rates[name] = {
            "cold": best_rate(scan, text, 5, before=clear_caches),
            "warm": best_rate(scan, text, 5),
            "findings": len(scan(text)),
        }
    print(json.dumps(rates))
    return 0


def against(rev: str, rounds: int = 3) -> int:
    """Time ``scan`` of commit ``rev`` and of this worktree, alternating, in one run."""
    import json
    import os
    import subprocess
    import tempfile

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", rev, "src"], check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        best: dict[str, dict[str, dict[str, float]]] = {"before": {}, "after": {}}
        for _ in range(rounds):
            for label, src in (("before", Path(tmp) / "src"), ("after", root / "src")):
                env = {**os.environ, "PYTHONPATH": str(src)}
                out = subprocess.run(
                    [sys.executable, __file__, "--worker"],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                for shape, rate in json.loads(out.stdout).items():
                    seen = best[label].setdefault(shape, {"cold": 0.0, "warm": 0.0, "findings": -1})
                    seen["cold"] = max(seen["cold"], rate["cold"])
                    seen["warm"] = max(seen["warm"], rate["warm"])
                    seen["findings"] = rate["findings"]
    print(f"scan before ({rev}) and after (this worktree), best of {rounds} alternating rounds x 5 runs\n")
    print("| text | before cold | after cold | after/before cold | before warm | after warm | findings |")
    print("|---|---|---|---|---|---|---|")
    for shape, old in best["before"].items():
        new = best["after"][shape]
        same = (
            "same"
            if old["findings"] == new["findings"]
            else f"{old['findings']:.0f} -> {new['findings']:.0f}"
        )
        print(
            f"| {shape} | {old['cold']:.1f} MB/s | {new['cold']:.1f} MB/s | {new['cold'] / old['cold']:.2f}x "
            f"| {old['warm']:.1f} MB/s | {new['warm']:.1f} MB/s | {same} ({new['findings']:.0f}) |"
        )
    return 0


if __name__ == "__main__":
    if "--worker" in sys.argv:
        sys.exit(worker())
    if "--against" in sys.argv:
        sys.exit(against(sys.argv[sys.argv.index("--against") + 1]))
    sys.exit(main())
