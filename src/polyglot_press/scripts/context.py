"""What a scan may assume about its text: the kinds of finding and :class:`ScanContext`.

The language tag of the surrounding text names its dominant script; without
one, the scanner computes it from the text.

>>> ScanContext(lang="kk").script
'Cyrl'
>>> as_context("ru").lang
'ru'
"""

from __future__ import annotations

from dataclasses import dataclass

from .._lang_data import LIKELY_SCRIPT
from ..lang import lang_base, script_of_language
from ..text import Span

__all__ = [
    "BIDI",
    "COMPATIBILITY",
    "INVISIBLE",
    "KINDS",
    "KNOWN_LANGUAGES",
    "LINK",
    "MIXED_NUMBERS",
    "MIXED_SCRIPT",
    "WHOLE_SCRIPT",
    "ScanContext",
    "as_context",
    "script_for",
]

MIXED_SCRIPT = "mixed-script"
WHOLE_SCRIPT = "whole-script"
INVISIBLE = "invisible"
BIDI = "bidi"
COMPATIBILITY = "compatibility"
MIXED_NUMBERS = "mixed-numbers"
LINK = "link"
#: Every kind of finding :func:`~polyglot_press.scripts.scan` reports.
KINDS: frozenset[str] = frozenset(
    {MIXED_SCRIPT, WHOLE_SCRIPT, INVISIBLE, BIDI, COMPATIBILITY, MIXED_NUMBERS, LINK}
)

#: Language subtags whose script :class:`ScanContext` knows (CLDR likely scripts, see ``lang.py``).
KNOWN_LANGUAGES: frozenset[str] = frozenset(LIKELY_SCRIPT)
# CLDR names the script of Chinese text by its variant; the scanner counts Han letters
_HAN_VARIANTS = frozenset({"Hans", "Hant", "Hanb"})


def script_for(tag: str) -> str | None:
    """The script text in language ``tag`` is written in, as the scanner names it.

    >>> script_for("ru-KZ"), script_for("zh-TW"), script_for("sr-Latn"), script_for("qaa")
    ('Cyrl', 'Hani', 'Latn', None)
    """
    script = script_of_language(tag)
    return "Hani" if script in _HAN_VARIANTS else script


@dataclass(frozen=True, slots=True)
class ScanContext:
    """What :func:`~polyglot_press.scripts.scan` may assume about the text it is given.

    ``lang`` (a BCP-47 tag) or ``dominant_script`` (ISO 15924, e.g. ``"Latn"``)
    name the script the surrounding text is written in; when both are None it is
    computed from the text. ``kinds`` restricts the report to some kinds.
    ``bidi_only`` lists spans (code blocks) where only bidi controls are reported:
    identifiers and strings in code may hold anything, but a bidi control there
    can hide what the code does (Trojan Source). ``domains`` lists host names
    the reader trusts ("paypal.com"): a host that looks the same but is not one
    of them is a ``link-skeleton-match`` finding.

    >>> ScanContext(lang="ru-KZ").script
    'Cyrl'
    """

    lang: str | None = None
    dominant_script: str | None = None
    kinds: frozenset[str] | None = None
    bidi_only: tuple[Span, ...] = ()
    domains: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kinds is not None:
            unknown = set(self.kinds) - KINDS
            if unknown:
                from ..errors import InputError

                raise InputError(f"unknown finding kind(s) {sorted(unknown)}; choose from {sorted(KINDS)}")

    @property
    def script(self) -> str | None:
        """The dominant script given by ``dominant_script`` or implied by ``lang``."""
        if self.dominant_script:
            return self.dominant_script
        if self.lang:
            return script_for(self.lang)
        return None

    @property
    def language(self) -> str | None:
        """The primary language subtag of ``lang`` ("en" for "en-GB"), or None."""
        return lang_base(self.lang) or None

    def wants(self, kind: str) -> bool:
        """True when findings of ``kind`` are to be reported."""
        return self.kinds is None or kind in self.kinds

    def inside_code(self, span: Span) -> bool:
        """True when ``span`` overlaps a ``bidi_only`` region."""
        return any(region.overlaps(span) for region in self.bidi_only)


_DEFAULT_CONTEXT = ScanContext()


def as_context(context: ScanContext | str | None) -> ScanContext:
    """``context`` as a :class:`ScanContext` (a str is a language tag)."""
    if context is None:
        return _DEFAULT_CONTEXT
    if isinstance(context, str):
        return ScanContext(lang=context)
    return context
