"""The terminology layer on fixed engine outputs: protect, restore, verify, calibrate.

These tests give the layer the strings an engine could return (intact,
damaged, dropped or duplicated placeholders, inflected and forbidden forms)
and check every decision it makes. End-to-end runs through real engines are in
``test_press_argos.py`` and ``test_press_bergamot.py``.
"""

from __future__ import annotations

import json

import pytest

from polyglot_press.glossary import Concept, Glossary, Term
from polyglot_press.terminology import (
    FORMS,
    Calibrator,
    PlaceholderForm,
    TermCheck,
    TermLayer,
    consistency,
)
from polyglot_press.text import Span

ZXQ = PlaceholderForm("zxq", "ZXQ{n}")


@pytest.fixture(scope="module")
def layer(news_glossary: Glossary) -> TermLayer:
    return TermLayer([news_glossary])


def _statuses(layer: TermLayer, source: str, output: str, target: str = "pt",
              lang: str = "en") -> tuple[str, list[tuple[str, str]]]:
    masked = layer.protect(source, lang, target, ZXQ)
    restored = layer.restore(masked, output, target)
    verified = layer.verify(masked, restored, target)
    return verified.text, [(c.concept, c.status) for c in verified.checks]


def test_several_terms_in_one_sentence(layer: TermLayer) -> None:
    masked = layer.protect("The OSCE, the CEC and Owen Murphy met in the Mazhilis.", "en", "pt", ZXQ)
    assert masked.text == "The ZXQ1, the ZXQ2 and ZXQ3 met in the ZXQ4."
    text, checks = _statuses(layer, masked.source, "A ZXQ1, a ZXQ2 e ZXQ3 reuniram-se no ZXQ4.")
    assert text == "A OSCE, a CEC e Owen Murphy reuniram-se no Majilis."
    assert checks == [("osce", "exact"), ("cec", "exact"), ("owen-murphy", "exact"),
                      ("mazhilis", "exact")]


def test_overlapping_terms_take_the_longest(layer: TermLayer) -> None:
    source = "The OSCE Office for Democratic Institutions and Human Rights thanked the OSCE."
    masked = layer.protect(source, "en", "pt", ZXQ)
    assert masked.text == "The ZXQ1 thanked the ZXQ2."
    assert [t.concept for t in masked.terms] == ["odihr", "osce"]


def test_term_next_to_punctuation_keeps_it(layer: TermLayer) -> None:
    masked = layer.protect('("OSCE"), CEC; Mazhilis!', "en", "pt", ZXQ)
    assert masked.text == '("ZXQ1"), ZXQ2; ZXQ3!'
    text, _ = _statuses(layer, masked.source, '("ZXQ1"), ZXQ2; ZXQ3!')
    assert text == '("OSCE"), CEC; Majilis!'


def test_markup_glued_to_a_term_travels_with_it(layer: TermLayer) -> None:
    source = "He met **Owen Murphy** and [the CEC](https://cec.kz) today."
    protected = [(Span(7, 9), "markup"), (Span(20, 22), "markup"), (Span(27, 28), "markup"),
                 (Span(35, 52), "markup")]
    masked = layer.protect(source, "en", "pt", ZXQ, protected)
    assert masked.text == "He met ZXQ1 and ZXQ2 the ZXQ3 today."
    restored = layer.restore(masked, "Ele conheceu ZXQ1 e ZXQ2 a ZXQ3 hoje.", "pt")
    assert restored.text == "Ele conheceu **Owen Murphy** e [a CEC](https://cec.kz) hoje."


def test_all_caps_source_gives_all_caps_term(layer: TermLayer) -> None:
    text, checks = _statuses(layer, "THE MAZHILIS MET OWEN MURPHY.", "O ZXQ1 CONHECEU ZXQ2.")
    assert text == "O MAJILIS CONHECEU OWEN MURPHY."
    assert checks == [("mazhilis", "exact"), ("owen-murphy", "exact")]


