"""Invisible characters and bidi controls: which are out of place, per UTS #55 and script use.

Default-ignorable characters are found with one ``regex`` pass (inside the runs
of characters above U+0660 when the text allows it); each is judged by its
neighbours (a ZWJ in an emoji sequence or after a virama is spelling, one
inside a Latin word is not). Bidi controls are checked per paragraph.

>>> [(i.finding.rule, i.finding.span.start) for i in special_issues("invoice\u202efdp.exe", ScanContext())]
[('bidi-override', 7)]
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from ..text import Change, CharInfo, Finding, Severity, Span
from . import _ucd
from .chars import PARA_RE, char_info
from .context import BIDI, INVISIBLE, ScanContext
from .records import Issue
from .walk import HIGH_RUN_RE

__all__ = ["SPECIAL_RE", "special_issues", "special_spans"]

# The regex module's own property tables (Unicode 17+) are several times faster
# than a long explicit class; tests check they agree with the generated tables.
# (every Bidi_Control character is also Default_Ignorable; a test checks it)
SPECIAL_RE = regex.compile(r"[^\P{Default_Ignorable_Code_Point}]+")
# strong right-to-left letters; RLM and ALM are strong too but are what we judge
_RTL_RE = regex.compile(
    r"[[\p{Bidi_Class=Right_To_Left}\p{Bidi_Class=Arabic_Letter}]--[\u200F\u061C]]", regex.V1
)

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
ZWSP, ZWNJ, ZWJ, WJ, SHY, CGJ = "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u034f"
_EMBEDDINGS = frozenset({LRE, RLE, LRO, RLO})
_OVERRIDES = frozenset({LRO, RLO})
_ISOLATES = frozenset({LRI, RLI, FSI})
_MARKS = frozenset({LRM, RLM, ALM})
_BIDI_CONTROLS = _EMBEDDINGS | _ISOLATES | {PDF, PDI}


def _codes(words: str) -> list[str]:
    return words.split()


# scripts where joiners shape letters (ZWJ/ZWNJ are part of correct spelling)
_JOINING_SCRIPTS = frozenset(
    _codes("Arab Syrc Nkoo Mong Phag Mand Mani Adlm Rohg Sogd Ougr Chrs Hmnp Psal Hung Yezi")
)
# Brahmic scripts: ZWJ/ZWNJ select conjunct and half forms
_BRAHMIC = frozenset(
    _codes(
        "Deva Beng Guru Gujr Orya Taml Telu Knda Mlym Sinh Tibt Mymr Khmr Laoo Thai Bali Java Sund "
        "Tirh Shrd Sidd Gran Newa Takr Dogr Modi Khoj Sind Kthi Mtei Cakm Limb Tale Talu Lana Bugi "
        "Batk Rjng Saur Tglg Hano Buhd Tagb Ahom Gong Gonm Diak Nand Zanb Soyo Kawi"
    )
)
# scripts written without spaces, where ZWSP marks word boundaries
_NO_SPACE_SCRIPTS = frozenset(
    ["Thai", "Laoo", "Khmr", "Mymr", "Tibt", "Java", "Bali", "Tale", "Talu", "Lana", "Hani", "Jpan"]
)
# scripts that have standardized variation sequences with VS1-VS14
_VS_BASE_SCRIPTS = frozenset(
    ["Hani", "Mymr", "Mong", "Phag", "Mani", "Egyp", "Zanb", "Tang", "Nshu", "Hira", "Kana"]
)


@dataclass(slots=True)
class _Paragraphs:
    text: str
    breaks: list[int] = field(default_factory=list)
    rtl: dict[int, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.breaks = [m.end() for m in PARA_RE.finditer(self.text)]

    def index(self, pos: int) -> int:
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


def special_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the matches of ``SPECIAL_RE`` in ``text``, in order.

    Every default-ignorable character lies at or above U+0660 or is one of
    ``LOW_IGNORABLES`` (a test checks it). When none of those is in the text
    and the runs of characters above U+0660 are few (one per thousand
    characters: Cyrillic, Greek or English text), the property class is run
    only inside those runs; past that budget (Devanagari, Han) one pass scans
    the rest. A match never crosses a run's ends, so the spans are those of
    one pass over the whole text.
    """
    find = SPECIAL_RE.finditer
    if any(ch in text for ch in LOW_IGNORABLES):
        yield from (m.span() for m in find(text))
        return
    budget = len(text) // 1000
    for run in HIGH_RUN_RE.finditer(text):
        a, b = run.span()
        if budget <= 0:
            yield from (m.span() for m in find(text, a))
            return
        budget -= 1
        yield from (m.span() for m in find(text, a, b))


