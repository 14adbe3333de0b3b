"""Pipeline stages: one shape for every step, and a registry to add your own.

A *stage* is a callable ``(Document) -> (Document, StageRecord)``: it gets a
document and returns the document it made (changes applied with
:meth:`~polyglot_press.document.Document.apply_changes`, so nothing is
re-parsed and every segment keeps its language) and a
:class:`~polyglot_press.report.StageRecord` of what it found and changed.
A *stage factory* builds a stage for one :class:`~polyglot_press.press.Press`
(reading its ``config`` and ``glossaries``); it returns ``None`` when the
stage has nothing to do under that configuration (language detection when
the source language is given, name normalization without a glossary).

``PressConfig.stages`` lists stages by name, in order. The built-ins are
``repair`` (script fixes: homoglyphs, invisibles, bidi controls), ``detect``
(the language of every segment), ``normalize_names`` (name variants to the
glossary's form) and ``translate`` (one ``translate:<lang>`` stage per
target, which batches segments of many documents per engine call). Stages
listed before ``translate`` run on the source document; stages listed after
it run on each translation, and their records are named ``<stage>:<lang>``.
The built-ins live in :mod:`polyglot_press.stages.builtin` and
:mod:`polyglot_press.stages.translate`.

Like spaCy's ``add_pipe`` factories, other stages come from the entry-point
group ``polyglot_press.stages`` (``name = "module:factory"``, read once, on
first use) or from :func:`register_stage`:

>>> from polyglot_press.report import StageRecord
>>> from polyglot_press.text import Change, Span
>>> def shout(press):
...     def stage(doc):
...         changes = [Change(s.span, s.text, s.text.upper(), "shout") for s in doc.segments]
...         return doc.apply_changes(changes), StageRecord("shout", changes=tuple(changes))
...     return stage
>>> register_stage("shout", shout)
>>> "shout" in known_stages()
True
>>> from polyglot_press.document import Document
>>> doc, record = get_stage_factory("shout")(None)(Document.from_text("Hi there. Bye."))
>>> doc.text, [c.after for c in record.changes]
('HI THERE. BYE.', ['HI THERE.', 'BYE.'])
>>> unregister_stage("shout")
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Protocol

from ..document import Document
from ..errors import PolyglotPressError
from ..glossary.model import Glossary
from ..lang import known_language
from ..report import StageRecord

__all__ = [
    "BUILTIN_STAGES",
    "DEFAULT_STAGES",
    "ENTRY_POINT_GROUP",
    "TRANSLATE",
    "Host",
    "Stage",
    "StageError",
    "StageFactory",
    "StageSettings",
    "get_stage_factory",
    "known_language",
    "known_stages",
    "register_stage",
    "run_stage",
    "unregister_stage",
]

#: What a stage is: a document in, the new document and a record out.
Stage = Callable[[Document], tuple[Document, StageRecord]]


class StageSettings(Protocol):
    """What every stage may read of the configuration (a ``PressConfig`` has it)."""

    @property
    def source(self) -> str | None:
        """The source language, or ``None`` when it is detected per segment."""
        ...


class Host(Protocol):
    """What a stage factory is given: a :class:`~polyglot_press.press.Press` has it
    (its ``config`` is the whole ``PressConfig``)."""

    @property
    def config(self) -> StageSettings:
        """The configuration of the run."""
        ...

    @property
    def glossaries(self) -> tuple[Glossary, ...]:
        """The glossaries of the run."""
        ...


#: What builds a stage for one press (``None``: nothing to do under its configuration).
StageFactory = Callable[[Host], "Stage | None"]

ENTRY_POINT_GROUP = "polyglot_press.stages"
#: The stage that translates into each target; it is built by the press itself.
TRANSLATE = "translate"
#: The stages a press runs unless told otherwise.
DEFAULT_STAGES: tuple[str, ...] = ("repair", "detect", "normalize_names", TRANSLATE)
#: The built-in stages' factories.
BUILTIN_STAGES: dict[str, str] = {
    "repair": "polyglot_press.stages.builtin:repair_stage",
    "detect": "polyglot_press.stages.builtin:detect_stage",
    "normalize_names": "polyglot_press.stages.builtin:normalize_names_stage",
}


class StageError(PolyglotPressError, ValueError):
    """An unknown stage name, a name registered twice, or a stage that broke its contract."""


_NAME = re.compile(r"[A-Za-z0-9_-]+")
_SPEC = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*")
_registry: dict[str, StageFactory | str] = {}
_lock = threading.Lock()
_entries_read = False


def _read_entry_points() -> None:
    global _entries_read
    if _entries_read:
        return
    with _lock:
        if not _entries_read:
            for entry in entry_points(group=ENTRY_POINT_GROUP):
                _registry.setdefault(entry.name, entry.value)
            _entries_read = True


def register_stage(name: str, factory: StageFactory | str, *, clobber: bool = False) -> None:
    """Register a stage factory (or a ``"module:factory"`` string) under ``name``.

    Raises :class:`StageError` if the name is taken, unless ``clobber``; the
    built-in names cannot be replaced.
    """
    _read_entry_points()
    if name in BUILTIN_STAGES or name == TRANSLATE:
        raise StageError(f"stage {name!r} is built in and cannot be replaced")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise StageError(f"stage name {name!r}: use letters, digits, '_' or '-'")
    if not (callable(factory) or (isinstance(factory, str) and _SPEC.fullmatch(factory))):
        raise StageError(f"stage {name!r}: the factory must be a callable or a 'module:factory' "
                         f"string, not {factory!r:.80}")
    with _lock:
        if name in _registry and not clobber:
            raise StageError(f"stage {name!r} is already registered; pass clobber=True to replace it")
        _registry[name] = factory


def unregister_stage(name: str) -> None:
    """Forget a stage added with :func:`register_stage` (or from an entry point)."""
    with _lock:
        _registry.pop(name, None)


def known_stages() -> list[str]:
    """Every stage name: the built-ins, ``translate``, and the registered ones."""
    _read_entry_points()
    return sorted({*BUILTIN_STAGES, TRANSLATE, *_registry})


def get_stage_factory(name: str) -> StageFactory:
    """The factory of stage ``name`` (imported now)."""
    _read_entry_points()
    if name == TRANSLATE:
        raise StageError("the translate stage is built by the press for each target language")
    spec = BUILTIN_STAGES.get(name) or _registry.get(name)
    if spec is None:
        raise StageError(f"unknown stage {name!r}; known stages: {', '.join(known_stages())}")
    if not isinstance(spec, str):
        return spec
    module_name, _, attr = spec.partition(":")
    try:
        factory: StageFactory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise StageError(f"stage {name!r}: cannot import {spec} ({exc})") from exc
    if not callable(factory):
        raise StageError(f"stage {name!r}: {spec} is not callable ({type(factory).__name__})")
    return factory


def run_stage(name: str, stage: Stage, doc: Document) -> tuple[Document, StageRecord]:
    """Call ``stage`` on ``doc`` and check what it returns."""
    result = stage(doc)
    if (not isinstance(result, tuple) or len(result) != 2 or not isinstance(result[0], Document)
            or not isinstance(result[1], StageRecord)):
        raise StageError(f"stage {name!r} must return (Document, StageRecord), "
                         f"not {type(result).__name__}")
    return result
