"""Links, compatibility stand-ins, one-letter words and repair composition (cases written here)."""

from __future__ import annotations

import pytest

from polyglot_press.scripts import LINK, RepairPolicy, ScanContext, repair, scan
from polyglot_press.scripts.links import find_hosts
from polyglot_press.scripts.repairer import compose_changes
from polyglot_press.text import Change, Span, apply_changes


@pytest.mark.parametrize(
    ("text", "rule", "label"),
    [
        ("Log in at раураӏ.com to confirm.", "link-whole-script", "раураӏ"),
        ("Log in at xn--80ak6aa92e.com to confirm.", "link-whole-script", "xn--80ak6aa92e"),
        ("Reset at https://lоgin.bank.example/reset now.", "link-mixed-script", "lоgin"),
        ("Support: help@pаypal.com.", "link-mixed-script", "pаypal"),
        ("Visit our-bank\u2212secure.com today.", "link-lookalike-punctuation", "our-bank\u2212secure"),
        ("Visit our\u2013bank.net today.", "link-lookalike-punctuation", "our\u2013bank"),
        ("Visit pay\u00b7pal.com today.", "link-lookalike-punctuation", "pay\u00b7pal"),
        ("Visit pay\u00adpal.com today.", "link-invisible", "pay\u00adpal"),
        ("Visit ｐａｙpal.com today.", "link-compatibility", "ｐａｙpal"),
        ("Visit mybank.\u217dom today.", "link-compatibility", "\u217dom"),
        ("Visit stra\u00dfe-bank.de today.", "link-deviation", "stra\u00dfe-bank"),
        ("Visit bank\u00fe.com today.", "link-tld-character", "bank\u00fe"),
        ("Visit \u0261oogle.com today.", "link-restricted-character", "\u0261oogle"),
        ("Visit \u1d00pple.com today.", "link-restricted-character", "\u1d00pple"),
        ("Visit i\u0307nstagram.com today.", "link-dangerous-pattern", "i\u0307nstagram"),
        ("Visit з1.com today.", "link-digit-lookalike", "з1"),
        ("Visit paypal.cоm today.", "link-mixed-script", "cоm"),
    ],
)
def test_each_link_rule(text: str, rule: str, label: str) -> None:
    links = [f for f in scan(text) if f.kind == LINK]
    assert [(f.rule, f.text) for f in links] == [(rule, label)]
    assert links[0].suggestion is None
    assert "host" in links[0].message
    # repair reports links, it never rewrites them
    fixed = repair(text)
    start = text.index(label)
    assert fixed.text[start : start + len(label)] == label
    assert all(not c.span.overlaps(Span(start, start + len(label))) for c in fixed.changes)


def test_skeleton_match_against_the_document_and_a_list() -> None:
    (found,) = scan("Visit paypal.com today, then confirm at paypa1.com.")
    assert (found.rule, found.text) == ("link-skeleton-match", "paypa1.com")
    assert "'paypal.com'" in found.message
    assert scan("Confirm at rnicrosoft.com.") == []  # nothing to compare with
    listed = ScanContext(domains=("microsoft.com",))
    assert [f.rule for f in scan("Confirm at rnicrosoft.com.", context=listed)] == ["link-skeleton-match"]
    assert [f.rule for f in scan("Confirm at pàypal.com.", context=ScanContext(domains=("paypal.com",)))] == [
        "link-skeleton-match"
    ]
    assert scan("Confirm at microsoft.com.", context=listed) == []


@pytest.mark.parametrize(
    "text",
    [
        "Write to press@osce.org or see https://www.osce.org/odihr.",
        "Catalan: col·legi.cat is fine.",
        "Рады видеть вас на сайте пример.рф и почта.рф.",
        "Наш сайт: новости.ru, а также аррӏе.ru.",
        "The U.S.A. won 3.5 to 2.1, e.g. in Jan.",
        "I met Саша.Then we left.",
        "Münchner Bank: münchen.de and zürich.ch",
    ],
)
def test_legitimate_links_and_dotted_prose(text: str) -> None:
    assert [f for f in scan(text) if f.kind == LINK] == []


