"""LanguageDetector: determinism, thread safety, candidates, lazy loading, errors."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest

from polyglot_press.errors import InputError, PolyglotPressError
from polyglot_press.langid import (
    DEFAULT_LANGUAGES,
    LanguageDetector,
    LanguageGuess,
    detect_language,
)

# short, ambiguous fragments: where an unseeded langdetect flips between calls
TEXTS = [
    "Der Präsident", "Le président", "O presidente", "The president", "Prezident",
    "Президент", "Президент заявив", "Президент заявил", "Mission", "Observation",
    "Otázka", "Pergunta", "Frage", "Question", "Питання", "Вопрос", "Сұрақ",
    "elections", "volby", "eleições", "élections", "Wahlen", "выборы", "вибори", "сайлау",
    "Kazakhstan", "Казахстан", "Қазақстан", "ok", "Ja", "no", "sim", "oui", "ano",
]

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from polyglot_press.langid import LanguageDetector
    texts = json.loads(sys.stdin.read())
    detector = LanguageDetector(backend=sys.argv[1])
    print(json.dumps([detector.detect(t).to_dict() for t in texts]))
    """
)


def run_in_fresh_process(backend: str) -> list[dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, backend],
        input=json.dumps(TEXTS), capture_output=True, text=True, check=True,
        env={"PYTHONHASHSEED": "random", **_env()},
    )
    answers: list[dict[str, object]] = json.loads(result.stdout)
    return answers


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}


@pytest.mark.parametrize("backend", ["langdetect", "auto"])
def test_same_answers_in_two_processes_and_this_one(backend: str) -> None:
    first = run_in_fresh_process(backend)
    second = run_in_fresh_process(backend)
    assert first == second
    here = LanguageDetector(backend=backend)
    assert [here.detect(t).to_dict() for t in TEXTS] == first


def test_same_answers_from_eight_threads() -> None:
    detector = LanguageDetector(backend="auto")
    expected = [detector.detect(t) for t in TEXTS]
    fresh = LanguageDetector(backend="auto")  # threads also race to load the models

    def work(offset: int) -> list[LanguageGuess]:
        order = TEXTS[offset:] + TEXTS[:offset]
        got = [fresh.detect(t) for t in order * 3]
        return got[len(TEXTS) - offset :] + got[: len(TEXTS) - offset]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    for result in results:
        assert result[: len(TEXTS)] == expected


def test_repeated_calls_do_not_drift() -> None:
    detector = LanguageDetector(backend="langdetect")
    for text in TEXTS:
        answers = {detector.detect(text) for _ in range(5)}
        assert len(answers) == 1, text


def test_candidates_restrict_the_answer() -> None:
    text = "Президент заявил, что выборы прошли честно."
    assert detect_language(text).lang == "ru"
    assert detect_language(text, candidates=["uk", "kk"]).lang in {"uk", "kk"}
    assert detect_language(text, candidates=["en", "de"]).lang == "und"
    guess = detect_language("Wahlen und Parlament", candidates=["de", "en"])
    assert guess.lang == "de"
    assert {lang for lang, _ in guess.alternatives} <= {"en"}


def test_candidates_beyond_the_default_set() -> None:
    assert "es" not in DEFAULT_LANGUAGES
    assert detect_language("El parlamento aprobó la ley electoral.",
                           candidates=["es", "pt"]).lang == "es"


def test_shared_detectors_are_bounded_and_the_default_stays() -> None:
    from polyglot_press.langid import detector as module

    default = module.default_detector()
    for pair in (["es", "it"], ["es", "pl"], ["it", "pl"], ["nl", "da"], ["sv", "da"],
                 ["sv", "nb"], ["fi", "et"], ["lv", "lt"], ["ro", "hu"], ["sk", "sl"]):
        detect_language("hello", candidates=pair)
    assert len(module._cache) <= module.CACHED_DETECTORS
    assert module.default_detector() is default


def test_candidates_must_be_configured() -> None:
    detector = LanguageDetector(["en", "ru"], backend="langdetect")
    with pytest.raises(InputError, match="not configured"):
        detector.detect("hello", candidates=["de"])


def test_unknown_language_and_backend_are_clear_errors() -> None:
    with pytest.raises(InputError, match="unknown language 'klingon'"):
        LanguageDetector(["en", "klingon"])
    with pytest.raises(PolyglotPressError, match="known: langdetect, lingua"):
        LanguageDetector(["en"], backend="fasttext-nonexistent")
    with pytest.raises(ValueError, match="at least one language"):
        LanguageDetector([])


def test_language_tags_are_normalized() -> None:
    detector = LanguageDetector(["EN", "ru-RU", "zh_Hant"], backend="langdetect")
    assert detector.languages == ("en", "ru", "zh")


def test_guess_json_form() -> None:
    guess = LanguageDetector(["en", "de"], backend="langdetect").detect("Das ist gut.")
    data = guess.to_dict()
    assert data["lang"] == "de"
    assert data["method"] == "excluded" or data["method"] == "langdetect"
    assert json.loads(json.dumps(data)) == data


def test_nothing_loads_at_import_and_only_configured_profiles_load() -> None:
    code = textwrap.dedent(
        """
        import sys
        import polyglot_press.langid as langid
        assert "langdetect" not in sys.modules, "langdetect imported at import time"
        assert "lingua" not in sys.modules, "lingua imported at import time"
        detector = langid.LanguageDetector(["en", "de", "ru", "kk", "hy"], backend="langdetect")
        assert detector.detect("Der Bundestag hat das Gesetz beschlossen.").lang == "de"
        backend = detector._long
        print(sorted(backend._profiles))
        import langdetect.detector_factory as df
        print(df._factory is None)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    profiles, global_factory_unused = result.stdout.split("\n")[:2]
    # only the Latin candidates were ever needed; never the module-level factory
    assert profiles == "['de', 'en']"
    assert global_factory_unused == "True"


def test_candidates_with_region_subtags_are_answered_as_given() -> None:
    # callers (glossaries) check ``guess.lang in candidates`` with tags such as en-GB
    candidates = ["en-GB", "pt-BR", "ru"]
    guess = detect_language("The committee approved the budget on Monday.", candidates)
    assert guess.lang == "en-GB"
    assert guess.lang in candidates
    assert {lang for lang, _ in guess.alternatives} <= set(candidates)
    assert detect_language("Комиссия утвердила бюджет.", candidates).lang == "ru"
    detector = LanguageDetector(["en", "pt", "ru"], backend="langdetect")
    assert detector.detect("O orçamento foi aprovado ontem.", ["en_US", "pt-BR"]).lang == "pt-BR"
    # without subtags nothing changes
    assert detect_language("The committee approved it.", ["en", "ru"]).lang == "en"
