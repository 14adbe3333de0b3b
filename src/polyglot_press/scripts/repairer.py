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

from ..errors import InputError
from ..text import Change, Finding, Span, apply_changes, undo_changes
from .scanner import ScanContext, check_text, scan_issues

__all__ = ["RepairPolicy", "Repaired", "SpanSet", "repair"]

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
                    policy.escape_format.format(cp=ord(c.before)),
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
    if text.isascii():
        return Repaired(text, (), text, ())
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
    fixed = apply_changes(text, changes)
    return Repaired(fixed, tuple(changes), text, tuple(i.finding for i in issues))
