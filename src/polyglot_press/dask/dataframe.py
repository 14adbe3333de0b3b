"""The DataFrame path: a text column in, translated columns and check summaries out.

Each partition (a pandas DataFrame) goes through the same
:func:`~polyglot_press.dask.worker.run_partition` as files do. The result
has the input's columns plus, for each target ``xx``, ``<text>_xx``, and
per row: ``terms_ok`` and ``terms_total`` (glossary term checks),
``qa_findings`` and ``qa_errors`` (findings of the translate stages and of
the stages listed after ``translate``, and those of error severity),
``status`` (``done`` or ``failed``) and ``error``.
Write it with ``.to_parquet(path)``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import InputError
from ..glossary import Glossary
from ..report import Report
from ..text import Severity
from .corpus import _glossaries, _targets
from .inputs import Record
from .summary import on_translation
from .worker import CorpusSpec, run_partition

__all__ = ["translate_dataframe"]


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"terms_ok": 0, "terms_total": 0, "qa_findings": 0, "qa_errors": 0,
                           "status": row["status"], "error": row.get("error", "")}
    if row.get("report"):
        for doc in Report.from_json(row["report"]).documents:
            checks = doc.term_checks()
            out["terms_total"] += len(checks)
            out["terms_ok"] += sum(1 for c in checks if c.ok)
            for stage in doc.stages:
                if on_translation(stage.stage):
                    out["qa_findings"] += len(stage.findings)
                    out["qa_errors"] += sum(1 for f in stage.findings if f.severity == Severity.ERROR)
    return out


def _partition(frame: Any, spec: CorpusSpec, text_column: str, id_column: str | None, fmt: str,
               lang_column: str | None) -> Any:
    import pandas as pd

    records = []
    for position, (index, item) in enumerate(frame.iterrows()):
        given = item[id_column] if id_column else None
        doc_id = f"{index!s}#{position}" if given is None or pd.isna(given) else str(given)
        text = item[text_column]
        lang = item[lang_column] if lang_column else None
        records.append(Record(doc_id, text="" if pd.isna(text) else str(text), format=fmt,
                              lang=None if lang is None or pd.isna(lang) else str(lang)))
    rows = run_partition(records, spec) if records else []
    out = frame.copy()
    for lang in spec.targets:
        out[f"{text_column}_{lang}"] = pd.Series([r.get("translations", {}).get(lang) for r in rows],
                                                 index=frame.index, dtype="string")
    summaries = [_summary(r) for r in rows]
    for column in ("terms_ok", "terms_total", "qa_findings", "qa_errors"):
        out[column] = pd.Series([s[column] for s in summaries], index=frame.index, dtype="int64")
    for column in ("status", "error"):
        out[column] = pd.Series([s[column] for s in summaries], index=frame.index, dtype="string")
    return out


def translate_dataframe(
    frame: Any,
    targets: str | Sequence[str],
    *,
    text_column: str = "text",
    id_column: str | None = None,
    lang_column: str | None = None,
    format: str = "text",
    glossaries: Iterable[Glossary | str | os.PathLike[str]] = (),
    engine: str = "auto",
    **options: Any,
) -> Any:
    """Translate ``frame[text_column]`` (a Dask DataFrame) into ``targets``; lazy.

    >>> import pandas as pd, dask.dataframe as dd
    >>> frame = dd.from_pandas(pd.DataFrame({"text": ["The OSCE mission ended."]}), npartitions=1)
    >>> out = translate_dataframe(frame, "pt", engine="bergamot", source="en", memory=False)
    >>> out.compute(scheduler="sync")[["text_pt", "status"]].values.tolist()
    [['A missão da OSCE terminou.', 'done']]
    """
    if text_column not in frame.columns:
        raise InputError(f"no column {text_column!r}; columns: {', '.join(map(str, frame.columns))}")
    spec = CorpusSpec(_targets(targets), _glossaries(glossaries), engine, dict(options), None)
    meta = _partition(frame._meta, spec, text_column, id_column, format, lang_column)
    return frame.map_partitions(_partition, spec, text_column, id_column, format, lang_column, meta=meta)
