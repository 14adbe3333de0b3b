"""The matcher: leftmost-longest at word boundaries, case policies, folding."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from polyglot_press.glossary import Concept, Glossary, Term, compile_matcher
from polyglot_press.glossary.model import CasePolicy, ConceptKind, Role

G = Glossary("t", languages=("en", "ru", "de"), concepts=(
    Concept("osce", ConceptKind.ORGANIZATION, (
        Term("en", "OSCE", ("Organization for Security and Co-operation in Europe",)),
        Term("ru", "ОБСЕ"), Term("de", "OSZE", forbidden=("OSCE",)))),
    Concept("odihr", ConceptKind.ORGANIZATION, (
        Term("en", "Office for Democratic Institutions and Human Rights",
             ("OSCE Office for Democratic Institutions and Human Rights", "ODIHR")),)),
    Concept("kz", ConceptKind.PLACE, (Term("en", "Kazakhstan"), Term("ru", "Казахстан"))),
    Concept("murphy", ConceptKind.PERSON, (Term("en", "Owen Murphy"),)),
    Concept("svec", ConceptKind.PERSON, (Term("cs", "Jan Švec"),)),
    Concept("apple", ConceptKind.BRAND, (Term("en", "Apple", case=CasePolicy.EXACT),)),
    Concept("mazhilis", ConceptKind.ORGANIZATION, (Term("en", "Mazhilis", case=CasePolicy.FIRST),)),
    Concept("cpp", ConceptKind.TERM, (Term("en", "C++"),)),
))
M = compile_matcher(G)


def spans(text: str, matcher=M) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(m.text, m.concept_id) for m in matcher.find(text)]


def test_leftmost_longest() -> None:
    text = "the OSCE Office for Democratic Institutions and Human Rights mission"
    assert spans(text) == [("OSCE Office for Democratic Institutions and Human Rights", "odihr")]


def test_word_boundaries() -> None:
    assert spans("Kazakhstani OSCEs; Kazakhstan's OSCE.") == [("Kazakhstan", "kz"), ("OSCE", "osce")]
    assert spans("XOSCE OSCEX _OSCE") == []


CJK = Glossary("cjk", concepts=(
    Concept("osce", terms=(Term("en", "OSCE"), Term("ja", "欧州安全保障協力機構"))),
    Concept("beijing", terms=(Term("zh", "北京"),)),
    Concept("pku", terms=(Term("zh", "北京大学"),)),
    Concept("russia", terms=(Term("ja", "ロシア"),)),
    Concept("murphy", ConceptKind.PERSON, (Term("en", "Owen Murphy"),)),
))


@pytest.mark.parametrize(("text", "expected"), [
    # ideographs and hiragana are words of their own (UAX #29): no spaces needed
    ("我在北京大学学习", [("北京大学", "pku")]),
    ("北京。OSCE", [("北京", "beijing"), ("OSCE", "osce")]),
    ("中OSCE中", [("OSCE", "osce")]),
    ("OSCEの欧州安全保障協力機構は", [("OSCE", "osce"), ("欧州安全保障協力機構", "osce")]),
    ("Оwen Murphyは", [("Оwen Murphy", "murphy")]),
    # katakana runs are one word: a katakana term ends where katakana ends
    ("ロシア連邦とロシア", [("ロシア", "russia"), ("ロシア", "russia")]),
    ("ロシアン", []),
    # letters of alphabetic scripts join: no match inside a word
    ("ԱOSCE OSCEԱ ЖOSCE", []),
])
def test_word_boundaries_next_to_cjk(text: str, expected: list[tuple[str, str]]) -> None:
    found = compile_matcher(CJK).find(text)
    assert [(m.text, m.concept_id) for m in found] == expected
    assert all(text[m.start:m.end] == m.text for m in found)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["OSCE", "北京", "大学", "ロシア", "ン", "の", "Ա", " ", "。",
                                  "Оwen Murphy", "S\u030c", "İ"]), max_size=12))
def test_cjk_offsets_point_at_the_text(parts: list[str]) -> None:
    text = "".join(parts)
    previous = 0
    for m in compile_matcher(CJK).find(text):
        assert m.start >= previous
        assert text[m.start:m.end] == m.text
        previous = m.end


@pytest.mark.parametrize(("text", "expected"), [
    ("New  York", [("New  York", "ny")]),
    ("the New\n    York Times said", [("New\n    York Times", "nyt")]),
    ("New \t York\u00a0\u00a0Times", [("New \t York\u00a0\u00a0Times", "nyt")]),
    ("New, York", []),  # punctuation between the words is not a space
    ("Ne\u0301w  York, New \n York", [("New \n York", "ny")]),  # slow path: decomposed text
])
def test_a_whitespace_run_is_one_space(text: str, expected: list[tuple[str, str]]) -> None:
    g = Glossary("t", concepts=(Concept("ny", terms=(Term("en", "New York"),)),
                                Concept("nyt", terms=(Term("en", "New  York Times"),))))
    found = compile_matcher(g).find(text)
    assert [(m.text, m.concept_id) for m in found] == expected
    assert all(text[m.start:m.end] == m.text for m in found)


def test_a_longer_key_refused_by_its_case_policy_gives_way_to_a_shorter_one() -> None:
    g = Glossary("t", concepts=(
        Concept("ny", terms=(Term("en", "New York", case=CasePolicy.EXACT),)),
        Concept("york", terms=(Term("en", "York"),)),
        Concept("us", terms=(Term("en", "US"),)),
        Concept("army", terms=(Term("en", "US Army", case=CasePolicy.EXACT),)),
    ))
    m = compile_matcher(g)
    assert spans("new York; US army; New York; US Army", m) == [
        ("York", "york"), ("US", "us"), ("New York", "ny"), ("US Army", "army")]


def test_a_longer_key_that_fails_its_boundary_gives_way_to_a_shorter_one() -> None:
    g = Glossary("t", concepts=(Concept("ny", terms=(Term("en", "New York"),)),
                                Concept("nyt", terms=(Term("en", "New York Times"),))))
    assert spans("the New York Timesaver", compile_matcher(g)) == [("New York", "ny")]


def test_adjacent_matches_and_punctuation_terms() -> None:
    assert spans("OSCE OSCE,OSCE") == [("OSCE", "osce")] * 3
    assert spans("C++ and OSCE") == [("C++", "cpp"), ("OSCE", "osce")]


def test_case_policies() -> None:
    assert spans("osce Osce OSCE") == [("OSCE", "osce")]  # acronym: exact (auto)
    assert spans("apple Apple APPLE") == [("Apple", "apple")]
    assert spans("mazhilis Mazhilis MAZHILIS") == [("mazhilis", "mazhilis"), ("Mazhilis", "mazhilis")]
    assert spans("kazakhstan KAZAKHSTAN") == [("kazakhstan", "kz"), ("KAZAKHSTAN", "kz")]


def test_confusables_and_whole_script() -> None:
    found = M.find("Оwen Murphy met the OSСE.")
    assert [(m.text, m.concept_id, m.via) for m in found] == [
        ("Оwen Murphy", "murphy", "confusable"), ("OSСE", "osce", "confusable")]
    # a whole word in another script is another word, not a spoof
    assert spans("ОЅСЕ") == []
    assert spans("ОЅСЕ", compile_matcher(G, whole_script=True)) == [("ОЅСЕ", "osce")]
    assert spans("Оwen Murphy", compile_matcher(G, confusables=False)) == []


def test_nfc_and_offsets_in_decomposed_text() -> None:
    text = "Prof. Jan S\u030cvec and the OSCE"
    assert not unicodedata.is_normalized("NFC", text)
    found = M.find(text)
    assert [(m.span.start, m.span.end, m.concept_id, m.via) for m in found] == [
        (6, 15, "svec", "normalization"), (24, 28, "osce", "exact")]
    assert found[0].text == "Jan S\u030cvec"


def test_length_changing_lowercase_keeps_offsets() -> None:
    text = "İİ Kazakhstan İ"
    (match,) = M.find(text)
    assert match.text == "Kazakhstan"
    assert match.span.start == 3


def test_full_case_folding_of_sharp_s_and_armenian_ev() -> None:
    g = Glossary("t", concepts=(Concept("mfa", terms=(Term("de", "Außenministerium"),)),
                                Concept("yerevan", terms=(Term("hy", "Երևան"),))))
    m = compile_matcher(g)
    found = m.find("AUSSENMINISTERIUM, Aussenministerium, Außenministerium; Երեւան, Երևան")
    assert [(x.text, x.via) for x in found] == [
        ("AUSSENMINISTERIUM", "case"), ("Aussenministerium", "case"),
        ("Außenministerium", "exact"), ("Երեւան", "case"), ("Երևան", "exact")]


def test_diacritics_only_when_asked() -> None:
    assert spans("Jan Svec") == []
    (m,) = compile_matcher(G, diacritics=True).find("Jan Svec")
    assert (m.concept_id, m.via) == ("svec", "diacritics")


def test_references_roles_and_languages() -> None:
    (m,) = M.find("die OSCE", lang="de")
    assert [(r.lang, r.role) for r in m.refs] == [("de", Role.FORBIDDEN), ("en", Role.PREFERRED)]
    (m,) = M.find("die OSCE", lang="en")
    assert (m.lang, m.role, m.form) == ("en", Role.PREFERRED, "OSCE")
    assert m.to_dict()["refs"][0]["concept"] == "osce"
    assert spans("ОБСЕ и Казахстан") == [("ОБСЕ", "osce"), ("Казахстан", "kz")]
    only_ru = compile_matcher(G, ["ru"])
    assert spans("OSCE ОБСЕ", only_ru) == [("ОБСЕ", "osce")]
    preferred_only = compile_matcher(G, roles=(Role.PREFERRED,))
    assert spans("ODIHR OSCE", preferred_only) == [("OSCE", "osce")]


def test_unknown_option() -> None:
    with pytest.raises(TypeError, match="unknown matcher options"):
        compile_matcher(G, fuzzy=True)


def test_empty_glossary_and_text() -> None:
    assert compile_matcher(Glossary("e")).find("anything") == []
    assert M.find("") == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["OSCE", "Kazakhstan", "Оwen Murphy", " ", ", ", "the",
                                  "x", "OSCE's", "Jan S\u030cvec", "ß", "İ", "-", "\n"]),
                max_size=12))
def test_spans_are_ordered_disjoint_and_point_at_the_text(parts: list[str]) -> None:
    text = "".join(parts)
    found = M.find(text)
    previous = 0
    for m in found:
        assert m.span.start >= previous
        assert text[m.span.start : m.span.end] == m.text
        assert m.span.start == 0 or not text[m.span.start - 1].isalnum()
        assert m.span.end == len(text) or not text[m.span.end].isalnum()
        previous = m.span.end


def _reference(text: str, keys: list[str]) -> list[tuple[int, int]]:
    """Leftmost-longest, case-insensitive, whole words, punctuation as a space,
    a run of whitespace as one space: the obvious slow way."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(" " if c.isspace() or c == "," else c.lower() for c in text):
        if text[i].isspace() and where and text[where[-1]].isspace():
            continue  # the rest of a whitespace run
        chars.append(ch)
        where.append(i)
    low = "".join(chars)
    out = []
    i = 0
    while i < len(low):
        if i == 0 or low[i - 1] == " ":
            best = None
            for key in keys:
                end = i + len(key)
                if low.startswith(key, i) and (end == len(low) or low[end] == " ") and (
                        best is None or end > best):
                    best = end
            if best is not None:
                out.append((where[i], where[best - 1] + 1))
                i = best
                continue
        i += 1
    return out


@settings(max_examples=300, deadline=None)
@example(keys=["a", "b aa"], text="B,A")  # the text ends inside a longer key
@example(keys=["b b"], text="B  B")  # a whitespace run inside a term
@example(keys=["b b"], text="B, B")  # punctuation is not a whitespace run
@given(st.lists(st.text(alphabet="ab ", min_size=1, max_size=5).map(str.strip).filter(bool),
                min_size=1, max_size=6, unique=True),
       st.text(alphabet="abAB ,\n", max_size=40))
def test_agrees_with_a_slow_reference(keys: list[str], text: str) -> None:
    keys = [" ".join(k.split()) for k in keys]
    g = Glossary("p", concepts=tuple(Concept(f"c{i}", terms=(Term("en", k, case=CasePolicy.IGNORE),))
                                     for i, k in enumerate(dict.fromkeys(keys))))
    found = [(m.start, m.end) for m in compile_matcher(g, confusables=False).find(text)]
    assert found == _reference(text, list(dict.fromkeys(keys)))
