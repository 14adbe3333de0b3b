"""Session-wide test isolation (applies to tests/, doctests in src/ and README.md).

No test, doctest or README example may read or write the user's real argos
packages, polyglot_press cache (translation memory, placeholder calibration)
or XDG folders: they all point at a temporary folder for the whole session.
Test modules that need a fresh folder per test override these again.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_ISOLATED = ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
             "POLYGLOT_PRESS_CACHE_DIR")
_home: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _home
    _home = tempfile.mkdtemp(prefix="polyglot-press-tests-")
    for name in _ISOLATED:
        os.environ[name] = os.path.join(_home, name.lower())


def pytest_unconfigure(config: pytest.Config) -> None:
    if _home is not None:
        shutil.rmtree(_home, ignore_errors=True)
