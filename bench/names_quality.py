"""Name normalization quality on real news names (../shared/eval/news/named_entities.tsv).

The people (two or more name parts) and organisations of the file's Wikipedia
identities form a glossary; every fourth person is held out as a negative. Each
glossary person also gets a Russian form (a plain English-to-Cyrillic
transcription), as a real glossary would hold.

Variants, each put in a sentence and normalized as English:
* romanization: the Russian form romanized by iuliia's schemas (Wikipedia,
  BGN/PCGN, ICAO, GOST 7.79, scientific, MVD 310 French, ...) -- an independent
  romanizer, not ours -- when that differs from the English name;
* Cyrillic: the Russian form itself inside English text;
* dropped diacritics; homoglyphs (one Latin letter swapped for its Cyrillic twin,
  in a person's name or an organisation's); one-letter slips (substitution,
  deletion, transposition) in a surname of five or more letters; the surname
  alone with a homoglyph or romanization.

Negatives: held-out people (full name and surname alone), places from the same
file, and namesakes (a held-out person's first name before another romanization
of a glossary person's surname); any change to a negative sentence is a false
normalization. A
sentence with a variant counts as correct only when the whole output equals the
expected sentence.

The baseline is the naive approach (fold runs of capitalized words to ASCII
with anyascii, then difflib fuzzy matching against every glossary name and
surname, ratio >= 0.8).

Targets (issue 6): >= 95% of variants normalized correctly, zero false normalizations.

Run: python bench/names_quality.py [--tsv ../shared/eval/news/named_entities.tsv] [--show]
"""

from __future__ import annotations

import argparse
import csv
import difflib
import random
import re
import sys
import unicodedata
import warnings
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import regex

from polyglot_press.glossary import Concept, Glossary, Term
from polyglot_press.glossary.model import ConceptKind
from polyglot_press.names import NameNormalizer

TEMPLATE = "On Monday, {} told reporters that the plan would go ahead."
HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у",
              "A": "А", "E": "Е", "O": "О", "C": "С", "P": "Р", "T": "Т", "H": "Н",
              "K": "К", "M": "М", "B": "В"}
EN_RU = [("shch", "щ"), ("sch", "ш"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"),
         ("ts", "ц"), ("ya", "я"), ("yu", "ю"), ("yo", "ё"), ("ee", "и"), ("oo", "у"),
         ("ph", "ф"), ("th", "т"), ("ck", "к"), ("qu", "кв"), ("x", "кс"), ("w", "у"),
         ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"),
         ("h", "х"), ("i", "и"), ("j", "дж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
         ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
         ("v", "в"), ("y", "й"), ("z", "з")]


def strip_marks(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)))


def to_cyrillic(name: str) -> str:
    out = []
    for word in name.split():
        low = strip_marks(word).lower()
        res = ""
        i = 0
        while i < len(low):
            for lat, cyr in EN_RU:
                if low.startswith(lat, i):
                    res += cyr
                    i += len(lat)
                    break
            else:
                res += low[i]
                i += 1
        out.append(res[:1].upper() + res[1:])
    return " ".join(out)


def romanizations(russian: str) -> set[str]:
    import iuliia

    schemas = [iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.ICAO_DOC_9303, iuliia.GOST_779,
               iuliia.SCIENTIFIC, iuliia.MVD_310_FR, iuliia.ALA_LC, iuliia.YANDEX_MAPS]
    found = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for schema in schemas:
            found.add(schema.translate(russian))
    return found


def slip(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("sub", "del", "swap"))
    if kind == "del":
        return word[:i] + word[i + 1 :]
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    letters = "aeioun" if word[i] not in "aeiou" else "rtslnm"
    replacement = rng.choice([c for c in letters if c != word[i].lower()])
    return word[:i] + replacement + word[i + 1 :]


def homoglyph(text: str, rng: random.Random) -> str | None:
    spots = [i for i, c in enumerate(text) if c in HOMOGLYPHS]
    if not spots:
        return None
    i = rng.choice(spots)
    return text[:i] + HOMOGLYPHS[text[i]] + text[i + 1 :]


