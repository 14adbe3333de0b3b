"""Grammatical number and 'takes no article' on terms: read, written, checked."""

from __future__ import annotations

import pytest

from polyglot_press.errors import GlossaryError
from polyglot_press.glossary.io_yaml import dumps_yaml, loads_yaml
from polyglot_press.glossary.model import Term

YAML = """glossary:
  name: places
  languages: [en, pt]
concepts:
  - id: usa
    kind: place
    terms:
      en: United States
      pt:
        preferred: Estados Unidos
        gender: masculine
        number: plural
  - id: portugal
    kind: place
    terms:
      en: Portugal
      pt:
        preferred: Portugal
        gender: masculine
        no_article: true
"""


@pytest.mark.parametrize("locations", [True, False])
def test_number_and_no_article_are_read(locations: bool) -> None:
    g = loads_yaml(YAML, "places.yaml", locations=locations)
    usa, portugal = (c.term("pt") for c in g.concepts)
    assert usa is not None
    assert portugal is not None
    assert (usa.number, usa.no_article) == ("plural", False)
    assert (portugal.number, portugal.no_article) == (None, True)


def test_number_and_no_article_round_trip() -> None:
    g = loads_yaml(YAML, "places.yaml")
    assert loads_yaml(dumps_yaml(g)) == g
    assert "number: plural" in dumps_yaml(g)
    assert "no_article: true" in dumps_yaml(g)


def test_unknown_number_is_an_error_with_its_line() -> None:
    with pytest.raises(GlossaryError, match=r"places.yaml:12.*unknown number 'dual'"):
        loads_yaml(YAML.replace("number: plural", "number: dual"), "places.yaml")
    with pytest.raises(ValueError, match="number"):
        Term("pt", "Estados Unidos", number="many")
