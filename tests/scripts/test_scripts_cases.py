"""Run the labeled cases in tests/cases/scripts/*.jsonl (see the README there)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from polyglot_press.scripts import repair, scan

CASES_DIR = Path(__file__).resolve().parent.parent / "cases" / "scripts"

# ids of cases the detector is known to get wrong; they run as xfail(strict=True)
KNOWN_FAILURES: dict[str, str] = {}


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            case = json.loads(line)
            case["_where"] = f"{path.name}:{number}"
            marks = []
            if case["id"] in KNOWN_FAILURES:
                marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[case["id"]], strict=True))
            params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


CASES = _load()


def _overlaps(a: list[int], start: int, end: int) -> bool:
    return a[0] < end and start < a[1]


def test_enough_cases() -> None:
    assert len(CASES) >= 300
    ids = [p.values[0]["id"] for p in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict[str, Any]) -> None:
    text = case["text"]
    findings = scan(text)
    where = case["_where"]
    for expected in case["expect"]:
        start, end = expected["span"]
        assert text[start:end] == expected["text"], f"{where}: span and text disagree"
        assert any(
            f.kind == expected["kind"] and _overlaps([f.span.start, f.span.end], start, end) for f in findings
        ), f"{where}: missed {expected['kind']} {expected['text']!r}; got {findings}"
    for f in findings:
        assert any(
            f.kind == e["kind"] and _overlaps(e["span"], f.span.start, f.span.end) for e in case["expect"]
        ), f"{where}: unexpected finding {f.kind} {f.text!r}: {f.message}"
        assert f.span.slice(text) == f.text
    fixed = repair(text)
    if case["repair"] is not None:
        assert fixed.text == case["repair"], f"{where}: repair gave {fixed.text!r}"
    else:  # reported, but no safe repair: nothing may change
        assert fixed.text == text, f"{where}: repair changed a text it must leave alone: {fixed.changes}"
        assert fixed.changes == ()
    if not case["expect"]:
        assert fixed.changes == ()
    assert fixed.undo() == text