def load_entities(path: Path) -> tuple[list[str], list[str], list[str]]:
    people: list[str] = []
    orgs: list[str] = []
    places: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name = unquote(row["wikipedia_identity"]).replace("_", " ")
            if "(" in name or not name.strip():
                continue
            bucket = {"person": people, "organization": orgs, "place": places}.get(row["type"])
            if bucket is not None and name not in bucket:
                bucket.append(name)
    people = [p for p in people if len(p.split()) >= 2 and not re.search(r"\d", p)]
    return people, orgs, places


def naive(text: str, names: list[str]) -> str:
    """The naive baseline: ASCII-fold, then difflib against names and surnames."""
    from anyascii import anyascii

    candidates = {n: n for n in names}
    for n in names:
        parts = n.split()
        if len(parts) >= 2:
            candidates.setdefault(parts[-1], parts[-1])
    out = text
    for run in regex.finditer(r"\p{Lu}[\w'’-]*(?: \p{Lu}[\w'’-]*)*", text):
        window = run.group()
        words = window.split()
        best = None
        for width in range(min(4, len(words)), 0, -1):
            for start in range(0, len(words) - width + 1):
                piece = " ".join(words[start : start + width])
                folded = anyascii(piece)
                close = difflib.get_close_matches(folded, list(candidates), n=1, cutoff=0.8)
                if close and close[0] != piece:
                    best = (piece, candidates[close[0]])
                    break
            if best:
                break
        if best:
            out = out.replace(best[0], best[1], 1)
    return out


