"""The seams to script analysis, transliteration and language detection.

The real modules are installed, so the library goes through them (asserted
here); the documented fallbacks stay tested for installations where an
optional part is missing.
"""

from __future__ import annotations

from polyglot_press.glossary import _seams


def test_the_real_modules_are_used() -> None:
    assert _seams.have_real_scripts()
    assert _seams.have_real_translit()
    (finding,) = _seams.scan("Оwen")
    assert finding.kind == "mixed-script"
    assert finding.suggestion == "Owen"
    assert _seams.skeleton("Оwen") == _seams.skeleton("Owen")
    assert {"Tokaev", "Tokayev"} <= _seams.romanization_variants("Токаев", "ru")
    assert _seams.detect_language("Президент выступил в парламенте.", ["en", "ru"]) == "ru"


def test_fallback_scan() -> None:
    findings = _seams._fallback_scan("Оwen\u200b Murphy \u202e")
    kinds = [(f.kind, f.span.start, f.span.end) for f in findings]
    assert kinds == [("mixed-script", 0, 4), ("invisible", 4, 5), ("bidi", 13, 14)]
    assert findings[0].suggestion == "Owen"
    assert _seams._fallback_scan("plain ascii") == []
    assert _seams._fallback_scan("Москва и Ереван") == []


def test_fallback_romanizations() -> None:
    variants = _seams._fallback_variants("Касым-Жомарт Токаев", "ru")
    for expected in ("Kasym-Zhomart Tokaev", "Kasym-Zhomart Tokayev", "Kasym-Schomart Tokajew",
                     "Kasym-Jomart Tokaïev", "Kasym-Žomart Tokajev"):
        assert expected in variants
    kazakh = _seams._fallback_variants("Қасым-Жомарт Тоқаев", "kk")
    assert {"Qasym-Jomart Toqaev", "Kasym-Zhomart Tokayev"} <= kazakh
    assert "Arman Ghukasyan" in _seams._fallback_variants("Արման Ղուկասյան", "hy")
    assert _seams._fallback_variants("Owen", "en") == set()


def test_scripts_of_letters_and_languages() -> None:
    assert [_seams.letter_script(c) for c in "OО Ω1Ա"] == [
        "Latin", "Cyrillic", "", "Greek", "", "Armenian"]
    assert _seams.script_of_language("kk") == "Cyrillic"
    assert _seams.script_of_language("hy-AM") == "Armenian"
    assert _seams.script_of_language("pt-BR") == "Latin"
