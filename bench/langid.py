"""Language-detection benchmark on FLORES-200 devtest (9 languages).

Prints accuracy per language × length and throughput for our detector (each
backend) and, in the same run, for plain seeded langdetect (all 55 profiles,
the way most code calls it) and plain lingua built for the same 9 languages.
Lengths: ``short`` = the first ≤ 20 characters of each sentence; ``sentence``;
``paragraph`` = 3 consecutive sentences of one article. Then cold start
(import + first answer) in fresh subprocesses.

    python bench/langid.py              # everything (a few minutes on 2 cores)
    python bench/langid.py --limit 200  # first 200 sentences per language
    python bench/langid.py --markdown   # tables as Markdown (for docs/benchmarks.md)

Data: ../shared/eval/flores200_devtest/ (CC-BY-SA-4.0), read only here.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLORES = ROOT.parent / "shared" / "eval" / "flores200_devtest"
FILES = {
    "en": "eng_Latn", "ru": "rus_Cyrl", "kk": "kaz_Cyrl", "hy": "hye_Armn", "cs": "ces_Latn",
    "uk": "ukr_Cyrl", "de": "deu_Latn", "fr": "fra_Latn", "pt": "por_Latn",
}  # fmt: skip
LANGS = tuple(FILES)
LENGTHS = ("short", "sentence", "paragraph")

Detect = Callable[[str], str]


def _script(text: str) -> str:
    from polyglot_press.langid.letters import letter_verdict

    return letter_verdict(text, ()).script


def load(limit: int | None) -> dict[str, dict[str, list[str]]]:
    from polyglot_press.langid.letters import script_of_language

    urls = [
        line.split("\t")[0]
        for line in (FLORES / "metadata_devtest.tsv").read_text(encoding="utf-8").splitlines()[1:]
    ]
    data: dict[str, dict[str, list[str]]] = {}
    for lang, name in FILES.items():
        lines = (FLORES / f"{name}.devtest").read_text(encoding="utf-8").splitlines()
        assert len(lines) == len(urls), name
        paragraphs: list[str] = []
        group: list[str] = []
        for i, line in enumerate(lines):
            if group and urls[i] != urls[i - 1]:
                group = []
            group.append(line)
            if len(group) == 3:
                paragraphs.append(" ".join(group))
                group = []
        n = limit or len(lines)
        # FLORES has a few lines left untranslated (English in kaz_Cyrl): not this language
        script = script_of_language(lang)
        wrong = [line for line in lines if _script(line) != script]
        for line in wrong:
            print(f"  skipped, not written in {script}: {FILES[lang]}: {line[:60]!r}",
                  file=sys.stderr)
        keep = [line for line in lines[:n] if line not in wrong]
        data[lang] = {
            "short": [line[:20] for line in keep],
            "sentence": keep,
            "paragraph": [p for p in paragraphs[: max(1, n // 3)] if _script(p) == script],
        }
    return data


def plain_langdetect() -> Detect:
    """langdetect as most code uses it: all profiles, seed 0 (module-level factory)."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def run(text: str) -> str:
        try:
            return str(detect(text))
        except LangDetectException:
            return "und"

    return run


def plain_lingua() -> Detect:
    """lingua built for the 9 languages, high accuracy, preloaded, no letter rules."""
    import lingua

    langs = [lingua.Language.from_iso_code_639_1(lingua.IsoCode639_1.from_str(c)) for c in LANGS]
    detector = lingua.LanguageDetectorBuilder.from_languages(*langs)
    detector = detector.with_preloaded_language_models().build()

    def run(text: str) -> str:
        found = detector.detect_language_of(text)
        return "und" if found is None else str(found.iso_code_639_1.name.lower())

    return run


def ours(backend: str) -> Detect:
    from polyglot_press.langid import LanguageDetector

    detector = LanguageDetector(LANGS, backend=backend)
    detector.load()

    def run(text: str) -> str:
        return detector.detect(text).lang

    return run


def measure(detect: Detect, data: dict[str, dict[str, list[str]]]
            ) -> tuple[dict[str, dict[str, float]], list[tuple[str, str, str]]]:
    accuracy: dict[str, dict[str, float]] = {length: {} for length in LENGTHS}
    errors: list[tuple[str, str, str]] = []
    for length in LENGTHS:
        for lang in LANGS:
            texts = data[lang][length]
            answers = [detect(t) for t in texts]
            right = sum(a == lang for a in answers)
            accuracy[length][lang] = 100.0 * right / len(texts)
            errors.extend((lang, a, t) for a, t in zip(answers, texts, strict=True) if a != lang)
    return accuracy, errors


