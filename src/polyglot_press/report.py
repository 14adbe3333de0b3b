"""Reports: everything the stages of a run found and changed, as JSON-ready data.

A :class:`Report` holds one :class:`DocumentReport` per document; each lists
the :class:`StageRecord` of every stage that ran (its findings, its changes
and stage-specific data). ``to_json()`` and ``from_json()`` round-trip; the
JSON form is described by ``docs/report.schema.json``.

>>> from polyglot_press.text import Change, Span
>>> fix = Change(Span(0, 1), "О", "O", "mixed-script", "Cyrillic О in a Latin word")
>>> stage = StageRecord("repair", changes=(fix,))
>>> report = Report([DocumentReport("release.txt", "text", stages=[stage])])
>>> Report.from_json(report.to_json()) == report
True
>>> report.documents[0].changes[0].after
'O'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .text import Change, Finding

__all__ = ["SCHEMA_VERSION", "DocumentReport", "Report", "StageRecord"]

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class StageRecord:
    """What one stage did to one document.

    ``data`` holds stage-specific JSON values (for example the language of
    each segment, or term checks); it must be JSON-serializable.
    """

    stage: str
    findings: tuple[Finding, ...] = ()
    changes: tuple[Change, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "stage": self.stage,
            "findings": [f.to_dict() for f in self.findings],
            "changes": [c.to_dict() for c in self.changes],
            "data": dict(self.data),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StageRecord:
        """Inverse of :meth:`to_dict`."""
        return cls(
            stage=str(data["stage"]),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings", ())),
            changes=tuple(Change.from_dict(c) for c in data.get("changes", ())),
            data=dict(data.get("data", {})),
        )


@dataclass(slots=True)
class DocumentReport:
    """The stages that ran on one document (``source`` is its path or a label)."""

    source: str | None
    format: str
    lang: str | None = None
    stages: list[StageRecord] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        """Findings of every stage, in stage order."""
        return [finding for stage in self.stages for finding in stage.findings]

    @property
    def changes(self) -> list[Change]:
        """Changes of every stage, in stage order (each refers to its stage's input)."""
        return [change for stage in self.stages for change in stage.changes]

    def stage(self, name: str) -> StageRecord | None:
        """The record of stage ``name``, if it ran."""
        return next((s for s in self.stages if s.stage == name), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "source": self.source,
            "format": self.format,
            "lang": self.lang,
            "stages": [s.to_dict() for s in self.stages],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DocumentReport:
        """Inverse of :meth:`to_dict`."""
        return cls(
            source=data.get("source"),
            format=str(data["format"]),
            lang=data.get("lang"),
            stages=[StageRecord.from_dict(s) for s in data.get("stages", ())],
        )


@dataclass(slots=True)
class Report:
    """The record of a run over one or more documents."""

    documents: list[DocumentReport] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (see ``docs/report.schema.json``)."""
        from . import __version__

        return {
            "schema_version": SCHEMA_VERSION,
            "generator": f"polyglot_press {__version__}",
            "documents": [d.to_dict() for d in self.documents],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialize to JSON text (UTF-8 characters kept as they are)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Inverse of :meth:`to_dict`; rejects other schema versions."""
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise InputError(
                f"report schema_version {version!r} is not supported "
                f"(this polyglot_press reads version {SCHEMA_VERSION})"
            )
        return cls([DocumentReport.from_dict(d) for d in data.get("documents", ())])

    @classmethod
    def from_json(cls, text: str) -> Report:
        """Parse JSON text written by :meth:`to_json`."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not a JSON report: {exc.msg}", line=exc.lineno, column=exc.colno) from None
        if not isinstance(data, dict):
            raise InputError("not a JSON report: the top level must be an object")
        try:
            return cls.from_dict(data)
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(f"malformed report: {exc!r}") from None

    def summary(self) -> str:
        """A short human summary: per document, counts of findings and changes by kind."""
        lines: list[str] = []
        for document in self.documents:
            label = document.source or "<text>"
            lines.append(
                f"{label}: {len(document.findings)} finding(s), {len(document.changes)} change(s)"
            )
            for stage in document.stages:
                kinds: dict[str, int] = {}
                for finding in stage.findings:
                    kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
                for change in stage.changes:
                    kinds[change.rule] = kinds.get(change.rule, 0) + 1
                if kinds:
                    detail = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))
                    lines.append(f"  {stage.stage}: {detail}")
        return "\n".join(lines)
