"""Language detection: deterministic, accurate on short text, fast.

Script and letter rules decide first (Armenian → ``hy``, Kazakh-only letters →
``kk``, ``є ї ґ`` → ``uk``, ...); a statistical backend (``langdetect``, or
``lingua`` for short text when installed) ranks what the letters leave open.
:func:`detect_languages` puts a language on every segment of a document.

>>> from polyglot_press.langid import detect_language
>>> detect_language("Բարև, աշխարհ").lang
'hy'
>>> detect_language("The committee approved the budget.").lang
'en'
"""

from __future__ import annotations

from .backends import (
    KNOWN_BACKENDS,
    Backend,
    available_backends,
    get_backend_class,
    register_backend,
)
from .detector import (
    DEFAULT_LANGUAGES,
    UNDETERMINED,
    LanguageDetector,
    LanguageGuess,
    default_detector,
    detect_language,
    known_languages,
    normalize_language,
)
from .documents import detect_languages
from .letters import LetterVerdict, letter_verdict

__all__ = [
    "DEFAULT_LANGUAGES",
    "KNOWN_BACKENDS",
    "UNDETERMINED",
    "Backend",
    "LanguageDetector",
    "LanguageGuess",
    "LetterVerdict",
    "available_backends",
    "default_detector",
    "detect_language",
    "detect_languages",
    "get_backend_class",
    "known_languages",
    "letter_verdict",
    "normalize_language",
    "register_backend",
]
