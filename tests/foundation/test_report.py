"""Report: JSON round trip and conformance to the documented schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from polyglot_press.errors import InputError
from polyglot_press.report import DocumentReport, Report, StageRecord
from polyglot_press.text import Change, CharInfo, Finding, Severity, Span

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text())


def _report() -> Report:
    finding = Finding(
        Span(0, 4), "mixed-script", "Latin word with Cyrillic О", Severity.ERROR,
        rule="uts39", confidence=0.98, text="Оwen", suggestion="Owen",
        chars=(CharInfo.of("О", "Cyrl"),),
    )
    change = Change(Span(0, 1), "О", "O", "mixed-script", "same skeleton, Latin word")
    return Report(
        [
            DocumentReport(
                "examples/press-release.txt",
                "text",
                "en",
                [
                    StageRecord("scan", findings=(finding,)),
                    StageRecord("repair", changes=(change,)),
                    StageRecord("detect", data={"segments": {"0": "en"}}),
                ],
            ),
            DocumentReport(None, "markdown"),
        ]
    )


def test_round_trip() -> None:
    report = _report()
    again = Report.from_json(report.to_json())
    assert again == report
    assert again.documents[0].stage("repair") == report.documents[0].stages[1]
    assert again.documents[0].stage("translate") is None


def test_json_matches_schema() -> None:
    jsonschema.validate(json.loads(_report().to_json()), SCHEMA)


def test_schema_rejects_a_broken_report() -> None:
    data = json.loads(_report().to_json())
    data["documents"][0]["stages"][0]["findings"][0]["severity"] = "catastrophic"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_summary_counts_by_kind() -> None:
    summary = _report().summary()
    assert "examples/press-release.txt: 1 finding(s), 1 change(s)" in summary
    assert "scan: mixed-script: 1" in summary


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not a JSON report"),
        ("[]", "top level must be an object"),
        ('{"schema_version": 99, "documents": []}', "schema_version 99 is not supported"),
        ('{"schema_version": 1, "documents": [{"stages": []}]}', "malformed report"),
    ],
)
def test_bad_reports_give_clear_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        Report.from_json(text)
