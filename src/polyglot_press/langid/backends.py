"""Statistical language-identification backends, found through a registry.

A backend is built once for the configured languages and then asked, many
times and from many threads, to rank a few candidates for a text. Backends are
named in :data:`KNOWN_BACKENDS` as ``"module:Class"`` strings and imported only
when first used, so a missing optional dependency costs nothing until it is
asked for, and then raises :class:`~polyglot_press.errors.MissingDependencyError`
saying what to install. Third-party backends register through the entry-point
group ``polyglot_press.langid_backends`` or :func:`register_backend`.

>>> sorted(KNOWN_BACKENDS)
['langdetect', 'lingua']
>>> get_backend_class("langdetect").name
'langdetect'
>>> get_backend_class("cld9")
Traceback (most recent call last):
...
polyglot_press.errors.InputError: unknown language-detection backend 'cld9'; known: langdetect, lingua
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable

from ..errors import InputError, MissingDependencyError

__all__ = [
    "ENTRY_POINT_GROUP",
    "KNOWN_BACKENDS",
    "Backend",
    "BackendSpec",
    "available_backends",
    "get_backend_class",
    "register_backend",
]

ENTRY_POINT_GROUP = "polyglot_press.langid_backends"


@runtime_checkable
class Backend(Protocol):
    """What a backend offers.

    ``__init__(languages)`` must be cheap (no model loading); :meth:`load`
    loads everything once and is safe to call from several threads;
    :meth:`scores` ranks ``candidates`` (a subset of :attr:`languages` with at
    least two entries) for ``text`` and returns ``(lang, probability)`` pairs,
    best first, probabilities summing to 1 over the candidates (an empty list
    when the text gives the model nothing to go on). Same input, same output,
    in any thread and any process.
    """

    name: ClassVar[str]

    @property
    def languages(self) -> frozenset[str]:
        """The configured languages this backend has a model for."""
        ...

    def load(self) -> None:
        """Load the models now (otherwise the first :meth:`scores` call does)."""
        ...

    def scores(self, text: str, candidates: Sequence[str]) -> list[tuple[str, float]]:
        """Rank ``candidates`` for ``text``."""
        ...


class BackendFactory(Protocol):
    """A backend class: built from the configured languages."""

    name: ClassVar[str]

    def __call__(self, languages: Sequence[str]) -> Backend: ...


@dataclass(frozen=True, slots=True)
class BackendSpec:
    """Where a backend lives (``"module:Class"``), the module it needs, how to get it."""

    target: str
    requires: str | None = None
    install: str | None = None


KNOWN_BACKENDS: dict[str, BackendSpec] = {
    "langdetect": BackendSpec(
        "polyglot_press.langid.langdetect_backend:LangdetectBackend",
        requires="langdetect",
        install="pip install langdetect",
    ),
    "lingua": BackendSpec(
        "polyglot_press.langid.lingua_backend:LinguaBackend",
        requires="lingua",
        install="pip install 'polyglot-press[lingua]'",
    ),
}

_lock = threading.Lock()
_entry_points_loaded = False


def register_backend(name: str, target: str, *, requires: str | None = None,
                     install: str | None = None) -> None:
    """Make a backend available under ``name`` (``target`` is ``"module:Class"``).

    >>> register_backend("langdetect-copy", KNOWN_BACKENDS["langdetect"].target)
    >>> get_backend_class("langdetect-copy").name
    'langdetect'
    >>> del KNOWN_BACKENDS["langdetect-copy"]
    """
    if ":" not in target:
        raise InputError(f"backend target {target!r} must look like 'package.module:Class'")
    KNOWN_BACKENDS[name] = BackendSpec(target, requires, install)


def _load_entry_points() -> None:
    global _entry_points_loaded
    with _lock:
        if _entry_points_loaded:
            return
        _entry_points_loaded = True
        from importlib.metadata import entry_points

        for ep in entry_points(group=ENTRY_POINT_GROUP):
            KNOWN_BACKENDS.setdefault(ep.name, BackendSpec(ep.value))


def _installed(spec: BackendSpec) -> bool:
    return spec.requires is None or importlib.util.find_spec(spec.requires) is not None


def available_backends() -> list[str]:
    """Names of the registered backends whose dependencies are installed.

    >>> "langdetect" in available_backends()
    True
    """
    _load_entry_points()
    return sorted(name for name, spec in KNOWN_BACKENDS.items() if _installed(spec))


def get_backend_class(name: str) -> BackendFactory:
    """The backend class registered as ``name``, imported now."""
    _load_entry_points()
    spec = KNOWN_BACKENDS.get(name)
    if spec is None:
        known = ", ".join(sorted(KNOWN_BACKENDS))
        raise InputError(f"unknown language-detection backend {name!r}; known: {known}")
    if not _installed(spec):
        hint = f": {spec.install}" if spec.install else ""
        raise MissingDependencyError(
            f"language-detection backend {name!r} needs the package {spec.requires!r}{hint}"
        )
    module_name, _, class_name = spec.target.partition(":")
    cls: BackendFactory = getattr(importlib.import_module(module_name), class_name)
    return cls
