"""The built-in stages before translation: repair, detect, normalize_names.

Each function is a stage factory (see :mod:`polyglot_press.stages`): it takes
the :class:`~polyglot_press.press.Press` (a :class:`~polyglot_press.stages.Host`)
and returns the stage, or ``None`` when the stage has nothing to do under the
press's configuration.
"""

from __future__ import annotations

import dataclasses

from ..document import Document
from ..lang import known_language
from ..report import StageRecord
from ..text import Change, Finding
from . import Host, Stage

__all__ = ["detect_stage", "normalize_names_stage", "repair_stage"]


def _shifted(change: Change, delta: int) -> Change:
    return dataclasses.replace(change, span=change.span.shift(delta))


def repair_stage(press: Host) -> Stage:
    """Script fixes (homoglyphs, invisibles, bidi controls) that script analysis says are safe."""
    from ..scripts import repair

    def stage(doc: Document) -> tuple[Document, StageRecord]:
        findings: list[Finding] = []
        changes: list[Change] = []
        for segment in doc.iter_segments():
            if segment.text.isascii():
                continue
            fixed = repair(segment.text)
            start = segment.span.start
            findings.extend(dataclasses.replace(f, span=f.span.shift(start)) for f in fixed.findings)
            changes.extend(_shifted(c, start) for c in fixed.changes)
        return doc.apply_changes(changes), StageRecord("repair", tuple(findings), tuple(changes))

    return stage


def detect_stage(press: Host) -> Stage | None:
    """The language of every segment, block and the document (not when the source is given)."""
    if press.config.source is not None:
        return None
    from ..langid import detect_languages

    def stage(doc: Document) -> tuple[Document, StageRecord]:
        doc = detect_languages(doc)
        segments = {str(s.index): s.lang for s in doc.iter_segments()}
        return doc, StageRecord("detect", data={"lang": doc.lang, "segments": segments})

    return stage


def normalize_names_stage(press: Host) -> Stage | None:
    """Name variants (spellings, romanizations, homoglyphs) to the glossary's form."""
    if not press.glossaries:
        return None
    from ..names import normalize_names

    glossaries = press.glossaries
    source = press.config.source

    def stage(doc: Document) -> tuple[Document, StageRecord]:
        changes: list[Change] = []
        for segment in doc.iter_segments():
            lang = known_language(segment.lang) or known_language(doc.lang) or source
            for glossary in glossaries:
                # one glossary per segment: a second one's edits would refer to new offsets
                result = normalize_names(segment.text, glossary, lang)
                if result.changes:
                    changes.extend(_shifted(c, segment.span.start) for c in result.changes)
                    break
        return doc.apply_changes(changes), StageRecord("normalize_names", changes=tuple(changes))

    return stage

