"""The ``lingua`` backend (extra ``lingua``: ``pip install 'polyglot-press[lingua]'``).

lingua-language-detector is more accurate than langdetect on short text. It
is built ``from_languages(...)`` for the configured languages only, in
high-accuracy mode, with its models preloaded once on first use: all of its 75
languages would take 1.1 GB and be 7–8 points worse on short text. Its
detector is immutable after building and safe to share between threads. It is
deterministic (no sampling).

Its Kazakh model is offered only conditionally (:data:`CONDITIONAL`): it
calls Ukrainian sentences Kazakh with confidence 1.0 ("зауважив, що
компанія"; 36 of the 1012 FLORES-200 Ukrainian sentences). So Kazakh is left
to the letter rules, which find Kazakh's own letters in nearly all Kazakh
text, and lingua may weigh Kazakh only when the letters have already ruled
Ukrainian out (``ы э ъ ё``), for fragments whose Kazakh shows in words alone.

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

__all__ = ["CONDITIONAL", "DIGITS", "LinguaBackend"]

#: language -> languages it must not be weighed against (its model claims their text)
CONDITIONAL: dict[str, frozenset[str]] = {"kk": frozenset({"uk"})}
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
        self._detector: Any = None
        self._lock = threading.Lock()

    @property
    def languages(self) -> frozenset[str]:
        return self._languages

    def load(self) -> None:
        """Build the detector with every configured language's models loaded."""
        self._get()

    def _get(self) -> Any:
        detector = self._detector
        if detector is None:
            with self._lock:
                detector = self._detector
                if detector is None:
                    lingua = _lingua()
                    builder = lingua.LanguageDetectorBuilder.from_languages(
                        *self._by_code.values()
                    )
                    detector = builder.with_preloaded_language_models().build()
                    self._detector = detector
        return detector

    def scores(self, text: str, candidates: Sequence[str]) -> list[tuple[str, float]]:
        key = sorted({c for c in candidates if c in self._ranked})
        for lang, rivals in self.conditional.items():
            if lang in key and not rivals.isdisjoint(key):
                key.remove(lang)
        if not key:
            return []
        if len(key) == 1:
            return [(key[0], 1.0)]
        if len(self._ranked) < 2:  # lingua needs two languages to build
            return []
        values = self._get().compute_language_confidence_values(text)
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
