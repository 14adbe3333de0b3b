"""Translation engines: the contract, the registry and the built-in engines.

``base`` defines the :class:`Engine` protocol, :class:`BaseEngine` and
:class:`PivotEngine`; ``registry`` maps names to engine classes (built-ins and
the ``polyglot_press.engines`` entry-point group, imported lazily); ``routing``
builds engines and chooses one per language pair (``auto``); ``argos``
and ``bergamot`` are the built-in engines, imported only when asked for.

>>> from polyglot_press.engines import known_engines
>>> known_engines()
['argos', 'bergamot']
"""

from __future__ import annotations

from .base import (
    BaseEngine,
    Engine,
    PivotEngine,
    as_engine,
    normalize_language,
    pair_identity,
    pivot_pairs,
)
from .registry import (
    ENTRY_POINT_GROUP,
    available_engines,
    get_engine_class,
    known_engines,
    known_implementations,
    register_engine,
)
from .routing import Router, auto_order, get_engine

__all__ = [
    "ENTRY_POINT_GROUP",
    "BaseEngine",
    "Engine",
    "PivotEngine",
    "Router",
    "as_engine",
    "auto_order",
    "available_engines",
    "get_engine",
    "get_engine_class",
    "known_engines",
    "known_implementations",
    "normalize_language",
    "pair_identity",
    "pivot_pairs",
    "register_engine",
]
