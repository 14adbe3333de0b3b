"""Fixtures for every test: each test gets its own argos, XDG and cache folders.

The root ``conftest.py`` already points these at one temporary folder for the
whole session (doctests included); here every test gets fresh ones, so no test
sees packages, translation memory or placeholder calibrations left by another.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "argos-packages"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("POLYGLOT_PRESS_CACHE_DIR", str(home / "pp-cache"))
