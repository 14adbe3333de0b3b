"""Fixtures for the format tests: a press over the toy en->yy argos package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from polyglot_press.engines.argos import ArgosEngine, install_package
from polyglot_press.press import Press

ARGOS = Path(__file__).resolve().parent.parent / "data" / "argos"
PUBLIC = Path(__file__).resolve().parent / "data" / "public"
SCHEMAS = Path(__file__).resolve().parent / "data" / "schemas"


@pytest.fixture(scope="session")
def toy_engine(tmp_path_factory: pytest.TempPathFactory) -> ArgosEngine:
    """The built en->yy test model (vocabulary words in capitals, the rest copied)."""
    root = tmp_path_factory.mktemp("argos-formats")
    install_package(ARGOS / "translate-en_yy-1_0.argosmodel", root)
    return ArgosEngine(packages_dir=root)


@pytest.fixture
def press(toy_engine: ArgosEngine, tmp_path: Path) -> Iterator[Press]:
    """A press that translates English into the toy language yy."""
    with Press(engine=toy_engine, source="en", cache_dir=tmp_path / "cache", memory=False) as p:
        yield p


@pytest.fixture(scope="session")
def toy_reverse_engine(tmp_path_factory: pytest.TempPathFactory) -> ArgosEngine:
    """The built xx->en test model: English spelled backwards in, English out. Its
    output differs from its input, so the QA checks see a real translation (the
    en->yy model only changes case, which the QA rightly calls untranslated)."""
    root = tmp_path_factory.mktemp("argos-formats-xx")
    install_package(ARGOS / "translate-xx_en-1_0.argosmodel", root)
    return ArgosEngine(packages_dir=root)


@pytest.fixture
def reverse_press(toy_reverse_engine: ArgosEngine, tmp_path: Path) -> Iterator[Press]:
    """A press that translates the toy language xx into English."""
    with Press(engine=toy_reverse_engine, source="xx", cache_dir=tmp_path / "cache",
               memory=False) as p:
        yield p
