"""The engine contract, run on the argos engine with the built toy packages."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot_press.engines.argos import ArgosEngine

from .engine_conformance import EngineConformance

ENGLISH = [
    "the cat sees a dog.",
    "The president reads a new book today.",
    "Tokayev has a small house in the city.",
    "a blue bird, a red fish and three green books!",
]


class TestArgosConformance(EngineConformance):
    @pytest.fixture(scope="class")
    @classmethod
    def engine(cls, argos_packages_dir: Path) -> ArgosEngine:
        return ArgosEngine(packages_dir=argos_packages_dir)

    @pytest.fixture
    def pair(self) -> tuple[str, str]:
        return ("en", "yy")

    @pytest.fixture
    def sentences(self) -> list[str]:
        return list(ENGLISH)

    @pytest.fixture
    def missing_pair(self) -> tuple[str, str]:
        return ("en", "de")

    @pytest.fixture
    def many_sentences(self) -> list[str]:
        return [f"{s} {i}" for i in range(750) for s in ENGLISH[:4]]


class TestArgosPivotConformance(TestArgosConformance):
    """The same contract through the pivot xx -> en -> yy."""

    @pytest.fixture
    def pair(self) -> tuple[str, str]:
        return ("xx", "yy")

    @pytest.fixture
    def sentences(self) -> list[str]:
        return ["eht tac sees a god.", "eht tnediserp sdaer a wen koob yadot."]
