"""Find mixed scripts, confusables, invisible and bidi characters in a text.

:func:`scan` returns :class:`~polyglot_press.text.Finding` records; each names
its span, the characters involved (code point, name, script) and, when a safe
fix exists, the replacement :func:`~polyglot_press.scripts.repair` would make.

Speed: pure-ASCII text returns before any per-character work; invisible and
bidi characters are found in one compiled ``regex`` pass; only words that hold
a non-ASCII letter are analysed, and per-word results are memoised.

>>> [f.kind for f in scan("Оwen Murphy")]
['mixed-script']
>>> scan("Оwen Murphy")[0].suggestion
'Owen'
>>> scan("Owen Murphy met Анна and Борис")
[]
"""

from __future__ import annotations

import heapq
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..text import Change, CharInfo, Finding, Severity, Span, line_column
from . import _ucd
from ._data import tables as _t
from .confusables import counterpart
from .plausibility import LANGUAGES, is_cyrillic_word, script_score
from .resolve import is_highly_restrictive, resolved_scripts

__all__ = [
    "BIDI",
    "COMPATIBILITY",
    "INVISIBLE",
    "KINDS",
    "KNOWN_LANGUAGES",
    "MIXED_NUMBERS",
    "MIXED_SCRIPT",
    "WHOLE_SCRIPT",
    "ScanContext",
    "scan",
]

MIXED_SCRIPT = "mixed-script"
WHOLE_SCRIPT = "whole-script"
INVISIBLE = "invisible"
BIDI = "bidi"
COMPATIBILITY = "compatibility"
MIXED_NUMBERS = "mixed-numbers"
#: Every kind of finding :func:`scan` reports.
KINDS: frozenset[str] = frozenset({MIXED_SCRIPT, WHOLE_SCRIPT, INVISIBLE, BIDI, COMPATIBILITY, MIXED_NUMBERS})

# language tag (primary subtag) -> the script its text is normally written in
_LANG_SCRIPT: dict[str, str] = {
    **dict.fromkeys(
        [
            "en",
            "de",
            "fr",
            "es",
            "pt",
            "it",
            "nl",
            "sv",
            "da",
            "no",
            "nb",
            "nn",
            "fi",
            "et",
            "lv",
            "lt",
            "pl",
            "cs",
            "sk",
            "sl",
            "hr",
            "bs",
            "hu",
            "ro",
            "tr",
            "az",
            "uz",
            "sq",
            "is",
            "ga",
            "cy",
            "mt",
            "eu",
            "ca",
            "gl",
            "vi",
            "id",
            "ms",
            "tl",
            "sw",
            "af",
        ],
        "Latn",
    ),
    **dict.fromkeys(["ru", "uk", "be", "bg", "mk", "kk", "ky", "tg", "tt", "ba", "mn", "sr"], "Cyrl"),
    "el": "Grek",
    "hy": "Armn",
    "ka": "Geor",
    **dict.fromkeys(["ar", "fa", "ur", "ps", "ug", "ckb"], "Arab"),
    **dict.fromkeys(["he", "yi"], "Hebr"),
    **dict.fromkeys(["hi", "mr", "ne", "sa"], "Deva"),
    "bn": "Beng",
    "ta": "Taml",
    "th": "Thai",
    "ja": "Jpan",
    "zh": "Hani",
    "ko": "Kore",
    "am": "Ethi",
}


#: Language subtags whose script :class:`ScanContext` knows ("en", "ru", "kk"...).
KNOWN_LANGUAGES: frozenset[str] = frozenset(_LANG_SCRIPT)


@dataclass(frozen=True, slots=True)
class ScanContext:
    """What :func:`scan` may assume about the text it is given.

    ``lang`` (a BCP-47 tag) or ``dominant_script`` (ISO 15924, e.g. ``"Latn"``)
    name the script the surrounding text is written in; when both are None it is
    computed from the text. ``kinds`` restricts the report to some kinds.
    ``bidi_only`` lists spans (code blocks) where only bidi controls are reported:
    identifiers and strings in code may hold anything, but a bidi control there
    can hide what the code does (Trojan Source).

    >>> ScanContext(lang="ru-KZ").script
    'Cyrl'
    """

    lang: str | None = None
    dominant_script: str | None = None
    kinds: frozenset[str] | None = None
    bidi_only: tuple[Span, ...] = ()

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
            return _LANG_SCRIPT.get(self.lang.replace("_", "-").split("-")[0].lower())
        return None

    def wants(self, kind: str) -> bool:
        """True when findings of ``kind`` are to be reported."""
        return self.kinds is None or kind in self.kinds


# ---------------------------------------------------------------- character classes

_WORD_CLASS = r"\p{L}\p{M}\p{N}\p{Cf}"
_WORD_RE = regex.compile(f"[{_WORD_CLASS}]+")
_WORD_BACK_RE = regex.compile(f"(?r)[{_WORD_CLASS}]+")
_WORD_CHAR_RE = regex.compile(f"[{_WORD_CLASS}]")
# runs of non-ASCII characters (a negated class: regex scans it fast)
_NON_ASCII_RUN_RE = regex.compile(r"[^\x00-\x7F]+")
# The regex module's own property tables (Unicode 17+) are several times faster
# than a long explicit class; tests check they agree with the generated tables.
# (every Bidi_Control character is also Default_Ignorable; a test checks it)
_SPECIAL_RE = regex.compile(r"[^\P{Default_Ignorable_Code_Point}]+")
# strong right-to-left letters; RLM and ALM are strong too but are what we judge
_RTL_RE = regex.compile(
    r"[[\p{Bidi_Class=Right_To_Left}\p{Bidi_Class=Arabic_Letter}]--[\u200F\u061C]]", regex.V1
)
_CJK_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}]")
_PARA_RE = regex.compile(r"\r\n|[\n\r\x1c-\x1e\x85\u2029]")

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
ZWSP, ZWNJ, ZWJ, WJ, SHY, CGJ = "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u034f"
_EMBEDDINGS = frozenset({LRE, RLE, LRO, RLO})
_OVERRIDES = frozenset({LRO, RLO})
_ISOLATES = frozenset({LRI, RLI, FSI})
_MARKS = frozenset({LRM, RLM, ALM})
_BIDI_CONTROLS = _EMBEDDINGS | _ISOLATES | {PDF, PDI}

