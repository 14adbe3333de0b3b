"""Fixtures shared by the engine tests.

Every test runs with argos-translate's data, config and cache directories and
our cache directory pointed at temporary folders, so no test reads or writes
the user's real argos packages or translation memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot_press.engines.argos import install_package

DATA = Path(__file__).resolve().parent.parent / "data" / "argos"
XX_EN = DATA / "translate-xx_en-1_0.argosmodel"
EN_YY = DATA / "translate-en_yy-1_0.argosmodel"
EN_ZZ = DATA / "translate-en_zz-1_0.argosmodel"  # Moses + BPE tokenization (bpe.model)


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "argos-packages"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("POLYGLOT_PRESS_CACHE_DIR", str(home / "pp-cache"))


@pytest.fixture(scope="session")
def argos_packages_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary argos packages folder with the two toy packages installed."""
    root = tmp_path_factory.mktemp("argos-packages")
    install_package(XX_EN, root)
    install_package(EN_YY, root)
    return root
