"""Language detection: letter rules in front, a statistical backend behind.

:class:`LanguageDetector` is configured once (languages, backend) and reused;
it is safe to share between threads. :func:`detect_language` uses a cached
default detector, so calling it in a loop costs no reloading.

Every answer is deterministic: the same text gets the same
:class:`LanguageGuess` in any thread and any process.

>>> detect_language("Мажилис Парламента принял закон").lang
'ru'
>>> detect_language("Қасым-Жомарт Тоқаев заявил, что …").lang
'ru'
>>> detect_language("Қазақстан Республикасының Парламенті заңды қабылдады").lang
'kk'
>>> detect_language("— 12:30 —")
LanguageGuess(lang='und', confidence=0.0, alternatives=(), method='no-letters')
>>> detect_language("gift", candidates=["en", "de"]).lang in {"en", "de"}
True
"""

from __future__ import annotations

import importlib.util
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..lang import lang_base
from ._alphabets import ALPHABETS
from .backends import Backend, get_backend_class
from .letters import LetterVerdict, letter_verdict, script_of_language

__all__ = [
    "DEFAULT_LANGUAGES",
    "MAX_TEXT",
    "SECOND_OPINION_BELOW",
    "SHORT_SECOND_OPINION_BELOW",
    "SHORT_TEXT_LETTERS",
    "UNDETERMINED",
    "LanguageDetector",
    "LanguageGuess",
    "default_detector",
    "detect_language",
    "known_languages",
    "normalize_language",
]

UNDETERMINED = "und"

#: the project's languages, plus languages whose script alone identifies them
#: (they cost nothing and keep e.g. Greek text from being called anything else)
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "en", "ru", "kk", "hy", "cs", "uk", "de", "fr", "pt",
    "ka", "el", "he", "ar", "hi", "th", "zh", "ja", "ko",
)  # fmt: skip

#: characters of a text that are read (langdetect reads no more either)
MAX_TEXT = 10_000
#: with ``backend="auto"``, texts with fewer letters than this go to lingua
SHORT_TEXT_LETTERS = 40
#: with ``backend="auto"``, a langdetect answer less sure than this is averaged
#: with lingua's (when installed)
SECOND_OPINION_BELOW = 0.9
#: with ``backend="auto"``, a lingua answer on short text that gives no language
#: a majority is averaged with langdetect's
SHORT_SECOND_OPINION_BELOW = 0.5

_ALIASES = {"zh-cn": "zh", "zh-tw": "zh", "zh-hans": "zh", "zh-hant": "zh", "iw": "he"}


def known_languages() -> list[str]:
    """Every language code the letter rules know (the alphabet table's keys).

    >>> {"kk", "hy", "en"} <= set(known_languages())
    True
    """
    return sorted(ALPHABETS)


