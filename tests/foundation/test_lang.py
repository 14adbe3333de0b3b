"""polyglot_press.lang: the one home of language-tag facts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from polyglot_press.lang import (
    known_language,
    lang_base,
    same_language,
    script_name,
    script_of_language,
    writing_scripts,
)
from polyglot_press.langid._alphabets import ALPHABETS
from polyglot_press.langid.letters import script_of_language as letters_script
from polyglot_press.translit.standards import SCRIPTS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("tag", "base"),
    [("pt-BR", "pt"), ("en_US", "en"), (" KK ", "kk"), ("zh-Hant-TW", "zh"), ("", ""), (None, "")],
)
def test_lang_base(tag: str | None, base: str) -> None:
    assert lang_base(tag) == base


@pytest.mark.parametrize("tag", ["und", "zxx", "mul", "mis", "", None, "UND-Latn"])
def test_codes_that_name_no_language(tag: str | None) -> None:
    assert known_language(tag) is None
    assert not same_language(tag, tag)


def test_same_language_compares_base_languages() -> None:
    assert same_language("pt-BR", "pt")
    assert same_language("EN_us", "en-GB")
    assert not same_language("pt", "es")


@pytest.mark.parametrize(
    ("tag", "script"),
    [("en", "Latn"), ("kk", "Cyrl"), ("kk-Latn", "Latn"), ("sr", "Cyrl"), ("sr_Latn_RS", "Latn"),
     ("hy", "Armn"), ("ka", "Geor"), ("el", "Grek"), ("ja", "Jpan"), ("ko", "Kore"),
     ("zh", "Hans"), ("zh-Hant", "Hant"), ("he", "Hebr"), ("iw", "Hebr"), ("tl", "Latn"),
     ("qaa", None), (None, None)],
)
def test_script_of_language_follows_cldr(tag: str | None, script: str | None) -> None:
    assert script_of_language(tag) == script


def test_script_names_and_writing_systems() -> None:
    assert script_name("Latn") == "Latin"
    assert script_name("Armn") == "Armenian"
    assert script_name("Qaaa") is None
    assert writing_scripts("zh-Hant") == {"Hani"}
    assert writing_scripts("qaa") == frozenset()


def test_every_package_gets_the_same_answer() -> None:
    """Language detection's alphabets and transliteration agree with lang.py."""
    for code, (script, _) in ALPHABETS.items():
        assert letters_script(code) == script, code
    for code, script in SCRIPTS.items():
        assert script_of_language(code) == script, code


def test_generated_table_is_up_to_date() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_lang_data.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
