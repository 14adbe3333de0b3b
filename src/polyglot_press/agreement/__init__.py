"""Grammar around a glossary term: the article and preposition before it agree with it.

An engine that never saw a term (it was behind a placeholder) or that wrote
its own rendering guesses the article: "a Cazaquistão" for the masculine
Cazaquistão, "em o" for "no". When the glossary gives a term's ``gender``
(and ``number``, default singular, and ``no_article``), :func:`agree` looks at
the words right before the term and rewrites an article or a preposition +
article contraction of the wrong gender or number (``na`` -> ``no``, ``a`` ->
``o``, ``da`` -> ``do``), or drops the article a term does not take
(``o Portugal`` -> ``Portugal``, ``no Portugal`` -> ``em Portugal``).

The forms are data, one JSON file per language in ``agreement/data/``
(pt, es, fr, it, de): articles and contractions keyed by gender, number and,
for German, case; a form may depend on the sound the term starts with
(French and Italian elision, Italian *lo*). The rules are conservative: a
word is changed only when exactly one form fits (German *die* before a
masculine term could be *der* or *den*: left alone), and nothing happens
where the glossary gives no gender.

>>> fix = agree("Ele mora na Cazaquistão.", Span(12, 23), "pt", "masculine")
>>> fix.text, [(c.before, c.after) for c in fix.changes]
('Ele mora no Cazaquistão.', [('na', 'no')])
>>> agree("A Cazaquistão aprecia.", Span(2, 13), "pt", "masculine").text
'O Cazaquistão aprecia.'
>>> agree("Ele foi no Portugal.", Span(11, 19), "pt", "masculine", no_article=True).text
'Ele foi em Portugal.'
>>> agree("la délégation de la Kazakhstan", Span(20, 30), "fr", "masculine").text
'la délégation du Kazakhstan'
>>> agree("nel Stati Uniti", Span(4, 15), "it", "masculine", "plural").text
'negli Stati Uniti'
>>> agree("Ele mora na Cazaquistão.", Span(12, 23), "pt", None).changes  # no gender: no change
()
>>> agree("Er reiste durch die Kasachstan.", Span(20, 30), "de", "masculine").unresolved
"'die' does not agree with 'Kasachstan' (masculine singular); it could be 'den' or 'der'"
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import regex

from ..lang import lang_base
from ..text import Change, Span

__all__ = ["LANGUAGES", "Agreement", "Reading", "agree", "article_before", "rules_for"]

#: Languages with article data.
LANGUAGES = ("de", "es", "fr", "it", "pt")


@dataclass(frozen=True, slots=True)
class Reading:
    """One grammatical reading of an article form: ``prep`` + article of ``kind``."""

    form: str
    prep: str | None
    kind: str
    gender: str
    number: str
    case: str | None
    sound: str | None


@dataclass(frozen=True, slots=True)
class Agreement:
    """The text after :func:`agree`, and what changed (empty: nothing to fix).

    ``unresolved`` is set (to the reason) when the article before the term does
    not agree with it and no single form could replace it: the text is left
    alone and the term check says ``agreement-unresolved``.
    """

    text: str
    changes: tuple[Change, ...] = ()
    term_span: Span | None = None
    unresolved: str | None = None


@dataclass(frozen=True, slots=True)
class _Rules:
    lang: str
    readings: dict[str, tuple[Reading, ...]]
    sounds: tuple[tuple[str, regex.Pattern[str]], ...]
    ambiguous: frozenset[str]
    before: regex.Pattern[str]


def _lang_base(lang: str) -> str:
    return lang_base(lang)


def _entries(prep: str | None, kind: str, table: dict[str, Any]) -> list[Reading]:
    out: list[Reading] = []
    for key, value in table.items():
        parts = key.split()
        gender, number = parts[0], parts[1]
        case = parts[2] if len(parts) > 2 else None
        forms = value if isinstance(value, dict) else {"default": value}
        for sound, form in forms.items():
            out.append(Reading(form, prep, kind, gender, number, case,
                               None if sound == "default" else sound))
    return out


@cache
def rules_for(lang: str) -> _Rules | None:
    """The article data of ``lang`` (``None`` when there is none).

    >>> rules_for("pt-BR").lang, rules_for("ru") is None
    ('pt', True)
    """
    base = _lang_base(lang)
    if base not in LANGUAGES:
        return None
    raw = json.loads(resources.files(__package__).joinpath("data", f"{base}.json")
                     .read_text(encoding="utf-8"))
    entries: list[Reading] = []
    for kind, table in raw.get("articles", {}).items():
        entries += _entries(None, kind, table)
    for prep, kinds in raw.get("contractions", {}).items():
        for kind, table in kinds.items():
            entries += _entries(prep, kind, table)
    readings: dict[str, list[Reading]] = {}
    for entry in entries:
        readings.setdefault(entry.form.casefold(), []).append(entry)
    forms = sorted(readings, key=len, reverse=True)
    alternatives = "|".join(regex.escape(f) for f in forms)
    # the article right before the term: a whole word (or an elided form ending in ')
    before = regex.compile(r"(?<![\p{L}\p{N}'’])(" + alternatives + r")(\s+|(?<=['’]))\Z",
                           regex.IGNORECASE)
    sounds = tuple((name, regex.compile(pattern)) for name, pattern in raw.get("sounds", {}).items())
    return _Rules(base, {k: tuple(v) for k, v in readings.items()}, sounds,
                  frozenset(raw.get("ambiguous", ())), before)


def _sound(rules: _Rules, term: str) -> str | None:
    for name, pattern in rules.sounds:
        if pattern.search(term):
            return name
    return None


def _form_for(rules: _Rules, reading: Reading, gender: str, number: str,
              sound: str | None) -> str | None:
    fitting = [r for rs in rules.readings.values() for r in rs
               if r.prep == reading.prep and r.kind == reading.kind and r.case == reading.case
               and r.gender == gender and r.number == number]
    exact = [r for r in fitting if r.sound == sound]
    plain = [r for r in fitting if r.sound is None]
    chosen = exact or plain
    forms = {r.form for r in chosen}
    return forms.pop() if len(forms) == 1 else None


_COMPOUND = regex.compile(r"[-‐‑]\p{L}")


def _cased_like(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def article_before(text: str, span: Span, lang: str) -> tuple[Span, tuple[Reading, ...]] | None:
    """The article (or contraction) right before ``span`` and its readings.

    >>> found = article_before("mora na Cazaquistão", Span(8, 19), "pt")
    >>> found[0], sorted({(r.prep, r.gender) for r in found[1]})
    (Span(start=5, end=7), [('em', 'feminine')])
    """
    rules = rules_for(lang)
    if rules is None:
        return None
    window_start = max(0, span.start - 24)
    match = rules.before.search(text[window_start:span.start])
    if match is None:
        return None
    form = match.group(1)
    found = Span(window_start + match.start(1), window_start + match.end(1))
    return found, rules.readings.get(form.casefold(), ())


def agree(text: str, span: Span, lang: str, gender: str | None, number: str | None = None, *,
          no_article: bool = False) -> Agreement:
    """Make the article or contraction before the term at ``span`` agree with it.

    ``gender``/``number``/``no_article`` come from the glossary's target
    term. Returns the new text, the changes (one :class:`~polyglot_press.text.Change`
    per rewritten word, rule ``term-agreement``) and where the term now is.
    """
    rules = rules_for(lang)
    if rules is None or (gender is None and not no_article):
        return Agreement(text, (), span)
    if _COMPOUND.match(text, span.end):
        return Agreement(text, (), span)  # "die Kasachstan-Mission": the compound's head decides
    found = article_before(text, span, lang)
    if found is None:
        return Agreement(text, (), span)
    where, readings = found
    old = where.slice(text)
    term = span.slice(text)
    new: str | None = None
    if no_article:
        if old.casefold() in rules.ambiguous:
            return Agreement(text, (), span)  # also a bare preposition ("a Portugal")
        preps = {r.prep for r in readings if r.kind == "definite"}
        if len(preps) != 1:
            return Agreement(text, (), span)
        prep = preps.pop()
        new = "" if prep is None else prep
    else:
        assert gender is not None
        wanted_number = number or "singular"
        sound = _sound(rules, term)
        candidates = {_form_for(rules, r, gender, wanted_number, sound) for r in readings}
        if old.casefold() in {c.casefold() for c in candidates if c is not None}:
            return Agreement(text, (), span)  # one of its readings fits
        if len(candidates) != 1 or None in candidates:
            fits = sorted(c for c in candidates if c is not None)
            return Agreement(text, (), span, unresolved=(
                f"{old!r} does not agree with {term!r} ({gender} {wanted_number}); "
                + (f"it could be {' or '.join(repr(c) for c in fits)}" if fits
                   else "no form of the data fits")))
        new = candidates.pop()
        assert new is not None
    # the article, and the space after it unless it is elided, are replaced
    replace = Span(where.start, span.start)
    before_text = replace.slice(text)
    if new == "":
        after_text = ""
    else:
        new = _cased_like(new, old)
        after_text = new if new.endswith(("'", "’")) else new + " "
    if before_text == after_text:
        return Agreement(text, (), span)
    common = 0  # the change covers the article, not the space both keep
    while (common < min(len(before_text), len(after_text))
           and before_text[-1 - common] == after_text[-1 - common]):
        common += 1
    if common:
        replace = Span(replace.start, replace.end - common)
        before_text, after_text = before_text[:-common], after_text[:-common]
    what = "takes no article" if no_article else f"{gender} {number or 'singular'}"
    change = Change(replace, before_text, after_text, "term-agreement",
                    f"{old!r} does not agree with {term!r} ({what})")
    out = text[:replace.start] + after_text + text[replace.end:]
    return Agreement(out, (change,), span.shift(len(after_text) - len(before_text)))
