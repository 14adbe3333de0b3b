"""The generated tables in ``translit/data`` are what their source packages give."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "gen_translit_tables.py"


def test_generated_tables_match_their_sources() -> None:
    # the source packages are in the bench extra
    for module in ("iuliia", "translitua", "tetrak_translit"):
        pytest.importorskip(module)
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
