"""Articles and contractions before a glossary term agree with its gender and number."""

from __future__ import annotations

import pytest

from polyglot_press.agreement import LANGUAGES, agree, rules_for
from polyglot_press.text import Span, apply_changes


def fix(text: str, term: str, lang: str, gender: str | None, number: str | None = None,
        no_article: bool = False) -> str:
    start = text.index(term)
    result = agree(text, Span(start, start + len(term)), lang, gender, number,
                   no_article=no_article)
    # every change is data that replays to the same text, and the term is where it says
    assert apply_changes(text, result.changes) == result.text
    assert result.term_span is not None
    assert result.term_span.slice(result.text) == term
    return result.text


@pytest.mark.parametrize(("text", "term", "lang", "gender", "number", "no_article", "expected"), [
    # Portuguese: article, every contraction, number, no article
    ("A Cazaquistão aprecia.", "Cazaquistão", "pt", "masculine", None, False,
     "O Cazaquistão aprecia."),
    ("Trabalho na Cazaquistão.", "Cazaquistão", "pt", "masculine", None, False,
     "Trabalho no Cazaquistão."),
    ("O governo da Cazaquistão", "Cazaquistão", "pt", "masculine", None, False,
     "O governo do Cazaquistão"),
    ("Obrigado à Cazaquistão", "Cazaquistão", "pt", "masculine", None, False,
     "Obrigado ao Cazaquistão"),
    ("apoiado pela Cazaquistão", "Cazaquistão", "pt", "masculine", None, False,
     "apoiado pelo Cazaquistão"),
    ("o relatório do OSCE", "OSCE", "pt", "feminine", None, False, "o relatório da OSCE"),
    ("no Estados Unidos", "Estados Unidos", "pt", "masculine", "plural", False,
     "nos Estados Unidos"),
    ("as Filipinas", "Filipinas", "pt", "feminine", "plural", False, "as Filipinas"),
    ("O Portugal venceu.", "Portugal", "pt", "masculine", None, True, "Portugal venceu."),
    ("Ele mora no Israel.", "Israel", "pt", "masculine", None, True, "Ele mora em Israel."),
    ("a capital da Cuba", "Cuba", "pt", "feminine", None, True, "a capital de Cuba"),
    # right already, or no gender: the model's choice stays
    ("Trabalho no Cazaquistão.", "Cazaquistão", "pt", "masculine", None, False,
     "Trabalho no Cazaquistão."),
    ("Trabalho na Cazaquistão.", "Cazaquistão", "pt", None, None, False,
     "Trabalho na Cazaquistão."),
    ("viajou a Portugal", "Portugal", "pt", "masculine", None, True, "viajou a Portugal"),
    # Spanish
    ("en el Argentina", "Argentina", "es", "feminine", None, False, "en la Argentina"),
    ("la capital de la Perú", "Perú", "es", "masculine", None, False, "la capital del Perú"),
    ("viajó a la Japón", "Japón", "es", "masculine", None, False, "viajó al Japón"),
    # French, with elision
    ("la délégation de la Kazakhstan", "Kazakhstan", "fr", "masculine", None, False,
     "la délégation du Kazakhstan"),
    ("le rapport du Union européenne", "Union européenne", "fr", "feminine", None, False,
     "le rapport de l'Union européenne"),
    ("il va au France", "France", "fr", "feminine", None, False, "il va à la France"),
    # Italian, with lo/l'/gli
    ("nel Stati Uniti", "Stati Uniti", "it", "masculine", "plural", False, "negli Stati Uniti"),
    ("della Kazakistan", "Kazakistan", "it", "masculine", None, False, "del Kazakistan"),
    ("il Uzbekistan", "Uzbekistan", "it", "masculine", None, False, "l'Uzbekistan"),
    # German: contractions, and an ambiguous article left alone
    ("im Schweiz", "Schweiz", "de", "feminine", None, False, "in der Schweiz"),
    ("zur Iran", "Iran", "de", "masculine", None, False, "zum Iran"),
    ("die Iran", "Iran", "de", "masculine", None, False, "die Iran"),
])
def test_agreement(text: str, term: str, lang: str, gender: str | None, number: str | None,
                   no_article: bool, expected: str) -> None:
    assert fix(text, term, lang, gender, number, no_article) == expected