def news_arguments(doc: str | None) -> argparse.Namespace:
    """``--tsv`` (the named entities file) and ``--show``, for the name benchmarks."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    default = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "news" / (
        "named_entities.tsv")
    parser.add_argument("--tsv", type=Path, default=default)
    parser.add_argument("--show", action="store_true", help="print every failure")
    return parser.parse_args()


def main() -> int:
    args = news_arguments(__doc__)
    try:
        import anyascii  # noqa: F401
        import iuliia  # noqa: F401
    except ImportError:
        print("install the bench extra: pip install 'polyglot-press[bench]' anyascii",
              file=sys.stderr)
        return 2
    people, orgs, places = load_entities(args.tsv.resolve())
    rng = random.Random(2026)
    held_out = people[3::4]
    kept = [p for p in people if p not in held_out]
    concepts = []
    for name in kept:
        concepts.append(Concept(re.sub(r"\W+", "-", strip_marks(name).lower()),
                                ConceptKind.PERSON,
                                (Term("en", name), Term("ru", to_cyrillic(name)))))
    for name in orgs:
        concepts.append(Concept("org-" + re.sub(r"\W+", "-", strip_marks(name).lower()),
                                ConceptKind.ORGANIZATION, (Term("en", name),)))
    glossary = Glossary("news", languages=("en", "ru"), concepts=tuple(concepts))
    normalizer = NameNormalizer(glossary)

    cases: list[tuple[str, str, str]] = []  # (kind, variant text, expected name)
    for name in kept:
        surname = name.split()[-1]
        russian = to_cyrillic(name)
        for rom in sorted(romanizations(russian)):
            if strip_marks(rom).casefold() != strip_marks(name).casefold():
                cases.append(("romanization", rom, name))
        cases.append(("cyrillic", russian, name))
        if strip_marks(name) != name:
            cases.append(("diacritics", strip_marks(name), name))
        glyph = homoglyph(name, rng)
        if glyph:
            cases.append(("homoglyph", glyph, name))
        if len(surname) >= 5 and surname.isalpha():
            cases.append(("slip", " ".join([*name.split()[:-1], slip(surname, rng)]), name))
        glyph_surname = homoglyph(surname, rng)
        if glyph_surname:
            cases.append(("surname alone", "Mr " + glyph_surname, "Mr " + surname))
        rom_surnames = {r.split()[-1] for r in romanizations(russian)}
        for rom_surname in sorted(rom_surnames):
            if (strip_marks(rom_surname).casefold() != strip_marks(surname).casefold()
                    and len(rom_surname) >= 4):
                cases.append(("surname alone", "Mr " + rom_surname, "Mr " + surname))
                break
    for name in orgs:
        glyph = homoglyph(name, rng)
        if glyph:
            cases.append(("homoglyph (organisation)", glyph, name))

    # someone else with a similar surname: a held-out first name before another
    # romanization of a glossary surname ("Selena Gomez" is not Hernán Gómez)
    other_firsts = [p.split()[0] for p in held_out]
    namesakes = []
    for i, name in enumerate(kept):
        surname = name.split()[-1]
        for rom in sorted(romanizations(to_cyrillic(name))):
            rom_surname = rom.split()[-1]
            if strip_marks(rom_surname).casefold() != strip_marks(surname).casefold():
                namesakes.append(f"{other_firsts[i % len(other_firsts)]} {rom_surname}")
                break
    negatives = [*held_out, *(p.split()[-1] for p in held_out), *places, *namesakes]
    names_for_baseline = [*kept, *orgs]

    by_kind: Counter[str] = Counter()
    ok_kind: Counter[str] = Counter()
    naive_ok: Counter[str] = Counter()
    failures = []
    for kind, variant, expected in cases:
        text = TEMPLATE.format(variant)
        want = TEMPLATE.format(expected)
        got = normalizer.normalize(text, "en").text
        by_kind[kind] += 1
        ok_kind[kind] += got == want
        naive_ok[kind] += naive(text, names_for_baseline) == want
        if got != want:
            failures.append((kind, text, got, want))
    false_ours = []
    false_naive = []
    for name in negatives:
        text = TEMPLATE.format(name)
        result = normalizer.normalize(text, "en")
        if result.changes:
            false_ours.append((text, result.text))
        if naive(text, names_for_baseline) != text:
            false_naive.append(text)

    total = sum(by_kind.values())
    ours_total = sum(ok_kind.values())
    naive_total = sum(naive_ok.values())
    print(f"glossary: {len(kept)} people, {len(orgs)} organisations; {total} variant sentences, "
          f"{len(negatives)} negative sentences ({len(held_out)} held-out people, their "
          f"surnames, {len(places)} places, {len(namesakes)} namesakes)")
    print()
    print("| variant kind | cases | polyglot_press | naive (anyascii + difflib) |")
    print("|---|---:|---:|---:|")
    for kind in sorted(by_kind):
        n = by_kind[kind]
        print(f"| {kind} | {n} | {ok_kind[kind] / n:.1%} | {naive_ok[kind] / n:.1%} |")
    print(f"| **all variants** | {total} | **{ours_total / total:.1%}** | "
          f"{naive_total / total:.1%} |")
    print(f"| **false normalizations** | {len(negatives)} | **{len(false_ours)}** | "
          f"{len(false_naive)} |")
    print()
    print("Changes on the 12 original articles (spellings that differ from the Wikipedia "
          "title the glossary holds; review them by hand):")
    print()
    print("| article | text | change | rule |")
    print("|---|---|---|---|")
    for article in sorted(args.tsv.resolve().parent.glob("GUM_news_*.txt")):
        original = article.read_text(encoding="utf-8")
        for change in normalizer.normalize(original, "en").changes:
            start = max(0, change.span.start - 15)
            context = original[start : change.span.end + 15].replace("\n", " ")
            print(f"| {article.stem.removeprefix('GUM_news_')} | …{context}… | "
                  f"{change.before!r} → {change.after!r} | {change.rule} |")
    print()
    passed = ours_total / total >= 0.95 and not false_ours
    print(f"targets: >= 95% variants and 0 false normalizations: {'PASS' if passed else 'FAIL'}")
    if args.show or not passed:
        for kind, text, got, want in failures:
            print(f"  miss [{kind}] {text!r} -> {got!r} (want {want!r})")
        for text, got in false_ours:
            print(f"  FALSE {text!r} -> {got!r}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