# the default-ignorable characters below U+0660: soft hyphen, CGJ, Arabic letter mark
LOW_IGNORABLES = ("\u00ad", "\u034f", "\u061c")


_BIDI_RUN_RE = regex.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]+")
# runs of one control: a pattern per control (a backreference pattern runs out of memory
# on millions), compiled when a text holds that control, not at start-up
@cache
def _same_re(ch: str) -> regex.Pattern[str]:
    return regex.compile(regex.escape(ch) + "+")


def _same_runs(text: str, start: int, end: int) -> Iterator[_Run]:
    """The runs of one repeated control between ``start`` and ``end`` (all bidi controls or marks)."""
    i = start
    while i < end:
        ch = text[i]
        m = _same_re(ch).match(text, i, end)
        j = m.end() if m is not None else i + 1
        yield _Run(i, ch, j - i)
        i = j


class _Run(NamedTuple):
    """``length`` copies of the bidi control ``ch`` from ``start`` on."""

    start: int
    ch: str
    length: int


def special_issues(text: str, ctx: ScanContext) -> list[Issue]:
    flagged: list[tuple[int, str]] = []  # invisible characters to report
    bidi: list[_Run] = []  # runs of one bidi control or mark
    for i, end in special_spans(text):
        while i < end:
            ch = text[i]
            cp = ord(ch)
            if ch in _BIDI_CONTROLS or ch in _MARKS:
                run = _BIDI_RUN_RE.match(text, i, end)
                b = run.end() if run is not None else i + 1
                bidi.extend(_same_runs(text, i, b))
                i = b
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


def _bidi_issues(text: str, controls: list[_Run]) -> list[Issue]:
    # a run of adjacent controls judged alike is one finding with one change: a
    # million overrides in a row make one finding, not a million
    runs: list[tuple[int, int, str]] = []
    for start, end, rule in sorted(_bidi_rules(text, controls)):
        if runs and runs[-1][1] == start and runs[-1][2] == rule:
            runs[-1] = (runs[-1][0], end, rule)
        else:
            runs.append((start, end, rule))
    issues = []
    for start, end, rule in runs:
        chars = text[start:end]
        infos, names, what = _describe(chars if len(chars) == 1 else "".join(dict.fromkeys(chars)))
        count = f"{len(chars)} x " if len(chars) > 1 else ""
        finding = Finding(
            Span(start, end),
            BIDI,
            f"{count}{names} at {start}: {_MESSAGES[rule]}",
            _SEVERITIES[rule],
            rule,
            0.95 if rule != "bidi-mark-stray" else 0.8,
            chars,
            "",
            infos,
        )
        category = "bidi-mark" if rule == "bidi-mark-stray" else "bidi"
        changes = (Change(Span(start, end), chars, "", BIDI, f"remove {count}{what}"),)
        issues.append(Issue(finding, changes, category))
    return issues


@lru_cache(maxsize=256)
def _describe(distinct: str) -> tuple[tuple[CharInfo, ...], str, str]:
    """CharInfos of the distinct controls of a run, with their names for messages (memoised)."""
    infos = tuple(char_info(c) for c in distinct)
    return infos, ", ".join(f"{i.name} ({i.codepoint})" for i in infos), ", ".join(i.name for i in infos)


