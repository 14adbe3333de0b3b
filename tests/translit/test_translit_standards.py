"""Each named standard on cases from its document, or from the project we took it from.

Copied cases (MIT licensed): iuliia 0.13.0 schema samples (ru-icao, ru-bgn,
ru-iso9, ru-wikipedia); translitua 2.0 doctests (uk-kmu2010); tetrak-translit
4.1.0 tests (hy-bgn, hy-iso9985, ka-national). Where iuliia writes the Cyrillic
ё for the Latin ë (its BGN/PCGN and GOST 7.79 tables), the case is corrected.
"""

from __future__ import annotations

import pytest

from polyglot_press import InputError
from polyglot_press.translit import StandardInfo, standards, transliterate, transliterate_explain

CASES = [
    # iuliia: icao_doc_9303
    ("ru", "ru-icao", "Юлия Щеглова", "Iuliia Shcheglova"),
    ("ru", "ru-icao", "Ян Разъездной", "Ian Razieezdnoi"),
    ("ru", "ru-icao", "Артём Краевой", "Artem Kraevoi"),
    # iuliia: bgn_pcgn (ё corrected to ë)
    ("ru", "ru-bgn", "Елизово", "Yelizovo"),
    ("ru", "ru-bgn", "Тыайа", "Ty·ay·a"),
    ("ru", "ru-bgn", "Ёдва", "Yëdva"),
    ("ru", "ru-bgn", "Юрьев объезд", "Yur’yev ob”yezd"),
    # iuliia: gost_779 (= ISO 9:1995)
    ("ru", "ru-iso9", "съешь ещё этих", "sʺešʹ eŝë ètih"),
    # iuliia: wikipedia
    ("ru", "ru-wikipedia", "Ильинский", "Ilyinsky"),
    ("ru", "ru-wikipedia", "Подъярский", "Podyarsky"),
    # translitua: KMU 2010
    ("uk", "uk-kmu2010", "Знам'янка", "Znamianka"),
    ("uk", "uk-kmu2010", "Феодосія", "Feodosiia"),
    ("uk", "uk-kmu2010", "Дмитро ЗГуровский", "Dmytro ZGhurovskyi"),
    ("uk", "uk-kmu2010", "Петренко.Євген", "Petrenko.Yevhen"),
    # tetrak-translit
    ("hy", "hy-bgn", "Երևան", "Yerevan"),
    ("hy", "hy-bgn", "Ռուբէն", "Rruben"),
    ("hy", "hy-bgn", "Ազգ և հայրենիք", "Azg yev hayrenik'"),
    ("hy", "hy-bgn", "ԵՐԵՎԱՆ", "YEREVAN"),
    ("hy", "hy-bgn", "ելնելո՞ւ", "yelnelu՞"),
    ("hy", "hy-iso9985", "Երևան", "Erewan"),
    ("hy", "hy-iso9985", "Չարենց", "Č'arenc'"),
    ("hy", "hy-iso9985", "Դու կարդացե՞լ ես այս գիրքը։", "Dow kardac'e?l es ays girk'ë."),
    ("ka", "ka-national", "ჭავჭავაძე", "ch'avch'avadze"),
    ("ka", "ka-national", "მცხეთა", "mtskheta"),
    ("ka", "ka-national", "ᲗᲑᲘᲚᲘᲡᲘ", "TBILISI"),
    # ELOT 743 (Greek passports)
    ("el", "el-elot743", "Κυριάκος Μητσοτάκης", "Kyriakos Mitsotakis"),
    ("el", "el-elot743", "Ευάγγελος Βενιζέλος", "Evangelos Venizelos"),
    ("el", "el-elot743", "Ευτυχία", "Eftychia"),
    ("el", "el-elot743", "Αθήνα Θεσσαλονίκη Πειραιάς", "Athina Thessaloniki Peiraias"),
    ("el", "el-elot743", "Ντόρα Μπακογιάννη", "Dora Bakogianni"),
    ("el", "el-elot743", "ΑΘΗΝΑ", "ATHINA"),
    # Bulgarian Streamlined System
    ("bg", "bg-streamlined", "София Пловдив", "Sofia Plovdiv"),
    ("bg", "bg-streamlined", "Горна Оряховица", "Gorna Oryahovitsa"),
    ("bg", "bg-streamlined", "Щастливец", "Shtastlivets"),
    # Macedonian (transliterate's table, ќ fixed), Serbian Latin, Mongolian MNS 5217
    ("mk", "mk-latin", "Скопје", "Skopje"),
    ("mk", "mk-latin", "Ќерка", "Kjerka"),
    ("sr", "sr-latin", "Београд Љубљана", "Beograd Ljubljana"),
    ("sr", "sr-latin", "ЊЕГОШ", "NJEGOŠ"),
    ("mn", "mn-mns5217", "Улаанбаатар", "Ulaanbaatar"),
    ("mn", "mn-mns5217", "Хүрэлсүх", "Khürelsükh"),
    ("mn", "mn-mns5217", "Өлзий", "Ölzii"),
]


@pytest.mark.parametrize(("language", "standard", "text", "expected"), CASES)
def test_standard(language: str, standard: str, text: str, expected: str) -> None:
    assert transliterate(text, language, standard=standard) == expected