# scripts where joiners shape letters (ZWJ/ZWNJ are part of correct spelling)
_JOINING_SCRIPTS = frozenset(
    [
        "Arab",
        "Syrc",
        "Nkoo",
        "Mong",
        "Phag",
        "Mand",
        "Mani",
        "Adlm",
        "Rohg",
        "Sogd",
        "Ougr",
        "Chrs",
        "Hmnp",
        "Psal",
        "Hung",
        "Yezi",
    ]
)
# Brahmic scripts: ZWJ/ZWNJ select conjunct and half forms
_BRAHMIC = frozenset(
    [
        "Deva",
        "Beng",
        "Guru",
        "Gujr",
        "Orya",
        "Taml",
        "Telu",
        "Knda",
        "Mlym",
        "Sinh",
        "Tibt",
        "Mymr",
        "Khmr",
        "Laoo",
        "Thai",
        "Bali",
        "Java",
        "Sund",
        "Tirh",
        "Shrd",
        "Sidd",
        "Gran",
        "Newa",
        "Takr",
        "Dogr",
        "Modi",
        "Khoj",
        "Sind",
        "Kthi",
        "Mtei",
        "Cakm",
        "Limb",
        "Tale",
        "Talu",
        "Lana",
        "Bugi",
        "Batk",
        "Rjng",
        "Saur",
        "Tglg",
        "Hano",
        "Buhd",
        "Tagb",
        "Ahom",
        "Gong",
        "Gonm",
        "Diak",
        "Nand",
        "Zanb",
        "Soyo",
        "Kawi",
    ]
)
# scripts written without spaces, where ZWSP marks word boundaries
_NO_SPACE_SCRIPTS = frozenset(
    ["Thai", "Laoo", "Khmr", "Mymr", "Tibt", "Java", "Bali", "Tale", "Talu", "Lana", "Hani", "Jpan"]
)
# scripts that have standardized variation sequences with VS1-VS14
_VS_BASE_SCRIPTS = frozenset(
    ["Hani", "Mymr", "Mong", "Phag", "Mani", "Egyp", "Zanb", "Tang", "Nshu", "Hira", "Kana"]
)

# words naming a script or its languages: "The Russian word КОТ"
_CUES: dict[str, tuple[str, ...]] = {
    "Cyrl": (
        "cyrillic",
        "russian",
        "ukrainian",
        "belarusian",
        "bulgarian",
        "serbian",
        "macedonian",
        "kazakh",
        "kyrgyz",
        "tajik",
        "tatar",
        "bashkir",
        "mongolian",
        "chuvash",
        "yakut",
        "chechen",
        "ossetian",
        "rusyn",
    ),
    "Grek": ("greek", "hellenic"),
    "Armn": ("armenian",),
    "Geor": ("georgian",),
    "Cher": ("cherokee",),
    "Copt": ("coptic",),
}
# The cue must introduce the word: only these words, punctuation and quotes may
# stand between them ("the Russian word КОТ", "in Greek, the word ΚΑΙ", "Kazakh
# for 'yes'"), so "Russian hackers registered аррӏе.com" is still flagged.
_CUE_GAP = (
    r"(?:[\s,:;\-–—(\"'«»“”‘’]|\b(?:the|a|an|word|words|name|names|term|terms|for|is|"
    r"letter|letters|spelling|spelled|spelt|written|as|in|called|means|text|reads|says|"
    r"said|of|its|their|original|form|version|title|slogan|noun|verb|adjective|phrase)\b)*"
)
_CUE_RE = {
    script: regex.compile(r"\b(?:" + "|".join(words) + r")\b" + _CUE_GAP + r"\Z", regex.IGNORECASE)
    for script, words in _CUES.items()
}


def _script_name(ch: str) -> str:
    scx = _ucd.script_extensions(ch)
    return "+".join(_t.SCRIPT_NAMES.get(s, s) for s in sorted(scx))


def char_info(ch: str) -> CharInfo:
    """:class:`CharInfo` with the real Script_Extensions name(s).

    >>> char_info("О").script
    'Cyrillic'
    """
    return CharInfo.of(ch, script=_script_name(ch))


