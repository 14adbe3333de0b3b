"""Fixtures shared by the engine tests: the toy argos packages.

Every test runs with argos-translate's folders and our cache folder pointed at
fresh temporary folders (``tests/conftest.py``), so no test reads or writes the
user's real argos packages or translation memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot_press.engines.argos import install_package

DATA = Path(__file__).resolve().parent.parent / "data" / "argos"
XX_EN = DATA / "translate-xx_en-1_0.argosmodel"
EN_YY = DATA / "translate-en_yy-1_0.argosmodel"
EN_ZZ = DATA / "translate-en_zz-1_0.argosmodel"  # Moses + BPE tokenization (bpe.model)


@pytest.fixture(scope="session")
def argos_packages_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary argos packages folder with the two toy packages installed."""
    root = tmp_path_factory.mktemp("argos-packages")
    install_package(XX_EN, root)
    install_package(EN_YY, root)
    return root
