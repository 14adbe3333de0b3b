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
class _Adjectives:
    """A language's adjective data: ``forms`` maps each written form of a listed
    adjective to (lemma, gender, number) readings and ``paradigm`` each lemma to
    its forms by (gender, number); ``any_before`` takes any lowercase word between
    an article and the term as an adjective (German writes nouns capitalized) with
    its ending from ``declension[kind][gender number case]``. ``predeterminers``
    (listed adjectives) stand before the article ("todo o Cazaquistão")."""

    forms: dict[str, tuple[tuple[str, str, str], ...]]
    paradigm: dict[str, dict[tuple[str, str], str]]
    predeterminers: frozenset[str]
    any_before: bool
    endings: tuple[str, ...]
    declension: dict[str, dict[tuple[str, str, str | None], str]]


@dataclass(frozen=True, slots=True)
class _Rules:
    lang: str
    readings: dict[str, tuple[Reading, ...]]
    sounds: tuple[tuple[str, regex.Pattern[str]], ...]
    ambiguous: frozenset[str]
    before: regex.Pattern[str]
    adjectives: _Adjectives


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
                  frozenset(raw.get("ambiguous", ())), before,
                  _adjective_data(raw.get("adjectives", {})))


def _key(key: str) -> tuple[str, str, str | None]:
    parts = key.split()
    return parts[0], parts[1], parts[2] if len(parts) > 2 else None


def _adjective_data(raw: dict[str, Any]) -> _Adjectives:
    paradigms: dict[str, dict[str, str]] = raw.get("paradigms", {})
    forms: dict[str, list[tuple[str, str, str]]] = {}
    paradigm: dict[str, dict[tuple[str, str], str]] = {}
    for lemma, kind in raw.get("words", {}).items():
        endings = paradigms[kind]
        base = lemma[:len(lemma) - len(endings["masculine singular"])]
        table = {_key(k)[:2]: base + ending for k, ending in endings.items()}
        paradigm[lemma] = table
        for (gender, number), form in table.items():
            forms.setdefault(form, []).append((lemma, gender, number))
    declension = {kind: {_key(k): v for k, v in table.items()}
                  for kind, table in raw.get("declension", {}).items()}
    return _Adjectives({k: tuple(v) for k, v in forms.items()}, paradigm,
                       frozenset(raw.get("predeterminers", ())),
                       bool(raw.get("any_before", False)),
                       tuple(sorted(raw.get("endings", ()), key=len, reverse=True)), declension)


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


_WORD_BEFORE = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{L}[\p{L}\p{M}]+)(\s+)\Z")
_WORD_AFTER = regex.compile(r"(\s+)(\p{Ll}[\p{L}\p{M}]+)(?![\p{L}\p{N}'’-])")


def _adjective_forms(rules: _Rules, word: str, gender: str, number: str) -> set[str]:
    """The forms of the listed adjective ``word`` for ``gender``/``number`` (one per lemma
    it can be a form of)."""
    readings = rules.adjectives.forms.get(word.casefold(), ())
    out = set()
    for lemma, _, _ in readings:
        form = rules.adjectives.paradigm[lemma].get((gender, number))
        if form is not None:
            out.add(form)
    return out


def _declined(rules: _Rules, word: str, article: str, gender: str, number: str) -> str | None:
    """German: ``word`` with the ending the article's readings that fit the term ask
    for ("im moderne Iran" -> "modernen"), when they all ask for one."""
    fitting = [r for r in rules.readings.get(article.casefold(), ())
               if r.gender == gender and r.number == number]
    endings = {rules.adjectives.declension.get(r.kind, {}).get((r.gender, r.number, r.case))
               for r in fitting}
    if len(endings) != 1 or None in endings:
        return None
    ending = endings.pop()
    assert ending is not None
    stem = word
    for old in rules.adjectives.endings:
        if word.endswith(old) and len(word) - len(old) >= 3:
            stem = word[:-len(old)]
            break
    else:
        return None
    return stem + ending


def _change(text: str, where: Span, new: str, rule: str, reason: str) -> Change | None:
    old = where.slice(text)
    new = _cased_like(new, old)
    return None if new == old else Change(where, old, new, rule, reason)