def test_every_language_has_data_and_unknown_languages_none() -> None:
    assert all(rules_for(lang) is not None for lang in LANGUAGES)
    assert rules_for("ru") is None
    assert agree("в Казахстане", Span(2, 12), "ru", "masculine").changes == ()


def test_change_records_say_why() -> None:
    result = agree("na Cazaquistão", Span(3, 14), "pt", "masculine")
    [change] = result.changes
    assert (change.span, change.before, change.after, change.rule) == (
        Span(0, 2), "na", "no", "term-agreement")
    assert "masculine singular" in change.reason


@pytest.mark.parametrize(("text", "term", "lang", "gender", "number", "expected"), [
    # after the term, before it (between its article and it), and before the article
    ("A Ucrânia dividido realizou eleições.", "Ucrânia", "pt", "feminine", None,
     "A Ucrânia dividida realizou eleições."),
    ("a antiga Cazaquistão inteira", "Cazaquistão", "pt", "masculine", None,
     "o antigo Cazaquistão inteiro"),
    ("Toda a Cazaquistão votou.", "Cazaquistão", "pt", "masculine", None,
     "Todo o Cazaquistão votou."),
    ("O próprio Estados Unidos votou.", "Estados Unidos", "pt", "masculine", "plural",
     "Os próprios Estados Unidos votou."),
    ("Uma Cazaquistão independente.", "Cazaquistão", "pt", "masculine", None,
     "Um Cazaquistão independente."),  # independente: one form for both genders
    ("la Argentina moderno", "Argentina", "es", "feminine", None, "la Argentina moderna"),
    ("la nouvelle Kazakhstan entière", "Kazakhstan", "fr", "masculine", None,
     "le nouveau Kazakhstan entier"),
    ("tout la France", "France", "fr", "feminine", None, "toute la France"),
    ("il Italia intero", "Italia", "it", "feminine", None, "l'Italia intera"),
    # German: any lowercase word between article and term, declined as the article asks
    ("im moderne Iran", "Iran", "de", "masculine", None, "im modernen Iran"),
    ("ein unabhängige Kasachstan", "Kasachstan", "de", "neuter", None,
     "ein unabhängiges Kasachstan"),
    # a verb after the term is not a listed adjective: left alone
    ("O Brasil conta com apoio.", "Brasil", "pt", "masculine", None, "O Brasil conta com apoio."),
    ("A Cazaquistão nova", "Cazaquistão", None, None, None, "A Cazaquistão nova"),
])
def test_attached_adjectives_agree(text: str, term: str, lang: str | None, gender: str | None,
                                   number: str | None, expected: str) -> None:
    assert fix(text, term, lang or "pt", gender, number) == expected


def test_no_gender_no_adjective_change_and_changes_replay() -> None:
    assert agree("a Cazaquistão inteira", Span(2, 13), "pt", None).changes == ()
    result = agree("Toda a Cazaquistão inteira", Span(7, 18), "pt", "masculine")
    assert [(c.before, c.after, c.rule) for c in result.changes] == [
        ("Toda", "Todo", "term-agreement"), ("a", "o", "term-agreement"),
        ("inteira", "inteiro", "term-agreement")]
    assert all("masculine singular" in c.reason for c in result.changes)
    assert apply_changes("Toda a Cazaquistão inteira", result.changes) == result.text


def test_unresolved_article_is_reported_not_guessed() -> None:
    result = agree("die neue Iran", Span(9, 13), "de", "masculine")
    assert result.changes == ()
    assert result.text == "die neue Iran"
    assert result.unresolved is not None
    assert "'den' or 'der'" in result.unresolved
