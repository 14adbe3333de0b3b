"""One engine over several: each language pair goes to the first engine that has it.

The server builds every configured engine once, at start, and hands this
router to each :class:`~polyglot_press.press.Press` it builds, so all of them
share the same loaded models. Translation-memory keys stay those of the engine
that translates (``identity_for``), so the server and the command line share
cached translations.

>>> from polyglot_press.engines.base import BaseEngine
>>> class Upper(BaseEngine):
...     name = "upper"
...     def pairs(self): return [("en", "xx")]
...     def _translate(self, sentences, source, target, n_best):
...         return [[s.upper()] for s in sentences]
>>> router = EngineRouter([Upper()])
>>> router.translate_batch(["hi"], "en", "xx"), router.pairs()
(['HI'], [('en', 'xx')])
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from ..engines.base import Engine, pair_identity
from ..errors import LanguagePairError

__all__ = ["EngineRouter"]


class EngineRouter:
    """Routes each ``(source, target)`` to the first of ``engines`` that translates it."""

    name = "router"

    def __init__(self, engines: Sequence[Engine]) -> None:
        self.engines = tuple(engines)
        self._routes: dict[tuple[str, str], Engine] = {}
        self._lock = threading.Lock()

    @property
    def identity(self) -> str:
        return "+".join(e.identity for e in self.engines)

    def identity_for(self, source: str, target: str) -> str:
        """The identity of the engine that translates this pair."""
        return pair_identity(self.route(source, target), source, target)

    def pairs(self) -> list[tuple[str, str]]:
        seen: dict[tuple[str, str], None] = {}
        for engine in self.engines:
            for pair in engine.pairs():
                seen.setdefault(pair, None)
        return list(seen)

    def languages(self) -> list[str]:
        return sorted({lang for pair in self.pairs() for lang in pair})

    def route(self, source: str, target: str) -> Engine:
        """The engine for ``source -> target``; :class:`LanguagePairError` when none has it."""
        key = (source, target)
        engine = self._routes.get(key)
        if engine is not None:
            return engine
        for candidate in self.engines:
            try:
                candidate.resolve_pair(source, target)
            except LanguagePairError:
                continue
            with self._lock:
                self._routes[key] = candidate
            return candidate
        raise LanguagePairError(f"no engine on this server translates {source}->{target}")

    def how_to_add_pair(self, source: str, target: str) -> str:
        """What the first engine that knows how says (installing a model, usually)."""
        if not self.engines:
            return f"install a model that translates {source}->{target} and restart the server"
        return self.engines[0].how_to_add_pair(source, target)

    def resolve_pair(self, source: str, target: str) -> tuple[str, str]:
        """Checks that some engine translates the pair."""
        self.route(source, target)
        return (source, target)

    def translate_batch(self, sentences: Sequence[str], source: str, target: str, *,
                        n_best: int = 1) -> Any:
        """The routed engine's ``translate_batch``."""
        return self.route(source, target).translate_batch(sentences, source, target, n_best=n_best)

    def warm(self) -> list[tuple[str, str]]:
        """Load every model now (one short sentence per direct pair); return the pairs warmed."""
        warmed = []
        for engine in self.engines:
            direct = getattr(engine, "direct_pairs", None)
            pairs = direct() if callable(direct) else engine.pairs()
            for source, target in pairs:
                engine.translate_batch(["Hello."], source, target)
                warmed.append((source, target))
        return warmed