def agree(text: str, span: Span, lang: str, gender: str | None, number: str | None = None, *,
          no_article: bool = False) -> Agreement:
    """Make the article or contraction before the term at ``span``, and an adjective
    directly attached to it, agree with it.

    ``gender``/``number``/``no_article`` come from the glossary's target
    term. Returns the new text, the changes (one :class:`~polyglot_press.text.Change`
    per rewritten word, rule ``term-agreement``) and where the term now is. The
    adjective is one the language's data lists, right after the term ("Cazaquistão
    inteira" -> "inteiro") or between the article and the term ("a antiga
    Cazaquistão" -> "o antigo"); in German any lowercase word there, declined as
    the article asks ("im moderne Iran" -> "im modernen Iran").

    >>> agree("a antiga Cazaquistão inteira", Span(9, 20), "pt", "masculine").text
    'o antigo Cazaquistão inteiro'
    >>> agree("im moderne Iran", Span(11, 15), "de", "masculine").text
    'im modernen Iran'
    """
    rules = rules_for(lang)
    if rules is None or (gender is None and not no_article):
        return Agreement(text, (), span)
    if _COMPOUND.match(text, span.end):
        return Agreement(text, (), span)  # "die Kasachstan-Mission": the compound's head decides
    changes: list[Change] = []
    head = span
    wanted_number = number or "singular"
    adjective_before: Span | None = None
    if gender is not None and not no_article:
        found = _WORD_BEFORE.search(text[max(0, span.start - 40):span.start])
        if found is not None:
            word = found.group(1)
            start = max(0, span.start - 40) + found.start(1)
            candidate = Span(start, start + len(word))
            listed = word.casefold() in rules.adjectives.forms
            if (listed or (rules.adjectives.any_before and word.islower())) \
                    and word.casefold() not in rules.readings \
                    and article_before(text, candidate, lang) is not None:
                adjective_before = candidate
                head = Span(candidate.start, span.end)
    article = _article(rules, text, head, span, lang, gender, wanted_number, no_article)
    if isinstance(article, str):
        return Agreement(text, (), span, unresolved=article)
    now, now_head = text, head
    if article is not None:
        changes.append(article)
        now = text[:article.span.start] + article.after + text[article.span.end:]
        now_head = head.shift(len(article.after) - len(article.before))
    found_article = article_before(now, now_head, lang)
    final_article = None if found_article is None else found_article[0].slice(now)
    assert gender is not None or no_article
    what = f"{gender} {wanted_number}"
    term = span.slice(text)
    if gender is not None and not no_article:
        if adjective_before is not None:
            word = adjective_before.slice(text)
            if rules.adjectives.any_before:
                new = (_declined(rules, word, final_article, gender, wanted_number)
                       if final_article else None)
            else:
                forms = _adjective_forms(rules, word, gender, wanted_number)
                new = forms.pop() if len(forms) == 1 else None
            if new is not None:
                change = _change(text, adjective_before, new, "term-agreement",
                                 f"{word!r} does not agree with {term!r} ({what})")
                if change is not None:
                    changes.append(change)
        if found_article is not None and rules.adjectives.predeterminers:
            # "todo o": the predeterminer right before the article (in the original text)
            at = found_article[0].start  # an article change starts where the article does
            pre = _WORD_BEFORE.search(text[max(0, at - 40):at])
            if pre is not None:
                word = pre.group(1)
                forms = _adjective_forms(rules, word, gender, wanted_number)
                lemmas = {lemma for lemma, _, _ in rules.adjectives.forms.get(word.casefold(), ())}
                if lemmas & rules.adjectives.predeterminers and len(forms) == 1:
                    start = max(0, at - 40) + pre.start(1)
                    change = _change(text, Span(start, start + len(word)), forms.pop(),
                                     "term-agreement",
                                     f"{word!r} does not agree with {term!r} ({what})")
                    if change is not None:
                        changes.append(change)
        after = _WORD_AFTER.match(text, span.end)
        if after is not None and not rules.adjectives.any_before:
            word = after.group(2)
            forms = _adjective_forms(rules, word, gender, wanted_number)
            if len(forms) == 1:
                where = Span(after.start(2), after.end(2))
                change = _change(text, where, forms.pop(), "term-agreement",
                                 f"{word!r} does not agree with {term!r} ({what})")
                if change is not None:
                    changes.append(change)
    if not changes:
        return Agreement(text, (), span)
    changes.sort(key=lambda c: c.span.start)
    out = text
    for change in reversed(changes):
        out = out[:change.span.start] + change.after + out[change.span.end:]
    shift = sum(len(c.after) - len(c.before) for c in changes if c.span.end <= span.start)
    return Agreement(out, tuple(changes), span.shift(shift))


def _article(rules: _Rules, text: str, head: Span, term_span: Span, lang: str,
             gender: str | None, wanted_number: str, no_article: bool) -> Change | str | None:
    """The change to the article before ``head`` (the term, or the adjective before it),
    the reason it is unresolved (a string), or None when it is right or absent."""
    found = article_before(text, head, lang)
    if found is None:
        return None
    where, readings = found
    old = where.slice(text)
    term = term_span.slice(text)
    new: str | None = None
    if no_article:
        if old.casefold() in rules.ambiguous:
            return None  # also a bare preposition ("a Portugal")
        preps = {r.prep for r in readings if r.kind == "definite"}
        if len(preps) != 1:
            return None
        prep = preps.pop()
        new = "" if prep is None else prep
    else:
        assert gender is not None
        sound = _sound(rules, head.slice(text))
        candidates = {_form_for(rules, r, gender, wanted_number, sound) for r in readings}
        if old.casefold() in {c.casefold() for c in candidates if c is not None}:
            return None  # one of its readings fits
        if len(candidates) != 1 or None in candidates:
            fits = sorted(c for c in candidates if c is not None)
            return (f"{old!r} does not agree with {term!r} ({gender} {wanted_number}); "
                    + (f"it could be {' or '.join(repr(c) for c in fits)}" if fits
                       else "no form of the data fits"))
        new = candidates.pop()
        assert new is not None
    # the article, and the space after it unless it is elided, are replaced
    replace = Span(where.start, head.start)
    before_text = replace.slice(text)
    if new == "":
        after_text = ""
    else:
        new = _cased_like(new, old)
        after_text = new if new.endswith(("'", "’")) else new + " "
    if before_text == after_text:
        return None
    common = 0  # the change covers the article, not the space both keep
    while (common < min(len(before_text), len(after_text))
           and before_text[-1 - common] == after_text[-1 - common]):
        common += 1
    if common:
        replace = Span(replace.start, replace.end - common)
        before_text, after_text = before_text[:-common], after_text[:-common]
    what = "takes no article" if no_article else f"{gender} {wanted_number}"
    return Change(replace, before_text, after_text, "term-agreement",
                  f"{old!r} does not agree with {term!r} ({what})")
