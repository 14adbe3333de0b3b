"""Import every glossary in ../shared/eval/glossary/ and check what comes out.

For each valid file: the number of concepts must equal the count taken
independently from the file (TBX: concept/term entries holding at least one
<term>, by a plain text scan; multi-column CSV: data rows; two-column CSV: distinct
target terms, ignoring case), and the glossary must survive YAML -> YAML and
TBX-Basic -> YAML round trips. The deliberately invalid TBX-Basic file must be
rejected with errors that name the lines of its five planted mistakes (found
here by searching the file for them).

Run: python bench/glossary_interop.py [--eval ../shared/eval/glossary]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import time
from pathlib import Path

from polyglot_press.errors import GlossaryError
from polyglot_press.glossary import import_glossary
from polyglot_press.glossary.convert import export_text
from polyglot_press.glossary.io_tbx import loads_tbx
from polyglot_press.glossary.io_yaml import dumps_yaml, loads_yaml

TWO_COLUMN_LANGS = {"weblate_terms.csv": ("en", "cs")}
PLANTED = {  # the invalid file's own comment lists these mistakes
    "ltac_basic_bad.tbx": [
        "Wrong level to have no nesting at",
        'type="theWrongType"',
        ">nominal<",
        "Definitions may not go at the term level",
        'type="wrongType"',
    ],
}


def expected_count(path: Path) -> int:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".tbx":
        entries = re.split(r"<(?:conceptEntry|termEntry)\b", text)[1:]
        return sum(1 for e in entries if re.search(r"<term[ >]", e.split("</conceptEntry>")[0]
                                                   .split("</termEntry>")[0]))
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if path.name in TWO_COLUMN_LANGS or (len(rows[0]) >= 2 and rows[0][:2] == ["fr", "en"]):
        body = rows if path.name in TWO_COLUMN_LANGS else rows[1:]
        return len({r[1].strip().casefold() for r in body})
    return len(rows) - 1


def preferred(g):  # type: ignore[no-untyped-def]
    return sorted(tuple(sorted((t.lang, t.preferred) for t in c.terms)) for c in g.concepts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "glossary"
    parser.add_argument("--eval", type=Path, default=default)
    args = parser.parse_args()
    folder = args.eval.resolve()
    if not folder.is_dir():
        print(f"no evaluation folder at {folder}", file=sys.stderr)
        return 2
    files = sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".tbx"))
    print("| file | format | concepts (expected) | languages | losses | YAML round trip | "
          "TBX round trip | ms | result |")
    print("|---|---|---|---|---:|---|---|---:|---|")
    failures = 0
    for path in files:
        if path.name in PLANTED:
            continue
        options = {}
        if path.name in TWO_COLUMN_LANGS:
            options = dict(zip(("source", "target"), TWO_COLUMN_LANGS[path.name], strict=True))
        t0 = time.perf_counter()
        try:
            conv = import_glossary(path, **options)
        except GlossaryError as exc:
            failures += 1
            print(f"| {path.name} | | error: {exc} | | | | | | FAIL |")
            continue
        ms = (time.perf_counter() - t0) * 1000
        g = conv.glossary
        want = expected_count(path)
        yaml_ok = loads_yaml(dumps_yaml(g)) == g
        tbx = export_text(g, "tbx")
        back = loads_tbx(tbx.text).glossary
        tbx_ok = preferred(back) == preferred(g)
        ok = len(g.concepts) == want and yaml_ok and tbx_ok
        failures += not ok
        fmt = "TBX " + ("v3" if "<tbx" in path.read_text(encoding="utf-8-sig")[:600] else
                        "v2") if path.suffix == ".tbx" else "CSV"
        print(f"| {path.name} | {fmt} | {len(g.concepts)} ({want}) | {','.join(g.languages)} | "
              f"{len(conv.losses)} | {'ok' if yaml_ok else 'DIFFERS'} | "
              f"{'ok' if tbx_ok else 'DIFFERS'} | {ms:.0f} | {'PASS' if ok else 'FAIL'} |")
    print()
    print("| invalid file | planted mistakes (lines) | reported lines | result |")
    print("|---|---|---|---|")
    for name, needles in PLANTED.items():
        path = folder / name
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        planted = sorted(next(i + 1 for i, line in enumerate(lines) if n in line) for n in needles)
        try:
            import_glossary(path)
            reported: list[int] = []
            message = "accepted"
        except GlossaryError as exc:
            message = str(exc)
            reported = sorted(int(x) for x in re.findall(r"line (\d+):", message))
        ok = reported == planted
        failures += not ok
        print(f"| {name} | {planted} | {reported} | {'PASS' if ok else 'FAIL'} |")
        print(f"\nmessage: {message[:400]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
