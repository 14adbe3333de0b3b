"""Safe repair of what :func:`~polyglot_press.scripts.scan` finds, as undoable changes.

>>> fixed = repair("Оwen Murphy")
>>> fixed.text
'Owen Murphy'
>>> [(c.span.to_list(), c.before, c.after) for c in fixed.changes]
[([0, 1], 'О', 'O')]
>>> fixed.undo() == "Оwen Murphy"
True
>>> repair("file\\u202etxt.exe", policy=RepairPolicy(bidi="escape")).text
'file<U+202E>txt.exe'
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .._gc import paused_gc
from ..errors import InputError
from ..text import Change, Finding, Span, apply_changes, undo_changes
from .context import ScanContext
from .scanner import BIG_TEXT, check_text, scan_issues

__all__ = ["RepairPolicy", "Repaired", "SpanSet", "compose_changes", "repair"]

BidiAction = Literal["remove", "escape", "keep"]
RemoveOrKeep = Literal["remove", "keep"]


@dataclass(frozen=True, slots=True)
class RepairPolicy:
    """What :func:`repair` may change. Every field has a safe default.

    - ``homoglyphs`` (True): replace minority-script letters in a mixed-script
      word by their same-skeleton counterparts in the word's main script
      ("Оwen" → "Owen", "Пpивет" → "Привет").
    - ``whole_script`` (True): respell a word written entirely in a lookalike
      script in the text's script ("ѕсоре" → "scope").
    - ``compatibility`` (True): NFKC for fullwidth and mathematical letters
      outside CJK text.
    - ``invisibles`` ("remove"): remove stray invisible characters, or "keep".
    - ``bidi`` ("remove"): bidi embeddings, overrides and isolates that are
      overrides, unbalanced or out of context are removed, replaced by a visible
      escape (``escape_format``) with "escape", or left with "keep".
    - ``bidi_marks`` ("remove"): LRM/RLM/ALM in paragraphs without
      right-to-left text.
    - ``min_confidence`` (0.75): findings below it are reported but not fixed.

    Mixed digits (UTS #39 §5.3) are never changed: which system was meant
    cannot be known.

    >>> RepairPolicy(bidi="drop")
    Traceback (most recent call last):
    ...
    polyglot_press.errors.InputError: RepairPolicy.bidi must be one of [...], got 'drop'
    """

    homoglyphs: bool = True
    whole_script: bool = True
    compatibility: bool = True
    invisibles: RemoveOrKeep = "remove"
    bidi: BidiAction = "remove"
    bidi_marks: RemoveOrKeep = "remove"
    min_confidence: float = 0.75
    escape_format: str = "<U+{cp:04X}>"

    def __post_init__(self) -> None:
        for name, allowed in (
            ("invisibles", ("remove", "keep")),
            ("bidi", ("remove", "escape", "keep")),
            ("bidi_marks", ("remove", "keep")),
        ):
            value = getattr(self, name)
            if value not in allowed:
                raise InputError(f"RepairPolicy.{name} must be one of {sorted(allowed)}, got {value!r}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise InputError(f"RepairPolicy.min_confidence must lie in [0, 1], got {self.min_confidence!r}")
        try:
            sample = self.escape_format.format(cp=0x202E)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
            raise InputError(
                f"RepairPolicy.escape_format {self.escape_format!r} is not usable ({exc!r}); the only "
                "field is {cp}, the code point as an int, e.g. '<U+{cp:04X}>' or '\\\\u{cp:04x}'"
            ) from None
        if not sample:
            raise InputError("RepairPolicy.escape_format must produce visible text, got an empty string")


@dataclass(frozen=True, slots=True)
class Repaired:
    """The repaired ``text``, the ``changes`` that made it, and the ``original``.

    ``findings`` are everything :func:`scan` reported, fixed or not.
    """

    text: str
    changes: tuple[Change, ...]
    original: str
    findings: tuple[Finding, ...] = field(default=())

    def undo(self) -> str:
        """The original text, rebuilt from :attr:`text` and :attr:`changes`."""
        return undo_changes(self.text, self.changes)

    @property
    def changed(self) -> bool:
        """True when anything was changed."""
        return bool(self.changes)


_DEFAULT_POLICY = RepairPolicy()


class SpanSet:
    """Non-overlapping spans kept sorted, so an overlap test costs O(log n).

    >>> taken = SpanSet([Span(2, 4)])
    >>> taken.overlaps(Span(3, 6)), taken.overlaps(Span(4, 6))
    (True, False)
    >>> taken.add(Span(4, 6)); taken.overlaps(Span(5, 5))
    True
    """

    __slots__ = ("_spans", "_starts")

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._spans: list[Span] = []
        self._starts: list[int] = []
        for span in sorted(spans, key=lambda s: (s.start, s.end)):
            self.add(span)

    def overlaps(self, span: Span) -> bool:
        """True when ``span`` shares a character with a span in the set."""
        i = bisect_right(self._starts, span.start)
        j = i - 1
        while j >= 0:  # earlier spans reaching into it (empty spans may hide one at the same start)
            earlier = self._spans[j]
            if earlier.end <= span.start and earlier.start != earlier.end:
                break
            if earlier.overlaps(span):
                return True
            j -= 1
        k = i
        while k < len(self._spans) and self._spans[k].start < span.end:
            if self._spans[k].overlaps(span):
                return True
            k += 1
        return False

    def add(self, span: Span) -> None:
        """Add ``span`` (the caller checks it does not overlap)."""
        if not self._starts or span.start >= self._starts[-1]:
            self._starts.append(span.start)  # the usual case: changes arrive in text order
            self._spans.append(span)
            return
        i = bisect_right(self._starts, span.start)
        self._starts.insert(i, span.start)
        self._spans.insert(i, span)

    def __len__(self) -> int:
        return len(self._spans)


def _fix_for(category: str, fix: tuple[Change, ...], policy: RepairPolicy) -> tuple[Change, ...]:
    if category == "homoglyph":
        return fix if policy.homoglyphs else ()
    if category == "whole-script":
        return fix if policy.whole_script else ()
    if category == "compatibility":
        return fix if policy.compatibility else ()
    if category == "invisible":
        return fix if policy.invisibles == "remove" else ()
    if category == "bidi-mark":
        return fix if policy.bidi_marks == "remove" else ()
    if category == "bidi":
        if policy.bidi == "keep":
            return ()
        if policy.bidi == "escape":
            return tuple(
                Change(
                    c.span,
                    c.before,
                    "".join(policy.escape_format.format(cp=ord(ch)) for ch in c.before),
                    c.rule,
                    c.reason.replace("remove", "escape", 1),
                )
                for c in fix
            )
        return fix
    return ()


def repair(
    text: str,
    policy: RepairPolicy | None = None,
    *,
    context: ScanContext | str | None = None,
) -> Repaired:
    """Fix what is safe to fix in ``text``; return the result and every change.

    Legitimate text is returned unchanged (with no changes).

    >>> repair("Қазaқстан").text
    'Қазақстан'
    >>> repair("Plain text").changes
    ()
    """
    policy = policy or _DEFAULT_POLICY
    text = check_text(text, "repair")
    if len(text) > BIG_TEXT:
        with paused_gc():
            return _repair(text, policy, context)
    return _repair(text, policy, context)


def _repair(text: str, policy: RepairPolicy, context: ScanContext | str | None) -> Repaired:
    changes, findings = _one_pass(text, policy, context)
    fixed = apply_changes(text, changes)
    # a fix may reveal another (a fullwidth letter of a Cyrillic word made Latin, then the
    # word mixed): repair again until nothing changes, so repair(repair(x)) == repair(x)
    current = fixed
    for _ in range(_MAX_ROUNDS):
        if not changes:
            break
        more, _ = _one_pass(current, policy, context)
        if not more:
            break
        current = apply_changes(current, more)
        changes = compose_changes(text, changes, more)
    return Repaired(current, tuple(changes), text, findings)


# rounds after the first; one more has sufficed in every case seen (property-tested)
_MAX_ROUNDS = 3


def _one_pass(
    text: str, policy: RepairPolicy, context: ScanContext | str | None
) -> tuple[list[Change], tuple[Finding, ...]]:
    issues = scan_issues(text, context=context)
    changes: list[Change] = []
    taken = SpanSet()  # issues come sorted by start: the first fix of a region wins
    for issue in issues:
        if issue.finding.confidence < policy.min_confidence:
            continue
        for change in _fix_for(issue.category, issue.fix, policy):
            if taken.overlaps(change.span):
                continue
            taken.add(change.span)
            changes.append(change)
    changes.sort(key=lambda c: (c.span.start, c.span.end))
    return changes, tuple(i.finding for i in issues)


def compose_changes(original: str, first: list[Change], second: list[Change]) -> list[Change]:
    """One list of changes on ``original`` doing ``first`` then ``second`` (spans in the first's output).

    A change of ``second`` that touches text a change of ``first`` wrote is merged
    with it into one change (its reason names both).

    >>> a = [Change(Span(0, 1), "Ｔ", "T", "compatibility", "NFKC")]
    >>> b = [Change(Span(0, 1), "T", "Т", "mixed-script", "Latin T in a Cyrillic word")]
    >>> [(c.span.to_list(), c.before, c.after) for c in compose_changes("Ｔокаев", a, b)]
    [([0, 1], 'Ｔ', 'Т')]
    """
    middle = apply_changes(original, first)
    placed = []  # (start, end) of each first change in ``middle``
    shift = 0
    for c in first:
        placed.append((c.span.start + shift, c.span.start + shift + len(c.after)))
        shift += c.delta
    # groups: each second change, widened to the first changes it overlaps (or holds, if empty)
    groups: list[list[int]] = []  # [start, end] in middle
    members: list[list[Change]] = []
    j = 0
    for c in second:
        start, end = c.span.start, c.span.end
        while j < len(placed) and (placed[j][1] < start or (placed[j][1] == start and placed[j][0] < start)):
            j += 1
        k = j
        while k < len(placed) and (placed[k][0] < end or (placed[k][0] == end == start)):
            start, end = min(start, placed[k][0]), max(end, placed[k][1])
            k += 1
        if groups and start < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], end)
            members[-1].append(c)
        else:
            groups.append([start, end])
            members.append([c])
    merged: list[Change] = []
    used: set[int] = set()
    for (start, end), group in zip(groups, members, strict=True):
        inside = [
            i
            for i, (a, b) in enumerate(placed)
            if start <= a and b <= end and (a < b or start < a < end or a == start)
        ]
        used.update(inside)
        o_start, o_end = _to_original(start, first, placed), _to_original(end, first, placed)
        local = [
            Change(Span(c.span.start - start, c.span.end - start), c.before, c.after, c.rule, c.reason)
            for c in group
        ]
        after = apply_changes(middle[start:end], local)
        reasons = [first[i].reason for i in inside] + [c.reason for c in group]
        merged.append(
            Change(
                Span(o_start, o_end),
                original[o_start:o_end],
                after,
                group[-1].rule,
                "; then ".join(r for r in reasons if r),
            )
        )
    merged.extend(c for i, c in enumerate(first) if i not in used)
    merged.sort(key=lambda c: (c.span.start, c.span.end))
    return merged


def _to_original(pos: int, first: list[Change], placed: list[tuple[int, int]]) -> int:
    """Offset in the original text of ``pos`` in the first changes' output (a boundary of a group)."""
    shift = 0
    for c, (a, b) in zip(first, placed, strict=True):
        if b > pos or (a == b == pos):
            break
        shift += c.delta
    return pos - shift
