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
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .records import STATUSES, TermCheck
from .text import Change, Finding

__all__ = ["SCHEMA_VERSION", "DocumentReport", "Report", "StageRecord"]

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class StageRecord:
    """What one stage did to one document.

    ``findings`` and ``changes`` are what it noticed and what it changed
    (spans in the text the stage received). Stages that check glossary terms
    (``translate:<lang>``) fill ``term_checks`` (typed
    :class:`~polyglot_press.records.TermCheck` records, spans in the source
    and translated documents) and ``consistency`` (concepts rendered in more
    than one way: concept id -> renderings); both stay ``None`` for stages
    that check no terms. ``data`` holds other stage-specific JSON values (the
    language of each segment, the engine used, ...).

    In JSON, term checks and consistency sit inside ``data`` (``term_checks``,
    ``consistency``), as they always have; :meth:`from_dict` reads them into
    the typed fields.

    >>> check = TermCheck("osce", "exact", "pt", "OSCE", "OSCE", segment=0)
    >>> record = StageRecord("translate:pt", term_checks=(check,), consistency={})
    >>> sorted(record.to_dict()["data"])
    ['consistency', 'term_checks']
    >>> StageRecord.from_dict(record.to_dict()) == record
    True
    """

    stage: str
    findings: tuple[Finding, ...] = ()
    changes: tuple[Change, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)
    term_checks: tuple[TermCheck, ...] | None = None
    consistency: Mapping[str, tuple[str, ...]] | None = None

    def __post_init__(self) -> None:
        if any(key in self.data for key in _TYPED_DATA):  # the form before typed fields
            warnings.warn(f"StageRecord {self.stage!r}: pass term_checks=... and consistency=... "
                          "instead of data keys", DeprecationWarning, stacklevel=3)
            data = dict(self.data)
            checks = data.pop("term_checks", None)
            renderings = data.pop("consistency", None)
            object.__setattr__(self, "data", data)
            if checks is not None and self.term_checks is None:
                object.__setattr__(self, "term_checks", tuple(
                    c if isinstance(c, TermCheck) else TermCheck.from_dict(c) for c in checks))
            if renderings is not None and self.consistency is None:
                object.__setattr__(self, "consistency", renderings)
        if self.consistency is not None:
            object.__setattr__(self, "consistency", {
                str(k): tuple(str(x) for x in v) for k, v in self.consistency.items()})

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        data = dict(self.data)
        if self.term_checks is not None:
            data["term_checks"] = [c.to_dict() for c in self.term_checks]
        if self.consistency is not None:
            data["consistency"] = {k: list(v) for k, v in self.consistency.items()}
        return {
            "stage": self.stage,
            "findings": [f.to_dict() for f in self.findings],
            "changes": [c.to_dict() for c in self.changes],
            "data": data,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StageRecord:
        """Inverse of :meth:`to_dict`."""
        extra = dict(data.get("data", {}))
        checks = extra.pop("term_checks", None)
        renderings = extra.pop("consistency", None)
        if checks is not None and not isinstance(checks, list):
            raise TypeError(f"term_checks of stage {data['stage']!r} must be a list")
        if renderings is not None and not isinstance(renderings, Mapping):
            raise TypeError(f"consistency of stage {data['stage']!r} must be an object")
        return cls(
            stage=str(data["stage"]),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings", ())),
            changes=tuple(Change.from_dict(c) for c in data.get("changes", ())),
            data=extra,
            term_checks=None if checks is None else tuple(TermCheck.from_dict(c) for c in checks),
            consistency=None if renderings is None else dict(renderings),
        )


#: ``data`` keys that :class:`StageRecord` holds as typed fields.
_TYPED_DATA = ("term_checks", "consistency")


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

    def term_checks(self, target: str | None = None) -> list[TermCheck]:
        """Every :class:`~polyglot_press.records.TermCheck` of the ``translate:<lang>``
        stages (of one target language, or of all)."""
        found: list[TermCheck] = []
        for stage in self.stages:
            if not stage.stage.startswith("translate:"):
                continue
            if target is not None and stage.stage != f"translate:{target}":
                continue
            found.extend(stage.term_checks or ())
        return found

    def inconsistent(self, target: str) -> dict[str, list[str]]:
        """Concepts rendered in more than one way in the ``target`` translation."""
        stage = self.stage(f"translate:{target}")
        if stage is None or stage.consistency is None:
            return {}
        return {k: list(v) for k, v in stage.consistency.items()}

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
        if type(version) is not int or version != SCHEMA_VERSION:
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
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            if isinstance(exc, InputError):
                raise
            what = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            raise InputError(
                f"malformed report ({what}); it must follow docs/report.schema.json"
            ) from None

    def term_checks(self, target: str | None = None) -> list[TermCheck]:
        """Term checks of every document (of one target language, or of all)."""
        return [c for d in self.documents for c in d.term_checks(target)]

    def summary(self) -> str:
        """A short human summary: per document, counts of findings and changes by kind,
        and for each translation how its glossary terms came through.

        >>> check = TermCheck("osce", "missing", "pt", "OSCE", source_text="OSCE", segment=3)
        >>> stage = StageRecord("translate:pt", term_checks=(check,), consistency={})
        >>> print(Report([DocumentReport("a.txt", "text", stages=[stage])]).summary())
        a.txt: 0 finding(s), 0 change(s)
          translate:pt: terms 0/1 ok (missing 1)
            missing: 'OSCE' -> 'OSCE' (osce), segment 3
        """
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
                if stage.stage.startswith("translate:"):
                    lines.extend(_term_lines(stage))
        return "\n".join(lines)


def _term_lines(stage: StageRecord, limit: int = 10) -> list[str]:
    """Summary lines for one ``translate:<lang>`` stage."""
    checks = stage.term_checks or ()
    counts: dict[str, int] = {}
    for check in checks:
        counts[check.status] = counts.get(check.status, 0) + 1
    ok = sum(1 for check in checks if check.ok)
    detail = ", ".join(f"{s} {counts[s]}" for s in STATUSES if counts.get(s))
    head = f"  {stage.stage}: terms {ok}/{len(checks)} ok" + (f" ({detail})" if detail else "")
    inconsistent = stage.consistency or {}
    if inconsistent:
        head += f"; {len(inconsistent)} concept(s) rendered inconsistently"
    if stage.data.get("protected"):
        head += (f"; {stage.data['protected']}/{stage.data.get('segments', '?')} segment(s) "
                 "needed protection")
    lines = [head]
    bad = [c for c in checks if not c.ok]
    for check in bad[:limit]:
        found = f" found {check.found!r}" if check.found else ""
        why = f": {check.message}" if check.status == "agreement-unresolved" else ""
        lines.append(f"    {check.status}: {check.source_text!r} -> {check.expected!r} "
                     f"({check.concept}), segment {check.segment}{found}{why}")
    if len(bad) > limit:
        lines.append(f"    ... and {len(bad) - limit} more (see the JSON report)")
    for concept, renderings in inconsistent.items():
        lines.append(f"    inconsistent: {concept}: {', '.join(repr(r) for r in renderings)}")
    return lines
