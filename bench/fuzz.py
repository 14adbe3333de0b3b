"""Fuzz every reader and public entry point for a time budget (issue: hostile and huge inputs).

The properties are the suite's (``tests/fuzz/properties.py``): an entry point
answers, or raises a clear ``PolyglotPressError``; documents round-trip byte
for byte; repairs and name normalizations are exactly their changes. The
suite runs each at a few dozen examples; this runs each for ``--seconds``,
batch after batch of Hypothesis examples with fresh random seeds, and prints
a table of examples tried and failures found (with the first failing input).

    python bench/fuzz.py --seconds 60
    python bench/fuzz.py --only glossary --seconds 600
    python bench/fuzz.py --only documents --seconds 60   # every document reader
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz import properties as p  # noqa: E402

import polyglot_press as pp  # noqa: E402

GLOSSARY = pp.Glossary.load(ROOT / "glossaries" / "kazakhstan-elections.yaml")
BATCH = 200

TARGETS: dict[str, tuple[Callable[..., None], dict[str, Any]]] = {
    "document": (p.check_document_round_trip,
                 {"text": st.one_of(p.mixed_text, p.any_text), "fmt": st.sampled_from(["text", "markdown"])}),
    "scan": (p.check_scan, {"text": st.one_of(p.mixed_text, p.any_text)}),
    "repair": (p.check_repair_replays, {"text": p.mixed_text}),
    "detect": (p.check_detect, {"text": st.one_of(p.mixed_text, p.any_text)}),
    "translit": (p.check_transliterate, {"text": p.mixed_text,
                                         "lang": st.sampled_from(["kk", "ru", "uk", "hy", "ka", "el"])}),
    "names": (lambda text, lang: p.check_normalize_names(text, GLOSSARY, lang),
              {"text": p.mixed_text, "lang": st.sampled_from(p.LANGS)}),
    "glossary": (lambda case: p.check_glossary_reader(*case), {"case": p.glossary_files()}),
    "glossary-bytes": (p.check_glossary_reader,
                       {"data": st.binary(max_size=2000),
                        "suffix": st.sampled_from([".yaml", ".csv", ".tbx"])}),
    "report": (lambda value: p.check_report_reader(json.dumps(value)), {"value": p.json_values}),
}
# three targets per document reader: valid documents round-trip, damaged ones and any bytes
# read or refuse clearly (``html``, ``html-damaged``, ``html-bytes``, ...)
for _suffix in p.DOCUMENT_SUFFIXES:
    _name = _suffix.lstrip(".")
    TARGETS[_name] = (lambda data, s=_suffix: p.check_valid_document(data, s),
                      {"data": p.valid_documents(_suffix)})
    TARGETS[f"{_name}-damaged"] = (lambda data, s=_suffix: p.check_document_bytes(data, s),
                                   {"data": p.damaged_documents(_suffix)})
    TARGETS[f"{_name}-bytes"] = (lambda data, s=_suffix: p.check_document_bytes(data, s),
                                 {"data": st.binary(max_size=2000)})
#: the document targets, for ``--only documents``
DOCUMENT_TARGETS = [name for name in TARGETS if name.split("-")[0] in
                    {s.lstrip(".") for s in p.DOCUMENT_SUFFIXES}]


def run(name: str, seconds: float) -> dict[str, Any]:
    check, strategies = TARGETS[name]
    examples = 0
    failures: list[str] = []

    def counted(**kwargs: Any) -> None:
        nonlocal examples
        examples += 1
        check(**kwargs)

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not failures:
        test = settings(max_examples=BATCH, deadline=None, database=None,
                        suppress_health_check=list(HealthCheck))(given(**strategies)(counted))
        try:
            seed(random.getrandbits(64))(test)()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a Rust panic (pyo3's PanicException) is no Exception
            first = (str(exc).strip().splitlines() or [""])[0]
            failures.append(f"{type(exc).__name__}: {first}")
            notes = "\n".join(getattr(exc, "__notes__", []))  # the falsifying example
            print(f"{name} failed: {type(exc).__name__}: {exc}\n{notes[:3000]}", file=sys.stderr)
    return {"target": name, "examples": examples, "failures": len(failures),
            "first": failures[0] if failures else ""}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="budget per target")
    parser.add_argument("--only", nargs="*", choices=sorted([*TARGETS, "documents"]),
                        help="targets to run (documents: every document reader's)")
    args = parser.parse_args()
    names = [n for o in (args.only or TARGETS) for n in (DOCUMENT_TARGETS if o == "documents" else [o])]
    rows = []
    for name in names:
        rows.append(run(name, args.seconds))
        print(f"{name}: {rows[-1]['examples']:,} examples, {rows[-1]['failures']} failures "
              f"{rows[-1]['first'][:200]}", file=sys.stderr, flush=True)
    print("| target | examples | failures | first failure |")
    print("|---|---|---|---|")
    for row in rows:
        print(f"| {row['target']} | {row['examples']:,} | {row['failures']} | {row['first'][:120]} |")
    return 1 if any(row["failures"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