def test_hosts_found_in_urls_mail_and_prose() -> None:
    text = "Mail a.b@mail.example.org, see http://Exa-mple.com:8080/path?q=1 or news.bbc.co.uk."
    assert [h.host for h in find_hosts(text)] == ["mail.example.org", "Exa-mple.com", "news.bbc.co.uk"]
    (url,) = [h for h in find_hosts(text) if h.host == "Exa-mple.com"]
    assert url.link.slice(text) == "http://Exa-mple.com:8080/path?q=1"


@pytest.mark.parametrize(
    ("text", "rule", "fixed"),
    [
        ("Buy it from Ⅿicrosoft today.", "roman-numeral-letter", "Buy it from Microsoft today."),
        ("Just \u0261oogle it.", "phonetic-letter", "Just google it."),
        ("The \u1d00pple store opened.", "phonetic-letter", "The apple store opened."),
        ("Pay with P\u1d43ypal.", "phonetic-letter", "Pay with Paypal."),
        ("Ｔокаев выступил.", "compatibility-form", "Токаев выступил."),
    ],
)
def test_compatibility_stand_ins(text: str, rule: str, fixed: str) -> None:
    assert rule in {f.rule for f in scan(text)}
    result = repair(text)
    assert result.text == fixed
    assert repair(result.text).changes == ()


@pytest.mark.parametrize(
    "text", ["Chapter Ⅻ begins here.", "The word /ʃɪp/ rhymes.", "Ewe: ʋu and ɖe are words.", "The set ℝ."]
)
def test_numerals_transcriptions_and_orthographies_are_kept(text: str) -> None:
    assert scan(text) == []


def test_one_letter_words() -> None:
    assert [(f.text, f.suggestion, f.confidence) for f in scan("Take vitamin С daily.")] == [("С", "C", 0.6)]
    assert repair("Take vitamin С daily.").changes == ()  # reported for review only
    assert repair("I need а pen.").text == "I need a pen."
    assert repair("Я пошёл c другом.").text == "Я пошёл с другом."
    assert repair("Вона i він прийшли.").text == "Вона і він прийшли."
    for text in (
        "The Cyrillic letter С is not a C.",
        'Replace "О" with "O".',
        "He bought a book, а книгу он забыл.",
        "Он купил a book вчера.",
        "Помните о буквах c и g в этих словах.",
        "группа A и класс B, стандарт 802.11a",
        "an α-particle and α = 0.5",
    ):
        assert [f for f in scan(text) if f.kind == "whole-script"] == [], text


def test_whole_words_need_a_frequent_reading() -> None:
    (f,) = scan("The Роре visited the city.")
    assert (f.suggestion, f.confidence) == ("Pope", 0.85)
    assert repair("The Роре visited the city.").text == "The Pope visited the city."
    # no frequent reading: reported for review
    (g,) = scan("The Тоуо company.")
    assert g.confidence < RepairPolicy().min_confidence
    # a genuine Cyrillic word nearby: a bilingual passage, nothing repaired
    text = "Дмитрий Песков сказал: Роре."
    assert repair(text).changes == ()


def test_odd_letters_make_a_spoof_even_with_loose_lookalikes() -> None:
    (f,) = scan("Das ist ԁег Anfang.")
    assert (f.kind, f.suggestion) == ("whole-script", "der")
    assert f.confidence < RepairPolicy().min_confidence


def test_compose_changes_merges_overlapping_rounds() -> None:
    original = "ab\u200bⅭЕО cd"
    first = [
        Change(Span(2, 3), "\u200b", "", "invisible"),
        Change(Span(3, 4), "Ⅽ", "С", "compatibility"),
    ]
    middle = apply_changes(original, first)
    second = [Change(Span(2, 3), "С", "C", "whole-script"), Change(Span(3, 4), "Е", "E", "whole-script")]
    composed = compose_changes(original, first, second)
    assert apply_changes(original, composed) == apply_changes(middle, second)
    # the deletion at the start of the rewritten letter is merged with it, its reason kept
    assert [(c.span.to_list(), c.before, c.after) for c in composed] == [
        ([2, 4], "\u200bⅭ", "C"),
        ([4, 5], "Е", "E"),
    ]


def test_million_bidi_controls_make_one_finding() -> None:
    text = "x" + "\u202e" * 100_000 + "y"
    (f,) = scan(text)
    assert (f.rule, f.span.to_list()) == ("bidi-override", [1, 100_001])
    fixed = repair(text, RepairPolicy(bidi="escape"))
    assert fixed.text == "x" + "<U+202E>" * 100_000 + "y"
    assert fixed.undo() == text
