"""Stages of one shape: PressConfig.stages, the booleans as shorthand, the stage
registry (register_stage and the ``polyglot_press.stages`` entry points), a user's
stage end to end, and the renamed options' deprecation shims.

Translation runs on the toy argos models (``xx`` is English spelled backwards,
``yy`` English in capitals), so every expected output is exact.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from polyglot_press import stages as stages_module
from polyglot_press.document import Document
from polyglot_press.engines.argos import ArgosEngine
from polyglot_press.glossary import Glossary
from polyglot_press.press import Press, PressConfig
from polyglot_press.report import StageRecord
from polyglot_press.stages import StageError, known_stages, register_stage, unregister_stage
from polyglot_press.text import Change, Finding, Severity, Span

SRC = Path(stages_module.__file__).resolve().parents[2]
EMAIL = re.compile(r"\S+@\S+\.\w+")


def _redact(press: Press) -> object:
    """A user stage before translation: e-mail addresses become [email]."""
    def stage(doc: Document) -> tuple[Document, StageRecord]:
        changes = [Change(Span(s.span.start + m.start(), s.span.start + m.end()), m.group(),
                          "[email]", "redact-email", "an address is not for the translation")
                   for s in doc.segments for m in EMAIL.finditer(s.text)]
        return doc.apply_changes(changes), StageRecord("redact", changes=tuple(changes))
    return stage


def _shouting(press: Press) -> object:
    """A user QA stage after translation: a finding for every all-capitals segment."""
    def stage(doc: Document) -> tuple[Document, StageRecord]:
        findings = tuple(Finding(s.span, "shouting", "the whole segment is in capitals",
                                 Severity.INFO, "qa", text=s.text)
                         for s in doc.segments if s.text.isupper())
        return doc, StageRecord("qa-caps", findings=findings)
    return stage


@pytest.fixture
def user_stages() -> Iterator[None]:
    register_stage("redact", _redact)  # type: ignore[arg-type]
    register_stage("qa-caps", _shouting)  # type: ignore[arg-type]
    yield
    unregister_stage("redact")
    unregister_stage("qa-caps")


def test_default_stages_and_the_booleans_as_shorthand() -> None:
    assert PressConfig().pipeline == ("repair", "detect", "normalize_names", "translate")
    assert PressConfig(repair=False, normalize_names=False).pipeline == ("detect", "translate")
    assert PressConfig(stages=("normalize_names", "translate")).pipeline == (
        "normalize_names", "translate")
    # a boolean switched off removes its stage from an explicit list too
    assert PressConfig(stages="repair, translate", repair=False).pipeline == ("translate",)


def test_shorthand_and_stage_list_run_the_same(argos_engine: ArgosEngine,
                                               toy_glossary: Glossary) -> None:
    doc = Document.from_text("eht nam sees Owen Murhpy ni eht ytic.\n")
    by_flags = Press([toy_glossary], argos_engine, source="xx", memory=False, repair=False)
    by_list = Press([toy_glossary], argos_engine, source="xx", memory=False,
                    stages=("normalize_names", "translate"))
    one, two = by_flags.translate(doc, ["yy"]), by_list.translate(doc, ["yy"])
    assert one["yy"].text == two["yy"].text
    assert [s.stage for s in one.report.documents[0].stages] == [
        "normalize_names", "translate:yy"]  # detect: the source is given, nothing to do
    assert one.report.to_dict() == two.report.to_dict()
    everything = Press([toy_glossary], argos_engine, source="xx", memory=False)
    assert [s.stage for s in everything.translate(doc, ["yy"]).report.documents[0].stages] == [
        "repair", "normalize_names", "translate:yy"]


def test_bad_stage_lists_are_refused() -> None:
    with pytest.raises(StageError, match="exactly once"):
        PressConfig(stages=("repair",))
    with pytest.raises(StageError, match="listed twice"):
        PressConfig(stages=("repair", "repair", "translate"))
    with pytest.raises(StageError, match="unknown stage 'spellcheck'; known stages: detect"):
        Press(stages=("spellcheck", "translate"))
    with pytest.raises(StageError, match="built in"):
        register_stage("repair", _redact)  # type: ignore[arg-type]
    assert isinstance(StageError("x"), ValueError)


@pytest.mark.usefixtures("user_stages")
def test_a_user_stage_end_to_end(argos_engine: ArgosEngine, toy_glossary: Glossary) -> None:
    assert {"redact", "qa-caps"} <= set(known_stages())
    with pytest.raises(StageError, match="already registered"):
        register_stage("redact", _redact)  # type: ignore[arg-type]
    press = Press([toy_glossary], argos_engine, source="xx", memory=False,
                  stages=("redact", "translate", "qa-caps"))
    text = "eht nam sees owen@example.org ni eht ytic.\n\neht koob.\n"
    result = press.translate(Document.from_text(text), ["yy", "en"])
    # the redaction ran before translation: the address never reached the engine
    assert "example.org" not in result["yy"].text
    assert "example.org" not in result.source.text
    assert result["yy"].text == "THE MAN SEES [email] IN THE METROPOLIS.\n\nTHE VOLUME.\n"
    stages = result.report.documents[0].stages
    assert [s.stage for s in stages] == ["redact", "translate:yy", "qa-caps:yy",
                                         "translate:en", "qa-caps:en"]
    (change,) = stages[0].changes
    assert change.span.slice(text) == "owen@example.org"
    assert change.after == "[email]"
    # the QA stage ran on each translation; its findings point into that translation
    qa_yy = result.report.documents[0].stage("qa-caps:yy")
    assert qa_yy is not None
    assert [f.span.slice(result["yy"].text) for f in qa_yy.findings] == ["THE VOLUME."]
    assert result.report.documents[0].stage("qa-caps:en") == StageRecord("qa-caps:en")
    # the term checks are typed and point into the documents
    assert [(c.concept, c.status) for c in result.checks("yy")] == [("city", "exact"),
                                                                    ("book", "exact")]


def test_a_stage_must_keep_the_contract(argos_engine: ArgosEngine) -> None:
    register_stage("broken", lambda press: lambda doc: doc)
    try:
        press = Press(engine=argos_engine, source="xx", memory=False,
                      stages=("broken", "translate"))
        with pytest.raises(StageError, match="'broken' must return \\(Document, StageRecord\\)"):
            press.translate(Document.from_text("eht koob.\n"), ["yy"])
    finally:
        unregister_stage("broken")


def test_detected_languages_survive_name_normalization(news_glossary: Glossary) -> None:
    press = Press([news_glossary], "bergamot", memory=False)
    text = ("President Tokaev met the OSCE observers in Astana on Monday morning.\n\n"
            "Президент Токаев встретился с наблюдателями ОБСЕ в Астане утром.\n")
    prepared, report = press.prepare(Document.from_text(text))
    detect, names = report.stage("detect"), report.stage("normalize_names")
    assert detect is not None
    assert names is not None
    assert names.changes
    assert [s.lang for s in prepared.segments] == list(detect.data["segments"].values())
    assert [s.lang for s in prepared.segments] == ["en", "ru"]
    assert "President Tokayev met" in prepared.segments[0].text  # a variant, respelled
    for segment in prepared.segments:
        assert segment.span.slice(prepared.text) == segment.text


def test_renamed_options_still_work_with_a_warning(toy_glossary: Glossary) -> None:
    with pytest.warns(DeprecationWarning, match="repair_forbidden is now replace_forbidden"):
        config = PressConfig(repair_forbidden=False)
    assert config.replace_forbidden is False
    assert config.replace_aligned is True
    with pytest.warns(DeprecationWarning, match="repair_aligned is now replace_aligned"):
        press = Press([toy_glossary], repair_aligned=False)
    assert press.config.replace_aligned is False
    assert press.layer.repair_aligned is False
    assert press.config == PressConfig(replace_aligned=False)
    with pytest.warns(DeprecationWarning, match="replace_forbidden"):
        press = Press([toy_glossary], "argos", repair_forbidden=False)
    assert press.layer.repair_forbidden is False


def test_user_stage_from_an_entry_point(tmp_path: Path) -> None:
    (tmp_path / "toy_stage.py").write_text(
        "from polyglot_press.report import StageRecord\n"
        "from polyglot_press.text import Change\n"
        "def shout(press):\n"
        "    def stage(doc):\n"
        "        changes = [Change(s.span, s.text, s.text.upper(), 'shout') for s in doc.segments]\n"
        "        return doc.apply_changes(changes), StageRecord('shout', changes=tuple(changes))\n"
        "    return stage\n")
    info = tmp_path / "toy_stage-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-stage\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[polyglot_press.stages]\nshout = toy_stage:shout\n")
    code = ("from polyglot_press import Document, Press\n"
            "from polyglot_press.stages import known_stages\n"
            "print(known_stages())\n"
            "press = Press(source='en', stages=('shout', 'translate'), memory=False)\n"
            "doc, report = press.prepare(Document.from_text('Hello there. Bye.'))\n"
            "print(doc.text, [s.stage for s in report.stages])\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(SRC)]))
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "['detect', 'normalize_names', 'repair', 'shout', 'translate']",
        "HELLO THERE. BYE. ['shout']"]


def test_cli_stages_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from polyglot_press.cli import main

    source = tmp_path / "a.txt"
    source.write_text("The observers met on Monday.\n", encoding="utf-8")
    report = tmp_path / "r.json"
    assert main(["translate", str(source), "--to", "pt", "--from", "en", "--engine", "bergamot",
                 "--no-memory", "--stages", "translate", "--report", str(report), "-q"]) == 0
    assert capsys.readouterr().out.strip()
    stages = [s["stage"] for s in json.loads(report.read_text())["documents"][0]["stages"]]
    assert stages == ["translate:pt"]
    assert main(["translate", str(source), "--to", "pt", "--stages", "spellcheck,translate"]) == 2
    assert "unknown stage 'spellcheck'" in capsys.readouterr().err


def test_renamed_options_still_read_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="repair_forbidden is now replace_forbidden"):
        config = PressConfig(repair_forbidden=False)
    with pytest.warns(DeprecationWarning, match="repair_forbidden is now replace_forbidden"):
        assert config.repair_forbidden is False  # what code written for 0.1 reads
    with pytest.warns(DeprecationWarning, match="repair_aligned is now replace_aligned"):
        assert PressConfig(replace_aligned=False).repair_aligned is False
    with pytest.warns(DeprecationWarning, match="repair_aligned is now replace_aligned"):
        assert PressConfig().repair_aligned is True
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # copying a config is not using an old name
        assert dataclasses.replace(config, n_best=2).replace_forbidden is False
        assert Press(config=config, memory=False).config.replace_forbidden is False


def test_the_registry_refuses_what_cannot_be_a_stage(argos_engine: ArgosEngine) -> None:
    for bad in (42, None, "no_colon_here", "module:"):
        with pytest.raises(StageError, match=r"'odd'.*callable or a 'module:factory' string"):
            register_stage("odd", bad)  # type: ignore[arg-type]
    for name in ("", "two words", "a/b", "translate:pt"):
        with pytest.raises(StageError, match="use letters, digits"):
            register_stage(name, _redact)  # type: ignore[arg-type]
    assert "odd" not in known_stages()
    # a factory that gives back something that is not a stage is named when the press is built
    register_stage("odd", lambda press: "not a stage")
    register_stage("not-a-factory", "polyglot_press.stages:TRANSLATE")
    try:
        with pytest.raises(StageError, match="factory of stage 'odd' returned str"):
            Press(engine=argos_engine, source="xx", memory=False, stages=("odd", "translate"))
        with pytest.raises(StageError, match=r"'not-a-factory'.*is not callable"):
            Press(engine=argos_engine, source="xx", memory=False, stages=("not-a-factory", "translate"))
    finally:
        unregister_stage("odd")
        unregister_stage("not-a-factory")


def test_a_translation_names_the_engine_it_used_not_those_other_documents_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from polyglot_press.engines.argos import install_package

    data = Path(__file__).resolve().parent.parent / "data" / "argos"
    install_package(data / "translate-xx_en-1_0.argosmodel", tmp_path / "pkgs")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pkgs"))
    press = Press(stages=("translate",), memory=False)  # auto: argos for xx->en, bergamot for pt->en

    def engine(text: str, lang: str) -> object:
        doc = dataclasses.replace(Document.from_text(text), lang=lang)
        record = press.translate(doc, ["en"]).report.documents[0].stage("translate:en")
        assert record is not None
        return record.data["engine"]

    backwards = engine("eht koob.", "xx")
    assert isinstance(backwards, str)
    assert backwards.startswith("argos")
    portuguese = engine("A missão terminou.", "pt")
    assert isinstance(portuguese, str)
    assert portuguese.startswith("bergamot")
    assert engine("eht koob.", "xx") == backwards  # the same document, the same report, in any order
    assert engine("Already English.", "en") == []  # nothing translated: no engine
