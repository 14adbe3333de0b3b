"""A term whose article disagrees with it, and that no single form can fix, is not ``exact``.

No German model runs offline here, so the engine below answers with fixed German
sentences (the fault, an article of the wrong gender before a glossary term, is
what a real model writes when it guesses; it cannot be caused otherwise). The
rest is real: the terminology layer, the agreement data, Press, the report, its
JSON schema and the CLI with ``--strict``.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from polyglot_press.cli import main
from polyglot_press.engines import BaseEngine
from polyglot_press.engines import registry as registry_module
from polyglot_press.glossary import Concept, Glossary, Term
from polyglot_press.press import Press
from polyglot_press.records import TermCheck

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "report.schema.json"

GERMAN = {
    # "die" before the masculine Iran: "der" (nominative) or "den" (accusative)?
    "Sanctions against Iran were lifted.": "Die Sanktionen gegen die Iran wurden aufgehoben.",
    # right: nothing to say
    "Sanctions against the Iran regime.": "Sanktionen gegen den Iran.",
    # "zur" before the masculine Iran: exactly one form fits, "zum"
    "The road to Iran is long.": "Der Weg zur Iran ist lang.",
}


class FixedGerman(BaseEngine):
    """en->de by a fixed table (stands in for a German model); anything else (the
    placeholder calibration's probes) is copied, placeholders included."""

    name = "fixed-german"

    def pairs(self) -> list[tuple[str, str]]:
        return [("en", "de")]

    def _translate(self, sentences: list[str], source: str, target: str,
                   n_best: int) -> list[list[str]]:
        return [[GERMAN.get(s, s)] * n_best for s in sentences]


GLOSSARY = Glossary("iran", languages=("en", "de"), concepts=(
    Concept("iran", "place", (Term("en", "Iran"), Term("de", "Iran", gender="masculine"))),))


def _press() -> Press:
    return Press(glossaries=[GLOSSARY], engine=FixedGerman(), source="en", memory=False)


def test_unresolved_article_is_its_own_status_end_to_end() -> None:
    result = _press().translate_text("Sanctions against Iran were lifted.", ["de"])
    assert result["de"].text == "Die Sanktionen gegen die Iran wurden aufgehoben."  # left alone
    [check] = result.checks("de")
    assert check.status == "agreement-unresolved"
    assert not check.ok
    assert check.present
    assert "'die' does not agree with 'Iran'" in check.message
    assert "'den' or 'der'" in check.message
    assert result.unresolved() == [check]
    assert result.missing() == []
    summary = result.report.summary()
    assert "terms 0/1 ok (agreement-unresolved 1)" in summary
    assert "agreement-unresolved: 'Iran' -> 'Iran'" in summary
    assert "term-agreement-unresolved: 1" in summary
    data = json.loads(result.report.to_json())
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert TermCheck.from_dict(check.to_dict()) == check


def test_a_fixable_article_is_repaired_and_a_right_one_exact() -> None:
    press = _press()
    fixed = press.translate_text("The road to Iran is long.", ["de"])
    assert fixed["de"].text == "Der Weg zum Iran ist lang."
    assert [c.status for c in fixed.checks("de")] == ["repaired"]
    right = press.translate_text("Sanctions against the Iran regime.", ["de"])
    assert [c.status for c in right.checks("de")] == ["exact"]


@pytest.fixture
def german_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    registry_module._process_entries()  # the built-ins stay registered after this test
    monkeypatch.setattr(registry_module, "_registry", {})
    monkeypatch.setattr(registry_module, "known_implementations",
                        dict(registry_module.known_implementations))
    registry_module.register_engine("fixed-german", FixedGerman)


@pytest.mark.usefixtures("german_engine")
@pytest.mark.parametrize(("sentence", "strict_exit"), [
    ("Sanctions against Iran were lifted.", 1),
    ("The road to Iran is long.", 0),
])
def test_strict_fails_on_an_unresolved_article(tmp_path: Path, sentence: str,
                                               strict_exit: int) -> None:
    source = tmp_path / "news.txt"
    source.write_text(sentence + "\n", encoding="utf-8")
    glossary = tmp_path / "iran.yaml"
    GLOSSARY.save(glossary)
    base = ["translate", str(source), "--to", "de", "--from", "en", "--engine", "fixed-german",
            "--glossary", str(glossary), "--no-memory", "--quiet"]
    assert main([*base, "-o", str(tmp_path / "plain")]) == 0
    assert main([*base, "-o", str(tmp_path / "strict"), "--strict"]) == strict_exit
    assert (tmp_path / "strict" / "news.de.txt").read_text(encoding="utf-8").strip() == (
        GERMAN[sentence].replace("zur Iran", "zum Iran"))