_MESSAGES = {
    "bidi-override": "bidi override reorders the characters that follow (Trojan Source, file-name spoofing)",
    "bidi-unbalanced": "unbalanced bidi control: its embedding or isolate is never closed "
    "(or never opened) in this paragraph",
    "bidi-out-of-context": "bidi embedding/isolate in a paragraph with no right-to-left text",
    "bidi-mark-stray": "directional mark in a paragraph with no right-to-left text",
}
_SEVERITIES = {
    "bidi-override": Severity.ERROR,
    "bidi-unbalanced": Severity.ERROR,
    "bidi-out-of-context": Severity.WARNING,
    "bidi-mark-stray": Severity.INFO,
}


@dataclass(slots=True)
class _Open:
    """A run of one embedding or isolate control, ``count`` of them still open."""

    start: int
    ch: str
    count: int


def _bidi_rules(text: str, controls: list[_Run]) -> list[tuple[int, int, str]]:
    """The rule each reported bidi control breaks, as (start, end, rule) spans.

    A stack machine per paragraph over runs of one control (UTS #55 §3, Trojan
    Source): an override is reported always; an embedding or isolate when it is
    never closed (or closes nothing), or when its paragraph has no right-to-left
    letter; a mark when its paragraph has none. Runs are pushed, popped and
    paired in bulk, so a million controls in a row cost a few steps, and no
    stack is ever searched: linear in the number of runs.
    """
    paragraphs = _Paragraphs(text)
    by_para: dict[int, list[_Run]] = {}
    if not paragraphs.breaks:
        by_para[0] = controls
    else:
        for run in controls:
            by_para.setdefault(paragraphs.index(run.start), []).append(run)
    rules: list[tuple[int, int, str]] = []
    add = rules.append
    for index, items in by_para.items():
        rtl = paragraphs.has_rtl(index)
        stack: list[_Open] = []  # runs of embeddings and isolates, with how many are still open
        isolates: list[int] = []  # indices in ``stack`` of its isolate runs

        def close(entry: _Open, take: int, at: int, rtl: bool = rtl) -> None:
            """Pair the last ``take`` open controls of ``entry`` with ``take`` closers from ``at``."""
            opened = entry.start + entry.count - take
            if entry.ch in _OVERRIDES:
                add((opened, opened + take, "bidi-override"))
                add((at, at + take, "bidi-override"))
            elif not rtl:
                add((opened, opened + take, "bidi-out-of-context"))
                add((at, at + take, "bidi-out-of-context"))
            entry.count -= take

        def abandon(entries: list[_Open]) -> None:
            for entry in entries:
                rule = "bidi-override" if entry.ch in _OVERRIDES else "bidi-unbalanced"
                add((entry.start, entry.start + entry.count, rule))

        for pos, ch, count in items:
            if ch in _MARKS:
                if not rtl:
                    add((pos, pos + count, "bidi-mark-stray"))
            elif ch in _EMBEDDINGS or ch in _ISOLATES:
                if ch in _ISOLATES:
                    isolates.append(len(stack))
                stack.append(_Open(pos, ch, count))
            elif ch == PDF:
                while count and stack and stack[-1].ch in _EMBEDDINGS:
                    take = min(count, stack[-1].count)
                    close(stack[-1], take, pos)
                    pos, count = pos + take, count - take
                    if not stack[-1].count:
                        stack.pop()
                if count:
                    add((pos, pos + count, "bidi-unbalanced"))
            else:  # PDI: closes the innermost open isolate and every embedding left open inside it
                while count and isolates:
                    at = isolates[-1]
                    abandon(stack[at + 1 :])
                    del stack[at + 1 :]
                    take = min(count, stack[at].count)
                    close(stack[at], take, pos)
                    pos, count = pos + take, count - take
                    if not stack[at].count:
                        stack.pop()
                        isolates.pop()
                if count:
                    add((pos, pos + count, "bidi-unbalanced"))
        abandon(stack)
    return rules
