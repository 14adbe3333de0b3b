"""Property tests: any glossary survives YAML, and edits on top of a file say what the model says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_press.glossary import Concept, Glossary, Term
from polyglot_press.glossary.convert import export_text
from polyglot_press.glossary.io_tbx import loads_tbx
from polyglot_press.glossary.io_yaml import dumps_yaml, loads_yaml
from polyglot_press.glossary.model import GENDERS, CasePolicy, ConceptKind

TEXT = st.text(
    alphabet=st.sampled_from([*"abcXYZ -:#'\"{}[],&*!|>%@`éЖՈ\t\\", "ß", "\u200b", "1"]),
    max_size=12)
LANGS = st.sampled_from(["en", "ru", "kk", "hy", "pt-BR"])


@st.composite
def terms(draw: st.DrawFn, lang: str) -> Term:
    return Term(
        lang, draw(TEXT), tuple(draw(st.lists(TEXT, max_size=2))),
        tuple(draw(st.lists(TEXT, max_size=2))), draw(st.booleans()),
        draw(st.sampled_from(list(CasePolicy))), draw(st.sampled_from([None, *GENDERS])),
        draw(st.booleans()), draw(st.sampled_from([None, "noun", "properNoun"])), draw(TEXT))


@st.composite
def concepts(draw: st.DrawFn, cid: str) -> Concept:
    langs = draw(st.lists(LANGS, unique=True, max_size=3))
    return Concept(cid, draw(st.sampled_from(list(ConceptKind))),
                   tuple(draw(terms(lang)) for lang in langs),
                   tuple(draw(st.lists(TEXT, max_size=2))), tuple(draw(st.lists(TEXT, max_size=1))),
                   draw(TEXT), draw(TEXT))


@st.composite
def glossaries(draw: st.DrawFn) -> Glossary:
    n = draw(st.integers(0, 4))
    return Glossary(draw(TEXT.filter(str.strip)), draw(st.sampled_from(["1", "2.0", "x"])),
                    tuple(draw(st.lists(LANGS, unique=True, max_size=3))),
                    tuple(draw(concepts(f"c{i}")) for i in range(n)), draw(TEXT))


@settings(max_examples=60, deadline=None)
@given(glossaries())
def test_yaml_round_trip(g: Glossary) -> None:
    assert loads_yaml(dumps_yaml(g)) == g


@settings(max_examples=60, deadline=None)
@given(glossaries())
def test_the_fast_yaml_reader_gives_the_same_glossary(g: Glossary) -> None:
    # libyaml's events (locations=False) and the round-trip reader agree on any glossary
    text = dumps_yaml(g)
    assert loads_yaml(text, locations=False) == loads_yaml(text) == g


@settings(max_examples=40, deadline=None)
@given(glossaries(), glossaries())
def test_edits_on_top_of_a_file(base: Glossary, new: Glossary) -> None:
    text = "# top\n" + dumps_yaml(base)
    out = dumps_yaml(new, base=text)
    assert loads_yaml(out) == new
    assert out.startswith("# top")


@settings(max_examples=40, deadline=None)
@given(glossaries())
def test_tbx_round_trip_keeps_the_terms(g: Glossary) -> None:
    back = loads_tbx(export_text(g, "tbx2").text).glossary
    for concept in g.concepts:
        again = back.get(concept.id)
        if again is None:
            assert not any(f for t in concept.terms for f, _ in t.forms())
            continue
        for term in concept.terms:
            other = again.term(term.lang)
            forms = [f for f, _ in term.forms() if f]
            if not forms:
                continue
            assert other is not None
            assert sorted(f for f, _ in other.forms() if f) == sorted(forms)
