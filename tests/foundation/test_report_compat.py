"""Reports written by an earlier version load, keep their meaning, and round-trip.

The fixtures in ``tests/data/reports`` were written by polyglot_press 0.1.0
(commit eb3ddb9), when term checks were plain dicts inside ``StageRecord.data``;
see ``tests/data/reports/README.md`` for the commands.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from polyglot_press.records import TermCheck
from polyglot_press.report import Report, StageRecord

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "tests" / "data" / "reports"
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text())
FIXTURES = sorted(REPORTS.glob("*.json"))


def test_fixtures_are_there() -> None:
    assert [p.name for p in FIXTURES] == ["press-release.v0.1.0.json",
                                          "press-release.verify-only.v0.1.0.json"]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_old_report_loads_typed_and_round_trips(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    stored = json.loads(text)
    jsonschema.validate(stored, SCHEMA)
    report = Report.from_json(text)
    # the same JSON comes out, key for key (term checks back inside "data")
    assert report.to_dict() == stored
    assert Report.from_json(report.to_json()) == report
    document = report.documents[0]
    translate = document.stage("translate:pt")
    assert translate is not None
    assert translate.term_checks is not None
    assert "term_checks" not in translate.data
    assert "consistency" not in translate.data
    assert all(isinstance(c, TermCheck) for c in translate.term_checks)
    stored_checks = stored["documents"][0]["stages"][-1]["data"]["term_checks"]
    assert [c.to_dict() for c in translate.term_checks] == stored_checks
    assert len(document.term_checks("pt")) == len(stored_checks) > 40
    # stages that check no terms have no term fields
    repair = document.stage("repair")
    assert repair is not None
    assert repair.term_checks is None
    assert repair.consistency is None


def test_old_report_keeps_its_statuses_and_summary() -> None:
    full = Report.from_json((REPORTS / "press-release.v0.1.0.json").read_text(encoding="utf-8"))
    audit = Report.from_json(
        (REPORTS / "press-release.verify-only.v0.1.0.json").read_text(encoding="utf-8"))
    assert {c.status for c in full.term_checks()} == {"exact", "repaired"}
    assert "missing" in {c.status for c in audit.term_checks()}
    assert "translate:pt: terms 49/49 ok (exact 48, repaired 1)" in full.summary()
    assert "missing: " in audit.summary()


def test_data_keys_of_the_old_form_still_work_with_a_warning() -> None:
    check = TermCheck("osce", "missing", "pt", "OSCE", segment=0)
    with pytest.warns(DeprecationWarning, match="term_checks="):
        old = StageRecord("translate:pt", data={"term_checks": [check.to_dict()],
                                                "consistency": {}, "target": "pt"})
    assert old == StageRecord("translate:pt", data={"target": "pt"},
                              term_checks=(check,), consistency={})


def test_malformed_term_checks_give_a_clear_error() -> None:
    data = json.loads((REPORTS / "press-release.v0.1.0.json").read_text(encoding="utf-8"))
    data["documents"][0]["stages"][-1]["data"]["term_checks"] = {"not": "a list"}
    with pytest.raises(ValueError, match="must be a list"):
        Report.from_json(json.dumps(data))


def test_reading_a_report_loads_no_stage() -> None:
    code = ("import json, sys, polyglot_press.report as r\n"
            f"r.Report.from_json(open({str(REPORTS / 'press-release.v0.1.0.json')!r}).read())\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('polyglot_press.'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    loaded = set(json.loads(out))
    assert "polyglot_press.report" in loaded
    for stage in ("terminology", "press", "names", "scripts", "langid", "engines", "tm"):
        assert f"polyglot_press.{stage}" not in loaded, stage
