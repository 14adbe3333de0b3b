"""The rule engine: one compiled table per standard, with context and case rules.

A :class:`RuleTable` is data (letters, word-initial renderings, renderings after
or before a given letter, word endings) in the shape iuliia's schemas use, so
tables generated from iuliia, translitua and tetrak-translit load unchanged.
:class:`Scheme` compiles one into

* a ``str.translate`` table for every letter whose rendering needs no context
  (the fast path: most characters of a name never reach Python code), and
* one regular expression whose alternatives are exactly the places where
  context changes the rendering (word start, after a vowel, word end,
  multi-letter units such as Armenian ``ու``).

Case is decided by position, not copied letter by letter: ``Жомарт`` is
``Zhomart``, ``ЖОМАРТ`` is ``ZHOMART`` and ``ЗГуровский`` is ``ZGhurovskyi``.

>>> table = RuleTable(letters={"ж": "zh", "о": "o", "м": "m", "а": "a", "р": "r", "т": "t"})
>>> scheme = Scheme("demo", table)
>>> scheme.apply("Жомарт"), scheme.apply("ЖОМАРТ")
('Zhomart', 'ZHOMART')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from ..text import Change, Span

__all__ = ["RuleTable", "Scheme", "Unit"]


@dataclass(frozen=True)
class RuleTable:
    """The data of one transliteration direction (all keys lowercase).

    ``letters``: unit (one or more source characters) -> rendering.
    ``initial``: unit -> rendering at the start of a word.
    ``after``: previous character + unit -> rendering (previous char in the word).
    ``before``: unit + next character -> rendering.
    ``endings``: word-final sequence -> rendering (the word must be longer).
    ``word_chars``: characters besides the source letters that do not end a
    word (Ukrainian apostrophes, Armenian stress marks).
    ``lower_case`` / ``upper_case``: case pairs that Python's default case
    mapping gets wrong for this alphabet (Kazakh Latin ``İ i`` / ``I ı``).
    ``title_words``: capitalize every word (caseless scripts rendered as names).
    """

    letters: Mapping[str, str]
    initial: Mapping[str, str] = field(default_factory=dict)
    after: Mapping[str, str] = field(default_factory=dict)
    before: Mapping[str, str] = field(default_factory=dict)
    endings: Mapping[str, str] = field(default_factory=dict)
    word_chars: str = ""
    lower_case: Mapping[str, str] = field(default_factory=dict)
    upper_case: Mapping[str, str] = field(default_factory=dict)
    title_words: bool = False

    def with_changes(self, changes: Mapping[str, Mapping[str, str]], *,
                     title_words: bool | None = None) -> RuleTable:
        """A copy with entries added or replaced: a profile built on a standard.

        ``changes`` maps a field name (``letters``, ``initial``, ``after``,
        ``before``, ``endings``) to the entries to add.
        """
        unknown = set(changes) - {"letters", "initial", "after", "before", "endings"}
        if unknown:
            raise ValueError(f"RuleTable has no rule field {sorted(unknown)}")

        def merged(name: str) -> dict[str, str]:
            base: Mapping[str, str] = getattr(self, name)
            return {**base, **changes.get(name, {})}

        return RuleTable(
            letters=merged("letters"),
            initial=merged("initial"),
            after=merged("after"),
            before=merged("before"),
            endings=merged("endings"),
            word_chars=self.word_chars,
            lower_case=self.lower_case,
            upper_case=self.upper_case,
            title_words=self.title_words if title_words is None else title_words,
        )

    @classmethod
    def from_parts(cls, parts: Mapping[str, Mapping[str, str]]) -> RuleTable:
        """A table from a mapping of rule field name to entries."""
        return cls(letters={}).with_changes(parts)


@dataclass(frozen=True, slots=True)
class Unit:
    """One rendered piece of the source: where it was, what it became, by which rule."""

    start: int
    end: int
    source: str
    output: str
    rule: str


def _char_class(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


def _marks_inside_digraphs(table: RuleTable) -> RuleTable:
    """A mark written inside a two-letter unit follows it: Armenian ``ո՞ւ`` is ``u՞``."""
    marks = [c for c in table.word_chars if not c.isalpha()]
    pairs = [u for u in table.letters if len(u) == 2 and u.isalpha()]
    if not marks or not pairs:
        return table
    extra = {u[0] + m + u[1]: table.letters[u] + table.letters.get(m, m)
             for u in pairs for m in marks}
    return table.with_changes({"letters": extra})


class Scheme:
    """A compiled :class:`RuleTable`; :meth:`apply` is the fast path, :meth:`units` explains.

    Both paths run the same resolver over the same regular expression; the fast
    path only skips the letters that need no context and renders them with one
    ``str.translate`` call.
    """

    def __init__(self, name: str, table: RuleTable) -> None:
        self.name = name
        self.table = table = _marks_inside_digraphs(table)
        self._lower_trans = {ord(k): v for k, v in table.lower_case.items()}
        self._upper_trans = {ord(k): v for k, v in table.upper_case.items()}
        self._upper_of = {v: k for k, v in table.lower_case.items()}

        self._units: set[str] = {*table.letters, *table.initial,
                                 *(k[1:] for k in table.after), *(k[:-1] for k in table.before)}
        letters = {c for key in self._units | set(table.endings) for c in key if c.isalpha()}
        self._word_low = frozenset(letters | set(table.word_chars))
        self._uppers = frozenset(
            u for u in (self._up(c) for c in letters) if u not in self._word_low
        )
        self._word = self._word_low | self._uppers
        word_class = _char_class("".join(self._word_low))
        self._max_unit = max((len(u) for u in self._units), default=1)

        # units whose rendering may depend on context, or that span several letters
        context_units = {k[1:] for k in table.after} | set(table.initial)
        context_units |= {k[:-1] for k in table.before}
        context_units |= {u for u in table.letters if len(u) > 1}
        # an ending counts only inside a longer word (the look behind, after the literal)
        branches = [f"{re.escape(e)}(?!{word_class})(?<={word_class}.{{{len(e)}}})"
                    for e in sorted(table.endings, key=lambda e: (-len(e), e))]
        branches += [re.escape(u) for u in sorted(context_units, key=lambda u: (-len(u), u))]
        singles = sorted(u for u in table.letters if len(u) == 1)
        # matched against the lowercased text: every branch starts with a literal,
        # which lets the regex engine skip to candidate characters in C
        # the fast path runs on the text itself, where a capital can only begin a
        # word (anything else goes the slow way), so lower and Title forms suffice
        any_case = _char_class("".join(self._word))
        fast_branches = [f"{re.escape(e)}(?!{any_case})(?<={any_case}.{{{len(e)}}})"
                         for e in sorted(table.endings, key=lambda e: (-len(e), e))]
        # an alternative whose rendering it alone decides ends in an empty group, which
        # lastindex names (a group around it would hide its first letter from the engine)
        self._group_out: list[str | None] = [None]
        for unit in sorted(context_units, key=lambda u: (-len(u), u)):
            for pattern, out in self._fast_branches(unit):
                if out is None:
                    fast_branches.append(pattern)
                else:
                    fast_branches.append(f"{pattern}()")
                    self._group_out.append(out)
        # every word's first letter written as a capital (caseless scripts as names):
        # matched last, so that a unit beginning there goes first
        self._start_out: dict[str, str] = {}
        if table.title_words:
            for c in self._word_low:
                if (c in table.letters and c not in table.initial
                        and not any(k[:-1] == c for k in table.before)):
                    self._start_out[c] = self._start_out[self._up(c)] = self._title(
                        table.letters[c])
        # names in such a script alone (letters, spaces, hyphens), every letter written
        # as plain small Latin: str.title() of the translation is the same, in C
        plain = table.title_words and not context_units and all(
            out.isascii() and out.isalpha() and out.islower()
            for unit, out in table.letters.items() if len(unit) == 1 and unit.isalpha())
        self._title_names = (re.compile(_char_class(
            "".join(c for c in self._word_low if c.isalpha()) + " -") + "*").fullmatch
            if plain else None)
        if self._start_out:
            fast_branches.append(
                f"{_char_class(''.join(self._start_out))}(?<!{any_case}.)()")
            self._group_out.append(None)  # None: look the letter up in _start_out
        self._fast_context = re.compile("|".join(fast_branches)) if fast_branches else None
        self._fast_sub: Callable[[Callable[[re.Match[str]], str], str], str] | None = (
            self._fast_context.sub if self._fast_context is not None else None)
        self._on_match = self._render_match
        # fast-path matches whose rendering never depends on the neighbours
        self._constant: dict[str, str] = {
            e: out for e, out in table.endings.items() if e not in context_units}
        for unit in context_units if not table.title_words else ():
            if (len(unit) > 1 and unit in table.letters and unit not in table.endings
                    and unit not in table.initial
                    and not any(k[1:] == unit for k in table.after)
                    and not any(k[:-1] == unit for k in table.before)):
                self._constant[unit] = table.letters[unit]
                self._constant[self._up(unit[0]) + unit[1:]] = self._title(table.letters[unit])
        every = [*branches, *(re.escape(u) for u in singles if u not in context_units)]
        self._every = re.compile("|".join(every)) if every else None

        translation: dict[int, str] = {}
        for unit in singles:
            out = table.letters[unit]
            translation[ord(unit)] = out
            upper = self._up(unit)
            if upper != unit:
                translation[ord(upper)] = self._title(out)
        self._translation = translation
        inserted = {c for out in self._all_outputs() for c in out}
        inserted |= {c for out in self._all_outputs() for c in self._upper(out)}
        # context renderings are inserted before translate() runs: exact only when
        # none of their characters is one that translate() would change again
        self._fast = not (inserted & {chr(k) for k in translation})
        self._memo: dict[str, str] = {}
        self._seen: dict[tuple[str, str, str], str] = {}
        punctuation = "".join(u for u in singles if u not in self._word)
        chunks = [f"{_char_class(''.join(self._word))}+"] if self._word else []
        if punctuation:
            chunks.append(_char_class(punctuation))
        self._chunks = re.compile("|".join(chunks)) if chunks else None
        upper_class = _char_class("".join(self._uppers)) if self._uppers else None
        # a capital that does not begin a word (ЖОМАРТ, ЗГуровский) needs the slow path
        # (the capital first: most characters fail there, in C)
        self._caps = (re.compile(f"{upper_class}(?<={_char_class(''.join(self._word))}.)")
                      if upper_class else None)

    def _fast_branches(self, unit: str) -> list[tuple[str, str | None]]:
        """The fast expression's alternatives for one context unit, each with its
        rendering when the alternative alone decides it (else ``None``: the resolver).

        A single letter is matched only where its context changes its
        rendering (``е`` after a vowel, ``ո`` at a word start); elsewhere
        ``str.translate`` renders it. Capitals stand only at word starts here.
        """
        t = self.table
        titled = self._up(unit[0]) + unit[1:]
        forms = [re.escape(unit)] + ([re.escape(titled)] if titled != unit else [])
        default = t.letters.get(unit)
        if len(unit) > 1 or default is None or unit in t.endings:
            return [(form, None) for form in forms]
        word = _char_class("".join(self._word))
        result: list[tuple[str, str | None]] = []
        # the literal first, then the look behind: the engine still skips to candidates in C
        initial = t.initial.get(unit, default)
        if initial != default:  # at a word start nothing else applies
            result.append((f"{forms[0]}(?<!{word}.)",
                           self._title(initial) if t.title_words else initial))
            if len(forms) > 1:
                result.append((f"{forms[1]}(?<!{word}.)", self._title(initial)))
        by_output: dict[str, set[str]] = {}
        for key, out in t.after.items():
            if key[1:] == unit and out != default:
                by_output.setdefault(out, set()).add(key[0])
        for out, prev in sorted(by_output.items()):  # inside a word, after these letters
            prev_class = _char_class("".join(prev | {self._up(p) for p in prev}))
            result.append((f"{forms[0]}(?<={prev_class}.)", out))
        # matching too often is harmless (the resolver decides), too rarely is not:
        # a following letter that changes the rendering is matched whatever precedes
        nxt = {key[-1] for key, out in t.before.items() if key[:-1] == unit and out != default}
        if nxt:
            next_class = _char_class("".join(nxt | {self._up(n) for n in nxt}))
            result += [(f"{form}(?={next_class})", None) for form in forms]
        return result

    def _all_outputs(self) -> Iterator[str]:
        """Every rendering the context pass can insert (not the single letters)."""
        t = self.table
        for mapping in (t.initial, t.after, t.before, t.endings):
            yield from mapping.values()
        yield from (out for unit, out in t.letters.items() if len(unit) > 1)

    # -- case helpers ------------------------------------------------------
    def _up(self, char: str) -> str:
        if char in self._upper_of:
            return self._upper_of[char]
        upper = char.upper()
        return upper if len(upper) == 1 else char

    def _lower(self, text: str) -> str:
        low = text.translate(self._lower_trans).lower() if self._lower_trans else text.lower()
        if len(low) != len(text):  # a letter whose lower case is longer (İ -> i̇)
            low = "".join(c if len(c) == 1 else ch
                          for ch, c in ((ch, ch.translate(self._lower_trans).lower())
                                        for ch in text))
        return low

    def _upper(self, text: str) -> str:
        return text.translate(self._upper_trans).upper() if self._upper_trans else text.upper()

    def _title(self, text: str) -> str:
        for index, char in enumerate(text):
            if char.lower() != char.upper():
                return text[:index] + self._upper(char) + text[index + 1:]
        return text

    def _cased(self, out: str, text: str, start: int, end: int) -> str:
        if not out:
            return out
        if self.table.title_words:
            prev = text[start - 1] if start else ""
            return out if prev in self._word else self._title(out)
        src = text[start:end]
        if src[0] not in self._uppers:
            return out
        cased = [c for c in src if c in self._uppers or (c in self._word_low and c.isalpha())]
        if len(cased) > 1 and all(c in self._uppers for c in cased):
            return self._upper(out)
        # the neighbouring letters in the word, stepping over marks inside it
        after = end
        while after < len(text) and text[after] in self._word and not text[after].isalpha():
            after += 1
        nxt = text[after] if after < len(text) else ""
        if nxt in self._word and nxt.isalpha():
            return self._upper(out) if nxt in self._uppers else self._title(out)
        before = start - 1
        while before >= 0 and text[before] in self._word and not text[before].isalpha():
            before -= 1
        if before >= 0 and text[before] in self._uppers:
            return self._upper(out)
        return self._title(out)

    # -- the resolver --------------------------------------------------------
    def _resolve(self, text: str, low: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """Render ``low[start:end]`` (a matched unit or ending): [(start, end, out, rule)]."""
        t = self.table
        unit = low[start:end]
        prev = low[start - 1] if start else ""
        in_word = prev in self._word_low
        if unit in t.endings and in_word:
            return [(start, end, self._cased(t.endings[unit], text, start, end), "ending")]
        out: str | None = None
        rule = "letter"
        if in_word and prev + unit in t.after:
            out, rule = t.after[prev + unit], "after"
        elif not in_word and unit in t.initial:
            out, rule = t.initial[unit], "initial"
        else:
            nxt = low[end] if end < len(low) else ""
            if nxt and unit + nxt in t.before:
                out, rule = t.before[unit + nxt], "before"
            elif unit in t.letters:
                out, rule = t.letters[unit], ("digraph" if len(unit) > 1 else "letter")
        if out is not None:
            return [(start, end, self._cased(out, text, start, end), rule)]
        if end - start == 1:  # a character the table does not render
            return [(start, end, text[start], "letter")]
        # a unit whose rule did not apply here: render its letters one by one
        pieces: list[tuple[int, int, str, str]] = []
        for index in range(start, end):
            pieces.extend(self._resolve(text, low, index, index + 1))
        return pieces

    def _render_match(self, match: re.Match[str]) -> str:
        index = match.lastindex
        if index is not None:
            out = self._group_out[index]
            return out if out is not None else self._start_out[match.group()]
        unit = match.group()
        out = self._constant.get(unit)
        if out is not None:
            return out
        text = match.string
        start, end = match.span()
        key = (text[start - 1:start], unit, text[end:end + 1])
        out = self._seen.get(key)
        if out is None:
            out = self._resolve_alone(*key)
            if len(self._seen) >= _MEMO_SIZE:
                self._seen.clear()
            self._seen[key] = out
        return out

    def forget(self) -> None:
        """Drop the remembered renderings (benchmarks measure the first sight this way)."""
        self._memo.clear()
        self._seen.clear()

    def _resolve_alone(self, prev: str, unit: str, nxt: str) -> str:
        """The rendering of ``unit`` between ``prev`` and ``nxt`` (fast path: no inner capitals)."""
        text = prev + unit + nxt
        pieces = self._resolve(text, self._lower(text), len(prev), len(prev) + len(unit))
        return pieces[0][2] if len(pieces) == 1 else "".join(p[2] for p in pieces)

    # -- the two paths -----------------------------------------------------
    def apply(self, text: str) -> str:
        """Transliterate ``text``.

        One pass of the context expression over the whole text (a Python call
        only where a context unit occurs, its rendering remembered by its
        neighbours), then one ``str.translate``. Short texts (names) are
        remembered whole.
        """
        if not text or self._chunks is None:
            return text
        short = len(text) <= _MEMO_TEXT
        if short:
            out = self._memo.get(text)
            if out is not None:
                return out
        if self._fast and (self._caps is None or not self._caps.search(text)):
            out = self._render_fast(text)
        elif self._fast:  # capitals inside a word somewhere: those words go the slow way
            out = self._chunks.sub(self._render_chunk, text)
        else:
            out = self._render_slow(text)
        if short:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[text] = out
        return out

    def _render_chunk(self, match: re.Match[str]) -> str:
        word = match.group()
        if self._caps is not None and self._caps.search(word):
            return self._render_slow(word)
        return self._render_fast(word)

    def _render_slow(self, text: str) -> str:
        assert self._every is not None  # there is a word only when there are letters
        return "".join(piece[2] for piece in self._walk(text, self._lower(text), self._every))

    def _render_fast(self, text: str) -> str:
        """Context units through the resolver (remembered by neighbours), the rest translated.

        Exact when no capital stands inside a word: a unit's rendering then
        depends only on itself, the character before it and the one after it.
        """
        if self._title_names is not None and self._title_names(text):
            return text.translate(self._translation).title()
        sub = self._fast_sub
        if sub is not None:
            text = sub(self._on_match, text)
        return text.translate(self._translation)

    def _walk(self, text: str, low: str,
              pattern: re.Pattern[str]) -> Iterator[tuple[int, int, str, str]]:
        position = 0
        for match in pattern.finditer(low):
            start, end = match.span()
            if start > position:
                yield position, start, text[position:start], "keep"
            yield from self._resolve(text, low, start, end)
            position = end
        if position < len(text):
            yield position, len(text), text[position:], "keep"

    def units(self, text: str) -> Iterator[Unit]:
        """Every unit of ``text`` that the scheme renders, with the rule that did it."""
        if self._every is None:
            return
        for start, end, out, rule in self._walk(text, self._lower(text), self._every):
            if rule != "keep":
                yield Unit(start, end, text[start:end], out, rule)

    def changes(self, text: str, label: str) -> list[Change]:
        """The :class:`Change` records that turn ``text`` into :meth:`apply` of it."""
        result: list[Change] = []
        for unit in self.units(text):
            if unit.output == unit.source:
                continue
            reason = f"{label}: {unit.source} -> {unit.output!r}"
            if unit.rule != "letter":
                reason += f" ({_RULE_REASONS[unit.rule]})"
            result.append(
                Change(Span(unit.start, unit.end), unit.source, unit.output,
                       rule=f"translit:{label}:{unit.rule}", reason=reason)
            )
        return result


_MEMO_TEXT = 64  # texts up to this length are remembered whole
_MEMO_SIZE = 50_000

_RULE_REASONS = {
    "ending": "word ending",
    "after": "after the previous letter",
    "initial": "at the start of a word",
    "before": "before the next letter",
    "digraph": "letters rendered together",
}
