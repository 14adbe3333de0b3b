"""Engine choice: which engine translates a language pair.

``get_engine(name)`` builds a named engine; ``get_engine("auto", source=...,
target=...)`` tries every engine the registry knows, in the order of their
``priority`` class attribute (higher first, then by name; the built-ins
declare argos 20, bergamot 10, a third-party engine 0 unless it says
otherwise), and takes the first whose installed models cover the pair.
:class:`Router` is what :class:`~polyglot_press.press.Press` keeps: one
engine per pair, built once, reused for other pairs it covers.

>>> from polyglot_press.engines.registry import get_engine_class
>>> auto_order()[:2] == sorted(["argos", "bergamot"],
...     key=lambda n: -get_engine_class(n).priority)
True
>>> get_engine("bergamot").pairs()
[('en', 'pt'), ('pt', 'en')]
"""

from __future__ import annotations

from typing import Any

from ..errors import LanguagePairError, MissingDependencyError
from .base import Engine, as_engine
from .registry import get_engine_class, known_engines

__all__ = ["Router", "auto_order", "covers", "get_engine"]


def auto_order() -> list[str]:
    """Names of the importable engines in the order ``auto`` tries them."""
    ranked: list[tuple[int, str]] = []
    for name in known_engines():
        try:
            cls = get_engine_class(name)
        except MissingDependencyError:
            continue
        ranked.append((-int(getattr(cls, "priority", 0)), name))
    return [name for _, name in sorted(ranked)]


def covers(engine: Engine, source: str, target: str) -> bool:
    """True when ``engine`` translates ``source -> target`` (regional codes included)."""
    try:
        engine.resolve_pair(source, target)
    except LanguagePairError:
        return False
    return True


def _build(cls: type[Any], options: dict[str, Any]) -> Engine:
    accepted = getattr(cls, "option_names", None)
    mine = {k: v for k, v in options.items() if accepted is None or k in accepted}
    return as_engine(cls(**mine))


def get_engine(
    name: str = "auto",
    *,
    source: str | None = None,
    target: str | None = None,
    **options: Any,
) -> Engine:
    """Build the engine ``name`` with ``options``.

    ``name="auto"`` tries the engines in :func:`auto_order` and takes the
    first that covers ``source -> target`` (without a pair: the first with any
    model installed). Each candidate gets the ``options`` it accepts (those
    named in its ``option_names`` class attribute, when it has one). A named
    engine is checked against the pair when one is given.
    """
    if name != "auto":
        engine = as_engine(get_engine_class(name)(**options))
        if source is not None and target is not None:
            engine.resolve_pair(source, target)
        return engine
    tried: list[str] = []
    candidates: list[Engine] = []
    for candidate in known_engines():
        try:
            get_engine_class(candidate)
        except MissingDependencyError as exc:
            tried.append(f"{candidate}: {exc}")
    for candidate in auto_order():
        engine = _build(get_engine_class(candidate), options)
        pairs = engine.pairs()
        if source is None or target is None:
            if pairs:
                return engine
            tried.append(f"{candidate}: no models installed")
            continue
        candidates.append(engine)
        if covers(engine, source, target):
            return engine
        listed = ", ".join(f"{s}->{t}" for s, t in pairs) or "none"
        tried.append(f"{candidate}: installed pairs {listed}")
    wanted = f" for {source}->{target}" if source and target else ""
    hint = ""
    if candidates and source and target:
        hint = " " + candidates[0].how_to_add_pair(source, target)
    raise LanguagePairError(f"no engine can translate{wanted} ({'; '.join(tried)}).{hint}")


class Router:
    """One engine per language pair, built on first use and reused.

    ``engine`` is a registry name (``"auto"`` picks per pair, see
    :func:`get_engine`) or an engine instance, which then serves every pair
    it covers. ``options`` go to the engines built.

    >>> router = Router("bergamot")
    >>> router.engine_for("en", "pt") is router.engine_for("pt", "en")
    True
    >>> router.engine_for("en", "de")
    Traceback (most recent call last):
    ...
    polyglot_press.errors.LanguagePairError: engine 'bergamot' cannot translate en->de; ...
    """

    def __init__(self, engine: str | Engine = "auto", **options: Any) -> None:
        if isinstance(engine, str):
            self.name = engine
            self._instance: Engine | None = None
        else:
            self._instance = as_engine(engine)
            self.name = self._instance.name
        self.options = options
        self._engines: dict[tuple[str, str], Engine] = {}

    def engine_for(self, source: str, target: str) -> Engine:
        """The engine that translates ``source -> target`` (a ``LanguagePairError`` if none)."""
        key = (source, target)
        engine = self._engines.get(key)
        if engine is not None:
            return engine
        if self._instance is not None:
            engine = self._instance
            engine.resolve_pair(source, target)
        else:
            engine = self._built_for(source, target)
            if engine is None:
                engine = get_engine(self.name, source=source, target=target, **self.options)
                # the same engine already built for another pair serves this one too
                engine = next((e for e in self._engines.values()
                               if e.name == engine.name and covers(e, source, target)), engine)
        self._engines[key] = engine
        return engine

    def _built_for(self, source: str, target: str) -> Engine | None:
        """An engine already built that is the one ``get_engine`` would choose for the pair.

        With ``auto`` that is the first engine of :func:`auto_order` that covers
        the pair, so an engine built for another pair is reused only when no
        engine before it in the order covers this one: the choice never depends
        on the pairs asked for before.
        """
        built: dict[str, Engine] = {}
        for made in self._engines.values():
            built.setdefault(made.name, made)
        if self.name != "auto":
            return next((e for e in built.values() if covers(e, source, target)), None)
        for name in auto_order():
            engine = built.get(name)
            if engine is None:
                return None  # not built yet: it may cover the pair
            if covers(engine, source, target):
                return engine
        return None

    @property
    def engines(self) -> dict[tuple[str, str], Engine]:
        """The engine chosen for each pair asked for so far."""
        return dict(self._engines)
