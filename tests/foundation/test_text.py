"""Span, Change, apply/undo, Finding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyglot_press.errors import ChangeConflictError, PolyglotPressError
from polyglot_press.text import (
    Change,
    CharInfo,
    Finding,
    Severity,
    Span,
    apply_changes,
    inverse_changes,
    map_offset,
    undo_changes,
)


def test_span_rejects_bad_ranges() -> None:
    with pytest.raises(ValueError, match="0 <= start <= end"):
        Span(5, 2)
    with pytest.raises(ValueError, match="invalid span"):
        Span(-1, 2)
    with pytest.raises(TypeError):
        Span(0.5, 2)  # type: ignore[arg-type]


def test_span_helpers() -> None:
    span = Span(2, 5)
    assert span.slice("abcdefg") == "cde"
    assert span.shift(3) == Span(5, 8)
    assert Span(0, 10).contains(span)
    assert not span.contains(Span(0, 3))
    assert Span.from_list(span.to_list()) == span
    assert hash(span) == hash(Span(2, 5))


def test_change_must_match_its_span_length() -> None:
    with pytest.raises(ValueError, match="covers 2 characters"):
        Change(Span(0, 2), "abc", "x", "demo")


def test_apply_and_undo_several_changes() -> None:
    text = "Оwen met Тokayev."
    changes = [
        Change(Span(9, 10), "Т", "T", "mixed-script", "Cyrillic Т"),
        Change(Span(0, 1), "О", "O", "mixed-script", "Cyrillic О"),
    ]
    fixed = apply_changes(text, changes)
    assert fixed == "Owen met Tokayev."
    assert undo_changes(fixed, changes) == text


def test_length_changing_changes_map_offsets() -> None:
    text = "a b c"
    changes = [Change(Span(0, 1), "a", "AAA", "x"), Change(Span(4, 5), "c", "", "y")]
    assert apply_changes(text, changes) == "AAA b "
    assert map_offset(2, changes) == 4
    assert map_offset(0, changes) == 0
    inverse = inverse_changes(changes)
    assert [c.span for c in inverse] == [Span(0, 3), Span(6, 6)]
    assert apply_changes("AAA b ", inverse) == text


def test_conflicts_are_reported_with_the_rule() -> None:
    with pytest.raises(ChangeConflictError, match="overlaps"):
        apply_changes("abcdef", [Change(Span(0, 3), "abc", "x", "r1"), Change(Span(2, 4), "cd", "y", "r2")])
    with pytest.raises(ChangeConflictError, match="expects 'zz'"):
        apply_changes("abcdef", [Change(Span(0, 2), "zz", "x", "r1")])
    with pytest.raises(ChangeConflictError, match="past the end"):
        apply_changes("ab", [Change(Span(1, 3), "bc", "x", "r1")])
    # the error is also a ValueError and a PolyglotPressError
    assert issubclass(ChangeConflictError, ValueError)
    assert issubclass(ChangeConflictError, PolyglotPressError)


def test_change_and_finding_json_round_trip() -> None:
    change = Change(Span(1, 2), "x", "y", "rule", "reason")
    assert Change.from_dict(change.to_dict()) == change
    finding = Finding(
        Span(0, 4),
        "mixed-script",
        "Latin word with a Cyrillic letter",
        Severity.ERROR,
        rule="uts39-mixed",
        confidence=0.9,
        text="Оwen",
        suggestion="Owen",
        chars=(CharInfo.of("О", "Cyrl"),),
    )
    assert Finding.from_dict(finding.to_dict()) == finding
    assert finding.to_dict()["chars"][0]["codepoint"] == "U+041E"


@st.composite
def text_and_changes(draw: st.DrawFn) -> tuple[str, list[Change]]:
    text = draw(st.text(max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    changes = []
    previous = 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a < previous:
            continue
        changes.append(Change(Span(a, b), text[a:b], draw(st.text(max_size=5)), "prop"))
        previous = max(b, a + 1)
    return text, changes


@given(text_and_changes())
def test_undo_restores_any_text(case: tuple[str, list[Change]]) -> None:
    text, changes = case
    edited = apply_changes(text, changes)
    assert undo_changes(edited, changes) == text
