"""Small shared value types: spans, changes, findings.

Every stage of polyglot_press that alters a text returns the new text *and*
the list of :class:`Change` records that turned the old text into the new one.
A change's span refers to the text the stage received, so the records can be
shown to a person, replayed with :func:`apply_changes`, or undone with
:func:`undo_changes`.

>>> text = "Оwen Murphy"
>>> fix = Change(Span(0, 1), "О", "O", rule="mixed-script", reason="Cyrillic O in a Latin word")
>>> fixed = apply_changes(text, [fix])
>>> fixed
'Owen Murphy'
>>> undo_changes(fixed, [fix]) == text
True
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ChangeConflictError

__all__ = [
    "Change",
    "CharInfo",
    "Finding",
    "Severity",
    "Span",
    "apply_changes",
    "inverse_changes",
    "keep_whitespace",
    "line_column",
    "map_offset",
    "undo_changes",
]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets into a ``str``.

    >>> Span(4, 8).slice("the Owen report")
    'Owen'
    >>> len(Span(4, 8))
    4
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int)):
            raise TypeError(f"Span offsets must be int, got {self.start!r}, {self.end!r}")
        if self.start < 0 or self.end < self.start:
            raise ValueError(
                f"invalid span ({self.start}, {self.end}): need 0 <= start <= end"
            )

    def __len__(self) -> int:
        return self.end - self.start

    def slice(self, text: str) -> str:
        """Return the part of ``text`` this span covers."""
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character.

        >>> Span(0, 3).overlaps(Span(2, 5)), Span(0, 3).overlaps(Span(3, 5))
        (True, False)
        """
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        """True when ``other`` lies entirely inside this span."""
        return self.start <= other.start and other.end <= self.end

    def shift(self, delta: int) -> Span:
        """The same span moved by ``delta`` characters."""
        return Span(self.start + delta, self.end + delta)

    def to_list(self) -> list[int]:
        """JSON form: ``[start, end]``."""
        return [self.start, self.end]

    @classmethod
    def from_list(cls, value: Sequence[int]) -> Span:
        """Inverse of :meth:`to_list`."""
        start, end = value
        return cls(int(start), int(end))


@dataclass(frozen=True, slots=True)
class Change:
    """One edit: ``before`` at ``span`` became ``after``, by ``rule``, because ``reason``.

    ``span`` refers to the text before the edit; ``span.slice(old) == before``.
    """

    span: Span
    before: str
    after: str
    rule: str
    reason: str = ""

    def __post_init__(self) -> None:
        if len(self.span) != len(self.before):
            raise ValueError(
                f"Change span {self.span.to_list()} covers {len(self.span)} characters "
                f"but before={self.before!r} has {len(self.before)}"
            )

    @property
    def delta(self) -> int:
        """How much longer the text is after this change."""
        return len(self.after) - len(self.before)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "span": self.span.to_list(),
            "before": self.before,
            "after": self.after,
            "rule": self.rule,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """Inverse of :meth:`to_dict`."""
        return cls(
            Span.from_list(data["span"]),
            str(data["before"]),
            str(data["after"]),
            str(data["rule"]),
            str(data.get("reason", "")),
        )


def _sorted_checked(text: str, changes: Iterable[Change]) -> list[Change]:
    ordered = sorted(changes, key=lambda c: (c.span.start, c.span.end))
    previous_end = 0
    for change in ordered:
        if change.span.end > len(text):
            raise ChangeConflictError(
                f"change {change.span.to_list()} ({change.rule}) lies past the end "
                f"of a text of {len(text)} characters"
            )
        if change.span.start < previous_end:
            raise ChangeConflictError(
                f"change {change.span.to_list()} ({change.rule}) overlaps an earlier "
                "change; apply overlapping changes in separate passes"
            )
        actual = change.span.slice(text)
        if actual != change.before:
            raise ChangeConflictError(
                f"change {change.span.to_list()} ({change.rule}) expects "
                f"{change.before!r} but the text has {actual!r} there"
            )
        previous_end = change.span.end
    return ordered


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """Apply non-overlapping changes whose spans refer to ``text``.

    Raises :class:`~polyglot_press.errors.ChangeConflictError` when changes
    overlap or when ``text`` does not hold a change's ``before``.

    >>> apply_changes("a b c", [Change(Span(2, 3), "b", "BB", "demo")])
    'a BB c'
    """
    pieces: list[str] = []
    position = 0
    for change in _sorted_checked(text, changes):
        pieces.append(text[position : change.span.start])
        pieces.append(change.after)
        position = change.span.end
    pieces.append(text[position:])
    return "".join(pieces)


