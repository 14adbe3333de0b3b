"""Kazakh: the whole 2021 Latin alphabet both ways, round trips, the transliterate pack."""

from __future__ import annotations

import pytest
import transliterate as upstream

from polyglot_press.translit import register_packs, transliterate

# The official 2021 alphabet, letter by letter (Cyrillic -> Latin), capitals and small.
KAZAKH_2021 = [
    ("А", "A"), ("Ә", "Ä"), ("Б", "B"), ("В", "V"), ("Г", "G"), ("Ғ", "Ğ"), ("Д", "D"),
    ("Е", "E"), ("Ж", "J"), ("З", "Z"), ("И", "İ"), ("Й", "İ"), ("К", "K"), ("Қ", "Q"),
    ("Л", "L"), ("М", "M"), ("Н", "N"), ("Ң", "Ñ"), ("О", "O"), ("Ө", "Ö"), ("П", "P"),
    ("Р", "R"), ("С", "S"), ("Т", "T"), ("У", "U"), ("Ұ", "Ū"), ("Ү", "Ü"), ("Ф", "F"),
    ("Х", "H"), ("Һ", "H"), ("Ш", "Ş"), ("Ы", "Y"), ("І", "I"),
]
SMALL = {"İ": "i", "I": "ı"}
# letters of Russian loans (not in the 31-letter alphabet)
LOANS = [("Ё", "Yo"), ("Э", "E"), ("Ц", "Ts"), ("Ч", "Ch"), ("Щ", "Şç"), ("Ю", "Yu"),
         ("Я", "Ya"), ("Ъ", ""), ("Ь", "")]
LATIN_31 = list("AÄBDEFGĞHIİJKLMNÑOÖPQRSŞTUŪÜVYZ")


@pytest.mark.parametrize(("cyrillic", "latin"), KAZAKH_2021 + LOANS)
def test_every_letter_cyrillic_to_latin(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, "kk") == latin
    small = SMALL.get(latin, latin.lower())
    assert transliterate(cyrillic.lower(), "kk") == small


def test_the_latin_alphabet_has_31_letters_and_all_come_back() -> None:
    assert len(LATIN_31) == 31
    produced = {latin for _, latin in KAZAKH_2021}
    assert produced == set(LATIN_31)
    for latin in LATIN_31:
        back = transliterate(latin, "kk", target="Cyrl")
        assert len(back) == 1, latin
        assert "\u0400" <= back <= "\u04ff", latin
        assert transliterate(back, "kk") == latin
        small = SMALL.get(latin, latin.lower())
        assert transliterate(small, "kk", target="Cyrl") == back.lower()


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Ä", "Ә"), ("Ğ", "Ғ"), ("I", "І"), ("ı", "і"), ("İ", "И"), ("i", "и"), ("Ñ", "Ң"),
    ("Ŋ", "Ң"), ("ŋ", "ң"), ("ñ", "ң"), ("Q", "Қ"), ("Ş", "Ш"), ("Ū", "Ұ"), ("Ü", "Ү"),
    ("Ö", "Ө"), ("J", "Ж"), ("Y", "Ы"), ("H", "Х"),
])
def test_latin_to_cyrillic_letters(latin: str, cyrillic: str) -> None:
    assert transliterate(latin, "kk", target="Cyrl") == cyrillic


def test_eng_is_accepted_and_decomposed_input_is_composed() -> None:
    assert transliterate("Maŋğystau", "kk", target="Cyrl") == "Маңғыстау"
    assert transliterate("Mañğystau", "kk", target="Cyrl") == "Маңғыстау"
    assert transliterate("A\u0308bla", "kk", target="Cyrl") == "Әбла"


WORDS = [
    "Қазақстан Республикасы", "Тәуелсіздік", "Ақорда", "Шымкент", "Өскемен",
    "Жезқазған", "Ұлытау", "Түркістан", "Маңғыстау", "Қайрат", "Айгүл", "Нұрсұлтан",
    "Бәйтерек", "Әблязов", "Ерғали", "ҚАЗАҚСТАН", "Іле Алатауы", "Ертіс",
]


@pytest.mark.parametrize("word", WORDS)
def test_round_trip(word: str) -> None:
    latin = transliterate(word, "kk")
    assert latin != word
    assert transliterate(latin, "kk", target="Cyrl") == word


def test_the_standard_is_ambiguous_where_it_says_so() -> None:
    # и and й are both i, х and һ both h: i after a vowel reads back as й
    assert transliterate("Аида", "kk") == "Aida"
    assert transliterate("Aida", "kk", target="Cyrl") == "Айда"
    assert transliterate("Һ", "kk") == transliterate("Х", "kk") == "H"


def test_capitals() -> None:
    assert transliterate("Жомарт", "kk") == "Jomart"
    assert transliterate("ШЫМКЕНТ", "kk") == "ŞYMKENT"
    assert transliterate("ИСА ІЛЕ", "kk") == "İSA ILE"
    assert transliterate("Щучинск ЩУЧИНСК", "kk") == "Şçuchinsk ŞÇUCHİNSK"

def test_registered_in_transliterate() -> None:
    register_packs()
    assert upstream.translit("Тоқаев", "kk", reversed=True) == "Toqaev"
    assert upstream.translit("Toqaev", "kk") == "Тоқаев"
    assert upstream.translit("Тоқаев", "kk-press", reversed=True) == "Tokayev"
    codes = upstream.get_available_language_codes()
    # the bundled packs were loaded before ours
    assert {"kk", "ru", "hy", "ka", "el", "uk"} <= set(codes)
    assert upstream.translit("Привет", "ru", reversed=True) == "Privet"