def test_sentence_start_is_capitalized_unless_case_is_exact() -> None:
    from polyglot_press.glossary import Concept, Term

    g = Glossary("g", concepts=(
        Concept("vote", "term", (Term("en", "ballot"), Term("pt", "cédula"))),
        Concept("iphone", "brand", (Term("en", "iPhone", case="exact"),)),
    ))
    layer = TermLayer([g])
    text, _ = _statuses(layer, "The ballot and the iPhone.", "ZXQ1 e ZXQ2.")
    assert text == "Cédula e iPhone."


@pytest.mark.parametrize("damaged", ["zxq1", "ZXQ 1", "ZXQ-1", "Z XQ1", "'aZXQ1"])
def test_damaged_placeholders_are_recovered_and_reported(layer: TermLayer, damaged: str) -> None:
    text, checks = _statuses(layer, "The OSCE met.", f"A {damaged} reuniu-se.")
    assert "OSCE reuniu-se." in text
    assert "ZXQ" not in text.upper()
    assert checks == [("osce", "repaired")]


def test_lost_placeholder_is_reported_missing(layer: TermLayer) -> None:
    text, checks = _statuses(layer, "The OSCE and the CEC met.", "A ZXQ2 reuniu-se.")
    assert text == "A CEC reuniu-se."
    assert checks == [("osce", "missing"), ("cec", "exact")]


def test_duplicated_placeholder_is_kept_once(layer: TermLayer) -> None:
    masked = layer.protect("The OSCE met.", "en", "pt", ZXQ)
    restored = layer.restore(masked, "A ZXQ1 ZXQ1 reuniu-se.", "pt")
    assert restored.text == "A OSCE reuniu-se."
    assert [f.kind for f in restored.findings] == ["placeholder-duplicated"]


def test_source_text_holding_a_placeholder_shape_is_not_confused(layer: TermLayer) -> None:
    masked = layer.protect("ZXQ1 is a code; the OSCE uses it.", "en", "pt", ZXQ)
    assert masked.text == "ZXQ1 is a code; the ZXQ2 uses it."
    restored = layer.restore(masked, "ZXQ1 é um código; a ZXQ2 usa-o.", "pt")
    assert restored.text == "ZXQ1 é um código; a OSCE usa-o."


def test_no_glossary_match_changes_nothing(layer: TermLayer) -> None:
    masked = layer.protect("Nothing to see here.", "en", "pt", ZXQ)
    assert masked.text == "Nothing to see here."
    assert not masked.slots
    assert _statuses(layer, masked.source, "Nada a ver aqui.") == ("Nada a ver aqui.", [])


def test_empty_segment(layer: TermLayer) -> None:
    assert _statuses(layer, "", "") == ("", [])


def test_forbidden_form_produced_by_the_engine_is_replaced(layer: TermLayer) -> None:
    text, checks = _statuses(layer, "The commission met.", "A CCE reuniu-se.")
    assert text == "A CEC reuniu-se."
    assert checks == [("cec", "repaired")]
    strict = TermLayer(layer.glossaries, repair_forbidden=False)
    text, checks = _statuses(strict, "The commission met.", "A CCE reuniu-se.")
    assert text == "A CCE reuniu-se."
    assert checks == [("cec", "forbidden-variant-found")]


def test_inflecting_target_is_not_forced_into_the_nominative(layer: TermLayer) -> None:
    source = "Observers of the OSCE met Kassym-Jomart Tokayev and the CEC."
    masked = layer.protect(source, "en", "ru", ZXQ)
    assert masked.text == source  # declinable terms stay for the engine to inflect
    output = "Наблюдатели ОБСЕ встретились с Касым-Жомартом Токаевым и ЦИКом."
    restored = layer.restore(masked, output, "ru")
    verified = layer.verify(masked, restored, "ru")
    got = {c.concept: (c.status, c.found) for c in verified.checks}
    assert got["osce"] == ("exact", "ОБСЕ")
    assert got["tokayev"] == ("inflected", "Касым-Жомартом Токаевым")
    assert got["cec"][0] in {"exact", "inflected"}


