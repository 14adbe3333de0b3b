"""Precision and recall of script analysis on the labeled cases, against peers, same run.

Run: ``python bench/scripts_quality.py`` (needs the ``bench`` extra; PyICU is
optional). Reads ``tests/cases/scripts/*.jsonl`` (see the README there).

Case level (all tools): a case with expected findings is a positive; a tool
"flags" a case when it reports anything. Precision = flagged positives / all
flagged; recall = flagged positives / positives; "legit FP" counts legitimate
multilingual cases that were flagged.

Finding level (polyglot_press only): a finding is right when an expected one of
the same kind overlaps it. Repair: the share of repairable cases whose
``repair()`` output equals the expected text exactly, and whether every
legitimate case came back unchanged.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases" / "scripts"


def load_cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(CASES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                case["file"] = path.stem
                cases.append(case)
    return cases


def detectors() -> dict[str, Callable[[str], bool]]:
    from polyglot_press.scripts import scan

    tools: dict[str, Callable[[str], bool]] = {"polyglot_press scan": lambda t: bool(scan(t))}
    try:
        import disarm

        tools["disarm inspect_anomalies"] = lambda t: bool(disarm.inspect_anomalies(t).anomalous)
    except ImportError:
        print("disarm not installed: pip install disarm", file=sys.stderr)
    try:
        import icu

        checker = icu.SpoofChecker()  # default checks
        tools["ICU SpoofChecker (whole text)"] = lambda t: checker.check(t) != 0
        tools["ICU SpoofChecker (per word)"] = lambda t: any(checker.check(w) != 0 for w in t.split())
    except ImportError:
        print("PyICU not installed: pip install icukit-pyicu", file=sys.stderr)
    try:
        from confusable_homoglyphs import confusables

        tools["confusable_homoglyphs is_dangerous"] = lambda t: bool(confusables.is_dangerous(t))
    except ImportError:
        print("confusable_homoglyphs not installed", file=sys.stderr)
    return tools


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def case_level(cases: list[dict[str, Any]], flag: Callable[[str], bool]) -> dict[str, Any]:
    tp = fp = fn = 0
    by_file: dict[str, list[int]] = {}
    for case in cases:
        positive = bool(case["expect"])
        try:
            flagged = flag(case["text"])
        except Exception:  # a peer that crashes on an input counts as not flagging
            flagged = False
        hit = by_file.setdefault(case["file"], [0, 0])
        hit[1] += 1
        if positive:
            tp += flagged
            fn += not flagged
            hit[0] += flagged
        else:
            fp += flagged
            hit[0] += not flagged
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {
        "precision": p,
        "recall": r,
        "f1": _ratio(2 * p * r, p + r) if p + r else 0.0,
        "legit_fp": fp,
        "by_file": by_file,
    }


def finding_level(cases: list[dict[str, Any]]) -> dict[str, float]:
    from polyglot_press.scripts import repair, scan

    right = reported = found = expected = 0
    repair_ok = repairable = legit_unchanged = legit = 0
    for case in cases:
        findings = scan(case["text"])
        exp = case["expect"]
        for f in findings:
            reported += 1
            right += any(
                f.kind == e["kind"] and f.span.start < e["span"][1] and e["span"][0] < f.span.end for e in exp
            )
        for e in exp:
            expected += 1
            found += any(
                f.kind == e["kind"] and f.span.start < e["span"][1] and e["span"][0] < f.span.end
                for f in findings
            )
        result = repair(case["text"])
        if exp and case["repair"] is not None:
            repairable += 1
            repair_ok += result.text == case["repair"]
        if not exp:
            legit += 1
            legit_unchanged += result.text == case["text"] and not result.changes
    return {
        "finding_precision": _ratio(right, reported),
        "finding_recall": _ratio(found, expected),
        "repair_exact": _ratio(repair_ok, repairable),
        "repairable": repairable,
        "legit_unchanged": _ratio(legit_unchanged, legit),
    }


def main() -> int:
    cases = load_cases()
    positives = sum(1 for c in cases if c["expect"])
    legit = len(cases) - positives
    print(f"{len(cases)} labeled cases: {positives} with findings, {legit} legitimate\n")
    results = {name: case_level(cases, flag) for name, flag in detectors().items()}
    print("| tool | precision | recall | F1 | legit flagged |")
    print("|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} "
            f"| {r['legit_fp']} / {legit} |"
        )
    files = sorted({c["file"] for c in cases})
    print("\nCases handled right, by file (positives flagged / legitimate not flagged):\n")
    print("| tool | " + " | ".join(files) + " |")
    print("|---|" + "---|" * len(files))
    for name, r in results.items():
        cells = [f"{r['by_file'][f][0]}/{r['by_file'][f][1]}" for f in files]
        print(f"| {name} | " + " | ".join(cells) + " |")
    ours = finding_level(cases)
    print("\npolyglot_press, finding level (kind and span):\n")
    print("| finding precision | finding recall | repair exact | legit unchanged |")
    print("|---|---|---|---|")
    print(
        f"| {ours['finding_precision']:.3f} | {ours['finding_recall']:.3f} "
        f"| {ours['repair_exact']:.3f} ({ours['repairable']} cases) "
        f"| {ours['legit_unchanged']:.3f} |"
    )
    real_text(detectors())
    return 0


FLORES = ROOT.parent / "shared" / "eval" / "flores200_devtest"


def real_text(tools: dict[str, Callable[[str], bool]]) -> None:
    """Lines flagged on FLORES-200 devtest: real, professionally edited news text.

    Nearly every line there is legitimate, so a flagged line is a false alarm
    unless the line really holds a defect; polyglot_press's findings are
    printed so a reader can judge each one.
    """
    from polyglot_press.scripts import scan

    files = sorted(FLORES.glob("*.devtest"))
    if not files:
        print(f"\n(no FLORES-200 data at {FLORES}; real-text section skipped)")
        return
    print("\nLines flagged on FLORES-200 devtest (1012 legitimate news sentences per language;")
    print("the few real defects in it are listed below):\n")
    langs = [f.stem for f in files]
    print("| tool | " + " | ".join(langs) + " |")
    print("|---|" + "---|" * len(langs))
    texts = {f.stem: f.read_text(encoding="utf-8").splitlines() for f in files}
    for name, flag in tools.items():
        cells = []
        for lang in langs:
            count = 0
            for line in texts[lang]:
                with contextlib.suppress(Exception):  # a crash counts as not flagged
                    count += flag(line)
            cells.append(str(count))
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\npolyglot_press findings on FLORES-200 devtest:\n")
    for lang in langs:
        for number, line in enumerate(texts[lang], 1):
            for f in scan(line):
                shown = (
                    f.text.encode("unicode_escape").decode("ascii") if not f.text.isprintable() else f.text
                )
                print(f"- {lang}:{number}: {f.kind} {shown} -> {f.suggestion!r}")


if __name__ == "__main__":
    sys.exit(main())
