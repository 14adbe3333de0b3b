"""Shared fixtures: paths to the fixture glossaries in tests/data/glossaries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "glossaries"


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "sample.yaml"
    shutil.copy(DATA / "sample.yaml", target)
    return target
