"""Hypothesis property tests for every public entry point (issue: hostile and huge inputs).

Modest example counts keep the suite quick; ``bench/fuzz.py`` runs the same
properties (``tests/fuzz/properties.py``) for longer. Set
``POLYGLOT_PRESS_FUZZ_EXAMPLES`` to run these with more examples, e.g. 2000.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import polyglot_press as pp

from . import properties as p

EXAMPLES = int(os.environ.get("POLYGLOT_PRESS_FUZZ_EXAMPLES", "60"))
fuzz = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

GLOSSARY = pp.Glossary("fuzz", concepts=(
    pp.Concept("owen", "person", (pp.Term("en", "Owen Murphy"), pp.Term("ru", "Оуэн Мерфи"))),
    pp.Concept("osce", "organization", (pp.Term("en", "OSCE"), pp.Term("ru", "ОБСЕ"))),
    pp.Concept("tokayev", "person", (pp.Term("en", "Kassym-Jomart Tokayev"),
                                     pp.Term("kk", "Қасым-Жомарт Тоқаев"))),
))


@fuzz
@given(text=st.one_of(p.mixed_text, p.any_text), fmt=st.sampled_from(["text", "markdown"]))
def test_documents_round_trip_or_refuse_clearly(text: str, fmt: str) -> None:
    p.check_document_round_trip(text, fmt)


@fuzz
@given(text=st.one_of(p.mixed_text, p.any_text))
def test_scan_findings_stay_inside_the_text(text: str) -> None:
    p.check_scan(text)


@fuzz
@given(text=p.mixed_text)
def test_repair_is_exactly_its_changes(text: str) -> None:
    p.check_repair_replays(text)


@fuzz
@given(text=st.one_of(p.mixed_text, p.any_text))
def test_language_detection_is_deterministic(text: str) -> None:
    p.check_detect(text)


@fuzz
@given(text=st.one_of(p.mixed_text, p.any_text),
       lang=st.sampled_from(["kk", "ru", "uk", "hy", "ka", "el", "xx"]))
def test_transliteration_answers_or_refuses_clearly(text: str, lang: str) -> None:
    p.check_transliterate(text, lang)


@fuzz
@given(text=st.one_of(p.mixed_text, st.sampled_from([
    "President Tokaev met Оwen Murphy of the OSCЕ.", "Owen Murhpy", "Қасым-Жомарт Токаев"])),
    lang=st.sampled_from(p.LANGS))
def test_name_normalization_is_exactly_its_changes(text: str, lang: str) -> None:
    p.check_normalize_names(text, GLOSSARY, lang)


@fuzz
@given(case=p.glossary_files())
def test_glossary_files_load_or_refuse_clearly(case: tuple[bytes, str]) -> None:
    p.check_glossary_reader(*case)


@fuzz
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".yaml", ".csv", ".tsv", ".tbx"]))
def test_any_bytes_as_a_glossary_load_or_refuse_clearly(data: bytes, suffix: str) -> None:
    p.check_glossary_reader(data, suffix)


@fuzz
@given(value=p.json_values)
def test_report_files_load_or_refuse_clearly(value: object) -> None:
    import json

    p.check_report_reader(json.dumps(value))


@pytest.mark.parametrize("text", ["", "{", "[]", '{"version": 99}', "\ud800"])
def test_report_reader_edge_cases(text: str) -> None:
    p.check_report_reader(text)


# ------------------------------------------------------------------ document formats
# one test per reader, so each gets POLYGLOT_PRESS_FUZZ_EXAMPLES examples of its own


_DOCUMENT_CASES = {
    # valid documents round-trip byte for byte (a TMX file imports whole)
    "valid": (p.check_valid_document, p.valid_documents),
    # damaged ones, and any bytes at all, read (and round-trip) or are refused clearly
    "damaged": (p.check_document_bytes, p.damaged_documents),
    "bytes": (p.check_document_bytes, lambda suffix: st.binary(max_size=400)),
}


#: 33 reader tests: fewer examples each by default, all of them with POLYGLOT_PRESS_FUZZ_EXAMPLES
document_fuzz = settings(fuzz, max_examples=int(os.environ.get("POLYGLOT_PRESS_FUZZ_EXAMPLES", "20")))


@pytest.mark.parametrize("case", sorted(_DOCUMENT_CASES))
@pytest.mark.parametrize("suffix", p.DOCUMENT_SUFFIXES)
def test_document_readers(suffix: str, case: str) -> None:
    check, documents = _DOCUMENT_CASES[case]

    @document_fuzz
    @given(data=documents(suffix))
    def run(data: bytes) -> None:
        check(data, suffix)

    run()
