"""Script and letter rules: what the letters of a text already say about its language.

These rules run in front of every statistical backend. They decide outright
when the script leaves one candidate (Armenian → ``hy``, Georgian → ``ka``,
Greek → ``el``, ...), and otherwise narrow the candidates by the letters of
each language's standard alphabet (CLDR exemplar characters, see
``_alphabets.py``): a language is excluded when more than a tenth of the
words carry letters its alphabet lacks (``і`` excludes ``ru``; ``ы``, ``э``,
``ъ``, ``ё`` exclude ``uk``; any accented letter excludes ``en``).

Decisions go by the *share of words* that carry a letter, never by one letter.
The evidence words are the *body* of the text: lowercase words outside short
quotations. Capitalized words and short quotations (``«Ақ жол»``) are mostly
names, and names keep the letters of their own language; they are the
evidence only when the text has no body (a heading, a name, text in
capitals), and then a letter must be carried by more than a third of the
words (:data:`NAME_SHARE`) to exclude or choose a language.

A language the backend has no model for (``kk``: langdetect has none, and
lingua's is not offered, see ``lingua_backend``) is chosen only on positive
evidence: body words with letters no other remaining candidate has
(``ә ғ қ ң ө ұ ү һ``, and ``ы э ъ ё`` against Ukrainian). Letters confined to
names are no evidence: the backend weighs the whole text in context, and a
quoted name carrying them is listed in ``LetterVerdict.names`` so the backend
reads the text without it. A Kazakh name in a Russian or Ukrainian sentence
never outvotes the sentence. A sentence's first word is capitalized whatever
it is: when it carries the letters and is not shaped like a name (in
capitals, a surname such as ``Тоқаев``, or the start of a full name), the
verdict names the language in ``opening`` for a backend to weigh in context.

>>> verdict = letter_verdict("Қасым-Жомарт Тоқаев заявил, что …", ("en", "ru", "kk", "uk"),
...                          profiled=frozenset({"en", "ru", "uk"}))
>>> verdict.lang, verdict.remaining
(None, ('ru', 'uk'))
>>> letter_verdict("Партия «Ақ жол» провела съезд.", ("ru", "kk", "uk"),
...                profiled=frozenset({"ru", "uk"})).names
((7, 15),)
>>> letter_verdict("Биыл қыркүйекте сайлау өтеді", ("ru", "kk", "uk"),
...                profiled=frozenset({"ru", "uk"})).lang
'kk'
>>> letter_verdict("Բարև ձեզ", ("en", "hy")).lang
'hy'
>>> letter_verdict("2026-03-01 — 15:00", ("en", "ru")).reason
'no-letters'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..lang import script_of_language as likely_script
from ._alphabets import ALPHABETS

__all__ = [
    "EXCLUDE_SHARE",
    "NAME_SHARE",
    "POSITIVE_SHARE",
    "LetterVerdict",
    "Word",
    "letter_verdict",
    "script_of_language",
    "split_words",
]

#: a language is excluded when more than this share of the evidence words
#: carry a letter outside its alphabet
EXCLUDE_SHARE = 0.1
#: a language without a backend model is chosen when at least this share of
#: the evidence words carry letters that only it has among the candidates
POSITIVE_SHARE = 0.1
#: with no body words (only capitalized or quoted ones), a letter must be
#: carried by more than this share of the words to exclude a language, and by
#: at least this share to choose one
NAME_SHARE = 1 / 3

# a short quotation (at most four words, no sentence end inside): mostly a name or a title
_QUOTE = regex.compile(
    r"«[^«».!?\n]{1,60}»|„[^„“”.!?\n]{1,60}[“”]|“[^“”.!?\n]{1,60}”|\"[^\".!?\n]{1,60}\""
)

_WORD = regex.compile(r"[\p{L}\p{M}]+")
# scripts the table knows; kana and Hangul map to the writing systems Jpan and Kore
_SCRIPT_PATTERN = regex.compile(
    "|".join(
        f"(?P<{script}>\\p{{sc={script}}})"
        for script in sorted(
            {s for s, _ in ALPHABETS.values() if s not in ("Jpan", "Kore")}
            | {"Hira", "Kana", "Hang", "Hani"}
        )
    )
)
_WRITING_SYSTEM = {"Hira": "Jpan", "Kana": "Jpan", "Hang": "Kore"}
_EAST_ASIAN = frozenset({"Hani", "Hira", "Kana", "Hang"})


@lru_cache(maxsize=4096)
def _script_of_char(ch: str) -> str:
    match = _SCRIPT_PATTERN.match(ch)
    if match is None or match.lastgroup is None:
        return "Zzzz"
    return match.lastgroup


@dataclass(frozen=True, slots=True)
class Word:
    """A run of letters: lowercase ``text``, its ``script``, whether it was capitalized.

    ``start`` and ``end`` are its character offsets in the text it came from.
    """

    text: str
    script: str
    capitalized: bool
    start: int = 0
    end: int = 0


def split_words(text: str) -> list[Word]:
    """The words of ``text`` (runs of letters and marks), lowercased.

    >>> [(w.text, w.script, w.capitalized) for w in split_words("Тоқаев said")]
    [('тоқаев', 'Cyrl', True), ('said', 'Latn', False)]
    """
    words: list[Word] = []
    for match in _WORD.finditer(text):
        token = match.group()
        first = token[0]
        script = "Latn" if first.isascii() else _script_of_char(first)
        words.append(Word(token.lower(), script, first.isupper(), match.start(), match.end()))
    return words


def script_of_language(lang: str) -> str:
    """The script ``lang``'s letters are told by: :func:`polyglot_press.lang.script_of_language`,
    with Chinese as ``Hani`` (the Script property of its characters) and ``Zzzz`` if unknown.

    >>> script_of_language("kk"), script_of_language("ja"), script_of_language("zh")
    ('Cyrl', 'Jpan', 'Hani')
    """
    script = likely_script(lang)
    if script is None:
        return "Zzzz"
    return "Hani" if script in ("Hans", "Hant") else script


@lru_cache(maxsize=512)
def _alphabet(lang: str) -> frozenset[str]:
    entry = ALPHABETS.get(lang)
    return frozenset(entry[1]) if entry else frozenset()


@dataclass(frozen=True, slots=True)
class LetterVerdict:
    """What the letters say.

    ``lang`` is set when the letters decide; otherwise ``remaining`` lists the
    candidates a backend must choose among (in the order given). ``script`` is
    the dominant script, ``script_share`` the share of letters written in it,
    ``reason`` names the rule: ``no-letters``, ``script-not-configured``,
    ``script``, ``letters`` (positive evidence), ``narrowed`` (backend needed),
    ``excluded`` (letters left one candidate). ``evidence`` is the share of
    words behind a ``letters`` decision; ``letters`` counts the letters of the
    dominant script. ``dropped`` lists candidates set aside only for want of
    letters of their own (a backend that knows them may put them back).
    ``names`` holds the character ranges ``(start, end)`` of names (capitalized
    words, short quotations) whose letters were set aside as no evidence: a
    backend reads the text with them blanked out. ``opening`` names a dropped
    candidate whose own letters are carried only by the first word of a
    sentence that is not shaped like a name (``Бірақ``, ``Дүйсенбіде``): a
    backend that knows the language weighs it in context; without one, these
    letters decide.
    """

    lang: str | None
    remaining: tuple[str, ...]
    script: str
    script_share: float
    reason: str
    evidence: float = 0.0
    letters: int = 0
    dropped: tuple[str, ...] = ()
    names: tuple[tuple[int, int], ...] = ()
    opening: str | None = None


def _dominant_script(words: Sequence[Word]) -> tuple[str, float]:
    counts: dict[str, int] = {}
    for word in words:
        if word.script in _EAST_ASIAN:  # runs without spaces mix kanji and kana
            for ch in word.text:
                script = _script_of_char(ch)
                script = _WRITING_SYSTEM.get(script, script)
                counts[script] = counts.get(script, 0) + 1
            continue
        script = _WRITING_SYSTEM.get(word.script, word.script)
        counts[script] = counts.get(script, 0) + len(word.text)
    if "Hani" in counts:  # Han characters belong to Japanese or Korean text around them
        for system in ("Jpan", "Kore"):
            if system in counts:
                counts[system] += counts.pop("Hani")
                break
    total = sum(counts.values())
    script = max(counts, key=lambda s: (counts[s], s))
    return script, counts[script] / total


_SENTENCE_END = frozenset(".!?…\n")


def _opens_sentence(text: str, word: Word) -> bool:
    """Whether ``word`` is the first word of its sentence (nothing but punctuation before it)."""
    start = word.start
    while start > 0 and not (text[start - 1].isalnum() or text[start - 1] in _SENTENCE_END):
        start -= 1
    return start == 0 or text[start - 1] in _SENTENCE_END


# Russian and Kazakh surnames and patronymics in any case: Тоқаев, Тоқаева, Назарбаевым, Жомартұлы
_SURNAME = regex.compile(r"(?:(?:[оеё]в|ин)(?:а|у|ым|ом|е|ой|ых|ы)?|[оеё]в(?:ич|н)\w*|ұлы|қызы)$")


def _is_surname(word: Word) -> bool:
    return len(word.text) > 4 and _SURNAME.search(word.text) is not None


def _ordinary_opening(text: str, words: Sequence[Word], i: int) -> bool:
    """Whether capitalized ``words[i]`` opens a sentence and reads as an ordinary word.

    A sentence's first word is capitalized whatever it is; it counts as a name
    when it is in capitals, looks like a surname (``Тоқаев``, ``Назарбаевым``)
    or opens a run of capitalized words with one (``Қасым-Жомарт Тоқаев``).
    """
    word = words[i]
    if text[word.start:word.end].isupper() or not _opens_sentence(text, word) or _is_surname(word):
        return False
    for nxt in words[i + 1:i + 4]:  # the rest of a run of capitalized words: a full name?
        if not nxt.capitalized:
            break
        if _is_surname(nxt):
            return False
    return True


def _share(words: Sequence[Word], letters: frozenset[str], *, outside: bool) -> float:
    """Share of ``words`` with a letter outside (or inside) ``letters``."""
    if not words:
        return 0.0
    if outside:
        hits = sum(1 for w in words if not letters.issuperset(w.text))
    else:
        hits = sum(1 for w in words if not letters.isdisjoint(w.text))
    return hits / len(words)


def letter_verdict(
    text: str, candidates: Sequence[str], profiled: Iterable[str] | None = None
) -> LetterVerdict:
    """Apply the script and letter rules to ``text`` for ``candidates``.

    ``profiled`` names the candidates a backend has a model for (default: all).
    A candidate outside it is only chosen on positive letter evidence.
    """
    words = split_words(text)
    if not words:
        return LetterVerdict(None, (), "Zyyy", 0.0, "no-letters")
    script, script_share = _dominant_script(words)
    in_script = [c for c in dict.fromkeys(candidates) if script_of_language(c) == script]
    if not in_script and script == "Hani":  # kanji-only text, Japanese configured
        in_script = [c for c in dict.fromkeys(candidates) if script_of_language(c) == "Jpan"]
    own = [w for w in words if _WRITING_SYSTEM.get(w.script, w.script) == script]
    letters = sum(len(w.text) for w in own)
    if not in_script:
        return LetterVerdict(None, (), script, script_share, "script-not-configured", 0.0, letters)
    if len(in_script) == 1:
        return LetterVerdict(in_script[0], tuple(in_script), script, script_share, "script", 1.0,
                             letters)

    quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(text)
              if len(_WORD.findall(m.group())) <= 4]

    def quote_of(word: Word) -> tuple[int, int] | None:
        return next((q for q in quotes if q[0] <= word.start and word.end <= q[1]), None)

    body = [w for w in own if not w.capitalized and quote_of(w) is None]
    names = [w for w in own if w.capitalized or quote_of(w) is not None]
    # a sentence's first word is capitalized whatever it is: it may be a name or not
    openings = [w for i, w in enumerate(own)
                if w.capitalized and quote_of(w) is None and _ordinary_opening(text, own, i)]
    basis = body or own
    exclude_share = EXCLUDE_SHARE if body else NAME_SHARE

    # exclusion: letters a language's alphabet lacks
    outside = {
        c: _share(basis, _alphabet(c), outside=True) if _alphabet(c) else 0.0 for c in in_script
    }
    remaining = [c for c in in_script if outside[c] <= exclude_share]
    if not remaining:
        least = min(outside.values())
        remaining = [c for c in in_script if outside[c] == least]

    # languages no backend knows need positive evidence
    known = set(in_script if profiled is None else profiled)
    unknown = [c for c in remaining if c not in known]
    evidence: dict[str, float] = {}
    opening: str | None = None
    set_aside: dict[tuple[int, int], None] = {}
    for lang in unknown:
        others = [c for c in remaining if c != lang]
        if not others:
            break
        alphabet = _alphabet(lang)
        distinct = alphabet.difference(*(_alphabet(c) for c in others))
        if not distinct:
            continue
        share = _share(basis, distinct, outside=False)
        if share >= (POSITIVE_SHARE if body else NAME_SHARE):
            evidence[lang] = share
            continue
        if body and any(not distinct.isdisjoint(w.text) for w in openings):
            opening = lang
        # names carry these letters, the rest of the text does not: no evidence. The
        # backend reads capitalized names in context (Канаданың is Kazakh grammar,
        # Тоқаева is Russian); a quoted name it does not read (lingua takes «Ақ жол» for
        # Kazakh whatever surrounds it).
        for word in names:
            quote = quote_of(word)
            if quote is not None and not distinct.isdisjoint(word.text):
                set_aside[quote] = None
    if evidence:
        best = max(evidence, key=lambda c: (evidence[c], c))
        return LetterVerdict(best, tuple(remaining), script, script_share, "letters",
                             evidence[best], letters)
    blanked = tuple(sorted(set_aside))
    dropped: tuple[str, ...] = ()
    if unknown and len(unknown) < len(remaining):
        dropped = tuple(unknown)
        remaining = [c for c in remaining if c not in unknown]
    if len(remaining) == 1 and not dropped:
        reason = "excluded" if len(in_script) > 1 else "script"
        return LetterVerdict(remaining[0], tuple(remaining), script, script_share, reason, 1.0,
                             letters)
    return LetterVerdict(None, tuple(remaining), script, script_share, "narrowed", 0.0, letters,
                         dropped, blanked, opening if opening in dropped else None)
