"""One report for a corpus run: the per-document reports combined.

:class:`CorpusReport` counts documents done, skipped and failed (with each
failure's error), term success per concept and language, QA findings by
kind (the findings of the translate stages and of the stages listed
after ``translate``), script findings by kind (the
repair stage) and the slowest documents. ``to_json()`` is what a run writes
to ``<output>/.polyglot-press/report.json``; ``summary()`` is what the
terminal shows.

>>> rows = [{"id": "a", "status": "done", "seconds": 0.5, "report": '{"schema_version": 1, "documents": []}'},
...         {"id": "b", "status": "failed", "error": "error: b: no such file"}]
>>> report = CorpusReport.from_rows(rows)
>>> report.counts, report.failures
({'done': 1, 'failed': 1}, [('b', 'error: b: no such file')])
>>> print(report.summary())
1 done, 1 failed
terms 0/0 ok
slowest: a (0.50 s)
failed: b: no such file
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..report import Report

__all__ = ["CorpusReport", "on_translation"]


def on_translation(stage: str) -> bool:
    """Whether a stage record is about a translation: ``translate:<lang>`` and the
    QA stages listed after ``translate`` (``<stage>:<lang>``), whose findings are QA findings.

    >>> [on_translation(s) for s in ("repair", "translate:pt", "qa-length:pt", "detect")]
    [False, True, True, False]
    """
    return ":" in stage


@dataclass
class CorpusReport:
    """Corpus statistics combined from every document's report."""

    counts: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    terms: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # concept -> lang -> [ok, total]
    qa: dict[str, int] = field(default_factory=dict)
    script: dict[str, int] = field(default_factory=dict)
    slowest: list[tuple[str, float]] = field(default_factory=list)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], *, slowest: int = 10) -> CorpusReport:
        """Combine the rows a run returns (one per document)."""
        counts: Counter[str] = Counter()
        qa: Counter[str] = Counter()
        script: Counter[str] = Counter()
        failures: list[tuple[str, str]] = []
        terms: dict[str, dict[str, list[int]]] = {}
        timed: list[tuple[str, float]] = []
        for row in rows:
            counts[row["status"]] += 1
            if row["status"] == "failed":
                failures.append((row["id"], str(row.get("error", ""))))
            if row["status"] == "done":
                timed.append((row["id"], float(row.get("seconds", 0.0))))
            if not row.get("report"):
                continue
            for doc in Report.from_json(row["report"]).documents:
                for check in doc.term_checks():
                    slot = terms.setdefault(check.concept, {}).setdefault(check.target_lang, [0, 0])
                    slot[0] += int(check.ok)
                    slot[1] += 1
                for stage in doc.stages:
                    bucket = script if stage.stage == "repair" else qa if on_translation(
                        stage.stage) else None
                    if bucket is not None:
                        bucket.update(f.kind for f in stage.findings)
        timed.sort(key=lambda item: (-item[1], item[0]))
        return cls(dict(sorted(counts.items())), sorted(failures),
                   {k: dict(sorted(v.items())) for k, v in sorted(terms.items())},
                   dict(sorted(qa.items())), dict(sorted(script.items())), timed[:slowest])

    def to_json(self) -> str:
        """The report as JSON."""
        return json.dumps({
            "documents": self.counts,
            "failures": [{"id": i, "error": e} for i, e in self.failures],
            "terms": {concept: {lang: {"ok": ok, "total": total} for lang, (ok, total) in langs.items()}
                      for concept, langs in self.terms.items()},
            "qa_findings": self.qa,
            "script_findings": self.script,
            "slowest": [{"id": i, "seconds": round(s, 4)} for i, s in self.slowest],
        }, ensure_ascii=False, indent=2)

    def summary(self) -> str:
        """A few lines for the terminal."""
        ok = sum(v[0] for langs in self.terms.values() for v in langs.values())
        total = sum(v[1] for langs in self.terms.values() for v in langs.values())
        lines = [", ".join(f"{n} {status}" for status, n in self.counts.items()) or "no documents",
                 f"terms {ok}/{total} ok"]
        if self.qa:
            lines.append("qa: " + ", ".join(f"{k}: {v}" for k, v in self.qa.items()))
        if self.script:
            lines.append("script: " + ", ".join(f"{k}: {v}" for k, v in self.script.items()))
        if self.slowest:
            lines.append("slowest: " + ", ".join(f"{i} ({s:.2f} s)" for i, s in self.slowest[:5]))
        lines.extend(_failure_line(i, e) for i, e in self.failures[:20])
        if len(self.failures) > 20:
            lines.append(f"... and {len(self.failures) - 20} more failures (see the JSON report)")
        return "\n".join(lines)


def _failure_line(document: str, error: str) -> str:
    """``failed: ID: message``, without repeating the id the message already names."""
    message = error.removeprefix("error: ")
    if message.startswith(f"{document}: "):
        return f"failed: {message}"
    return f"failed: {document}: {message}"
