"""The committed toy argos packages are exactly what the build script produces."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import zipfile
from pathlib import Path

from .conftest import DATA, EN_YY, EN_ZZ, XX_EN

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "build_test_argos_model.py"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_script_reproduces_committed_packages(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_test_argos_model", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build_all(tmp_path)
    assert sorted(p.name for p in built) == sorted(p.name for p in DATA.glob("*.argosmodel"))
    for path in built:
        assert _digest(path) == _digest(DATA / path.name), f"{path.name} is out of date"


def test_packages_are_small_and_shaped_like_argos_packages() -> None:
    cases = (
        (XX_EN, ("xx", "en"), "sentencepiece.model"),
        (EN_YY, ("en", "yy"), "sentencepiece.model"),
        (EN_ZZ, ("en", "zz"), "bpe.model"),
    )
    assert sum(archive.stat().st_size for archive, _, _ in cases) < 5 * 1024 * 1024
    for archive, pair, tokenizer in cases:
        with zipfile.ZipFile(archive) as zf:
            names = set(zf.namelist())
            top = archive.stem
            assert {f"{top}/metadata.json", f"{top}/{tokenizer}",
                    f"{top}/model/model.bin"} <= names
            meta = json.loads(zf.read(f"{top}/metadata.json"))
        assert (meta["from_code"], meta["to_code"]) == pair
