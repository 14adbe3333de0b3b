"""QA checks after translation: each fires on its defect and not on a good translation."""

from __future__ import annotations

import pytest

from polyglot_press.qa import CHECKS, check_segment, placeholder_like
from polyglot_press.text import Severity

SOURCE = ('The commission counted 58,825 votes on 20 March 2023 "in public" '
          "(see https://election.gov.kz/results or info@election.gov.kz).")
GOOD = ('A comissão contou 58.825 votos em 20 de março de 2023 "em público" '
        "(ver https://election.gov.kz/results ou info@election.gov.kz).")


def kinds(source: str, target: str, s: str = "en", t: str = "pt") -> list[str]:
    return [f.kind for f in check_segment(source, target, s, t)]


def test_a_good_translation_has_no_finding() -> None:
    assert kinds(SOURCE, GOOD) == []


@pytest.mark.parametrize(("target", "kind"), [
    (GOOD.replace("58.825", "58.852"), "qa-number"),
    (GOOD.replace("2023", "2022"), "qa-number"),
    (GOOD.replace("A comissão contou", "A comissão não contou"), "qa-negation"),
    (SOURCE, "qa-untranslated"),
    (GOOD.replace("contou", "contou the"), "qa-leftover"),
    (GOOD.replace("votos", "votos votos"), "qa-repeated-word"),
    (GOOD.replace('"em público"', "'em público'"), "qa-quotes"),
    (GOOD.replace("(ver", "ver"), "qa-quotes"),
    (GOOD.replace("https://election.gov.kz/results", "https://election.gov.kz/resultados"),
     "qa-url"),
    (GOOD.replace("info@election.gov.kz", "info @ election.gov.kz"), "qa-url"),
    (GOOD.replace("A comissão", "A ZXQ3"), "qa-placeholder"),
])
def test_each_check_fires_on_its_defect(target: str, kind: str) -> None:
    assert kind in kinds(SOURCE, target)


def test_numbers_under_either_convention_and_negation_the_other_way() -> None:
    assert kinds("It cost 3.5 million.", "Custou 3,5 milhões.") == []
    assert kinds("It did not cost 3.5 million.", "Custou 3,5 milhões.") == ["qa-negation"]
    assert kinds("Eu não sei.", "I don't know.", "pt", "en") == []


def test_severities_and_spans() -> None:
    findings = check_segment(SOURCE, GOOD.replace("votos", "votos votos"), "en", "pt")
    [repeat] = findings
    assert repeat.severity is CHECKS["qa-repeated-word"] is Severity.WARNING
    assert repeat.span.slice(GOOD.replace("votos", "votos votos")) == "votos votos"
    assert CHECKS["qa-number"] is Severity.ERROR


def test_placeholder_like_tokens_already_in_the_source_are_not_flagged() -> None:
    assert placeholder_like("o modelo T1X", "the T1X model") == []
    assert [s.start for s in placeholder_like("o __T2__ chegou")] == [2]
