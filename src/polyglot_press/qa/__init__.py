"""QA checks on a translated segment, each a :class:`~polyglot_press.text.Finding`.

What localization QA tools (Xbench, Verifika, Okapi CheckMate) check, run by
the terminology loop on every candidate translation (the loop keeps the one
with the fewest errors) and reported with the segment:

=====================  ========  ==============================================
kind                   severity  fires when
=====================  ========  ==============================================
``qa-number``          error     a number of the source is not in the target
                                 (58,825 may be written 58.825 in pt: the value
                                 counts, under either convention)
``qa-negation``        warning   a negation on one side and none on the other
``qa-untranslated``    error     the target is the source, unchanged
``qa-leftover``        warning   a function word of the source language, also in
                                 the source, is in the target ("the", "with")
``qa-repeated-word``   warning   a word twice in a row that the source does not
                                 repeat
``qa-quotes``          warning   fewer double quotes than the source had, or
                                 unbalanced brackets the source did not have
``qa-url``             error     a URL or e-mail address of the source is not in
                                 the target, character for character
``qa-placeholder``     error     a placeholder-like token in the target
=====================  ========  ==============================================

One rendering per concept is checked per document, from the term checks
(:func:`polyglot_press.terminology.consistency`, reported as ``qa-consistency``).
Word lists are data per language (``qa/data/*.json``).

>>> [f.kind for f in check_segment("It won 58,825 votes.", "Ganhou 58.825 votos.", "en", "pt")]
[]
>>> [f.kind for f in check_segment("It won 58,825 votes.", "Não ganhou 58.852 votos.", "en", "pt")]
['qa-number', 'qa-negation']
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence, Set
from functools import cache
from importlib import resources

import regex

from ..lang import lang_base
from ..text import Finding, Severity, Span

__all__ = ["CHECKS", "check_segment", "numbers", "placeholder_like", "target_numbers"]

#: Every QA finding kind, with its severity.
CHECKS: dict[str, Severity] = {
    "qa-number": Severity.ERROR,
    "qa-negation": Severity.WARNING,
    "qa-untranslated": Severity.ERROR,
    "qa-leftover": Severity.WARNING,
    "qa-repeated-word": Severity.WARNING,
    "qa-quotes": Severity.WARNING,
    "qa-url": Severity.ERROR,
    "qa-placeholder": Severity.ERROR,
    "qa-consistency": Severity.WARNING,
}

_NUMBER = regex.compile(r"(?<![\p{L}\p{N}])\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?(?!\d)"
                        r"|(?<![\p{L}\p{N}])\d+(?:[.,]\d+)?(?!\d)")
_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?|n['’]t")
_URL = regex.compile(r"(?:https?://|www\.)[^\s<>\"'»”)]+[^\s<>\"'»”).,;:!?]"
                     r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_REPEAT = regex.compile(r"(?<![\p{L}\p{N}])([\p{L}]{2,})\s+\1(?![\p{L}\p{N}])", regex.IGNORECASE)
_DOUBLE_QUOTES = "\"“”„«»"
_BRACKETS = ("()", "[]", "{}")
_PLACEHOLDER = regex.compile(
    r"(?<![\p{L}\p{N}])(?:ZXQ|ZX|XQ|ZQ)\s?\d{1,4}(?!\d)|(?<![\p{L}\p{N}])T\d{1,4}X(?![\p{L}\p{N}])"
    r"|Xyzzy\d+|__T\d+__|\[\[T\d+\]\]|\{\{\d+\}\}|⟦\d+⟧|<x id=\"\d+\"/>|@@\d+@@", regex.IGNORECASE)


def _base(lang: str) -> str:
    return lang_base(lang)


@cache
def _data(name: str) -> dict[str, object]:
    """One data file of ``qa/data/`` (read once)."""
    raw: dict[str, object] = json.loads(resources.files(__package__).joinpath(
        "data", f"{name}.json").read_text(encoding="utf-8"))
    return raw


@cache
def _words(name: str) -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in _data(name).items() if isinstance(v, list)}


def _values(token: str) -> set[float]:
    """Every value a written number can have: 58,825 is 58825 (en) or 58.825 (pt)."""
    compact = regex.sub(r"[\u00a0\u202f ]", "", token)
    out: set[float] = set()
    for thousands, decimal in ((",", "."), (".", ",")):
        text = compact.replace(thousands, "").replace(decimal, ".")
        try:
            out.add(float(text))
        except ValueError:
            continue
    plain = compact.replace(",", "").replace(".", "")
    if plain.isdigit():
        out.add(float(plain))
    return out


def numbers(text: str) -> list[tuple[Span, set[float]]]:
    """Numbers in ``text`` with every value they can stand for.

    >>> [sorted(v) for _, v in numbers("58,825 and 3.5")]
    [[58.825, 58825.0], [3.5, 35.0]]
    """
    return [(Span(m.start(), m.end()), _values(m.group())) for m in _NUMBER.finditer(text)]


_CLOCK_H = regex.compile(r"(\d)h(\d\d)")  # 20h30: a time written the Portuguese way
_IMPERIAL = regex.compile(
    r"(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?\s*-?\s*(?:inch(?:es)?|in\.|f(?:ee|oo)t|ft\b|miles?\b|mi\b|mph|pounds?\b|lbs?\b|ounces?|oz\b|"
    r"gallons?|yards?|acres?|°\s*F\b|degrees? Fahrenheit|Fahrenheit)", regex.IGNORECASE)
_CLOCK = regex.compile(r"\s*(?:[ap]\.?m\.?|GMT|UTC|hours?\b|h\b)", regex.IGNORECASE)


@cache
def _number_words() -> dict[str, dict[float, frozenset[str]]]:
    return {lang: {float(k): frozenset(v) for k, v in table.items()}
            for lang, table in _data("number_words").items()
            if isinstance(table, dict) and lang not in {"scales", "prefixes"}}


@cache
def _number_prefixes() -> dict[str, dict[float, tuple[str, ...]]]:
    table = _data("number_words").get("prefixes", {})
    assert isinstance(table, dict)
    return {lang: {float(k): tuple(v) for k, v in stems.items()} for lang, stems in table.items()}


@cache
def _scales() -> dict[str, dict[str, float]]:
    table = _data("number_words").get("scales", {})
    assert isinstance(table, dict)
    return {lang: {k: float(v) for k, v in words.items()} for lang, words in table.items()}


_ROMAN = regex.compile(r"(?<![\p{L}\p{N}])[IVXLC]{2,}(?![\p{L}\p{N}])|(?<=\s)[VX](?=[\s.,])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(token: str) -> int | None:
    """The value of a well-formed Roman numeral (``XXI`` 21), else None."""
    total = 0
    for i, ch in enumerate(token):
        value = _ROMAN_VALUES[ch]
        following = _ROMAN_VALUES[token[i + 1]] if i + 1 < len(token) else 0
        total += -value if value < following else value
    return total if total > 0 and _to_roman(total) == token else None


def _to_roman(value: int) -> str:
    out = []
    for amount, mark in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                         (5, "V"), (4, "IV"), (1, "I")):
        while value >= amount:
            out.append(mark)
            value -= amount
    return "".join(out)


def target_numbers(text: str, lang: str) -> list[tuple[Span, set[float]]]:
    """Numbers in a translation with every value they can stand for, including a number
    times the scale word after it ("10 mil": 10000) and Roman numerals ("século XXI").

    >>> [sorted(v) for _, v in target_numbers("10 mil pessoas no século XXI", "pt")]
    [[10.0, 10000.0], [21.0]]
    """
    scales = _scales().get(_base(lang), {})
    out = []
    for span, values in numbers(text):
        after = regex.match(r"[\s\u00a0\u202f]*([\p{L}]+)", text[span.end:])
        scale = scales.get(after.group(1).casefold()) if after else None
        if scale is not None:
            values = values | {v * scale for v in values}
        out.append((span, values))
    for m in _ROMAN.finditer(text):
        value = _roman(m.group())
        if value is not None:
            out.append((Span(m.start(), m.end()), {float(value)}))
    return sorted(out, key=lambda item: item[0].start)


def _in_words(values: set[float], text: str, lang: str) -> bool:
    """Whether ``text`` writes one of ``values`` as a word (dois, segunda)."""
    table = _number_words().get(_base(lang), {})
    words = {w.casefold() for w in _WORD.findall(text)}
    if any(words & table.get(v, frozenset()) for v in values):
        return True
    stems = _number_prefixes().get(_base(lang), {})
    return any(w.startswith(stem) and len(w) > len(stem) + 2
               for v in values for stem in stems.get(v, ()) for w in words)


def _as_translated(source: str, span: Span, values: set[float]) -> set[float]:
    """The values a faithful translation may write for the source number at ``span``:
    none for imperial measures (translations convert them) and for ``:00``; the
    24-hour reading of a 12-hour clock time (10 pm: 22h); the hour of 1200 GMT."""
    after = source[span.end:]
    if _IMPERIAL.match(after) or _converted(source, span.start):
        return set()
    token = span.slice(source)
    before = source[:span.start]
    if before.endswith(":") and token.isdigit() and len(token) == 2:
        return set() if token == "00" else values  # minutes
    out = set(values)
    if regex.match(r"['’]?s\b", after) and token.isdigit() and len(token) == 4:
        out.add(float(int(token) % 100))  # the 1990s: "os anos 90"
    clock = regex.match(r"(?::\d\d)?(?:\s*[-–]\s*\d{1,2}(?::\d\d)?)?\s*(p\.?m\.?)",
                        after, regex.IGNORECASE)
    if clock and token.isdigit() and int(token) < 12:
        out.add(float(int(token) + 12))
    if token.isdigit() and len(token) == 4 and _CLOCK.match(after) and int(token) % 100 == 0:
        out.add(float(int(token) // 100))
    return out


def _converted(source: str, at: int) -> bool:
    """Whether the number at ``at`` sits in brackets right after an imperial measure, the
    source's own conversion ("35-40 mph (56-64 km/h)"), which a translation may round
    again or write alone.

    >>> _converted("35-40 mph (56-64 km/h)", 14), _converted("in 2020 (56 km)", 9)
    (True, False)
    """
    opening = source.rfind("(", 0, at)
    if opening < 0 or ")" in source[opening:at]:
        return False
    before = source[:opening].rstrip()
    found = list(_NUMBER.finditer(before))
    if not found:
        return False
    last = found[-1]
    unit = _IMPERIAL.match(before[last.end():])
    return unit is not None and unit.end() == len(before) - last.end()


def placeholder_like(text: str, source: str = "") -> list[Span]:
    """Placeholder-shaped tokens in ``text`` that are not in ``source``.

    >>> placeholder_like("o ZX3 chegou", "the ZXQ1 arrived")
    [Span(start=2, end=5)]
    """
    here = {m.group().casefold() for m in _PLACEHOLDER.finditer(source)}
    return [Span(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)
            if m.group().casefold() not in here]


@cache
def _strong() -> dict[str, frozenset[str]]:
    table = _data("negation").get("strong", {})
    assert isinstance(table, dict)
    return {k: frozenset(v) for k, v in table.items()}


@cache
def _affixes() -> dict[str, regex.Pattern[str]]:
    table = _data("negation").get("affixes", {})
    assert isinstance(table, dict)
    return {k: regex.compile(v, regex.IGNORECASE) for k, v in table.items()}


def _negative_affixes(text: str, lang: str) -> int:
    """How many words of ``text`` carry a negative meaning without a negation word
    (undetected, failed, without): each may come out as a negation in a translation."""
    pattern = _affixes().get(_base(lang))
    return 0 if pattern is None else len(pattern.findall(text))


def _in_title(text: str, start: int, end: int, small: Set[str] = frozenset()) -> bool:
    """A word that is capitalized, or sits between capitalized words, belongs to a name
    or a title kept in the source language ("Wonders of the African World"): ``small``
    holds the source's words; the capitalized words around it must be among them
    (not "O Médico the Ehud Ur"), and lowercase ones ("of") may stand between.

    >>> source = frozenset({"wonders", "of", "the", "african", "world", "ehud"})
    >>> _in_title("o programa Wonders of the African World", 26, 29, source)
    True
    >>> _in_title("uma the das paradas", 4, 7, source), _in_title("Médico the Ehud", 7, 10, source)
    (False, False)
    """
    if text[start].isupper():
        return True
    words = list(_WORD.finditer(text))
    here = next((i for i, m in enumerate(words) if m.start() == start), None)
    if here is None:
        return False

    def capital(step: int) -> bool:
        i = here + step
        while (0 <= i < len(words) and words[i].group().islower()
               and words[i].group() in small):
            i += step
        if not 0 <= i < len(words):
            return False
        word = words[i].group()
        return word[0].isupper() and (not small or word.casefold() in small)

    return capital(-1) and capital(1)


@cache
def _paired() -> dict[str, tuple[frozenset[str], frozenset[str], frozenset[str], int]]:
    table = _data("negation").get("paired", {})
    assert isinstance(table, dict)
    return {k: (frozenset(v["clitics"]), frozenset(v["with"]), frozenset(v.get("alone", ())),
                int(v["window"])) for k, v in table.items()}


@cache
def _litotes() -> dict[str, regex.Pattern[str]]:
    table = _data("negation").get("litotes", {})
    assert isinstance(table, dict)
    return {k: regex.compile(v, regex.IGNORECASE) for k, v in table.items()}


_CONCORD = 6  # a negative word this close after another belongs to the same negation


def _negations(text: str, lang: str, which: str = "") -> int:
    """Negations in ``text`` (-1: no data for ``lang``). A language with ``paired``
    negation counts a clitic only with a second negative word after it.

    >>> _negations("Il n'y a que deux personnes.", "fr"), _negations("Il ne vient pas.", "fr")
    (0, 1)
    >>> _negations("au peuple et non à un seul dirigeant", "fr")
    1
    >>> _negations("Não fez nada.", "pt")  # negative concord: one negation
    1
    """
    base = _base(lang)
    words = (_strong().get(base) if which else None) or _words("negation").get(base)
    if not words:
        return -1
    found = [m.group() for m in _WORD.finditer(text.casefold().replace("’", "'"))]
    paired = _paired().get(base)
    if paired is not None:
        clitics, partners, alone, window = paired
        count = 0
        paired_until = -1
        for i, word in enumerate(found):
            clitic = word in clitics or ("'" in word and word.split("'")[0] + "'" in clitics)
            if clitic and any(w in partners for w in found[i + 1:i + 1 + window]):
                count += 1
                paired_until = i + window
            elif word in alone and i > paired_until:
                count += 1
        return count
    count = 0
    last = -_CONCORD
    for i, word in enumerate(found):
        elided = "'" in word and word.split("'")[0] + "'" in words
        if word in words or (word.endswith("n't") and "n't" in words) or elided:
            # negative concord: "não ... nada" is one negation
            count += i - last >= _CONCORD
            last = i
    return count


def _litotes_only(text: str, lang: str, count: int) -> bool:
    """Whether every negation of ``text`` negates a negative verb ("não se esqueça":
    remember), which says something positive."""
    pattern = _litotes().get(_base(lang))
    return pattern is not None and len(pattern.findall(text)) >= count


def check_segment(source: str, target: str, source_lang: str, target_lang: str, *,
                  form: object = None, protected: Sequence[Span] = ()) -> list[Finding]:
    """Run every QA check on one translated segment; spans point into ``target``.

    ``protected`` lists spans of ``source`` (code, URLs) the other checks leave out.
    ``form`` is accepted for the caller's convenience (placeholder forms are all
    looked for).
    """
    findings: list[Finding] = []
    if not target.strip():
        return findings
    whole = Span(0, len(target))

    def add(kind: str, message: str, span: Span = whole, text: str = "") -> None:
        findings.append(Finding(span, kind, message, CHECKS[kind], "qa",
                                text=text or span.slice(target)))

    # numbers carried over, under either thousands/decimal convention
    written = target_numbers(_CLOCK_H.sub(r"\1:\2", target), target_lang)
    for span, values in numbers(source):
        if any(p.start <= span.start < p.end for p in protected):
            continue
        values = _as_translated(source, span, values)
        if not values:
            continue  # a measure a translation converts (6 inches: 15 cm), or :00
        hit = next((i for i, (_, v) in enumerate(written) if v & values), None)
        if hit is None and _in_words(values, target, target_lang):
            continue
        if hit is None:
            add("qa-number", f"the number {span.slice(source)!r} of the source is not in the "
                "translation", text=span.slice(source))
        else:
            written.pop(hit)
    # negation parity
    ns, nt = _negations(source, source_lang), _negations(target, target_lang)
    if ns == 0 and nt > _negative_affixes(source, source_lang) \
            and not _litotes_only(target, target_lang, nt):
        add("qa-negation", "the translation has a negation the source does not have")
    elif nt == 0 and _negations(source, source_lang, "strong") > 0:
        add("qa-negation", "the source has a negation the translation does not have")
    # untranslated, leftovers
    letters = [w for w in _WORD.findall(source) if len(w) > 1]
    if (len(letters) >= 3 and source.strip().casefold() == target.strip().casefold()
            and _base(source_lang) != _base(target_lang)):
        add("qa-untranslated", "the segment was not translated")
    else:
        ours = _words("function_words").get(_base(source_lang), frozenset())
        theirs = _words("function_words").get(_base(target_lang), frozenset())
        in_source = {w.casefold() for w in _WORD.findall(source)}
        for m in _WORD.finditer(target):
            word = m.group().casefold()
            if word in ours and word not in theirs and word in in_source and len(word) > 2 \
                    and not _in_title(target, m.start(), m.end(), in_source):
                add("qa-leftover", f"{m.group()!r} is a {_base(source_lang)} word left in the "
                    "translation", Span(m.start(), m.end()))
    # a word twice in a row
    repeated_in_source = {m.group(1).casefold() for m in _REPEAT.finditer(source)}
    allowed = _words("repeats").get(_base(target_lang), frozenset())
    for m in _REPEAT.finditer(target):
        if m.group(1).casefold() not in repeated_in_source | allowed:
            add("qa-repeated-word", f"{m.group(1)!r} twice in a row", Span(m.start(), m.end()))
    # quotes and brackets as in the source
    source_quotes = sum(source.count(q) for q in _DOUBLE_QUOTES)
    target_quotes = sum(target.count(q) for q in _DOUBLE_QUOTES)
    # an odd count has a stray quote (an opening one never closed) a translation may drop
    if target_quotes < source_quotes - source_quotes % 2:
        add("qa-quotes", f"the source has {source_quotes} double quote(s), the translation "
            f"{target_quotes} (a double quote became another mark or was lost)")
    for pair in _BRACKETS:
        balanced_source = source.count(pair[0]) == source.count(pair[1])
        balanced_target = target.count(pair[0]) == target.count(pair[1])
        if balanced_source and not balanced_target:
            add("qa-quotes", f"{pair[0]} and {pair[1]} are balanced in the source, not in the "
                "translation")
    # URLs and e-mail addresses intact
    for m in _URL.finditer(source):
        if m.group() not in target:
            add("qa-url", f"{m.group()!r} is not in the translation as written", text=m.group())
    # placeholder-like tokens
    for span in placeholder_like(target, source):
        add("qa-placeholder", f"placeholder-like token {span.slice(target)!r} in the translation",
            span)
    return findings


def counts(findings: Sequence[Finding]) -> Counter[str]:
    """How many findings of each QA kind."""
    return Counter(f.kind for f in findings if f.kind in CHECKS)