def normalize_language(code: str) -> str:
    """A language tag as the detector names it: lowercase primary subtag.

    >>> normalize_language("en-US"), normalize_language("zh-Hant"), normalize_language("KK")
    ('en', 'zh', 'kk')
    >>> normalize_language("xx")
    Traceback (most recent call last):
    ...
    polyglot_press.errors.InputError: unknown language 'xx'; see polyglot_press.langid.known_languages()
    """
    tag = code.strip().replace("_", "-").lower()
    tag = _ALIASES.get(tag, tag)
    if tag not in ALPHABETS:
        base = lang_base(tag)
        tag = _ALIASES.get(base, base)
    if tag not in ALPHABETS:
        raise InputError(
            f"unknown language {code!r}; see polyglot_press.langid.known_languages()"
        )
    return tag


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The answer: a BCP 47 ``lang`` (``"und"`` when undetermined), how sure, and the rest.

    ``confidence`` is in [0, 1]. ``alternatives`` holds the other candidates
    the backend ranked, ``(lang, probability)`` best first. ``method`` names
    what decided: ``no-letters``, ``script-not-configured``, ``script``,
    ``letters``, ``excluded`` (letter rules) or the backend's name.

    >>> LanguageGuess("en", 0.99).to_dict()
    {'lang': 'en', 'confidence': 0.99, 'alternatives': [], 'method': ''}
    """

    lang: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()
    method: str = ""

    @property
    def known(self) -> bool:
        """False for ``und``."""
        return self.lang != UNDETERMINED

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "lang": self.lang,
            "confidence": round(self.confidence, 4),
            "alternatives": [[lang, round(p, 4)] for lang, p in self.alternatives],
            "method": self.method,
        }


class LanguageDetector:
    """A detector configured once with its languages and backend; reuse it.

    ``backend`` is a registered backend name (``langdetect``, ``lingua``, ...)
    or ``"auto"``: langdetect, and lingua for texts with fewer than
    ``short_text`` letters when lingua is installed. An unsure answer gets the
    other backend's opinion averaged in (langdetect below 0.9 on longer text,
    lingua below 0.5 on short text). Models load lazily on the
    first text that needs them (or call :meth:`load`). Instances are safe to
    share between threads.

    >>> detector = LanguageDetector(["en", "ru", "kk", "uk"], backend="langdetect")
    >>> detector.detect("Україна та Казахстан підписали угоду").lang
    'uk'
    >>> detector.detect("Ақорда").lang
    'kk'
    >>> detector.detect("Hello", candidates=["ru", "kk"]).lang
    'und'
    """

    def __init__(
        self,
        languages: Iterable[str] | None = None,
        *,
        backend: str = "auto",
        short_text: int = SHORT_TEXT_LETTERS,
    ) -> None:
        langs = tuple(
            dict.fromkeys(
                normalize_language(c) for c in (DEFAULT_LANGUAGES if languages is None else languages)
            )
        )
        if not langs:
            raise InputError("a language detector needs at least one language")
        self._languages = langs
        self._backend_name = backend
        self._short_text = short_text
        # only languages that share their script with another one ever reach a backend
        scripts = Counter(script_of_language(c) for c in langs)
        contested = [c for c in langs if scripts[script_of_language(c)] > 1]
        if backend == "auto":
            self._long: Backend = get_backend_class("langdetect")(contested)
            self._short: Backend = self._long
            if importlib.util.find_spec("lingua") is not None:
                self._short = get_backend_class("lingua")(contested)
        else:
            self._long = self._short = get_backend_class(backend)(contested)
        self._profiled = self._long.languages & self._short.languages

    @property
    def languages(self) -> tuple[str, ...]:
        """The configured languages, in the order given."""
        return self._languages

    @property
    def short_text(self) -> int:
        """Texts with fewer letters than this are short (lingua's, with ``auto``)."""
        return self._short_text

    @property
    def backend(self) -> str:
        """The backend name this detector was configured with."""
        return self._backend_name

    def __repr__(self) -> str:
        return (
            f"LanguageDetector({list(self._languages)!r}, backend={self._backend_name!r}, "
            f"short_text={self._short_text!r})"
        )

    def load(self) -> None:
        """Load every backend's models now instead of on first use."""
        self._long.load()
        if self._short is not self._long:
            self._short.load()

    def _candidates(self, candidates: Iterable[str] | None) -> tuple[str, ...]:
        if candidates is None:
            return self._languages
        chosen = tuple(dict.fromkeys(normalize_language(c) for c in candidates))
        missing = [c for c in chosen if c not in self._languages]
        if missing:
            raise InputError(
                f"candidate language(s) {', '.join(missing)} not configured for this detector "
                f"(configured: {', '.join(self._languages)})"
            )
        return chosen

    def verdict(self, text: str, candidates: Iterable[str] | None = None) -> LetterVerdict:
        """What the letter rules alone say about ``text`` (see :mod:`.letters`)."""
        cands = self._candidates(candidates)
        return letter_verdict(text[:MAX_TEXT], cands, profiled=self._profiled)

    def detect(self, text: str, candidates: Iterable[str] | None = None) -> LanguageGuess:
        """Guess the language of ``text`` among ``candidates`` (default: all configured).

        Only the first :data:`MAX_TEXT` characters are read. Candidates may carry
        region or script subtags (``en-GB``); the answer then names the candidate
        as given (the first one given, when two share a language).

        >>> LanguageDetector(["en", "ru"]).detect("The budget was approved.", ["en-GB", "ru"]).lang
        'en-GB'
        """
        given: dict[str, str] = {}
        if candidates is not None:
            candidates = list(candidates)
            for tag in candidates:
                given.setdefault(normalize_language(tag), tag)
        guess = self._detect(text[:MAX_TEXT], self.verdict(text, candidates))
        if not any(code != tag for code, tag in given.items()):
            return guess
        return LanguageGuess(
            given.get(guess.lang, guess.lang),
            guess.confidence,
            tuple((given.get(c, c), p) for c, p in guess.alternatives),
            guess.method,
        )

    def _detect(self, text: str, verdict: LetterVerdict,
                expected: str | None = None) -> LanguageGuess:
        """``expected``: the language the text is likely in (its block's or document's).
        On short text langdetect is asked first, and when it names ``expected`` with
        at least :data:`SECOND_OPINION_BELOW` that answer stands: lingua, costly to
        build, is only consulted where the letter rules and langdetect are not sure."""
        if verdict.reason in ("no-letters", "script-not-configured"):
            return LanguageGuess(UNDETERMINED, 0.0, (), verdict.reason)
        if verdict.lang is not None:
            confidence = verdict.script_share
            if verdict.reason == "letters":
                confidence *= min(1.0, 0.8 + verdict.evidence)
            others = tuple((c, 0.0) for c in verdict.remaining if c != verdict.lang)
            return LanguageGuess(verdict.lang, confidence, others, verdict.reason)
        backend = self._short if verdict.letters < self._short_text else self._long
        if (expected is not None and backend is not self._long and verdict.opening is None
                and expected in verdict.remaining and _weighs(self._long, expected)):
            early = self._long.scores(_without_names(text, verdict),
                                      _with_conditional(self._long, verdict))
            if early and early[0][0] == expected and early[0][1] >= SECOND_OPINION_BELOW:
                lang, prob = early[0]
                return LanguageGuess(lang, prob * verdict.script_share, tuple(early[1:]),
                                     self._long.name)
        if verdict.opening is not None and not _weighs(backend, verdict.opening) and _weighs(
            self._short, verdict.opening
        ):  # a sentence's first word carries its letters: read it with a model that knows it
            backend = self._short
        candidates = _with_conditional(backend, verdict)
        if verdict.opening is not None and _weighs(backend, verdict.opening):
            candidates = tuple(dict.fromkeys((*candidates, verdict.opening)))
        elif verdict.opening is not None:
            # no backend may weigh it: the letters of the first word decide
            others = tuple((c, 0.0) for c in candidates)
            return LanguageGuess(verdict.opening, verdict.script_share * 0.8, others, "letters")
        if len(candidates) == 1:
            others = tuple((c, 0.0) for c in verdict.dropped)
            return LanguageGuess(candidates[0], verdict.script_share, others, "excluded")
        text = _without_names(text, verdict)
        method = backend.name
        scores = backend.scores(text, candidates)
        if not scores and backend is not self._long:
            backend = self._long
            method = backend.name
            scores = backend.scores(text, verdict.remaining)
        elif scores and self._short is not self._long:
            # an unsure answer: average in the other backend's opinion
            other = self._short if backend is self._long else self._long
            limit = SECOND_OPINION_BELOW if backend is self._long else SHORT_SECOND_OPINION_BELOW
            if scores[0][1] < limit:
                second = other.scores(text, candidates)
                if second:
                    scores = _average(scores, second, backend.languages, other.languages)
                    method = f"{backend.name}+{other.name}"
        if not scores:
            share = 1.0 / len(verdict.remaining)
            return LanguageGuess(
                UNDETERMINED, 0.0, tuple((c, share) for c in verdict.remaining), method
            )
        lang, prob = scores[0]
        return LanguageGuess(lang, prob * verdict.script_share, tuple(scores[1:]), method)


def _without_names(text: str, verdict: LetterVerdict) -> str:
    """``text`` with the names the letter rules set aside blanked out (if any letters remain).

    >>> text = "Партия «Ақ жол» провела съезд."
    >>> _without_names(text, letter_verdict(text, ("ru", "kk", "uk"), profiled={"ru", "uk"}))
    'Партия          провела съезд.'
    """
    if not verdict.names:
        return text
    chars = list(text)
    for start, end in verdict.names:
        chars[start:end] = " " * (end - start)
    blanked = "".join(chars)
    return blanked if any(ch.isalpha() for ch in blanked) else text


def _average(
    first: list[tuple[str, float]],
    second: list[tuple[str, float]],
    first_knows: frozenset[str],
    second_knows: frozenset[str],
) -> list[tuple[str, float]]:
    """Average two rankings; a language only one backend knows keeps that one's score."""
    a, b = dict(first), dict(second)
    merged = {}
    for lang in {*a, *b}:
        both = lang in first_knows and lang in second_knows
        merged[lang] = (a.get(lang, 0.0) + b.get(lang, 0.0)) / 2 if both else a.get(
            lang, b.get(lang, 0.0)
        )
    return sorted(merged.items(), key=lambda x: (-x[1], x[0]))


def _weighs(backend: Backend, lang: str) -> bool:
    """Whether ``backend`` has a model for ``lang`` (offered freely or conditionally)."""
    return lang in backend.languages or lang in getattr(backend, "conditional", {})


def _with_conditional(backend: Backend, verdict: LetterVerdict) -> tuple[str, ...]:
    """The letter rules' candidates, plus set-aside ones the backend may rank here.

    A backend's ``conditional`` attribute maps a language it ranks only with
    care to ``(rivals, letters)``: the languages it must not be weighed
    against unless the text has fewer letters than ``letters`` (lingua's
    Kazakh model claims Ukrainian sentences, so ``{"kk": ({"uk"}, 40)}``).
    """
    conditional: dict[str, tuple[frozenset[str], int]] = getattr(backend, "conditional", {})
    back = tuple(
        c
        for c in verdict.dropped
        if c in conditional
        and (conditional[c][0].isdisjoint(verdict.remaining) or verdict.letters < conditional[c][1])
    )
    return verdict.remaining + back


_cache_lock = threading.Lock()
_cache: dict[tuple[tuple[str, ...], str], LanguageDetector] = {}
#: shared detectors kept at once (the oldest goes first; never the default set's)
CACHED_DETECTORS = 8


def default_detector(
    languages: Sequence[str] | None = None, backend: str = "auto"
) -> LanguageDetector:
    """The shared detector for ``languages`` (default set) and ``backend``, built once."""
    key = (tuple(DEFAULT_LANGUAGES if languages is None else languages), backend)
    detector = _cache.get(key)
    if detector is None:
        with _cache_lock:
            detector = _cache.get(key)
            if detector is None:
                detector = LanguageDetector(key[0], backend=backend)
                evictable = [k for k in _cache if k[0] != DEFAULT_LANGUAGES]
                while evictable and len(_cache) >= CACHED_DETECTORS:
                    del _cache[evictable.pop(0)]
                _cache[key] = detector
    return detector


def detect_language(
    text: str, candidates: Iterable[str] | None = None, *, backend: str = "auto"
) -> LanguageGuess:
    """Guess the language of ``text``; ``candidates`` restricts the answer.

    Uses a shared :class:`LanguageDetector` over :data:`DEFAULT_LANGUAGES`
    (or over ``candidates`` when they go beyond that set).

    >>> detect_language("Dobrý den, jak se máte?").lang
    'cs'
    >>> detect_language("Ceci est une phrase.", candidates=["en", "fr"]).lang
    'fr'
    >>> detect_language("Ceci est une phrase.", candidates=["en-GB", "fr-CA"]).lang
    'fr-CA'
    """
    languages: Sequence[str] | None = None
    given: list[str] | None = None
    if candidates is not None:
        given = list(candidates)
        cands = {normalize_language(c) for c in given}
        if not cands <= set(DEFAULT_LANGUAGES):
            languages = tuple(sorted(cands))
    return default_detector(languages, backend).detect(text, given)
