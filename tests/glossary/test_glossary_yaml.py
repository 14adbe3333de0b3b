"""YAML: reading with line numbers, clear errors, and machine edits that keep comments."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from polyglot_press.errors import GlossaryError
from polyglot_press.glossary import Concept, Glossary, Term
from polyglot_press.glossary.edit import set_field
from polyglot_press.glossary.io_yaml import dumps_yaml, loads_yaml
from polyglot_press.glossary.model import CasePolicy, ConceptKind
from polyglot_press.glossary.yaml_fast import fast_load as _fast_load


def test_reads_every_field(data: Path) -> None:
    g = Glossary.load(data / "sample.yaml")
    assert (g.name, g.version, g.languages) == ("sample", "2", ("en", "ru", "de"))
    osce = g.concept("osce")
    assert osce.kind is ConceptKind.ORGANIZATION
    assert osce.notes == ("Vienna-based.",)
    assert osce.sources == ("https://www.osce.org/",)
    en = osce.term("en")
    assert en is not None
    assert en.case is CasePolicy.EXACT
    assert en.variants == ("Organization for Security and Co-operation in Europe",)
    assert g.concept("osce").term("de") == Term("de", "OSZE", forbidden=("OSCE",))
    ru = g.concept("tokayev").term("ru")
    assert ru is not None
    assert ru.gender == "masculine"
    doc = g.concept("copenhagen-document")
    assert doc.kind is ConceptKind.TERM
    assert doc.subject == "human rights"
    assert doc.definition.startswith("Document of the Copenhagen")
    en_doc = doc.term("en")
    assert en_doc is not None
    assert (en_doc.part_of_speech, en_doc.note) == ("noun", "capitalised")


def test_line_numbers(data: Path) -> None:
    g = Glossary.load(data / "sample.yaml", locations=True)
    assert g.line_of(0) == 9
    assert g.line_of(0, "en", "preferred") == 17
    assert g.line_of(0, "en", "variants", 0) == 19
    assert g.line_of(0, "de", "forbidden", 0) == 25
    assert g.line_of(1, "ru") == 34
    assert g.where(1, "ru", "preferred").endswith("sample.yaml:35")


def test_fast_reader_agrees_with_the_round_trip_reader(data: Path) -> None:
    text = (data / "sample.yaml").read_text(encoding="utf-8")
    fast = loads_yaml(text, "s.yaml", locations=False)
    assert fast == loads_yaml(text, "s.yaml")
    assert fast.locations == {}
    # YAML 1.2: "no" is Norwegian, not false; a duplicate key is still an error with its line
    odd = "concepts:\n  - id: a\n    terms: {no: ja, en: 'yes'}\n"
    assert loads_yaml(odd, locations=False) == loads_yaml(odd)
    with pytest.raises(GlossaryError) as info:
        loads_yaml("concepts:\n  - id: a\n    terms: {en: x, en: y}\n", "d.yaml",
                   locations=False)
    assert info.value.line == 3


def test_unchanged_glossary_writes_the_same_bytes(data: Path) -> None:
    text = (data / "sample.yaml").read_text(encoding="utf-8")
    assert dumps_yaml(loads_yaml(text), base=text) == text


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("glossary: {name: x}\nconcepts:\n  - id: a\n    colour: red\n", 4, "unknown key 'colour'"),
        ("concepts:\n  - id: a\n    kind: animal\n", 3, "unknown kind 'animal'"),
        ("concepts:\n  - kind: person\n", 2, "has no 'id'"),
        ("concepts:\n  - id: a\n    terms:\n      en: {variants: [x]}\n", 4, "no 'preferred'"),
        ("concepts:\n  - id: a\n    terms:\n      en: {preferred: x, case: upper}\n", 4,
         "unknown case policy"),
        ("concepts:\n  - id: a\n    terms:\n      en: {preferred: x, do_not_translate: maybe}\n",
         4, "true or false"),
        ("concepts:\n  - id: a\n    terms:\n      en: x\n      en: y\n", 5, "duplicate"),
        ("- just\n- a list\n", 1, "mapping"),
    ],
)
def test_errors_name_the_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(GlossaryError) as info:
        loads_yaml(text, "g.yaml")
    assert info.value.line == line
    assert needle in str(info.value)
    assert str(info.value).startswith(f"g.yaml:{line}")


def test_syntax_error_names_file_and_line(data: Path) -> None:
    with pytest.raises(GlossaryError) as info:
        Glossary.load(data / "broken.yaml")
    assert info.value.path is not None
    assert info.value.path.endswith("broken.yaml")
    assert info.value.line in (4, 5)


def test_machine_edits_keep_comments_and_order(data: Path) -> None:
    text = (data / "sample.yaml").read_text(encoding="utf-8")
    g = loads_yaml(text)
    g = set_field(g, "tokayev", "variants", ["Kasym-Zhomart Tokayev", "Tokaev"], "en")
    g = g.with_concept(Concept("cec", ConceptKind.ORGANIZATION, (Term("en", "CEC"),)))
    g = set_field(g, "osce", "preferred", ["ОБСЕ"], "kk")
    out = dumps_yaml(g, base=text)
    for comment in ("# Sample glossary for the tests.", "# an organisation with an acronym",
                    "# keep the acronym", "# a person", "# end of file"):
        assert comment in out
    assert out.index("id: osce") < out.index("id: tokayev") < out.index("id: cec")
    assert out.index("# a person") < out.index("id: tokayev")
    assert loads_yaml(out) == g
    # the untouched concept is byte-identical
    start = text.index("  - id: copenhagen-document")
    block = text[start : text.index("# end of file")]
    assert block in out


def test_removing_a_concept_keeps_the_next_concepts_comment(data: Path) -> None:
    text = (data / "sample.yaml").read_text(encoding="utf-8")
    out = dumps_yaml(loads_yaml(text).without_concept("osce"), base=text)
    assert "# an organisation with an acronym" not in out
    assert "# keep the acronym" not in out
    assert out.index("# a person") < out.index("id: tokayev")
    assert "# Sample glossary for the tests." in out
    assert "# end of file" in out
    assert [c.id for c in loads_yaml(out).concepts] == ["tokayev", "copenhagen-document"]


def test_canonical_order_is_idempotent_and_keeps_comments(data: Path) -> None:
    text = (data / "sample.yaml").read_text(encoding="utf-8")
    g = loads_yaml(text)
    once = dumps_yaml(g, base=text, canonical=True)
    twice = dumps_yaml(loads_yaml(once), base=once, canonical=True)
    assert once == twice
    assert [c.id for c in loads_yaml(once).concepts] == ["copenhagen-document", "osce", "tokayev"]
    assert once.index("# a person") < once.index("id: tokayev")
    assert "# keep the acronym" in once
    assert loads_yaml(once).digest() == g.digest()  # order is not content


def test_new_file_round_trips() -> None:
    g = Glossary("new", languages=("en", "ru"), concepts=(
        Concept("a", ConceptKind.PERSON, (Term("en", "Ann", ("Anne",), ("ANN",), True,
                                               CasePolicy.FIRST, "feminine", True, "noun", "n"),
                                          Term("ru", "Анна")), ("note",), ("src",), "def", "subj"),
    ))
    text = dumps_yaml(g)
    assert text.startswith("# polyglot_press glossary")
    assert loads_yaml(text) == g


def test_digest_ignores_comments_and_key_order() -> None:
    a = loads_yaml("glossary: {name: d}\nconcepts:\n  - id: x\n    terms: {en: X, ru: Х}\n")
    b = loads_yaml("# comment\nglossary: {name: d}\nconcepts:\n  - terms:\n      en: X  # c\n"
                   "      ru: Х\n    id: x\n")
    assert a.digest() == b.digest()
    assert a.digest() != replace(a, version="2").digest()


NUMBERISH = ("glossary:\n  name: x\n  version: 1.10\nconcepts:\n  - id: 007\n    terms:\n"
             "      en: 0x1F\n      de: 1_000\n      fr: .inf\n      cs: 2023-03-19\n"
             "      ru:\n        preferred: 1984\n        variants: [1.50, +5]\n"
             "        do_not_translate: true\n")


@pytest.mark.parametrize("locations", [True, False])
def test_numbers_and_dates_stay_text_as_written(tmp_path: Path, locations: bool) -> None:
    # YAML would read these as 1.1, 7, 31, 1000, inf, a date, 1984, 1.5 and 5
    path = tmp_path / "n.yaml"
    path.write_text(NUMBERISH, encoding="utf-8")
    g = Glossary.load(path, locations=locations)
    assert g.version == "1.10"
    concept = g.concept("007")
    assert [t.preferred for t in concept.terms] == ["0x1F", "1_000", ".inf", "2023-03-19", "1984"]
    ru = concept.term("ru")
    assert ru is not None
    assert ru.variants == ("1.50", "+5")
    assert ru.do_not_translate
    # a machine edit writes them back quoted, so that any YAML reader keeps the text
    edited = dumps_yaml(set_field(g, "007", "notes", ["n"]), base=NUMBERISH)
    assert "version: '1.10'" in edited
    assert "variants: ['1.50', '+5']" in edited
    assert loads_yaml(edited).concept("007").terms == concept.terms


@pytest.mark.parametrize("locations", [True, False])
def test_an_alias_bomb_is_refused_quickly(tmp_path: Path, locations: bool) -> None:
    # 9**12 strings if every alias were walked: the fast reader took minutes
    lines = ["glossary: {name: x}", "concepts:", "  - id: a",
             "    notes: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]", "    terms: {en: x}"]
    for i in range(1, 13):
        lines.append(f"  - id: b{i}\n    notes: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n"
                     "    terms: {en: y}")
    text = "\n".join(lines) + "\n"
    # the fast reader hands a file with a list alias to the round-trip reader at once
    assert _fast_load("concepts:\n  - id: a\n    notes: &l [x]\n  - id: b\n    notes: *l\n") is None
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"notes\[0\] must be text, got a list"):
        Glossary.load(path, locations=locations)


def test_scalar_aliases_still_work() -> None:
    g = loads_yaml("concepts:\n  - id: a\n    terms:\n      ru: &n Арам\n      kk: *n\n")
    assert [t.preferred for t in g.concepts[0].terms] == ["Арам", "Арам"]


# Broken files: the fast reader (Glossary.load, libyaml events) hands each to the
# round-trip reader, so the message, line and column are the careful path's.
BROKEN = [
    "concepts:\n  - id: a\n    terms: {en: [x\n",  # a syntax error
    "concepts:\n  - id: a\n    terms: {en: x}\n  - id: b\n    terms: {en: x, en: y}\n",
    "concepts:\n  - id: a\n  - id: b\n    kind: wizard\n",
    "concepts:\n  - id: a\n    terms:\n      en:\n        preferred: x\n        gender: plenty\n",
    "concepts:\n  - id: a\n    definition: true\n",
    "concepts:\n  - id: a\n    terms: {en: {preferred: x, do_not_translate: maybe}}\n",
    "concepts:\n  - id: a\n    colour: red\n",
    "concepts:\n  - id: ok\n  - id: ../up\n",
    "concepts:\n  - just text\n",
    "concepts: {id: a}\n",
    "glossary: [a]\n",
    "glossary: {name: x}\n---\nconcepts: []\n",
    "concepts:\n  - id: a\n    notes: &n [x]\n  - id: b\n    notes: [*n]\n",
    "concepts:\n  - id: !!int 12\n    terms: {en: [1]}\n",
    "concepts:\n  - {id: a, terms: {en: x}}\n  - {? [k] : v}\n",
    "concepts:\n  - id: a\n    terms: {en: x}\n" + "  " * 3 + "[" * 70 + "\n",
]


@pytest.mark.parametrize("text", BROKEN, ids=range(len(BROKEN)))
def test_fast_reader_errors_are_the_careful_readers(text: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as careful:
        Glossary.load(path, locations=True)
    with pytest.raises(GlossaryError) as fast:
        Glossary.load(path)
    assert careful.value.line is not None
    assert (str(fast.value), fast.value.line, fast.value.column) == (
        str(careful.value), careful.value.line, careful.value.column)


def test_fast_reader_hands_over_what_it_should_not_judge() -> None:
    for text in ("a: !!str 1\n", "a: 1\n---\nb: 2\n", "? [a]\n: b\n", "a: &x [1]\nb: *x\n",
                 "true: x\n", "a: 1\na: 2\n", "[" * 70 + "]" * 70 + "\n", "a: [\n"):
        assert _fast_load(text) is None, text
    tagged = "concepts:\n  - id: a\n    terms: {en: !!str 1.0}\n"
    with pytest.raises(GlossaryError) as fast:
        loads_yaml(tagged, "t.yaml", locations=False)
    with pytest.raises(GlossaryError) as careful:
        loads_yaml(tagged, "t.yaml")
    assert str(fast.value) == str(careful.value)


def test_the_not_printable_class_is_the_complement_of_what_yaml_allows() -> None:
    import re

    from polyglot_press.glossary.yaml_guard import _NOT_PRINTABLE

    allowed = re.compile("[\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                         "\U00010000-\U0010ffff]")
    for cp in range(0x110000):
        assert bool(_NOT_PRINTABLE.match(chr(cp))) is not bool(allowed.match(chr(cp))), hex(cp)
