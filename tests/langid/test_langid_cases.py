"""Hand-written detection cases (``langid_cases.json``), for every installed backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyglot_press.langid import LanguageDetector, available_backends

CASES = json.loads((Path(__file__).parent / "langid_cases.json").read_text(encoding="utf-8"))
BACKENDS = ["auto", "langdetect", "lingua"]


@pytest.fixture(scope="module", params=BACKENDS)
def detector(request: pytest.FixtureRequest) -> LanguageDetector:
    if request.param != "auto" and request.param not in available_backends():
        pytest.importorskip(request.param)
    return LanguageDetector(backend=request.param)


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["text"][:30] or "empty")
def test_case(detector: LanguageDetector, case: dict[str, str]) -> None:
    guess = detector.detect(case["text"])
    assert guess.lang == case["lang"], case["why"]
    if case["lang"] == "und":
        assert guess.confidence == 0.0
        assert not guess.known
    else:
        assert 0.0 < guess.confidence <= 1.0