def test_inflecting_target_missing_and_forbidden(layer: TermLayer) -> None:
    _, checks = _statuses(layer, "The CEC met the OSCE.", "Центризбирком встретился с миссией.",
                          target="ru")
    assert dict(checks) == {"cec": "repaired", "osce": "missing"}


def test_kazakh_suffix_rules(layer: TermLayer) -> None:
    _, checks = _statuses(layer, "The Mazhilis of the Parliament.", "Парламенттің Мәжілісі.",
                          target="kk")
    assert dict(checks) == {"mazhilis": "inflected", "parliament": "inflected"}


def test_do_not_translate_is_protected_even_for_inflecting_targets(layer: TermLayer) -> None:
    masked = layer.protect("The Amanat party won.", "en", "ru", ZXQ)
    assert masked.text == "The ZXQ1 party won."
    restored = layer.restore(masked, "Партия ZXQ1 победила.", "ru")
    assert restored.text == "Партия Amanat победила."


def test_term_check_json_and_spans(layer: TermLayer) -> None:
    masked = layer.protect("The OSCE met.", "en", "pt", ZXQ)
    restored = layer.restore(masked, "A ZXQ1 reuniu-se.", "pt")
    (check,) = layer.verify(masked, restored, "pt").checks
    assert check.source_span is not None
    assert check.source_span.slice(masked.source) == "OSCE"
    assert check.target_span is not None
    assert check.target_span.slice(restored.text) == "OSCE"
    assert TermCheck.from_dict(json.loads(json.dumps(check.to_dict()))) == check
    with pytest.raises(ValueError, match="status"):
        TermCheck("x", "fine", "pt", "X")


def test_consistency_flags_two_renderings() -> None:
    a = TermCheck("cec", "exact", "pt", "CEC", "CEC")
    b = TermCheck("cec", "exact", "pt", "CEC", "Comissão")
    assert consistency([a, b]) == {"cec": ["cec", "comissão"]}
    inflected = TermCheck("cec", "inflected", "ru", "ЦИК", "ЦИКом")
    assert consistency([TermCheck("cec", "exact", "ru", "ЦИК", "ЦИК"), inflected]) == {}


def test_placeholder_patterns() -> None:
    form = PlaceholderForm("t-x", "T{n}X")
    assert form.strict(1).search("T1X")
    assert not form.strict(1).search("T12X")
    assert not form.strict(1).search("AT1X")
    number = PlaceholderForm("number", "900{n}")
    assert number.tolerant(1).search("9.001")
    assert not number.tolerant(1).search("90012")
    assert [f.name for f in FORMS][:2] == ["zxq", "t-x"]


