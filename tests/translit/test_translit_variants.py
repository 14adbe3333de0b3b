"""romanization_variants: every plausible Latin spelling of a name."""

from __future__ import annotations

import pytest

from polyglot_press import InputError
from polyglot_press.translit import romanization_variants


@pytest.mark.parametrize(("name", "language", "expected"), [
    ("Тоқаев", "kk", {"Toqaev", "Tokayev", "Tokaev"}),
    ("Назарбаев", "kk", {"Nazarbaev", "Nazarbayev"}),
    ("Зеленский", "ru", {"Zelensky", "Zelenskiy", "Zelenskii", "Zelenskij"}),
    ("Шойгу", "ru", {"Shoigu", "Shoygu"}),
    ("Зеленський", "uk", {"Zelenskyi"}),
    ("Փաշինյան", "hy", {"Pashinyan", "P'ashinyan"}),
    ("კობახიძე", "ka", {"Kobakhidze", "k'obakhidze", "kobakhidze"}),
    ("Μητσοτάκης", "el", {"Mitsotakis"}),
])
def test_variants_include_the_spellings_in_use(name: str, language: str,
                                                expected: set[str]) -> None:
    variants = romanization_variants(name, language)
    assert expected <= variants


def test_variants_are_latin_and_a_fresh_set() -> None:
    variants = romanization_variants("Ерлан Қарин", "kk")
    assert all(not any("\u0400" <= c <= "\u04ff" for c in v) for v in variants)
    variants.add("x")
    assert "x" not in romanization_variants("Ерлан Қарин", "kk")


def test_unknown_language() -> None:
    with pytest.raises(InputError, match="no transliteration for language 'tlh'"):
        romanization_variants("qo'", "tlh")
