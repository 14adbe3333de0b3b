r"""The fast path of YAML reading: libyaml's event parser, without line numbers.

:func:`fast_load` reads the event stream of PyYAML's C parser (libyaml) and
builds plain dicts, lists and text itself, with the YAML 1.2 core schema the
round-trip reader uses: ``true``/``false`` and null resolve, every other plain
scalar (numbers, dates, ``no``, ``on``) stays the text it is. It skips
PyYAML's Python constructor and resolver, which cost about ten times the
parse. Each item of the top-level ``concepts:`` list is handed to
``on_concept`` as soon as it is complete, so a big glossary never exists as a
tree of dicts (``on_concept`` turns it into a model object).

It returns None for anything only the round-trip reader should judge (a
syntax error, a duplicate key, an alias, an explicit tag, a key that is not
text, more than one document, nesting deeper than the reader allows), so
results and messages are the same either way.

>>> fast_load("concepts:\n  - id: a\n    terms: {en: 1.10, de: no, fr: ~}\n")
{'concepts': [{'id': 'a', 'terms': {'en': '1.10', 'de': 'no', 'fr': None}}]}
>>> fast_load("concepts:\n  - {id: a}\n  - {id: b}\n", on_concept=lambda c, i: (i, c["id"]))
{'concepts': [(0, 'a'), (1, 'b')]}
>>> fast_load("a: &x [b]\nc: *x\n") is None  # an alias: the round-trip reader decides
True
>>> fast_load("a: 1\na: 2\n") is None  # a duplicate key
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .yaml_guard import MAX_DEPTH

__all__ = ["fast_load"]


class _Unsure(Exception):
    """The fast reader met something only the round-trip reader should judge."""


# YAML 1.2 core schema: the plain scalars that are not text
_PLAIN = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False, "~": None, "null": None, "Null": None, "NULL": None, "": None}
_NO_KEY = object()


def _events(text: str) -> Any:
    """libyaml's event stream of ``text`` (None without PyYAML's C extension)."""
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - pyyaml is a dependency
        return None
    loader = getattr(yaml, "CBaseLoader", None)
    if loader is None:  # pragma: no cover - PyYAML built without libyaml
        return None
    return yaml, yaml.parse(text.encode("utf-8"), Loader=loader)


def fast_load(text: str, on_concept: Callable[[Any, int], Any] | None = None) -> Any:
    """The data of ``text`` as dicts, lists, text, booleans and None, or None
    when the round-trip reader must decide; ``on_concept(item, index)`` replaces
    each item of the top-level ``concepts:`` list as it completes."""
    found = _events(text)
    if found is None:  # pragma: no cover - pyyaml is a dependency
        return None
    yaml, events = found
    try:
        return _build(yaml, events, on_concept)
    except (_Unsure, yaml.YAMLError, RecursionError):
        return None


def _build(yaml: Any, events: Any, on_concept: Callable[[Any, int], Any] | None) -> Any:
    ev_mod = yaml.events
    scalar_event, alias_event = ev_mod.ScalarEvent, ev_mod.AliasEvent
    map_start, seq_start = ev_mod.MappingStartEvent, ev_mod.SequenceStartEvent
    map_end, seq_end = ev_mod.MappingEndEvent, ev_mod.SequenceEndEvent
    doc_start = ev_mod.DocumentStartEvent
    plain = _PLAIN
    no_key = _NO_KEY
    stack: list[Any] = []  # open containers
    keys: list[Any] = []  # for each open mapping, the key waiting for its value
    root: Any = None
    documents = 0
    concept_list: list[Any] | None = None
    for ev in events:
        cls = ev.__class__
        if cls is scalar_event:
            implicit = ev.implicit
            if implicit[0]:  # plain, untagged
                value = ev.value
                if value in plain:
                    value = plain[value]
            elif implicit[1]:  # quoted or block, untagged: text
                value = ev.value
            else:
                raise _Unsure("an explicit tag")
        elif cls is map_start or cls is seq_start:
            if ev.tag is not None and not ev.implicit:
                raise _Unsure("an explicit tag")
            if len(stack) >= MAX_DEPTH:
                raise _Unsure("nested too deep")
            new: Any = {} if cls is map_start else []
            if (cls is seq_start and len(stack) == 1 and stack[0].__class__ is dict
                    and keys[-1] == "concepts" and concept_list is None):
                concept_list = new
            if stack:
                top = stack[-1]
                if top.__class__ is dict and keys[-1] is no_key:
                    raise _Unsure("a key that is not text")
            stack.append(new)
            if cls is map_start:
                keys.append(no_key)
            continue
        elif cls is map_end or cls is seq_end:
            value = stack.pop()
            if cls is map_end:
                keys.pop()
            if stack and stack[-1] is concept_list and on_concept is not None:
                value = on_concept(value, len(concept_list))
        elif cls is alias_event:
            raise _Unsure("an alias")
        elif cls is doc_start:
            documents += 1
            if documents > 1:
                raise _Unsure("more than one document")
            continue
        else:
            continue
        if not stack:
            root = value
            continue
        top = stack[-1]
        if top.__class__ is list:
            top.append(value)
            continue
        key = keys[-1]
        if key is no_key:
            if value.__class__ is not str or value in top:
                raise _Unsure("a key that is not text, or a duplicate key")
            keys[-1] = value
        else:
            top[key] = value
            keys[-1] = no_key
    return root
