"""Engine choice (engines/routing.py): the auto order comes from the registry's
``priority``; the Engine contract has resolve_pair, identity_for and how_to_add_pair."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from polyglot_press.document import Document
from polyglot_press.engines import BaseEngine, Engine, as_engine, auto_order, get_engine
from polyglot_press.engines import registry as registry_module
from polyglot_press.engines.argos import ArgosEngine, install_package
from polyglot_press.engines.routing import Router
from polyglot_press.errors import LanguagePairError
from polyglot_press.press import Press

from .conftest import XX_EN

SRC = Path(registry_module.__file__).resolve().parents[1]


class Shout(BaseEngine):
    """en->pt in capitals, ranked by the ``priority`` the test gives it."""

    name = "shout"
    option_names: frozenset[str] = frozenset()  # takes none of the options auto passes on

    def pairs(self) -> list[tuple[str, str]]:
        return [("en", "pt")]

    def _translate(self, sentences: list[str], source: str, target: str,
                   n_best: int) -> list[list[str]]:
        return [[s.upper()] for s in sentences]


class Keen(Shout):
    name = "keen"
    priority = 30


@pytest.fixture
def clean_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_module, "_registry", {})
    monkeypatch.setattr(
        registry_module, "known_implementations", dict(registry_module.known_implementations))


def test_built_in_order_comes_from_priority() -> None:
    assert ArgosEngine.priority > 0
    assert auto_order() == sorted(auto_order(), key=lambda n: -registry_module.get_engine_class(
        n).priority)
    assert auto_order()[:2] == ["argos", "bergamot"]


@pytest.mark.usefixtures("clean_registry")
def test_a_registered_engine_takes_its_place_in_auto(tmp_path: Path) -> None:
    registry_module.register_engine("shout", Shout)
    empty = tmp_path / "none"
    assert auto_order() == ["argos", "bergamot", "shout"]  # priority 0: after the built-ins
    assert get_engine("auto", source="en", target="pt", packages_dir=empty).name == "bergamot"
    registry_module.register_engine("keen", Keen)
    assert auto_order()[0] == "keen"
    assert get_engine("auto", source="en", target="pt", packages_dir=empty).name == "keen"
    # a pair only bergamot has still goes to bergamot
    assert get_engine("auto", source="pt", target="en", packages_dir=empty).name == "bergamot"


def test_auto_without_a_covering_engine_says_what_was_tried(tmp_path: Path) -> None:
    root = tmp_path / "pkgs"
    install_package(XX_EN, root)
    with pytest.raises(LanguagePairError) as info:
        get_engine("auto", source="de", target="fr", packages_dir=root)
    message = str(info.value)
    assert message.index("argos: installed pairs xx->en") < message.index("bergamot: installed")
    assert "models install de fr" in message  # the first candidate's how_to_add_pair


def test_router_reuses_an_engine_for_the_pairs_it_covers() -> None:
    router = Router("auto")
    first = router.engine_for("en", "pt")
    assert router.engine_for("pt", "en") is first
    assert set(router.engines) == {("en", "pt"), ("pt", "en")}


class OldStyle:
    """An engine written to the contract before resolve_pair / identity_for /
    how_to_add_pair were part of it (the toy argos engine underneath)."""

    def __init__(self, engine: ArgosEngine) -> None:
        self.engine = engine
        self.name = "old-style"
        self.identity = "old-style-1"

    def pairs(self) -> list[tuple[str, str]]:
        return self.engine.pairs()

    def languages(self) -> list[str]:
        return self.engine.languages()

    def translate_batch(self, sentences: list[str], source: str, target: str, *,
                        n_best: int = 1) -> object:
        return self.engine.translate_batch(sentences, source, target, n_best=n_best)


def test_an_engine_of_the_older_contract_gets_the_defaults(tmp_path: Path) -> None:
    root = tmp_path / "pkgs"
    install_package(XX_EN, root)
    old = OldStyle(ArgosEngine(packages_dir=root))
    assert not isinstance(old, Engine)
    engine = as_engine(old)
    assert isinstance(engine, Engine)
    assert as_engine(engine) is engine
    assert engine.resolve_pair("XX", "en") == ("xx", "en")
    assert engine.identity_for("xx", "en") == "old-style-1"
    with pytest.raises(LanguagePairError, match="cannot translate xx->de"):
        engine.resolve_pair("xx", "de")
    press = Press(engine=old, source="xx", memory=True, cache_dir=tmp_path / "cache")  # type: ignore[arg-type]
    result = press.translate(Document.from_text("eht nam sees eht god.\n"), ["en"])
    assert result["en"].text == "the man sees the dog.\n"
    with pytest.raises(TypeError, match="object is not a translation engine: it has no 'name'"):
        as_engine(object())


def test_no_getattr_on_the_engine_contract_anywhere_in_src() -> None:
    pattern = re.compile(r"getattr\([^)]*[\"'](resolve_pair|identity_for|how_to_add_pair)[\"']")
    offenders = [f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py")
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []


def _argos_pt_en(root: Path) -> Path:
    """The toy xx->en argos package, relabelled pt->en: a pair bergamot covers too."""
    import json

    install_package(XX_EN, root)
    for meta in root.rglob("metadata.json"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        data["from_code"] = "pt"
        meta.write_text(json.dumps(data), encoding="utf-8")
    return root


def test_the_engine_of_a_pair_does_not_depend_on_the_pairs_asked_before(tmp_path: Path) -> None:
    root = _argos_pt_en(tmp_path / "pkgs")
    assert Router("auto", packages_dir=root).engine_for("pt", "en").name == "argos"
    router = Router("auto", packages_dir=root)
    bergamot = router.engine_for("en", "pt")  # argos has no en->pt
    assert bergamot.name == "bergamot"
    # bergamot covers pt->en too, but argos comes first in the auto order
    assert router.engine_for("pt", "en").name == "argos"
    # an engine already built is still reused for a pair it is first for
    assert router.engine_for("pt-BR", "en").name == "argos"
    assert router.engine_for("en", "pt-BR") is bergamot
