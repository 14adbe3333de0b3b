"""Glossary matching speed: our Aho-Corasick matcher vs flashtext vs a regex alternation.

A synthetic glossary of 10,000 concepts in 5 Latin-script languages (en, de,
fr, pt, cs; one to three words per term, about 12% of terms with a variant)
and 1 MB of text in which about one word in twelve starts a glossary term.
All three tools look for the same forms, case-insensitively, at word
boundaries, leftmost-longest. The regex is timed on a 20 kB slice (a
50,000-way alternation is too slow for the whole megabyte) and reported in
MB/s like the others.

Targets (issue 6): matching >= 1.0x flashtext and >= 10x the regex, compile <= 2 s.

Run: python bench/glossary_speed.py [--concepts 10000] [--mb 1.0] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import sys
import time

from polyglot_press.glossary import Concept, Glossary, Term, compile_matcher

LANGS = ("en", "de", "fr", "pt", "cs")
SYLLABLES = {
    "en": ["ta", "ron", "mil", "ber", "ston", "ward", "ley", "ing", "ham", "cor", "vel", "ash"],
    "de": ["berg", "hau", "sen", "wald", "dorf", "lich", "ung", "ste", "kraft", "mann", "zeit"],
    "fr": ["eau", "mont", "vil", "lier", "rou", "châ", "teau", "gné", "pré", "sur", "lune"],
    "pt": ["ção", "dos", "mar", "ria", "lhe", "são", "tei", "ro", "nho", "cas", "vez"],
    "cs": ["ný", "ská", "ov", "ice", "prá", "voj", "čes", "hrad", "les", "mě", "ří"],
}
_FILLER_TEXT = ("the of and to in a is that for on with as by at from this be are was it an "
                "or which have has not but their its they were been more said will would about "
                "after government minister report election observers mission statement people")
FILLER = _FILLER_TEXT.split(" ")


def word(rng: random.Random, lang: str) -> str:
    return "".join(rng.choice(SYLLABLES[lang]) for _ in range(rng.randint(2, 4)))


def build(n_concepts: int, seed: int = 7) -> Glossary:
    rng = random.Random(seed)
    concepts = []
    seen: set[str] = set()
    for i in range(n_concepts):
        terms = []
        for lang in LANGS:
            while True:
                form = " ".join(word(rng, lang) for _ in range(rng.choice((1, 1, 2, 2, 3))))
                if rng.random() < 0.3:
                    form = form.title()
                if form.casefold() not in seen:
                    seen.add(form.casefold())
                    break
            variants: tuple[str, ...] = ()
            if rng.random() < 0.12:
                variant = form + " " + word(rng, lang)
                if variant.casefold() not in seen:
                    seen.add(variant.casefold())
                    variants = (variant,)
            terms.append(Term(lang, form, variants))
        concepts.append(Concept(f"c{i}", terms=tuple(terms)))
    return Glossary("synthetic", languages=LANGS, concepts=tuple(concepts))


def forms(g: Glossary) -> list[str]:
    return [f for c in g.concepts for t in c.terms for f, _ in t.forms()]


def build_text(g: Glossary, megabytes: float, seed: int = 11) -> str:
    rng = random.Random(seed)
    all_forms = forms(g)
    pieces: list[str] = []
    size = 0
    target = int(megabytes * 1_000_000)
    while size < target:
        sentence = []
        for _ in range(rng.randint(8, 20)):
            if rng.random() < 1 / 12:
                sentence.append(rng.choice(all_forms))
            else:
                sentence.append(rng.choice(FILLER))
        text = " ".join(sentence).capitalize() + rng.choice((". ", ", ", "; ", ".\n"))
        pieces.append(text)
        size += len(text.encode("utf-8"))
    return "".join(pieces)


def best_of(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concepts", type=int, default=10_000)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--regex-kb", type=int, default=20)
    args = parser.parse_args()

    try:
        from flashtext import KeywordProcessor
    except ImportError:
        print("flashtext is not installed: pip install 'polyglot-press[bench]'", file=sys.stderr)
        return 2

    g = build(args.concepts)
    text = build_text(g, args.mb)
    megabytes = len(text.encode("utf-8")) / 1_000_000
    all_forms = forms(g)
    letters = sorted({ch for f in all_forms for ch in f if ch.isalpha() and not ch.isascii()})

    compile_times = []
    for _ in range(args.repeat):
        gc.collect()
        t0 = time.perf_counter()
        matcher = compile_matcher(g)
        compile_times.append(time.perf_counter() - t0)
    ours_compile = min(compile_times)

    t0 = time.perf_counter()
    kp = KeywordProcessor(case_sensitive=False)
    for ch in letters:  # let flashtext see accented letters as part of words
        kp.add_non_word_boundary(ch)
    for f in all_forms:
        kp.add_keyword(f)
    flash_compile = time.perf_counter() - t0

    t0 = time.perf_counter()
    alternation = "|".join(re.escape(f) for f in sorted(all_forms, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
    regex_compile = time.perf_counter() - t0

    ours_n = len(matcher.find(text))
    flash_n = len(kp.extract_keywords(text))
    ours_t = best_of(lambda: matcher.find(text), args.repeat)
    flash_t = best_of(lambda: kp.extract_keywords(text), args.repeat)

    sample = text[: args.regex_kb * 1000]
    sample_mb = len(sample.encode("utf-8")) / 1_000_000
    regex_t = best_of(lambda: pattern.findall(sample), 1)
    ours_sample_n = len(matcher.find(sample))
    regex_sample_n = len(pattern.findall(sample))

    ours_mbs = megabytes / ours_t
    flash_mbs = megabytes / flash_t
    regex_mbs = sample_mb / regex_t
    n_keys = len({f.casefold() for f in all_forms})
    print(f"glossary: {args.concepts} concepts x {len(LANGS)} languages, {n_keys} forms; "
          f"text: {megabytes:.2f} MB ({len(text)} characters)")
    print()
    print("| tool | compile (s) | matching (MB/s) | matches | ratio to ours |")
    print("|---|---:|---:|---:|---:|")
    print(f"| polyglot_press (pyahocorasick) | {ours_compile:.2f} | {ours_mbs:.1f} | {ours_n} | "
          "1.00 |")
    print(f"| flashtext | {flash_compile:.2f} | {flash_mbs:.1f} | {flash_n} | "
          f"{flash_mbs / ours_mbs:.2f} |")
    print(f"| regex alternation (re, {args.regex_kb} kB slice) | {regex_compile:.2f} | "
          f"{regex_mbs:.3f} | {regex_sample_n} (ours {ours_sample_n}) | "
          f"{regex_mbs / ours_mbs:.4f} |")
    print()
    speed_vs_flash = ours_mbs / flash_mbs
    speed_vs_regex = ours_mbs / regex_mbs
    print(f"ours / flashtext = {speed_vs_flash:.2f}x (target >= 1.0): "
          f"{'PASS' if speed_vs_flash >= 1.0 else 'FAIL'}")
    print(f"ours / regex     = {speed_vs_regex:.0f}x (target >= 10): "
          f"{'PASS' if speed_vs_regex >= 10 else 'FAIL'}")
    print(f"compile          = {ours_compile:.2f} s (target <= 2 s): "
          f"{'PASS' if ours_compile <= 2 else 'FAIL'}")
    spread = statistics.pstdev(compile_times)
    print(f"(compile times {', '.join(f'{t:.2f}' for t in compile_times)}; sd {spread:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
