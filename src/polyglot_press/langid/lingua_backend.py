"""The ``lingua`` backend (extra ``lingua``: ``pip install 'polyglot-press[lingua]'``).

lingua-language-detector is more accurate than langdetect on short text. It
is built ``from_languages(...)`` for the configured languages only (one
detector per script, built on the first text in that script), in
high-accuracy mode, with their models preloaded: all of its 75
languages would take 1.1 GB and be 7–8 points worse on short text. Its
detector is immutable after building and safe to share between threads. It is
deterministic (no sampling).

Its Kazakh model is offered only conditionally (:data:`CONDITIONAL`): it
calls Ukrainian sentences Kazakh with confidence 1.0 ("зауважив, що
компанія"; 36 of the 1012 FLORES-200 Ukrainian sentences). So Kazakh is left
to the letter rules, which find Kazakh's own letters in nearly all Kazakh
text, and lingua may weigh Kazakh when the letters have ruled Ukrainian out
(``ы э ъ ё``), or against Ukrainian on fragments of fewer than 40 letters,
where it is right more often than not (FLORES-200 fragments of ≤ 20
characters: Kazakh 88.2% → 97.3%, Ukrainian 97.9% → 94.4%).

>>> import pytest; _ = pytest.importorskip("lingua")
>>> backend = LinguaBackend(["en", "fr", "pt"])
>>> backend.scores("obrigado pela ajuda", ["en", "fr", "pt"])[0][0]
'pt'
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, ClassVar

from ..errors import MissingDependencyError
from .letters import script_of_language

__all__ = ["CONDITIONAL", "DIGITS", "LinguaBackend"]

#: language -> (languages it must not be weighed against, unless the text has
#: fewer letters than this): its model claims their longer text
CONDITIONAL: dict[str, tuple[frozenset[str], int]] = {"kk": (frozenset({"uk"}), 40)}
#: probabilities are rounded to this many decimals (see ``scores``)
DIGITS = 9


def _lingua() -> Any:
    try:
        import lingua
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "the lingua backend needs lingua-language-detector: "
            "pip install 'polyglot-press[lingua]'"
        ) from None
    return lingua


class LinguaBackend:
    """Rank candidates with lingua's n-gram models (high-accuracy mode)."""

    name: ClassVar[str] = "lingua"

    def __init__(self, languages: Sequence[str]) -> None:
        lingua = _lingua()
        self._by_code: dict[str, Any] = {}
        for code in dict.fromkeys(languages):
            try:
                iso = lingua.IsoCode639_1.from_str(code)
            except ValueError:
                continue
            self._by_code[code] = lingua.Language.from_iso_code_639_1(iso)
        self._code_of = {lang: code for code, lang in self._by_code.items()}
        self._languages = frozenset(c for c in self._by_code if c not in CONDITIONAL)
        self._ranked = frozenset(self._by_code)
        self.conditional = {c: v for c, v in CONDITIONAL.items() if c in self._by_code}
        # one detector per script: a text only ever needs its script's models
        self._groups: dict[str, tuple[str, ...]] = {}
        for code in self._by_code:
            script = script_of_language(code)
            self._groups[script] = (*self._groups.get(script, ()), code)
        self._detectors: dict[str, Any] = {}
        self._lock = threading.Lock()

    @property
    def languages(self) -> frozenset[str]:
        return self._languages

    def load(self) -> None:
        """Build every script's detector with its languages' models loaded."""
        for script in self._groups:
            self._get(script)

    def _get(self, script: str) -> Any:
        detector = self._detectors.get(script)
        if detector is None:
            with self._lock:
                detector = self._detectors.get(script)
                if detector is None:
                    lingua = _lingua()
                    builder = lingua.LanguageDetectorBuilder.from_languages(
                        *(self._by_code[c] for c in self._groups[script])
                    )
                    detector = builder.with_preloaded_language_models().build()
                    self._detectors[script] = detector
        return detector

    def scores(self, text: str, candidates: Sequence[str]) -> list[tuple[str, float]]:
        key = sorted({c for c in candidates if c in self._ranked})
        if not key:
            return []
        if len(key) == 1:
            return [(key[0], 1.0)]
        values = []
        for script in sorted({script_of_language(c) for c in key}):
            if len(self._groups.get(script, ())) >= 2:  # lingua needs two languages to build
                values.extend(self._get(script).compute_language_confidence_values(text))
        wanted = set(key)
        picked = sorted(  # a fixed order, so the sum below is the same in every call
            (self._code_of[v.language], float(v.value))
            for v in values
            if self._code_of.get(v.language) in wanted
        )
        total = sum(p for _, p in picked)
        if total <= 0.0:
            return []
        # lingua sums in hash-map order, which differs between detector instances and
        # processes in the last bits: round so that the same text gets the same numbers
        return sorted(
            ((c, round(p / total, DIGITS)) for c, p in picked), key=lambda x: (-x[1], x[0])
        )