def test_every_named_standard_is_tested_here_or_in_its_own_file() -> None:
    tested = {standard for _, standard, _, _ in CASES}
    tested |= {"kk-2021", "kk-press", "ru-press", "uk-press", "hy-press", "ka-press"}
    named = {s.name for s in standards() if not s.name.endswith("-transliterate")}
    assert named <= tested


def test_iso9_reads_back_exactly() -> None:
    text = "Съешь же ещё этих мягких французских булок, да выпей чаю. ЙОШКАР-ОЛА"
    latin = transliterate(text, "ru", standard="ru-iso9")
    assert transliterate(latin, "ru", standard="ru-iso9", target="Cyrl") == text
    assert transliterate("Lorem ipsum", "ru", target="Cyrl") == "Лорем ипсум"


def test_defaults_are_the_official_systems() -> None:
    assert transliterate("Щукин", "ru") == "Shchukin"  # ICAO
    assert transliterate("Київ", "uk") == "Kyiv"  # KMU
    assert transliterate("Տիգրան", "hy") == "Tigran"  # BGN/PCGN


def test_catalogue_entries() -> None:
    entries = standards()
    assert all(isinstance(s, StandardInfo) for s in entries)
    for s in entries:
        assert s.name.startswith(s.language + "-")
        assert s.source_script != s.target_script
        assert "Latn" in (s.source_script, s.target_script)
        assert s.description
        assert s.reference
    keys = [(s.name, s.direction) for s in entries]
    assert len(keys) == len(set(keys))
    assert standards("KK") == standards("kk")
    assert {s.name for s in standards("kk")} == {"kk-2021", "kk-press", "kk-transliterate"}
    assert s.to_dict()["name"] == s.name


def test_unknown_language_standard_or_script_say_what_exists() -> None:
    with pytest.raises(InputError, match=r"supported: .*kk.*ru"):
        transliterate("x", "xx")
    with pytest.raises(InputError, match="ru-bgn, ru-icao"):
        transliterate("x", "ru", standard="ru-gost-1876")
    with pytest.raises(ValueError, match="script 'Armn'"):
        transliterate("x", "ru", target="Armn")
    with pytest.raises(InputError, match="no standard 'ru-icao' for ru Latn>Cyrl"):
        transliterate("x", "ru", standard="ru-icao", target="Cyrl")
    with pytest.raises(InputError, match="needs a str"):
        transliterate(b"x", "ru")  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "language", "standard", "others"), [
    ("Тоқаев", "kk", "ru-icao", "kk-2021, kk-press"),
    ("Зеленський", "uk", "ru-press", "uk-kmu2010, uk-press"),
    ("Жомарт", "ru", "kk-press", "ru-bgn, ru-icao"),
    ("Նիկոլ", "hy", "ka-press", "hy-bgn, hy-iso9985, hy-press"),
])
def test_a_standard_of_another_language_is_refused(text: str, language: str, standard: str,
                                                   others: str) -> None:
    with pytest.raises(InputError, match=rf"standard '{standard}' is for \w+, not {language}") as err:
        transliterate(text, language, standard=standard)
    assert others in str(err.value)
    with pytest.raises(InputError, match="is for"):
        transliterate_explain(text, language, standard=standard)


@pytest.mark.parametrize(("source", "standard", "target", "message"), [
    (None, None, "Latn", "source language must be a code"),
    (["kk"], None, "Latn", "source language must be a code"),
    ("kk", None, None, "target script must be 'Latn' or 'Cyrl', got None"),
    ("kk", 3, "Latn", "standard must be a name"),
])
def test_arguments_of_the_wrong_type_say_which(source: object, standard: object, target: object,
                                               message: str) -> None:
    with pytest.raises(InputError, match=message):
        transliterate("Тоқаев", source, standard=standard, target=target)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=message):
        transliterate_explain("Тоқаев", source, standard=standard,  # type: ignore[arg-type]
                              target=target)  # type: ignore[arg-type]


def test_text_outside_the_script_passes_through() -> None:
    text = "Президент Токаев (Tokayev) 2024 — «Астана»!"
    assert transliterate(text, "ru", standard="ru-press") == \
        "Prezident Tokayev (Tokayev) 2024 — «Astana»!"
    assert transliterate("", "kk") == ""


def _run(code: str) -> str:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    return done.stdout.strip()


def test_importing_the_package_registers_the_packs() -> None:
    # a fresh interpreter: nothing else has called our functions yet
    out = _run("import polyglot_press.translit, transliterate\n"
               "print(transliterate.translit('Тоқаев', 'kk', reversed=True))\n"
               "print(transliterate.translit('Toqaev', 'kk'))\n"
               "print(transliterate.translit('Елена', 'ru-bgn', reversed=True))")
    assert out.splitlines() == ["Toqaev", "Тоқаев", "Yelena"]


def test_the_top_level_import_stays_lazy() -> None:
    out = _run("import sys, polyglot_press\n"
               "print('transliterate' in sys.modules, 'polyglot_press.translit' in sys.modules)")
    assert out == "False False"
