"""A real engine for the memory's tests: it reverses words and records what it is asked."""

from __future__ import annotations

import threading

from polyglot_press.engines import BaseEngine


class Reversing(BaseEngine):
    """Reverses the words of each sentence; ``asked`` lists every sentence it translated."""

    def __init__(self, name: str = "reversing", pairs: tuple[tuple[str, str], ...] = (("en", "pt"),)
                 ) -> None:
        self.name = name
        self._pairs = list(pairs)
        self.asked: list[str] = []
        self._lock = threading.Lock()

    @property
    def identity(self) -> str:
        return f"{self.name}[v1]"

    def pairs(self) -> list[tuple[str, str]]:
        return list(self._pairs)

    def _translate(self, sentences: list[str], source: str, target: str,
                   n_best: int) -> list[list[str]]:
        with self._lock:
            self.asked.extend(sentences)
        return [[" ".join(reversed(s.split()))] for s in sentences]
