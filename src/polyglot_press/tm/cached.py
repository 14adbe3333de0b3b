"""An engine that asks the memory first: human translations, then machine output."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Literal, Protocol, overload

from ..engines.base import Engine, as_engine, pair_identity
from ..text import keep_whitespace
from ._schema import normalize_segment

__all__ = ["CachedEngine", "MemoryLike"]


class MemoryLike(Protocol):
    """What :class:`CachedEngine` needs of a memory: a :class:`TranslationMemory`, or a
    :class:`DeltaWriter` over a snapshot."""

    def lookup(self, engine: str, source: str, target: str, segments: Sequence[str],
               glossary: str = "") -> list[str | None]: ...

    def store(self, engine: str, source: str, target: str, pairs: Iterable[tuple[str, str]],
              glossary: str = "") -> int: ...

    def lookup_human(self, source: str, target: str,
                     segments: Sequence[str]) -> list[str | None]: ...


class CachedEngine:
    """An engine that asks a :class:`TranslationMemory` first (composes around any engine).

    A human translation of a segment (imported from TMX, XLIFF or PO) is used
    first, whatever the engine; then the engine's stored output. Hits are
    returned from the memory; misses (each distinct segment once)
    go to the wrapped engine in one batch and are stored. ``glossary`` is
    the digest of the glossary the caller applies around the engine (``""``
    for none) so that terminology changes never reuse old translations.
    With ``n_best > 1`` the engine is asked directly (the memory keeps only
    final, best translations). ``hits`` (of which ``human_hits`` came from
    human rows) and ``misses`` count segments.
    """

    def __init__(
        self, engine: Engine, memory: MemoryLike | None = None, *, glossary: str = ""
    ) -> None:
        if memory is None:
            from .memory import TranslationMemory

            memory = TranslationMemory()
        self.engine = as_engine(engine)
        self.memory: MemoryLike = memory
        self.glossary = glossary
        self.hits = 0
        self.human_hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.engine.name

    @property
    def identity(self) -> str:
        return self.engine.identity

    def identity_for(self, source: str, target: str) -> str:
        """The wrapped engine's identity for this pair."""
        return pair_identity(self.engine, source, target)

    def pairs(self) -> list[tuple[str, str]]:
        return self.engine.pairs()

    def languages(self) -> list[str]:
        return self.engine.languages()

    def resolve_pair(self, source: str, target: str) -> tuple[str, str]:
        """Delegates to the wrapped engine."""
        return self.engine.resolve_pair(source, target)

    def how_to_add_pair(self, source: str, target: str) -> str:
        """Delegates to the wrapped engine."""
        return self.engine.how_to_add_pair(source, target)

    @overload
    def translate_batch(  # type: ignore[overload-overlap]
        self, sentences: Sequence[str], source: str, target: str, *, n_best: Literal[1] = 1
    ) -> list[str]: ...

    @overload
    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, n_best: int
    ) -> list[list[str]]: ...

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, n_best: int = 1
    ) -> list[str] | list[list[str]]:
        """Like the wrapped engine's, with the memory consulted first."""
        if n_best != 1:
            return self.engine.translate_batch(sentences, source, target, n_best=n_best)
        sentences = list(sentences)
        if not sentences:
            self.resolve_pair(source, target)
            return []
        identity = pair_identity(self.engine, source, target)
        cores = [normalize_segment(s) for s in sentences]
        human = self.memory.lookup_human(source, target, cores)
        rest = [c for c, h in zip(cores, human, strict=True) if h is None]
        machine = iter(self.memory.lookup(identity, source, target, rest, self.glossary))
        stored = [h if h is not None else next(machine) for h in human]
        human_hits = sum(1 for c, h in zip(cores, human, strict=True) if c and h is not None)
        missing = list(dict.fromkeys(c for c, hit in zip(cores, stored, strict=True)
                                     if hit is None and c))
        fresh: dict[str, str] = {}
        if missing:
            translated = self.engine.translate_batch(missing, source, target)
            fresh = dict(zip(missing, translated, strict=True))
            self.memory.store(identity, source, target, fresh.items(), self.glossary)
        out: list[str] = []
        hits = 0
        for sentence, core, hit in zip(sentences, cores, stored, strict=True):
            if not core:
                out.append(sentence)
                continue
            if hit is not None:
                hits += 1
            out.append(keep_whitespace(sentence, hit if hit is not None else fresh[core]))
        with self._lock:
            self.hits += hits
            self.human_hits += human_hits
            self.misses += sum(1 for c in cores if c) - hits
        return out

    def __repr__(self) -> str:
        return f"<CachedEngine {self.engine!r} at {getattr(self.memory, 'path', self.memory)}>"
