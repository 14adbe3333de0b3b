"""Run other projects' own transliteration test cases through polyglot_press.

Reads ``../shared/eval/transliteration/`` (see its SOURCES.md) and prints, per
suite and per standard, how many of the peer's cases our API reproduces:

* iuliia's schema samples (ICAO 9303, BGN/PCGN, GOST 7.79 = ISO 9, Wikipedia);
* translitua's KMU 2010 doctests;
* tetrak-translit's Armenian and Georgian cases (BGN/PCGN, ISO 9985, national);
* the ``transliterate`` package's own test suite (its Lorem-ipsum cases);
* cyrtranslit's unittest suite, run unchanged against a stand-in ``cyrtranslit``
  module that calls our API;
* turkic-translit's Kazakh 2021 table, letter by letter.

Cases for schemes we do not claim are counted apart ("not claimed"). Where a
peer's expected value is itself wrong, the case is listed with the reason and
counted as "peer wrong" (our output is compared with the corrected value).

Usage: ``python bench/translit_peers.py [--eval PATH] [--verbose]``
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import re
import sys
import types
import unittest
from collections import defaultdict
from pathlib import Path

from polyglot_press.translit import transliterate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "transliteration"

CYRILLIC_YO, LATIN_E_DIAERESIS = "\u0451", "\u00eb"


class Tally:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        self.failures: list[str] = []
        self.peer_wrong: list[str] = []
        self.not_claimed: dict[str, int] = defaultdict(int)

    def check(self, suite: str, standard: str, got: str, expected: str, case: str,
              corrected: str | None = None, why: str = "") -> None:
        row = self.rows[(suite, standard)]
        row[0] += 1
        target = expected if corrected is None else corrected
        if corrected is not None and corrected != expected:
            row[2] += 1
            self.peer_wrong.append(f"{suite} {standard}: {case!r}: peer expects {expected!r}, "
                                   f"correct is {corrected!r} ({why})")
        if got == target:
            row[1] += 1
        else:
            self.failures.append(f"{suite} {standard}: {case!r}: got {got!r}, want {target!r}")

    def skip(self, suite: str, what: str) -> None:
        self.not_claimed[f"{suite}: {what}"] += 1


# -- iuliia ---------------------------------------------------------------------
IULIIA_CLAIMED = {
    "icao_doc_9303": "ru-icao",
    "bgn_pcgn": "ru-bgn",
    "gost_779": "ru-iso9",
    "wikipedia": "ru-wikipedia",
}


def run_iuliia(base: Path, tally: Tally) -> None:
    with (base / "iuliia_samples.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            schema, source, expected = row["schema"], row["source_ru"], row["expected_latin"]
            standard = IULIIA_CLAIMED.get(schema)
            if standard is None:
                tally.skip("iuliia", schema)
                continue
            got = transliterate(source, "ru", standard=standard)
            corrected = expected.replace(CYRILLIC_YO, LATIN_E_DIAERESIS)
            tally.check("iuliia samples", standard, got, expected, source, corrected,
                        "iuliia writes Cyrillic ё (U+0451) for the standard's Latin ë")


# -- translitua -------------------------------------------------------------------
def run_translitua(base: Path, tally: Tally) -> None:
    with (base / "translitua_doctest_cases.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            args = row["translit_call_args"]
            expected = row["expected_output"]
            node = ast.parse(f"f({args})", mode="eval").body
            assert isinstance(node, ast.Call)
            if len(node.args) > 1 or node.keywords:
                extra = ast.unparse(node.args[1]) if len(node.args) > 1 else ast.unparse(
                    node.keywords[0])
                tally.skip("translitua", extra)
                continue
            source = ast.literal_eval(node.args[0])
            got = transliterate(source, "uk", standard="uk-kmu2010")
            tally.check("translitua doctests", "uk-kmu2010", got, expected, source)


# -- tetrak-translit ----------------------------------------------------------------
TETRAK_CLAIMED = {
    "bgn_pcgn": ("hy", "hy-bgn"), "hy/bgn_pcgn": ("hy", "hy-bgn"),
    "iso_9985": ("hy", "hy-iso9985"), "hy/iso_9985": ("hy", "hy-iso9985"),
    "national": ("ka", "ka-national"), "ka/national": ("ka", "ka-national"),
}
_TRIPLE = re.compile(r'\(\s*"([^"]+)",\s*"([a-z_/0-9]+)",\s*"([^"]*)"\s*\)')
_ASSERT = re.compile(r'assert transliterate\("([^"]+)", "([a-z_/0-9]+)"\) == "([^"]*)"')
_TABLE2 = re.compile(r'\(\s*"([^"]+)",\s*"([^"]*)"\s*\)')


def run_tetrak(base: Path, tally: Tally) -> None:
    source = (base / "tetrak_translit" / "test_transliterate.py").read_text(encoding="utf-8")
    cases: list[tuple[str, str, str]] = []
    cases += _TRIPLE.findall(source)
    cases += _ASSERT.findall(source)
    # ISO 9985 Table 2 (punctuation) cases: pairs inside TestIso9985Punctuation
    table2 = source.split("class TestIso9985Punctuation", 1)[1].split("class ", 1)[0]
    table2 = table2.split("[", 1)[1].split("],", 1)[0]  # the parametrize list only
    cases += [(text, "iso_9985", want) for text, want in _TABLE2.findall(table2)]
    seen: set[tuple[str, str, str]] = set()
    for text, scheme, expected in cases:
        if (text, scheme, expected) in seen or text == "text":  # a parametrize header
            continue
        seen.add((text, scheme, expected))
        claimed = TETRAK_CLAIMED.get(scheme)
        if claimed is None:
            tally.skip("tetrak-translit", scheme)
            continue
        language, standard = claimed
        got = transliterate(text, language, standard=standard)
        tally.check("tetrak-translit", standard, got, expected, text)


# -- transliterate's own suite ------------------------------------------------------
def run_transliterate_suite(base: Path, tally: Tally) -> None:
    data: dict[str, object] = {}
    exec((base / "transliterate_barseghyan" / "default.py").read_text(encoding="utf-8"), data)
    latin = str(data["latin_text"])
    texts = {
        "hy": data["armenian_text"], "ka": data["georgian_text"], "el": data["greek_text"],
        "ru": data["cyrillic_text"], "uk": data["ukrainian_cyrillic_text"],
        "bg": data["bulgarian_cyrillic_text"], "mn": data["mongolian_cyrillic_text"],
        "sr": data["serbian_cyrillic_text"],
    }
    script = {"hy": "Armn", "ka": "Geor", "el": "Grek"}
    for code, native in texts.items():
        native = str(native)
        standard = f"{code}-transliterate"
        target = script.get(code, "Cyrl")
        # test_02..06: Latin -> script; test_07..11: script -> Latin (Georgian capitalized)
        got = transliterate(latin, code, standard=standard, target=target)
        tally.check("transliterate suite", standard, got, native, f"{latin} -> {code}")
        back = transliterate(native, code, standard=standard)
        if code == "ka":
            back = back.capitalize()
        tally.check("transliterate suite", standard, back, latin, native)
    sr_cyr = str(data["pangram_serbian_cyrillic_text"])
    sr_lat = str(data["pangram_serbian_latin_text"])
    tally.check("transliterate suite", "sr-transliterate",
                transliterate(sr_lat, "sr", standard="sr-transliterate", target="Cyrl"),
                sr_cyr, sr_lat)
    tally.check("transliterate suite", "sr-transliterate",
                transliterate(sr_cyr, "sr", standard="sr-transliterate"), sr_lat, sr_cyr)
    # the same Serbian pangram through our named standard
    tally.check("transliterate suite", "sr-latin", transliterate(sr_cyr, "sr"), sr_lat, sr_cyr)


# -- cyrtranslit's unittest suite -----------------------------------------------------
CYRTRANSLIT_CLAIMED = {
    # cyrtranslit code -> (language, standard Cyrl>Latn, standard Latn>Cyrl)
    "sr": ("sr", "sr-latin", "sr-transliterate"),
    "rs": ("sr", "sr-latin", "sr-transliterate"),
    "mn": ("mn", "mn-mns5217", None),
}
CYRTRANSLIT_CLASSES = {
    "TestSerbianTransliterationFromCyrillicToLatin": "sr",
    "TestSerbianTransliterationFromLatinToCyrillic": "sr",
    "TestSerbianCountryCodeAlias": "sr",
    "TestMongolianTransliterationFromCyrillicToLatin": "mn",
}


def _fake_cyrtranslit() -> types.ModuleType:
    module = types.ModuleType("cyrtranslit")

    def to_latin(string: str, lang_code: str = "sr") -> str:
        language, forward, _ = CYRTRANSLIT_CLAIMED[lang_code]
        return transliterate(string, language, standard=forward)

    def to_cyrillic(string: str, lang_code: str = "sr") -> str:
        language, _, backward = CYRTRANSLIT_CLAIMED[lang_code]
        if backward is None:
            raise unittest.SkipTest(f"no Latin -> Cyrillic standard claimed for {lang_code}")
        return transliterate(string, language, standard=backward, target="Cyrl")

    def supported() -> list[str]:
        return list(CYRTRANSLIT_CLAIMED)

    module.to_latin = to_latin  # type: ignore[attr-defined]
    module.to_cyrillic = to_cyrillic  # type: ignore[attr-defined]
    module.supported = supported  # type: ignore[attr-defined]
    return module


def run_cyrtranslit(base: Path, tally: Tally) -> None:
    sys.modules["cyrtranslit"] = _fake_cyrtranslit()
    namespace: dict[str, object] = {"__name__": "cyrtranslit_tests"}
    exec(compile((base / "cyrtranslit" / "tests.py").read_text(encoding="utf-8"),
                 "cyrtranslit/tests.py", "exec"), namespace)
    loader = unittest.TestLoader()
    for name, value in namespace.items():
        if not (isinstance(value, type) and issubclass(value, unittest.TestCase)):
            continue
        code = CYRTRANSLIT_CLASSES.get(name)
        if code is None:
            tally.skip("cyrtranslit", name)
            continue
        standard = CYRTRANSLIT_CLAIMED[code][1]
        suite = loader.loadTestsFromTestCase(value)
        for test in suite:
            result = unittest.TestResult()
            test.run(result)
            if result.skipped:
                tally.skip("cyrtranslit", f"{name}.{test._testMethodName} (reverse not claimed)")
                continue
            ok = result.wasSuccessful()
            label = f"{name}.{test._testMethodName}"
            # the pass/fail of a unittest is the case; record it as such
            used = "sr-transliterate" if "LatinToCyrillic" in name or "to_cyrillic" in label \
                else standard
            tally.check("cyrtranslit", used, "pass" if ok else "fail", "pass", label)
            if not ok:
                for _, trace in result.failures + result.errors:
                    tally.failures.append(trace.strip().splitlines()[-1])
    del sys.modules["cyrtranslit"]


# -- turkic-translit's Kazakh table ------------------------------------------------------
def run_kazakh_table(base: Path, tally: Tally) -> None:
    text = (base / "turkic_translit" / "kk_lat.rules").read_text(encoding="utf-8")
    for cyr, lat in re.findall(r"(\S)\s*>\s*([^;]*?)\s*;", text):
        got = transliterate(cyr, "kk", standard="kk-2021")
        tally.check("turkic-translit kk_lat.rules", "kk-2021", got, lat, cyr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--verbose", action="store_true", help="list every failure")
    args = parser.parse_args(argv)
    tally = Tally()
    for run in (run_iuliia, run_translitua, run_tetrak, run_transliterate_suite,
                run_cyrtranslit, run_kazakh_table):
        run(args.eval, tally)

    out = io.StringIO()
    out.write("| suite | standard | cases | pass | peer wrong | rate |\n")
    out.write("|---|---|---:|---:|---:|---:|\n")
    for (suite, standard), (cases, passed, wrong) in sorted(tally.rows.items()):
        out.write(f"| {suite} | {standard} | {cases} | {passed} | {wrong} | "
                  f"{100 * passed / cases:.1f}% |\n")
    print(out.getvalue())
    print("not claimed (skipped): " + ", ".join(
        f"{k} ×{v}" for k, v in sorted(tally.not_claimed.items())))
    if tally.peer_wrong:
        print(f"\npeer wrong ({len(tally.peer_wrong)}):")
        for line in tally.peer_wrong[: None if args.verbose else 5]:
            print("  " + line)
    if tally.failures:
        print(f"\nfailures ({len(tally.failures)}):")
        for line in tally.failures[: None if args.verbose else 40]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
