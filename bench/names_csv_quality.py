"""Spelling repair of names from a CSV glossary with no kind column (issue 14).

A cloud-style CSV glossary (columns ``en,pt``, no ``kind`` column) holds
multi-word names from ``../shared/eval/news/named_entities.tsv`` (people,
organisations and places written as capitalized words, each the same in both
languages) and a few ordinary terms. It is loaded with ``Glossary.load``, so
every concept has kind ``term``: name normalization must take the names by
their looks (``polyglot_press.names.index.looks_like_name``).

Positives: each glossary name with two adjacent letters swapped in one word
of five or more letters (the first letter kept), in a news sentence; correct
when the output sentence equals the sentence with the name as the glossary
writes it. The names are split at random (seed 2026) into a tuning half and a
held-out half; the held-out half is the result.

Negatives (any change is a false normalization): the same sentences with the
names spelled right; multi-word names from the file that are not in the
glossary (a third of them, held out of it), spelled right and with a swap;
namesakes (a held-out first word before a glossary surname); the ordinary
terms' words in sentences.

The baseline, run on the same sentences, is the naive approach of
``names_quality.py`` (anyascii fold, then difflib against every glossary
name and surname, ratio >= 0.8), given the names only.

Run: python bench/names_csv_quality.py [--tsv ../shared/eval/news/named_entities.tsv] [--show]
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote

import regex
from names_quality import naive, news_arguments

from polyglot_press.glossary import Glossary
from polyglot_press.names import NameNormalizer

TEMPLATES = [
    "On Monday, {} told reporters that the plan would go ahead.",
    "A spokesperson for {} declined to comment.",
    "The report, published by {}, was widely shared.",
    "Officials said {} had not been informed.",
]
TERMS = [("election", "eleição"), ("polling station", "assembleia de voto"),
         ("ballot paper", "boletim de voto"), ("turnout", "participação"),
         ("Election Day", "Dia da Eleição"), ("Supreme Court", "Supremo Tribunal")]
_WORD = regex.compile(r"^\p{Lu}[\p{L}\p{M}'’-]*$")


def multi_word_names(path: Path) -> tuple[list[str], int]:
    """Names of two or three capitalized words; and how many others were left out."""
    names: list[str] = []
    left_out = 0
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["type"] not in ("person", "organization", "place"):
                continue
            name = unquote(row["wikipedia_identity"]).replace("_", " ").strip()
            if not name or "(" in name or name in names:
                continue
            words = name.split()
            if 2 <= len(words) <= 3 and all(_WORD.match(w) for w in words) and any(
                    len(w) >= 5 for w in words):
                names.append(name)
            elif len(words) >= 2:
                left_out += 1
    return names, left_out


def transpose(name: str, rng: random.Random) -> str | None:
    words = name.split()
    spots = [(wi, i) for wi, w in enumerate(words) if len(w) >= 5 and w.isalpha()
             for i in range(1, len(w) - 1) if w[i] != w[i + 1]]
    if not spots:
        return None
    wi, i = rng.choice(spots)
    w = words[wi]
    words[wi] = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return " ".join(words)


def main() -> int:
    args = news_arguments(__doc__)
    names, left_out = multi_word_names(args.tsv.resolve())
    rng = random.Random(2026)
    rng.shuffle(names)
    outside = names[: len(names) // 3]  # never in the glossary: negatives
    inside = names[len(names) // 3:]
    tune, held = inside[: len(inside) // 2], inside[len(inside) // 2:]

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "names.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["en", "pt"])
            for name in inside:
                writer.writerow([name, name])
            for en, pt in TERMS:
                writer.writerow([en, pt])
        glossary = Glossary.load(path)
    assert {str(c.kind) for c in glossary.concepts} == {"term"}
    normalizer = NameNormalizer(glossary)

    def positives(group: list[str]) -> list[tuple[str, str]]:
        cases = []
        for k, name in enumerate(group):
            slipped = transpose(name, rng)
            if slipped is not None:
                template = TEMPLATES[k % len(TEMPLATES)]
                cases.append((template.format(slipped), template.format(name)))
        return cases

    results = {}
    baseline = {}
    names_for_baseline = list(inside)
    failures: list[str] = []
    for label, group in (("tuning half", tune), ("held-out half", held)):
        cases = positives(group)
        ok = 0
        baseline[label] = sum(naive(text, names_for_baseline) == want for text, want in cases)
        for text, want in cases:
            got = normalizer.normalize(text, "en").text
            ok += got == want
            if got != want:
                failures.append(f"  miss [{label}] {text!r} -> {got!r}")
        results[label] = (ok, len(cases))

    negatives: list[str] = []
    for k, name in enumerate(inside):
        negatives.append(TEMPLATES[k % len(TEMPLATES)].format(name))
    for k, name in enumerate(outside):
        negatives.append(TEMPLATES[k % len(TEMPLATES)].format(name))
        slipped = transpose(name, rng)
        if slipped:
            negatives.append(TEMPLATES[(k + 1) % len(TEMPLATES)].format(slipped))
    firsts = [n.split()[0] for n in outside]
    for k, name in enumerate(inside):
        namesake = f"{firsts[k % len(firsts)]} {name.split()[-1]}"
        if namesake not in inside:
            negatives.append(TEMPLATES[k % len(TEMPLATES)].format(namesake))
    for en, _ in TERMS:
        negatives.append(f"The {en} was discussed at length.")
    false = []
    naive_false = sum(naive(text, names_for_baseline) != text for text in negatives)
    for text in negatives:
        result = normalizer.normalize(text, "en")
        if result.changes:
            false.append(f"  FALSE {text!r} -> {result.text!r}")

    print(f"CSV glossary: {len(inside)} multi-word names and {len(TERMS)} terms, no kind "
          f"column; {len(outside)} more names held out of it as negatives; {left_out} "
          "multi-word names with lowercase or more than three words left out of the set")
    print()
    print("| set | sentences | polyglot_press | naive (anyascii + difflib) |")
    print("|---|---:|---:|---:|")
    for label, (ok, n) in results.items():
        print(f"| {label}: transposed letters normalized | {n} | {ok}/{n} = {ok / n:.1%} | "
              f"{baseline[label]}/{n} = {baseline[label] / n:.1%} |")
    print(f"| negatives: false normalizations | {len(negatives)} | {len(false)} | "
          f"{naive_false} |")
    ok, n = results["held-out half"]
    passed = ok / n >= 0.9 and not false
    print()
    print(f"targets (held-out half): >= 90% normalized and 0 false normalizations: "
          f"{'PASS' if passed else 'FAIL'}")
    if args.show or not passed:
        print("\n".join(failures + false))
    example = positives(held[:1])
    if example:
        result = normalizer.normalize(example[0][0], "en")
        print()
        print(f"sample: {example[0][0]!r}")
        for change in result.changes:
            print(f"  {change.rule}: {change.before!r} -> {change.after!r} ({change.reason})")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