# ---------------------------------------------------------------- internal records


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding plus the changes that would fix it and the repair category."""

    finding: Finding
    fix: tuple[Change, ...] = ()
    category: str = ""


@dataclass(frozen=True, slots=True)
class _Word:
    """Per-word analysis (memoised by the word's text)."""

    script: str | None  # the single script of the word's letters, if any
    letters: Counter[str]  # letters per script
    mixed: bool
    majority: str | None
    compat_runs: tuple[tuple[int, int], ...]
    mixed_digits: bool
    ascii_letters: int  # already counted by the text-wide ASCII letter count


# per character: (main script if a letter, augmented scripts, is compatibility form,
# zero of its decimal system or -1, is default-ignorable)
_CharFacts = tuple[str | None, frozenset[str], bool, int, bool]
_FACTS: dict[str, _CharFacts] = {}


def _facts(ch: str) -> _CharFacts:
    cp = ord(ch)
    value = unicodedata.decimal(ch, -1) if unicodedata.category(ch) == "Nd" else -1
    facts = (
        _ucd.main_script(ch) if ch.isalpha() else None,
        _ucd.augmented_scripts(ch),
        _COMPAT_CHAR_RE.match(ch) is not None,
        cp - value if value >= 0 else -1,
        ch in _ucd.DEFAULT_IGNORABLE,
    )
    _FACTS[ch] = facts
    return facts


@lru_cache(maxsize=1 << 16)
def _analyze_word(word: str) -> _Word:
    letters: Counter[str] = Counter()
    compat: list[tuple[int, int]] = []
    zeros: set[int] = set()
    resolved: frozenset[str] | None = None
    run_start = -1
    get = _FACTS.get
    for i, ch in enumerate(word):
        main, scripts, is_compat, zero, ignorable = get(ch) or _facts(ch)
        if is_compat:
            if run_start < 0:
                run_start = i
        elif run_start >= 0:
            compat.append((run_start, i))
            run_start = -1
        if ignorable:
            continue  # ZWJ, variation selectors...: judged by the invisible-character pass
        if main is not None:
            letters[main] += 1
        if zero >= 0:
            zeros.add(zero)
        if scripts:
            resolved = scripts if resolved is None else resolved & scripts
    if run_start >= 0:
        compat.append((run_start, len(word)))
    if compat and all(0x2100 <= ord(c) <= 0x214F for c in word):
        compat = []  # a lone Letterlike symbol is notation: "the set ℝ", "5 ℓ", "ℏ"
    if resolved is None:
        resolved = _ucd.ALL_SCRIPTS
    mixed = False
    if not resolved:
        visible = "".join(c for c in word if not (get(c) or _facts(c))[4])
        mixed = not is_highly_restrictive(visible)
    majority = None
    if letters:
        ranked = letters.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            majority = ranked[0][0]
    script = None
    if resolved and resolved is not _ucd.ALL_SCRIPTS and len(letters) == 1:
        (script,) = letters
    ascii_letters = sum(1 for c in word if c.isascii() and c.isalpha())
    return _Word(script, letters, mixed, majority, tuple(compat), len(zeros) > 1, ascii_letters)


@lru_cache(maxsize=1 << 14)
def _minority_fix(word: str, majority: str, core_only: bool = False) -> tuple[tuple[int, str], ...] | None:
    """Replacements (index, new char) moving minority letters into ``majority``.

    With ``core_only`` every replacement must be a core letter of that script
    (ASCII for Latin; the Russian, Ukrainian, Belarusian, Serbian, Macedonian and
    Kazakh alphabets for Cyrillic), so "аpple" in Russian text is not respelled
    with the Abkhaz palochka "ӏ".
    """
    fixes: list[tuple[int, str]] = []
    for i, ch in enumerate(word):
        scripts = _ucd.augmented_scripts(ch)
        if not scripts or majority in scripts or not ch.isalpha():
            continue
        other = counterpart(ch, majority)
        if other is None or not _ucd.is_allowed(other):
            return None  # no lookalike, or only a technical/obsolete one (ĸ, ʙ)
        if core_only and not _is_core(other, majority):
            return None
        fixes.append((i, other))
    if not fixes:
        return None
    fixed = list(word)
    for i, other in fixes:
        fixed[i] = other
    if not resolved_scripts("".join(fixed)):
        return None
    return tuple(fixes)


_RUSSIAN_CAPITALS = frozenset("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
_CORE_CYRILLIC = frozenset([chr(cp) for cp in range(0x0400, 0x0460)] + list("ӘәҒғҚқҢңӨөҰұҮүҺһҐґ"))


def _is_core(ch: str, script: str) -> bool:
    if script == "Latn":
        return ch.isascii()
    if script == "Cyrl":
        return ch in _CORE_CYRILLIC
    return True


# Cyrillic letters whose Latin skeleton holds only in italic or handwriting (г r,
# п n, т m, и u, д g) or loosely (ш w, ь b, ү ұ y): a whole word spelled with them
# does not pass for a Latin one ("шаш" is no "waw", Kazakh "үш" no "yw")
_LOOSE_LOOKALIKES = frozenset("гптидшьүұ")


@lru_cache(maxsize=1 << 16)
def _reading(word: str, target: str) -> str | None:
    """The word spelled with ``target``-script lookalikes, if every letter has one (see _LOOSE_LOOKALIKES)."""
    out: list[str] = []
    for ch in word:
        if not _ucd.augmented_scripts(ch):
            out.append(ch)
            continue
        if ch in _LOOSE_LOOKALIKES:
            return None
        other = counterpart(ch, target)
        if other is None:
            return None
        if target == "Latn" and not other.isascii():
            return None
        if target != "Latn" and not _ucd.is_allowed(other):
            return None
        out.append(other)
    return "".join(out)


# ---------------------------------------------------------------- scanning


def scan(text: str, *, context: ScanContext | str | None = None) -> list[Finding]:
    """Report mixed scripts, confusables, invisible and bidi characters in ``text``.

    ``context`` is a :class:`ScanContext`, or a language tag as shorthand
    (``"en"``, ``"ru"``) naming the language of the surrounding text.

    >>> [(f.kind, f.text, f.suggestion) for f in scan("Пpивет, мир")]
    [('mixed-script', 'Пpивет', 'Привет')]
    >>> [(f.kind, f.rule) for f in scan("invoice\\u202efdp.exe")]
    [('bidi', 'bidi-override')]
    >>> scan("plain ASCII never needs per-character work")
    []
    """
    return [issue.finding for issue in scan_issues(text, context=context)]


def _as_context(context: ScanContext | str | None) -> ScanContext:
    if context is None:
        return _DEFAULT_CONTEXT
    if isinstance(context, str):
        return ScanContext(lang=context)
    return context


_DEFAULT_CONTEXT = ScanContext()


def check_text(text: object, caller: str) -> str:
    """``text`` itself when it is a str holding no lone surrogate; else a clear error.

    Bytes, None and other objects raise ``TypeError``; a lone surrogate (from
    ``surrogateescape`` decoding or a broken UTF-16 pair) raises
    :class:`~polyglot_press.errors.InputError` with its offset, line and column.

    >>> check_text("abc\\ud800", "scan")
    Traceback (most recent call last):
    ...
    polyglot_press.errors.InputError: 1:4: scan(): lone surrogate U+D800 at offset 3; the text is ...
    """
    if not isinstance(text, str):
        hint = " (decode it first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"{caller}() needs the text as a str, got {type(text).__name__}{hint}")
    if not text.isascii():
        bad = _SURROGATE_RE.search(text)
        if bad is not None:
            from ..errors import InputError

            offset = bad.start()
            line, column = line_column(text, offset)
            raise InputError(
                f"{caller}(): lone surrogate U+{ord(bad.group()):04X} at offset {offset}; the text is "
                "not valid Unicode (decoded with surrogateescape, or a "
                "broken UTF-16 pair): fix the source or decode it with errors='replace'",
                line=line,
                column=column,
            )
    return text


_SURROGATE_RE = regex.compile(r"[\ud800-\udfff]")


def scan_issues(text: str, *, context: ScanContext | str | None = None) -> list[Issue]:
    """Like :func:`scan`, with each finding's fix attached (used by ``repair``)."""
    text = check_text(text, "scan")
    if text.isascii():
        return []
    ctx = _as_context(context)
    issues: list[Issue] = []
    if ctx.wants(INVISIBLE) or ctx.wants(BIDI):
        issues.extend(_special_issues(text, ctx))
    if ctx.kinds is None or ctx.kinds & {MIXED_SCRIPT, WHOLE_SCRIPT, COMPATIBILITY, MIXED_NUMBERS}:
        issues.extend(_word_issues(text, ctx))
    if ctx.bidi_only:
        issues = [i for i in issues if i.finding.kind == BIDI or not _inside(i.finding.span, ctx)]
    issues.sort(key=lambda i: (i.finding.span.start, i.finding.span.end, i.finding.kind))
    return issues


def _inside(span: Span, ctx: ScanContext) -> bool:
    return any(region.overlaps(span) for region in ctx.bidi_only)


# ---- words


def _is_word_char(ch: str) -> bool:
    hit = _WORD_CHARS.get(ch)
    if hit is None:
        hit = _WORD_CHAR_RE.match(ch) is not None
        _WORD_CHARS[ch] = hit
    return hit


_WORD_CHARS: dict[str, bool] = {}


def _words_sparse(
    text: str, triggers: tuple[regex.Pattern[str], ...] = (_NON_ASCII_RUN_RE,), *, low: bool = False
) -> Iterator[tuple[int, int]]:
    """Spans of the words holding a character any of ``triggers`` matches.

    A trigger may match a run of characters ("«Привет—мир»"): every word that
    starts or ends inside the run is reported, once. ``low`` says the text's
    letters lie below U+0660 (``_LOW_SCRIPTS``), so the ``_RARE_TRIGGERS`` are
    run only where characters above it are (see :func:`_rare_spans`).
    """
    back = _WORD_BACK_RE.match
    forward = _WORD_RE.match
    next_word_char = _WORD_CHAR_RE.search
    if len(triggers) == 1:
        runs: Iterator[tuple[int, int]] = (m.span() for m in triggers[0].finditer(text))
    else:
        rare = [t for t in triggers if low and t in _RARE_TRIGGERS]
        common = [t for t in triggers if t not in rare]
        streams: list[Iterator[tuple[int, int]]] = [(m.span() for m in t.finditer(text)) for t in common]
        if rare:
            streams.append(_rare_spans(text, rare))
        runs = heapq.merge(*streams)
    pos = 0
    for p, run_end in runs:
        if run_end <= pos:
            continue
        if p < pos:
            p = pos
        if run_end - p == 1 and not _is_word_char(text[p]):
            continue  # the common case: one quote mark or dash
        while p < run_end:
            if not _is_word_char(text[p]):
                hit = next_word_char(text, p, run_end)
                if hit is None:
                    break
                p = hit.start()
            b = back(text, pos, p)
            start = b.start() if b is not None else p
            f = forward(text, p)
            end = f.end() if f is not None else p + 1
            yield start, end
            pos = p = end


def _rare_spans(text: str, patterns: list[regex.Pattern[str]]) -> Iterator[tuple[int, int]]:
    """Spans of the matches of ``patterns`` (members of ``_RARE_TRIGGERS``), in order.

    Those match single characters at or above U+0660 only, so they are run only
    inside the runs of such characters: in Cyrillic or Greek text these are a
    few dashes and quotes, and one fast pass finds them (instead of a pass of
    each slower property class over the whole text).
    """
    if frozenset(patterns) == _RARE_TRIGGERS:
        patterns = [_RARE_RE]  # one pass per run; a character both match is one span, not two
    for run in _HIGH_RUN_RE.finditer(text):
        a, b = run.span()
        if len(patterns) == 1:
            yield from (m.span() for m in patterns[0].finditer(text, a, b))
        else:
            yield from sorted(m.span() for p in patterns for m in p.finditer(text, a, b))


def _ascii_latin_letters(text: str, raw: bytes | None = None) -> int:
    """ASCII letters in ``text`` (``raw``: ``text.encode("ascii", "ignore")`` if already made)."""
    if raw is None:
        raw = text.encode("ascii", "ignore")
    return len(raw) - len(raw.translate(None, _ASCII_LETTERS))


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
# above this share of non-ASCII characters, words are collected by type, not by token
_DENSE = 0.02


def _interesting(info: _Word, dominant: str | None) -> bool:
    """True when the word needs a look, given the text's dominant script."""
    return bool(
        info.mixed
        or info.compat_runs
        or info.mixed_digits
        or (info.script is not None and info.script != dominant)
    )


@lru_cache(maxsize=64)
def _triggers_for(script: str) -> tuple[regex.Pattern[str], ...]:
    """Characters that can start a finding in text written in ``script``.

    Anything outside ``script``, Common and Inherited (a negated class, which
    ``regex`` scans fast), plus every non-ASCII digit (two systems may mix even
    within the main script) and the mathematical alphanumerics. A word made
    only of ``script`` letters, Common characters and ASCII digits can be
    neither mixed-script, nor whole-script confusable, nor a compatibility form.
    """
    return (
        regex.compile(rf"[^\p{{scx={script}}}\p{{scx=Zyyy}}\p{{scx=Zinh}}]+"),
        _OTHER_DIGIT_RE,
        _MATH_ALNUM_RE,
    )


_OTHER_DIGIT_RE = regex.compile(r"[^\P{Nd}0-9]")
# compatibility letters and digits: every character whose decomposition type is
# <font> (mathematical alphanumerics, Letterlike ℍ ℝ ℭ, Arabic mathematical
# letters, legacy-computing digits) or <wide> (fullwidth forms)
_COMPAT_CHAR_RE = regex.compile(r"[\p{Decomposition_Type=Font}\p{Decomposition_Type=Wide}]")
# by-script trigger for them: the <font> ones (a single property scans fast; a
# union of two does not). The <wide> letters are Latin and the <wide> digits
# non-ASCII digits, so the other triggers find them (a test checks it).
_MATH_ALNUM_RE = regex.compile(r"\p{Decomposition_Type=Font}")
# triggers that match single characters at or above U+0660 only (a test checks it):
# _rare_spans runs them inside the runs of such characters
_RARE_TRIGGERS = frozenset({_OTHER_DIGIT_RE, _MATH_ALNUM_RE})
_HIGH_RUN_RE = regex.compile(r"[^\x00-\u065F]+")
# either rare trigger (slow over a whole text, fast inside short runs)
_RARE_RE = regex.compile(r"[[^\P{Nd}0-9]\p{Decomposition_Type=Font}]", regex.V1)
# scripts whose letters lie below U+0660: in their text the characters above it are
# few (dashes, quotes), elsewhere (Devanagari, Han) nearly every word holds some
_LOW_SCRIPTS = frozenset({"Grek", "Cyrl", "Armn", "Hebr"})
_WIDE_RE = regex.compile(r"\p{Decomposition_Type=Wide}")


def _is_dense(text: str, non_ascii: int) -> bool:
    """True when the UTF-8 bytes beyond one per character reach ``_DENSE`` of the length.

    Each of the ``non_ascii`` characters adds one to three bytes, so the UTF-8
    encoding is made only when those bounds leave the answer open.
    """
    limit = _DENSE * len(text)
    if non_ascii >= limit:
        return True
    if 3 * non_ascii < limit:
        return False
    return len(text.encode("utf-8")) - len(text) >= limit


def _estimate_dominant(text: str, raw: bytes | None = None) -> tuple[str, float]:
    """The script most letters of ``text`` are in, and its share, from an even sample."""
    latin = _ascii_latin_letters(text, raw)
    step = max(1, len(text) // _SAMPLE)
    sample = Counter(_NON_ASCII_LETTER_RE.findall(text[::step]))  # first-seen order, as in the text
    counts: Counter[str] = Counter()
    for ch, n in sample.items():
        main = (_FACTS.get(ch) or _facts(ch))[0]
        if main is not None:
            counts[main] += step * n
    counts["Latn"] += latin
    total = sum(counts.values())
    if not total:
        return "Latn", 1.0
    script, count = counts.most_common(1)[0]
    return script, count / total


_ASCII_WORD_RE = regex.compile(rf"(?<![{_WORD_CLASS}])[A-Za-z]{{3,}}(?![{_WORD_CLASS}])")
_NON_ASCII_LETTER_RE = regex.compile(r"[^\P{L}\x00-\x7F]")
_SAMPLE = 5_000
# a text whose main script holds at least this share of its letters is walked
# from the characters outside that script; below it every word type is analysed
_MAIN_SHARE = 0.6


def _word_issues(text: str, ctx: ScanContext) -> list[Issue]:
    counts: Counter[str] = Counter()
    occurrences: list[tuple[int, int, str, _Word]] = []
    dominant = ctx.script
    mode = "sparse"
    triggers: tuple[regex.Pattern[str], ...] = (_NON_ASCII_RUN_RE,)
    raw = text.encode("ascii", "ignore")
    if _is_dense(text, len(text) - len(raw)):
        main, share = _estimate_dominant(text, raw)
        if share >= _MAIN_SHARE and main != "Latn" and dominant in (None, main):
            mode, dominant, triggers = "by-script", main, _triggers_for(main)
    # one pass: words are found from the runs of characters that can start a finding
    # (each distinct word analysed once, cached), never by searching the text per word
    count = dominant is None  # by-script mode already knows the main script
    for start, end in _words_sparse(text, triggers, low=dominant in _LOW_SCRIPTS):
        word = text[start:end]
        info = _analyze_word(word)
        if count:
            for script, k in info.letters.items():
                counts[script] += k
            counts["Latn"] -= info.ascii_letters
        occurrences.append((start, end, word, info))
    if dominant is None:
        counts["Latn"] += _ascii_latin_letters(text, raw)
        dominant = counts.most_common(1)[0][0] if counts else "Latn"
    if mode != "by-script" and dominant == "Cyrl" and ctx.wants(WHOLE_SCRIPT):
        # Latin words in Russian text may spell Russian words ("HOBOE"): the ASCII ones too
        occurrences.extend(
            (m.start(), m.end(), m.group(), _analyze_word(m.group())) for m in _ASCII_WORD_RE.finditer(text)
        )
        occurrences.sort(key=lambda item: item[0])
    occurrences = [o for o in occurrences if _interesting(o[3], dominant)]
    if not occurrences:
        return []

    issues: list[Issue] = []
    # words of another script: each judged on its own and against its neighbourhood
    genuine: dict[str, list[int]] = {}  # script -> starts of its words that read as nothing else
    candidates: list[tuple[int, int, str, str, str]] = []
    for start, end, word, info in occurrences:
        if info.script is not None and info.script != dominant and _may_spoof(word, info.script, dominant):
            reading = _reading(word, dominant)
            if reading is None:
                genuine.setdefault(info.script, []).append(start)
            elif sum(info.letters.values()) == 1 and not _spoof_letter(word, info.script, reading):
                pass  # a letter named in prose: "the Cyrillic 'О'", "α-particle", "ყ is k"
            else:
                candidates.append((start, end, word, info.script, reading))
        if info.mixed and ctx.wants(MIXED_SCRIPT):
            issues.append(_mixed_issue(start, word, info, dominant))
        if info.compat_runs and ctx.wants(COMPATIBILITY):
            window = text[max(0, start - 40) : end + 40]
            if _CJK_RE.search(window) is None:
                for a, b in info.compat_runs:
                    issues.append(_compat_issue(start + a, word[a:b]))
        if info.mixed_digits and ctx.wants(MIXED_NUMBERS):
            issues.append(_numbers_issue(start, word))
    if candidates and ctx.wants(WHOLE_SCRIPT):
        lang = ctx.lang.replace("_", "-").split("-")[0].lower() if ctx.lang else None
        for start, end, word, script, reading in candidates:
            cue = _CUE_RE.get(script)
            if cue is not None and cue.search(text, max(0, start - 60), start):
                continue
            near = genuine.get(script, ())
            confidence = _whole_script_confidence(
                text, start, end, word, script, reading, dominant, lang, near
            )
            if confidence is not None:
                issues.append(_whole_script_issue(start, end, word, script, reading, dominant, confidence))
    return issues


def _may_spoof(word: str, script: str, dominant: str) -> bool:
    """Cheap first test: Latin words count only in Cyrillic text, and not as short acronyms."""
    if script != "Latn":
        return True
    return dominant == "Cyrl" and len(word) >= (5 if word.isupper() else 3)


# a genuine word of the same script this close (same paragraph) makes the text
# bilingual there, so a weak whole-script reading is only worth a review
_GENUINE_WINDOW = 200
# whole-script confidences: repaired by default (>= 0.75), or reported for review
_STRONG, _REVIEW = 0.85, 0.6


def _whole_script_confidence(
    text: str,
    start: int,
    end: int,
    word: str,
    script: str,
    reading: str,
    dominant: str,
    lang: str | None,
    genuine: list[int] | tuple[int, ...],
) -> float | None:
    """How sure it is that ``word`` (all ``script``) is a spoof of the ``dominant``-script ``reading``.

    None when it is more likely a genuine foreign word ("I met Саша", "СССР",
    "Они купили iPhone"). The evidence: whether the word is a Russian or Ukrainian word form
    (OpenCorpora), how much likelier the reading is as a word of the dominant
    script than the word as one of its own (letter trigrams), whether the word
    sits in a domain name or next to capitals of the dominant script ("ТОР
    SECRET"), and whether genuine words of its script stand nearby.
    """
    if sum(1 for c in word if c.isalpha()) == 1:
        return _STRONG  # a lone lookalike letter that passed _spoof_letter: "Use а pen"
    caps = word.isupper()
    lexical = (script == "Cyrl" and is_cyrillic_word(word)) or (
        dominant == "Cyrl" and is_cyrillic_word(reading)
    )
    if dominant == "Cyrl" and not lexical:
        return None  # the common case in Russian text: a Latin name, brand or term
    domain = _domain_like(text, start, end)
    caps_neighbour = caps and _caps_neighbour(text, start, end, dominant)
    own = script_score(word, script)
    # the text's language, when given and modelled, judges the reading
    other = script_score(reading, dominant, lang if lang and LANGUAGES.get(lang) == dominant else None)
    if script == "Latn" and dominant != "Cyrl":
        return None  # Latin words in other scripts' text are brands and terms, unless proven otherwise
    if dominant == "Cyrl":
        # a Latin (or other) word in Cyrillic text: only a Russian/Ukrainian word form spelled in
        # lookalikes counts ("HOBOE" = "НОВОЕ"); brand names and acronyms stay
        if not lexical or own is None or other is None or len(word) < (5 if caps else 3):
            return None  # short capitals are acronyms: "пятый CEP" is no "СЕР"
        margin = other - own
        if margin >= 0.8 or (domain and margin >= 0):
            return _STRONG
        return _REVIEW if margin >= 0.5 else None
    if script == "Cyrl" and lexical:
        # a real Russian/Ukrainian word or name (Саша, Вера, СССР, ТАСС): only context makes it a spoof
        return _STRONG if domain or caps_neighbour else None
    if own is None or other is None:
        confidence: float | None = _STRONG if domain or caps_neighbour else _REVIEW
    else:
        margin = other - own
        intrinsic = own <= -4.5  # letters and sequences the script's languages hardly use
        if domain or caps_neighbour:
            confidence = _STRONG if margin >= -1.5 else _REVIEW
        elif caps and script == "Cyrl":
            # capitals that are no Russian or Ukrainian word form: an acronym spelled in
            # lookalikes (СЕО, АТМ) when the reading is about as plausible, or one using
            # letters Russian does not have (ТАХІ); otherwise worth a review only (ХК, ОТР)
            foreign = any(c not in _RUSSIAN_CAPITALS for c in word if c.isalpha())
            confidence = _STRONG if margin >= -0.5 or foreign else _REVIEW
        elif caps:
            confidence = _STRONG if margin >= -1.5 else None
        elif margin >= 1.5 or (margin >= 0 and other >= -3.5 and own <= -3.5):
            # clearly likelier as a word of the main script, or as likely while reading
            # like an ordinary word there and unlike one in its own script (еріс)
            confidence = _STRONG
        elif margin >= -0.5:
            confidence = _REVIEW
        else:
            confidence = None
        if confidence == _STRONG and not (intrinsic or domain) and _genuine_near(text, start, genuine):
            confidence = _REVIEW
    return confidence


def _domain_like(text: str, start: int, end: int) -> bool:
    """True when the word is a label of a host name or e-mail address ("аррӏе.com", "x@аррӏе").

    The next label must be lowercase ASCII ("аррӏе.com", not "Саша.Then", a
    missing space), or the word must follow "@", "//" or "www.".
    """
    if _NEXT_LABEL_RE.match(text, end) is not None:
        return True
    before = text[max(0, start - 4) : start]
    return before.endswith(("@", "//", "www."))


_NEXT_LABEL_RE = regex.compile(r"[.@][a-z0-9-]*[a-z][a-z0-9-]*(?![\p{L}\p{M}\p{N}])")


def _caps_neighbour(text: str, start: int, end: int, dominant: str) -> bool:
    """True when a capitals word of the ``dominant`` script stands right next to the word ("ТОР SECRET")."""
    after = _NEXT_WORD_RE.match(text, end)
    before = _PREV_WORD_RE.search(text, max(0, start - 40), start)
    for m in (after, before):
        if m is not None:
            neighbour = m.group("w")
            if neighbour.isupper() and len(neighbour) > 1 and _analyze_word(neighbour).script == dominant:
                return True
    return False


_NEXT_WORD_RE = regex.compile(r"[ \t]+(?P<w>\p{L}+)")
_PREV_WORD_RE = regex.compile(r"(?P<w>\p{L}+)[ \t]+\Z")


def _genuine_near(text: str, start: int, genuine: list[int] | tuple[int, ...]) -> bool:
    """True when a genuine word of the same script starts within the window, in the same paragraph."""
    from bisect import bisect_left

    i = bisect_left(genuine, start - _GENUINE_WINDOW)
    while i < len(genuine) and genuine[i] <= start + _GENUINE_WINDOW:
        pos = genuine[i]
        a, b = (pos, start) if pos < start else (start, pos)
        if _PARA_RE.search(text, a, b) is None:
            return True
        i += 1
    return False


def _spoof_letter(word: str, script: str, reading: str) -> bool:
    """Whether a one-letter foreign word is more likely a spoof than a mention.

    Lowercase Cyrillic lookalikes stand in for one-letter words ("а" for "a");
    capitals other than the pronoun-like "I" and "A", and Greek letters (science:
    "α-particle", "the π constant"), are usually letters being talked about.
    """
    letter = next(c for c in word if c.isalpha())
    if script == "Grek":
        return False
    return (script == "Cyrl" and letter.islower()) or reading.strip() in ("I", "A")


def _mixed_issue(start: int, word: str, info: _Word, dominant: str) -> Issue:
    # Prefer the text's own script when the word can be spelled in it ("раураl" in
    # English text is "paypal"), else the script most of the word's letters use.
    majority = info.majority
    fixes = None
    targets = [dominant] if dominant in info.letters else []
    if majority is not None and majority not in targets:
        targets.append(majority)
    for target, core_only in [(t, True) for t in targets] + [(t, False) for t in targets]:
        fixes = _minority_fix(word, target, core_only)
        if fixes:
            majority = target
            break
    names = ", ".join(f"{_t.SCRIPT_NAMES.get(s, s)} {n}" for s, n in sorted(info.letters.items()))
    span = Span(start, start + len(word))
    if fixes:
        suggestion_chars = list(word)
        for i, other in fixes:
            suggestion_chars[i] = other
        suggestion = "".join(suggestion_chars)
        odd = [word[i] for i, _ in fixes]
        target = _t.SCRIPT_NAMES.get(majority or "", majority or "")
        message = f"{word!r} mixes scripts ({names}); " + ", ".join(
            f"{char_info(c).name} looks like {target} {o!r}" for c, (_, o) in zip(odd, fixes, strict=True)
        )
        change_list = tuple(
            Change(
                Span(start + i, start + i + 1),
                word[i],
                other,
                MIXED_SCRIPT,
                f"{char_info(word[i]).name} in a {target} word",
            )
            for i, other in fixes
        )
        finding = Finding(
            span,
            MIXED_SCRIPT,
            message,
            Severity.ERROR,
            "mixed-script-confusable",
            0.95,
            word,
            suggestion,
            tuple(char_info(c) for c in odd),
        )
        return Issue(finding, change_list, "homoglyph")
    odd_chars = tuple(
        char_info(c)
        for c in word
        if c.isalpha() and _ucd.augmented_scripts(c) and majority not in _ucd.augmented_scripts(c)
    ) or tuple(char_info(c) for c in word if _ucd.augmented_scripts(c))
    finding = Finding(
        span,
        MIXED_SCRIPT,
        f"{word!r} mixes scripts ({names}); no safe single-script spelling",
        Severity.WARNING,
        "mixed-script",
        0.7,
        word,
        None,
        odd_chars,
    )
    return Issue(finding, (), "homoglyph")


def _compat_issue(start: int, run: str) -> Issue:
    fixed = unicodedata.normalize("NFKC", run)
    kinds = {"fullwidth" if _WIDE_RE.match(c) else "mathematical" for c in run}
    finding = Finding(
        Span(start, start + len(run)),
        COMPATIBILITY,
        f"{' and '.join(sorted(kinds))} compatibility letters {run!r} outside CJK text (NFKC: {fixed!r})",
        Severity.WARNING,
        "compatibility-form",
        0.9,
        run,
        fixed,
        tuple(char_info(c) for c in dict.fromkeys(run)),
    )
    changes = tuple(
        Change(
            Span(start + i, start + i + 1),
            c,
            unicodedata.normalize("NFKC", c),
            COMPATIBILITY,
            f"NFKC of {char_info(c).name}",
        )
        for i, c in enumerate(run)
    )
    return Issue(finding, changes, "compatibility")


def _numbers_issue(start: int, word: str) -> Issue:
    systems: dict[int, list[str]] = {}
    for ch in word:
        value = unicodedata.decimal(ch, -1)
        if value >= 0 and unicodedata.category(ch) == "Nd":
            systems.setdefault(ord(ch) - value, []).append(ch)
    names = [unicodedata.name(chr(z), "?").rsplit(" DIGIT", 1)[0] for z in systems]
    finding = Finding(
        Span(start, start + len(word)),
        MIXED_NUMBERS,
        f"{word!r} mixes digits of {len(systems)} decimal systems ({', '.join(names)})",
        Severity.WARNING,
        "mixed-numbers",
        0.9,
        word,
        None,
        tuple(char_info(chars[0]) for chars in systems.values()),
    )
    return Issue(finding, (), "numbers")


def _whole_script_issue(
    start: int, end: int, word: str, script: str, reading: str, dominant: str, confidence: float
) -> Issue:
    src = _t.SCRIPT_NAMES.get(script, script)
    dst = _t.SCRIPT_NAMES.get(dominant, dominant)
    finding = Finding(
        Span(start, end),
        WHOLE_SCRIPT,
        f"{word!r} is written entirely in {src} but reads as the {dst} {reading!r} in {dst} text",
        Severity.WARNING,
        "whole-script-confusable",
        confidence,
        word,
        reading,
        tuple(char_info(c) for c in dict.fromkeys(word) if c != reading[word.index(c)]),
    )
    changes = tuple(
        Change(
            Span(start + i, start + i + 1), c, r, WHOLE_SCRIPT, f"{char_info(c).name} spelling a {dst} word"
        )
        for i, (c, r) in enumerate(zip(word, reading, strict=True))
        if c != r
    )
    return Issue(finding, changes, "whole-script")


# ---- invisible and bidi characters


@dataclass(slots=True)
class _Paragraphs:
    text: str
    breaks: list[int] = field(default_factory=list)
    rtl: dict[int, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.breaks = [m.end() for m in _PARA_RE.finditer(self.text)]

    def index(self, pos: int) -> int:
        from bisect import bisect_right

        return bisect_right(self.breaks, pos)

    def bounds(self, index: int) -> tuple[int, int]:
        start = self.breaks[index - 1] if index > 0 else 0
        end = self.breaks[index] if index < len(self.breaks) else len(self.text)
        return start, end

    def has_rtl(self, index: int) -> bool:
        found = self.rtl.get(index)
        if found is None:
            start, end = self.bounds(index)
            found = _RTL_RE.search(self.text, start, end) is not None
            self.rtl[index] = found
        return found


def _base_before(text: str, pos: int) -> str:
    """The nearest character before ``pos`` that is not a variation selector or modifier."""
    i = pos - 1
    while i >= 0:
        ch = text[i]
        cp = ord(ch)
        if not (0xFE00 <= cp <= 0xFE0F or ch in _ucd.EMOJI_MODIFIER or 0xE0100 <= cp <= 0xE01EF):
            return ch
        i -= 1
    return ""


def _scripts_near(text: str, pos: int, step: int) -> frozenset[str]:
    i = pos + step
    while 0 <= i < len(text):
        ch = text[i]
        if ch not in _ucd.DEFAULT_IGNORABLE:
            return _ucd.augmented_scripts(ch)
        i += step
    return frozenset()


def _invisible_ok(text: str, pos: int, ch: str) -> bool:
    """True when the default-ignorable ``ch`` at ``pos`` is used as its script intends."""
    cp = ord(ch)
    prev = text[pos - 1] if pos > 0 else ""
    nxt = text[pos + 1] if pos + 1 < len(text) else ""
    if ch in (ZWJ, ZWNJ):
        if prev and prev in _ucd.VIRAMA:
            return True
        before = _scripts_near(text, pos, -1)
        after = _scripts_near(text, pos, 1)
        if before & (_JOINING_SCRIPTS | _BRAHMIC) and (not after or after & before):
            return True
        if ch == ZWJ:
            base = _base_before(text, pos)
            if (
                base
                and (base in _ucd.EXTENDED_PICTOGRAPHIC or base in _ucd.EMOJI)
                and (nxt in _ucd.EXTENDED_PICTOGRAPHIC)
            ):
                return True
        return False
    if ch == ZWSP:
        return bool(
            _scripts_near(text, pos, -1) & _NO_SPACE_SCRIPTS
            and _scripts_near(text, pos, 1) & _NO_SPACE_SCRIPTS
        )
    if ch == SHY:
        return not (_ucd.main_script(prev) == "Latn" if prev else False) and not (
            _ucd.main_script(nxt) == "Latn" if nxt else False
        )
    if cp in (0xFE0E, 0xFE0F):
        return bool(prev) and prev in _ucd.EMOJI
    if 0xFE00 <= cp <= 0xFE0D:
        if not prev:
            return False
        return bool(_ucd.script_extensions(prev) & _VS_BASE_SCRIPTS) or unicodedata.category(prev) in (
            "Sm",
            "So",
        )
    if 0xE0100 <= cp <= 0xE01EF:
        return bool(prev) and bool(_ucd.script_extensions(prev) & {"Hani", "Tang"})
    if 0x180B <= cp <= 0x180F:
        return bool(prev) and "Mong" in _ucd.script_extensions(prev)
    if cp in (0x115F, 0x1160):
        return bool(prev and 0x1100 <= ord(prev) <= 0x11FF) or bool(nxt and 0x1100 <= ord(nxt) <= 0x11FF)
    if cp == 0x034F:  # CGJ: legitimate between combining marks (Hebrew, ordering)
        return bool(prev) and unicodedata.category(prev).startswith("M")
    if 0x1BCA0 <= cp <= 0x1BCA3:
        return bool(prev) and "Dupl" in _ucd.script_extensions(prev)
    if 0x1D173 <= cp <= 0x1D17A:
        return bool(prev) and 0x1D100 <= ord(prev) <= 0x1D1FF
    return False


def _tag_sequence_end(text: str, pos: int, limit: int) -> int:
    """End of a valid emoji tag sequence starting at ``pos`` (tags after an emoji), or -1."""
    base = _base_before(text, pos)
    if not base or base not in _ucd.EMOJI:
        return -1
    i = pos
    while i < limit and 0xE0020 <= ord(text[i]) <= 0xE007E:
        i += 1
    if i > pos and i < limit and text[i] == "\U000e007f":
        return i + 1
    return -1


def _special_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the matches of ``_SPECIAL_RE`` in ``text``, in order.

    Every default-ignorable character lies at or above U+0660 or is one of
    ``_LOW_IGNORABLES`` (a test checks it). When none of those is in the text
    and the runs of characters above U+0660 are few (one per thousand
    characters: Cyrillic, Greek or English text), the property class is run
    only inside those runs; past that budget (Devanagari, Han) one pass scans
    the rest. A match never crosses a run's ends, so the spans are those of
    one pass over the whole text.
    """
    find = _SPECIAL_RE.finditer
    if any(ch in text for ch in _LOW_IGNORABLES):
        yield from (m.span() for m in find(text))
        return
    budget = len(text) // 1000
    for run in _HIGH_RUN_RE.finditer(text):
        a, b = run.span()
        if budget <= 0:
            yield from (m.span() for m in find(text, a))
            return
        budget -= 1
        yield from (m.span() for m in find(text, a, b))


# the default-ignorable characters below U+0660: soft hyphen, CGJ, Arabic letter mark
_LOW_IGNORABLES = ("\u00ad", "\u034f", "\u061c")


def _special_issues(text: str, ctx: ScanContext) -> list[Issue]:
    flagged: list[tuple[int, str]] = []  # invisible characters to report
    bidi: list[tuple[int, str]] = []
    for i, end in _special_spans(text):
        while i < end:
            ch = text[i]
            cp = ord(ch)
            if ch in _BIDI_CONTROLS or ch in _MARKS:
                bidi.append((i, ch))
                i += 1
                continue
            if 0xE0020 <= cp <= 0xE007E:
                tag_end = _tag_sequence_end(text, i, end)
                if tag_end > 0:
                    i = tag_end
                    continue
            if not _invisible_ok(text, i, ch):
                flagged.append((i, ch))
            i += 1
    issues: list[Issue] = []
    if flagged and ctx.wants(INVISIBLE):
        issues.extend(_invisible_issues(text, flagged))
    if bidi and ctx.wants(BIDI):
        issues.extend(_bidi_issues(text, bidi))
    return issues


def _invisible_issues(text: str, flagged: list[tuple[int, str]]) -> list[Issue]:
    groups: list[list[tuple[int, str]]] = []
    for pos, ch in flagged:
        if groups and groups[-1][-1][0] == pos - 1:
            groups[-1].append((pos, ch))
        else:
            groups.append([(pos, ch)])
    issues = []
    for group in groups:
        start, end = group[0][0], group[-1][0] + 1
        run = text[start:end]
        tags = any(0xE0000 <= ord(c) <= 0xE007F for c in run)
        rule = "tag-characters" if tags else "invisible-character"
        names = ", ".join(dict.fromkeys(char_info(c).name for c in run))
        message = f"invisible {names} at {start}"
        if tags:
            hidden = "".join(chr(ord(c) - 0xE0000) for c in run if 0xE0020 <= ord(c) <= 0xE007E)
            message += f" (hidden text {hidden!r})"
        finding = Finding(
            Span(start, end),
            INVISIBLE,
            message,
            Severity.ERROR if tags else Severity.WARNING,
            rule,
            0.95,
            run,
            "",
            tuple(char_info(c) for c in dict.fromkeys(run)),
        )
        changes = (Change(Span(start, end), run, "", INVISIBLE, f"remove {names}"),)
        issues.append(Issue(finding, changes, "invisible"))
    return issues


def _bidi_issues(text: str, controls: list[tuple[int, str]]) -> list[Issue]:
    paragraphs = _Paragraphs(text)
    by_para: dict[int, list[tuple[int, str]]] = {}
    for pos, ch in controls:
        by_para.setdefault(paragraphs.index(pos), []).append((pos, ch))
    rules: dict[int, str] = {}
    for index, items in by_para.items():
        rtl = paragraphs.has_rtl(index)
        stack: list[tuple[int, str]] = []
        pairs: list[tuple[tuple[int, str], int]] = []
        for pos, ch in items:
            if ch in _MARKS:
                if not rtl:
                    rules[pos] = "bidi-mark-stray"
            elif ch in _EMBEDDINGS or ch in _ISOLATES:
                stack.append((pos, ch))
            elif ch == PDF:
                if stack and stack[-1][1] in _EMBEDDINGS:
                    pairs.append((stack.pop(), pos))
                else:
                    rules[pos] = "bidi-unbalanced"
            elif ch == PDI:
                at = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] in _ISOLATES), -1)
                if at < 0:
                    rules[pos] = "bidi-unbalanced"
                else:
                    for open_pos, open_ch in stack[at + 1 :]:
                        rules[open_pos] = "bidi-override" if open_ch in _OVERRIDES else "bidi-unbalanced"
                    pairs.append((stack[at], pos))
                    del stack[at:]
        for open_pos, open_ch in stack:
            rules[open_pos] = "bidi-override" if open_ch in _OVERRIDES else "bidi-unbalanced"
        for (open_pos, open_ch), close_pos in pairs:
            if open_ch in _OVERRIDES:
                rules[open_pos] = rules[close_pos] = "bidi-override"
            elif not rtl:
                rules[open_pos] = rules[close_pos] = "bidi-out-of-context"
    messages = {
        "bidi-override": "bidi override reorders the characters that follow (Trojan Source, "
        "file-name spoofing)",
        "bidi-unbalanced": "unbalanced bidi control: its embedding or isolate is never closed "
        "(or never opened) in this paragraph",
        "bidi-out-of-context": "bidi embedding/isolate in a paragraph with no right-to-left text",
        "bidi-mark-stray": "directional mark in a paragraph with no right-to-left text",
    }
    severities = {
        "bidi-override": Severity.ERROR,
        "bidi-unbalanced": Severity.ERROR,
        "bidi-out-of-context": Severity.WARNING,
        "bidi-mark-stray": Severity.INFO,
    }
    issues = []
    for pos, rule in sorted(rules.items()):
        ch = text[pos]
        info = char_info(ch)
        finding = Finding(
            Span(pos, pos + 1),
            BIDI,
            f"{info.name} ({info.codepoint}) at {pos}: {messages[rule]}",
            severities[rule],
            rule,
            0.95 if rule != "bidi-mark-stray" else 0.8,
            ch,
            "",
            (info,),
        )
        category = "bidi-mark" if ch in _MARKS else "bidi"
        changes = (Change(Span(pos, pos + 1), ch, "", BIDI, f"remove {info.name}"),)
        issues.append(Issue(finding, changes, category))
    return issues