def test_calibration_is_measured_once_and_persisted(argos_engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    calibrator = Calibrator(tmp_path)
    first = calibrator.form_for(argos_engine, "xx", "en")
    assert first.form.name == "zxq"
    assert first.scores[0].survival == 1.0
    data = json.loads((tmp_path / "placeholders.json").read_text(encoding="utf-8"))
    (key,) = data["entries"]
    assert key.startswith("argos[xx-en@1.0]|xx>en")
    again = Calibrator(tmp_path).form_for(argos_engine, "xx", "en")
    assert again == first  # read from the file, not measured again
    (tmp_path / "placeholders.json").write_text("{broken", encoding="utf-8")
    assert Calibrator(tmp_path).form_for(argos_engine, "xx", "en").form == first.form


def _acronyms() -> Glossary:
    from polyglot_press.glossary import Concept, Term

    return Glossary("acronyms", concepts=(
        Concept("un", "organization", (Term("en", "UN"), Term("pt", "Nações Unidas"))),
        Concept("odihr", "organization", (Term("en", "ODIHR"), Term(
            "pt", "Escritório para as Instituições Democráticas e os Direitos Humanos"))),
        Concept("cec", "organization", (Term("en", "CEC"), Term(
            "pt", "Comissão Eleitoral Central", variants=("Comissão Central",)))),
    ))


def test_an_acronym_does_not_make_its_target_form_capitals() -> None:
    layer = TermLayer([_acronyms()])
    text, checks = _statuses(layer, "The ODIHR thanked the UN.", "O ZXQ1 agradeceu à ZXQ2.")
    assert text == ("O Escritório para as Instituições Democráticas e os Direitos Humanos "
                    "agradeceu à Nações Unidas.")
    assert checks == [("odihr", "exact"), ("un", "exact")]
    # a headline in capitals keeps its capitals
    text, _ = _statuses(layer, "THE UN MET TODAY.", "A ZXQ1 REUNIU-SE HOJE.")
    assert text == "A NAÇÕES UNIDAS REUNIU-SE HOJE."


def test_a_variant_in_the_output_is_reported_as_a_variant() -> None:
    layer = TermLayer([_acronyms()], protect=False)
    text, checks = _statuses(layer, "The CEC met.", "A Comissão Central reuniu-se.")
    assert checks == [("cec", "variant")]
    assert text == "A Comissão Central reuniu-se."


def test_code_and_urls_are_never_verified_nor_repaired(layer: TermLayer) -> None:
    source = "Run `Mazhilis --list`, open https://example.org/Mazhilis and [the site](https://m.kz/Mazhilis)."
    code, url = Span(4, 21), Span(28, 56)
    protected = [(code, "code"), (url, "url"), (Span(61, 62), "markup"), (Span(70, 93), "markup")]
    assert code.slice(source) == "`Mazhilis --list`"
    assert url.slice(source) == "https://example.org/Mazhilis"
    masked = layer.protect(source, "en", "pt", ZXQ, protected)
    assert masked.terms == ()  # a term inside code or a URL is not a term instance
    output = "Execute ZXQ1, abra ZXQ2 e ZXQ3o siteZXQ4."
    restored = layer.restore(masked, output, "pt")
    verified = layer.verify(masked, restored, "pt")
    assert verified.text == restored.text
    assert "`Mazhilis --list`" in verified.text
    assert verified.text.count("Mazhilis") == 3
    assert "Majilis" not in verified.text
    assert verified.checks == ()


def test_a_term_only_inside_code_is_not_found() -> None:
    from polyglot_press.glossary import Concept, Term

    g = Glossary("g", concepts=(Concept("mazhilis", "organization", (
        Term("en", "Mazhilis"), Term("ru", "Мажилис"))),))
    layer = TermLayer([g])
    source = "The Mazhilis met."
    masked = layer.protect(source, "en", "ru", ZXQ)
    assert masked.text == source  # ru inflects: left to the engine
    # the engine wrote the term only inside (restored) code: not found
    code_masked = layer.protect("The Mazhilis met `Мажилис`.", "en", "ru", ZXQ, [(Span(17, 26), "code")])
    restored = layer.restore(code_masked, "Собрание встретилось ZXQ1.", "ru")
    assert restored.text == "Собрание встретилось `Мажилис`."
    (check,) = layer.verify(code_masked, restored, "ru").checks
    assert check.status == "missing"


@pytest.mark.parametrize("target", ["uk", "sk"])
def test_inflecting_targets_without_morphology_protect_their_terms(target: str) -> None:
    from polyglot_press.glossary import Concept, Term
    from polyglot_press.morphology import has_morphology

    g = Glossary("g", concepts=(Concept("parliament", "organization", (
        Term("en", "Parliament"), Term("uk", "Верховна Рада"), Term("sk", "Národná rada"),
        Term("ru", "парламент"))),))
    layer = TermLayer([g])
    masked = layer.protect("The Parliament met.", "en", target, ZXQ)
    if has_morphology(target) is None:
        assert masked.text == "The ZXQ1 met."  # nothing could recognize an inflected form later
        restored = layer.restore(masked, "ZXQ1 зібралася.", target)
        assert [c.status for c in layer.verify(masked, restored, target).checks] == ["exact"]
    else:
        assert masked.text == "The Parliament met."
    assert layer.protect("The Parliament met.", "en", "ru", ZXQ).text == "The Parliament met."


@pytest.mark.parametrize(("template", "output", "restored"), [
    ("[[T{n}]]", "O T1 disse, T2 não.", "O OSCE disse, CEC não."),
    ("[[T{n}]]", "O [[T1] disse, [T2]].", "O OSCE disse, CEC."),
    ("__T{n}__", "O __T1_ disse, __T2__. ", "O OSCE disse, CEC. "),
    ("__T{n}__", "O T1 disse, T2.", "O OSCE disse, CEC."),
])
def test_a_damaged_token_keeps_the_space_and_punctuation_after_it(
        layer: TermLayer, template: str, output: str, restored: str) -> None:
    form = PlaceholderForm("damaged", template)
    masked = layer.protect("The OSCE said, the CEC not.", "en", "pt", form)
    assert masked.text == f"The {form.token(1)} said, the {form.token(2)} not."
    assert layer.restore(masked, output, "pt").text == restored


def test_markup_order_and_pairs_are_checked() -> None:
    from polyglot_press.terminology import markup_problems

    layer = TermLayer([])
    source = "Read [the report](https://a.org) and `x`."
    spans = [(Span(5, 6), "markup"), (Span(16, 32), "markup"), (Span(37, 40), "code")]
    masked = layer.protect(source, "en", "pt", ZXQ, spans)
    assert masked.text == "Read ZXQ1 the report ZXQ2 and ZXQ3."
    good = layer.restore(masked, "Leia ZXQ1 o relatório ZXQ2 e ZXQ3.", "pt")
    assert markup_problems(masked, good) == []
    swapped = layer.restore(masked, "Leia ZXQ2 o relatório ZXQ1 e ZXQ3.", "pt")
    assert "another order" in " ".join(markup_problems(masked, swapped))
    lost = layer.restore(masked, "Leia ZXQ1 o relatório ZXQ2 e.", "pt")
    assert markup_problems(masked, lost) == ["'`x`' was lost"]


def test_a_longer_variant_is_narrowed_and_keeps_what_it_does_not_cover() -> None:
    g = Glossary("g", concepts=(
        Concept("osce", "organization", (Term("en", "OSCE"), Term("pt", "OSCE"))),
        Concept("odihr", "organization", (
            Term("en", "Office for Democratic Institutions and Human Rights",
                 variants=("ODIHR", "OSCE/ODIHR")),
            Term("pt", "Escritório para as Instituições Democráticas e os Direitos Humanos"))),
        Concept("cd", "term", (Term("en", "Copenhagen Document",
                                    variants=("1990 Copenhagen Document",)),
                               Term("pt", "Documento de Copenhaga"))),
    ))
    layer = TermLayer([g])
    text = "the head of the OSCE/ODIHR mission cited the 1990 Copenhagen Document."
    assert [(m.text, m.concept_id) for m in layer.matches(text, "en")] == [
        ("OSCE", "osce"), ("ODIHR", "odihr"), ("Copenhagen Document", "cd")]
    masked = layer.protect(text, "en", "pt", PlaceholderForm("zxq", "ZXQ{n}"))
    assert masked.text == "the head of the ZXQ1/ZXQ2 mission cited the 1990 ZXQ3."


@pytest.mark.parametrize(("text", "alone"), [
    ("BBC Scotland won the cup.", False),
    ("Fans of Rapid Vienna cheered.", False),
    ("Vienna Philharmonic players cheered.", False),
    ("He lives in Baja California now.", False),
    ("He lives in Scotland now.", True),
    ("In Scotland, the BBC won.", True),
    ("Scotland Voted Against Independence In A Close Referendum", True),  # a headline
])
def test_a_term_inside_a_longer_unlisted_name_is_left_to_the_engine(text: str,
                                                                    alone: bool) -> None:
    g = Glossary("g", concepts=tuple(
        Concept(en.lower(), "place", (Term("en", en), Term("pt", pt)))
        for en, pt in (("Scotland", "Escócia"), ("Vienna", "Viena"),
                       ("California", "Califórnia"))))
    layer = TermLayer([g])
    found = layer.matches(text, "en")
    assert len(found) == 1
    assert layer.stands_alone(found[0], text, found) is alone
    masked = layer.protect(text, "en", "pt", PlaceholderForm("zxq", "ZXQ{n}"))
    assert ("ZXQ1" in masked.text) is alone