def throughput(detectors: dict[str, Detect], sentences: list[str], rounds: int
               ) -> dict[str, float]:
    """Sentences per second, best of ``rounds`` passes taken in turn (the machine is shared)."""
    best = dict.fromkeys(detectors, 0.0)
    for _ in range(rounds):
        for name, detect in detectors.items():
            start = time.perf_counter()
            for text in sentences:
                detect(text)
            best[name] = max(best[name], len(sentences) / (time.perf_counter() - start))
    return best


COLD = {
    "ours (auto)": "from polyglot_press.langid import detect_language; "
    "detect_language({text!r})",
    "ours (langdetect)": "from polyglot_press.langid import detect_language; "
    "detect_language({text!r}, backend='langdetect')",
    "plain langdetect": "from langdetect import DetectorFactory, detect; "
    "DetectorFactory.seed = 0; detect({text!r})",
    "plain lingua (9 languages, preloaded)": "import lingua; "
    "L = [lingua.Language.from_iso_code_639_1(lingua.IsoCode639_1.from_str(c)) "
    f"for c in {list(LANGS)!r}]; "
    "lingua.LanguageDetectorBuilder.from_languages(*L).with_preloaded_language_models()"
    ".build().detect_language_of({text!r})",
}


def cold_start(texts: dict[str, str], runs: int) -> dict[tuple[str, str], float]:
    """Median wall time of a fresh interpreter doing import + first answer, minus bare start.

    Runs go round-robin over every (text, tool) pair, so a change in the
    machine's load hits all of them alike.
    """
    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    jobs = {(label, name): code.format(text=text)
            for label, text in texts.items() for name, code in COLD.items()}
    times: dict[tuple[str, str], list[float]] = {key: [] for key in jobs}
    bare: list[float] = []
    for _ in range(runs):
        bare.append(run("pass"))
        for key, code in jobs.items():
            times[key].append(run(code))
    base = statistics.median(bare)
    return {key: statistics.median(values) - base for key, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="sentences per language (default: all 1012)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--errors", type=int, default=0, help="show N errors per detector")
    parser.add_argument("--only", help="run only detectors whose name contains one of these (;-separated)")
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="throughput passes per detector")
    args = parser.parse_args()

    data = load(args.limit)
    detectors: dict[str, Callable[[], Detect]] = {
        "ours, langdetect": lambda: ours("langdetect"),
        "ours, lingua": lambda: ours("lingua"),
        "ours, auto": lambda: ours("auto"),
        "plain langdetect (seeded, all profiles)": plain_langdetect,
        "plain lingua (9 languages)": plain_lingua,
    }
    if args.only:
        wanted = args.only.split(";")
        detectors = {k: v for k, v in detectors.items() if any(w in k for w in wanted)}

    built = {name: build() for name, build in detectors.items()}
    rows = []
    for name, detect in built.items():
        accuracy, errors = measure(detect, data)
        rows.append((name, accuracy))
        for lang, answer, text in errors[: args.errors]:
            print(f"  [{name}] {lang}->{answer}: {text[:80]!r}", file=sys.stderr)
    sample = [t for lang in LANGS for t in data[lang]["sentence"][:300]]
    rates = throughput(built, sample, args.rounds)

    bar = "|" if args.markdown else " "
    for length in LENGTHS:
        print(f"\n{length} accuracy %" + (" (first ≤ 20 characters)" if length == "short" else ""))
        header = ["detector", *LANGS, "mean", "min"]
        print(bar + bar.join(f" {h} " for h in header) + bar)
        if args.markdown:
            print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
        for name, accuracy in rows:
            values = [accuracy[length][lang] for lang in LANGS]
            cells = [name, *(f"{v:.1f}" for v in values), f"{statistics.mean(values):.2f}",
                     f"{min(values):.1f}"]
            print(bar + bar.join(f" {c} " for c in cells) + bar)

    print(f"\nthroughput (sentences/s: {len(sample):,} whole sentences, one thread, "
          f"best of {args.rounds} passes taken in turn)")
    base = next((rate for name, rate in rates.items() if name.startswith("plain langdetect")),
                None)
    for name, rate in rates.items():
        ratio = f"  ({rate / base:.1f}× plain langdetect)" if base else ""
        print(f"{bar} {name} {bar} {rate:,.0f}{ratio} {bar}")

    print("\ncold start (fresh process: import + first answer, seconds, median; "
          "a bare interpreter's start subtracted)")
    texts = {
        "short Latin text (auto: lingua, 5 models)": "Parliament approved it.",
        "short Cyrillic text (auto: lingua, 3 models)": "Парламент одобрил.",
        "sentence (auto: langdetect)": "The observer mission presented its findings on Monday.",
    }
    for (label, name), seconds in cold_start(texts, args.cold_runs).items():
        print(f"{bar} {label} {bar} {name} {bar} {seconds:.2f} {bar}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