def inverse_changes(changes: Iterable[Change]) -> list[Change]:
    """The changes that undo ``changes``, with spans in the *edited* text.

    >>> inv = inverse_changes([Change(Span(2, 3), "b", "BB", "demo")])
    >>> inv[0].span, inv[0].before, inv[0].after
    (Span(start=2, end=4), 'BB', 'b')
    """
    result: list[Change] = []
    shift = 0
    for change in sorted(changes, key=lambda c: (c.span.start, c.span.end)):
        start = change.span.start + shift
        result.append(
            Change(
                Span(start, start + len(change.after)),
                change.after,
                change.before,
                rule=change.rule,
                reason=f"undo: {change.reason}" if change.reason else "undo",
            )
        )
        shift += change.delta
    return result


def undo_changes(edited: str, changes: Iterable[Change]) -> str:
    """Restore the original text from ``edited`` and the changes that made it."""
    return apply_changes(edited, inverse_changes(changes))


def map_offset(offset: int, changes: Iterable[Change]) -> int:
    """Map a character offset in the original text to the edited text.

    An offset inside a changed span maps to the start of its replacement.

    >>> map_offset(5, [Change(Span(0, 1), "a", "abc", "demo")])
    7
    """
    shift = 0
    for change in sorted(changes, key=lambda c: (c.span.start, c.span.end)):
        if change.span.end <= offset:
            shift += change.delta
        elif change.span.start <= offset:
            return change.span.start + shift
        else:
            break
    return offset + shift


def keep_whitespace(original: str, new: str) -> str:
    r"""``new`` between the leading and trailing whitespace of ``original``.

    Engines translate stripped sentences; this puts the whitespace around
    the source sentence back around its translation.

    >>> keep_whitespace("  Hello world.\n", "Olá mundo.")
    '  Olá mundo.\n'
    >>> keep_whitespace("   ", "")
    '   '
    """
    core = original.strip()
    if not core:
        return original + new
    lead = original[: len(original) - len(original.lstrip())]
    return f"{lead}{new}{original[len(lead) + len(core):]}"


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of character ``offset`` in ``text`` (lines end at LF).

    >>> line_column("ab\\ncd", 4)
    (2, 2)
    """
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


class Severity(enum.StrEnum):
    """How serious a :class:`Finding` is."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


def _script_of(char: str) -> str:
    # Light, dependency-free guess used only for display; script analysis
    # (polyglot_press.scripts) computes real Script_Extensions.
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0].title() if name else "Unknown"


@dataclass(frozen=True, slots=True)
class CharInfo:
    """One character named in a finding: code point, Unicode name, script.

    >>> CharInfo.of("О")
    CharInfo(char='О', codepoint='U+041E', name='CYRILLIC CAPITAL LETTER O', script='Cyrillic')
    """

    char: str
    codepoint: str
    name: str
    script: str

    @classmethod
    def of(cls, char: str, script: str | None = None) -> CharInfo:
        """Describe ``char``; ``script`` overrides the name-based guess."""
        return cls(
            char,
            f"U+{ord(char):04X}",
            unicodedata.name(char, f"<unnamed U+{ord(char):04X}>"),
            script if script is not None else _script_of(char),
        )

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
        return {
            "char": self.char,
            "codepoint": self.codepoint,
            "name": self.name,
            "script": self.script,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CharInfo:
        """Inverse of :meth:`to_dict`."""
        return cls(str(data["char"]), str(data["codepoint"]), str(data["name"]), str(data["script"]))


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a stage noticed in a text, at ``span``, without changing it.

    ``kind`` groups findings (``mixed-script``, ``invisible``, ``bidi``, ...);
    ``rule`` names the exact check; ``suggestion`` is the replacement a repair
    would make, when one is safe.
    """

    span: Span
    kind: str
    message: str
    severity: Severity = Severity.WARNING
    rule: str = ""
    confidence: float = 1.0
    text: str = ""
    suggestion: str | None = None
    chars: tuple[CharInfo, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "span": self.span.to_list(),
            "kind": self.kind,
            "message": self.message,
            "severity": str(self.severity),
            "rule": self.rule,
            "confidence": self.confidence,
            "text": self.text,
            "suggestion": self.suggestion,
            "chars": [c.to_dict() for c in self.chars],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """Inverse of :meth:`to_dict`."""
        suggestion = data.get("suggestion")
        return cls(
            span=Span.from_list(data["span"]),
            kind=str(data["kind"]),
            message=str(data["message"]),
            severity=Severity(data.get("severity", "warning")),
            rule=str(data.get("rule", "")),
            confidence=float(data.get("confidence", 1.0)),
            text=str(data.get("text", "")),
            suggestion=None if suggestion is None else str(suggestion),
            chars=tuple(CharInfo.from_dict(c) for c in data.get("chars", ())),
        )
