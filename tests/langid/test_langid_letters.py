"""The script and letter rules on their own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from polyglot_press.langid import LanguageDetector
from polyglot_press.langid.letters import EXCLUDE_SHARE, letter_verdict, split_words

CYRILLIC = ("ru", "kk", "uk")
LANGDETECT_KNOWS = frozenset({"ru", "uk"})


def verdict(text: str, candidates: tuple[str, ...] = CYRILLIC):
    return letter_verdict(text, candidates, profiled=LANGDETECT_KNOWS)


def test_kazakh_letters_exclude_the_others() -> None:
    result = verdict("Биыл қыркүйекте сайлау өтеді")
    assert (result.lang, result.reason) == ("kk", "excluded")


def test_kazakh_letters_in_the_first_word_decide_when_russian_is_ruled_out() -> None:
    # "бізде" rules Russian out; "Қазір" opens the sentence and is not shaped like a
    # name, so its Kazakh letters are the evidence a backend weighs in context
    result = verdict("«Қазір бізде диабетп")
    assert (result.lang, result.reason) == (None, "narrowed")
    assert result.remaining == ("uk",)
    assert result.opening == "kk"
    # a backend without a Kazakh model leaves it to those letters
    detector = LanguageDetector(["ru", "kk", "uk"], backend="langdetect")
    assert detector.detect("«Қазір бізде диабетп").lang == "kk"


def test_one_kazakh_name_does_not_make_russian_kazakh() -> None:
    result = verdict("Қасым-Жомарт Тоқаев заявил, что …")
    assert result.lang is None
    assert result.remaining == ("ru", "uk")
    assert result.dropped == ("kk",)


def test_one_lowercase_letter_is_not_enough_to_exclude() -> None:
    # one Ukrainian word among many Russian ones: a share below the threshold
    words = ["выборы"] * 12 + ["її"]
    assert 1 / len(words) <= EXCLUDE_SHARE
    result = verdict(" ".join(words), ("ru", "uk"))
    assert "ru" in result.remaining


def test_ukrainian_letters_exclude_russian() -> None:
    result = verdict("жінки говорили про здоров'я", ("ru", "uk"))
    assert (result.lang, result.reason) == ("uk", "excluded")


def test_russian_letters_exclude_ukrainian() -> None:
    result = verdict("выборы прошли", ("ru", "uk"))
    assert (result.lang, result.reason) == ("ru", "excluded")


def test_script_decides_alone() -> None:
    assert letter_verdict("Բարև", ("en", "ru", "hy")).reason == "script"
    assert letter_verdict("Բարև", ("en", "ru", "hy")).lang == "hy"


def test_script_not_configured_is_undetermined() -> None:
    result = letter_verdict("Բարև ձեզ", ("en", "ru"))
    assert (result.lang, result.reason, result.remaining) == (None, "script-not-configured", ())


@pytest.mark.parametrize("text", ["", "123 456", "—…!?", "🙂🙂", "\u200b\u200d"])
def test_no_letters(text: str) -> None:
    assert letter_verdict(text, ("en", "ru")).reason == "no-letters"


def test_dominant_script_by_letters() -> None:
    result = letter_verdict("Привет всем друзьям, hi", ("en", "ru"))
    assert result.script == "Cyrl"
    assert 0.5 < result.script_share < 1.0


def test_kanji_counts_with_kana() -> None:
    assert letter_verdict("東京で会議が開かれた", ("zh", "ja")).lang == "ja"
    assert letter_verdict("东京举行了会议", ("zh", "ja")).lang == "zh"


def test_words_keep_case_and_script() -> None:
    words = split_words("Тоқаев met Ալեն")
    assert [(w.text, w.script, w.capitalized) for w in words] == [
        ("тоқаев", "Cyrl", True), ("met", "Latn", False), ("ալեն", "Armn", True),
    ]


def test_alphabet_table_is_up_to_date() -> None:
    pytest.importorskip("icu")
    pytest.importorskip("lingua")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(root / "tools" / "gen_langid_alphabets.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_quoted_kazakh_name_is_set_aside_for_the_backend() -> None:
    result = verdict("Партия «Ақ жол» провела съезд.")
    assert result.lang is None
    assert "kk" not in result.remaining
    assert result.names == ((7, 15),)


def test_one_name_in_capitals_does_not_exclude_russian() -> None:
    result = verdict("ТОҚАЕВ ПОДПИСАЛ УКАЗ О ВЫБОРАХ В МАЖИЛИС")
    assert result.lang is None
    assert "ru" in result.remaining


def test_a_sentence_opening_surname_is_no_evidence() -> None:
    result = verdict("Тоқаев заявил.")
    assert result.lang is None
    assert result.opening is None
    assert verdict("Тоқаевтың сөзі").lang == "kk"
