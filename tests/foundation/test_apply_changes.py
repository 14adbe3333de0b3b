"""Document.apply_changes: spans move as in replace_segments, nothing is re-parsed."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_press.document import Document
from polyglot_press.errors import ChangeConflictError
from polyglot_press.text import Change, Span, apply_changes

MARKDOWN = ("# Оwen Murphy\n\nDr. Smith met **Tokaev** at `the-hall`. He spoke.\n\n"
            "```\ncode Оwen\n```\n\n- one item. two item\n")


def _check_structure(doc: Document) -> None:
    for block in doc.blocks:
        for segment in block.segments:
            assert segment.span.slice(doc.text) == segment.text
            assert block.span.contains(segment.span)
            for protected in segment.protected:
                assert segment.span.contains(protected.span)


def _with_langs(doc: Document) -> Document:
    langs = ["en", "ru", "kk", "pt"]
    blocks = tuple(dataclasses.replace(b, lang="en", segments=tuple(
        dataclasses.replace(s, lang=langs[s.index % 4]) for s in b.segments)) for b in doc.blocks)
    return dataclasses.replace(doc, blocks=blocks, lang="en")


def test_changes_inside_segments_keep_structure_and_languages() -> None:
    doc = _with_langs(Document.from_text(MARKDOWN, format="markdown"))
    head = doc.segments[0]
    tokaev = doc.text.index("Tokaev")
    changes = [Change(Span(head.span.start, head.span.start + 1), "О", "O", "mixed-script"),
               Change(Span(tokaev, tokaev + 6), "Tokaev", "Tokayev", "names.variant")]
    new = doc.apply_changes(changes)
    assert new.text == apply_changes(doc.text, changes)
    _check_structure(new)
    assert [s.lang for s in new.segments] == [s.lang for s in doc.segments]
    assert new.lang == "en"
    assert [b.lang for b in new.blocks] == [b.lang for b in doc.blocks]
    assert new.segments[0].text == "Owen Murphy"
    # the protected spans moved with the text: emphasis markers and the code span
    second = new.segments[1]
    assert [p.span.slice(new.text) for p in second.protected] == [
        p.span.slice(doc.text) for p in doc.segments[1].protected]
    # the code block (no segments) moved, untouched: a change outside segments is allowed too
    code = next(b for b in new.blocks if b.kind == "code")
    assert code.span.slice(new.text) == "```\ncode Оwen\n```"
    # same spans as parsing the new text afresh (segmentation does not change here)
    fresh = Document.from_text(new.text, format="markdown")
    assert [(s.span, s.text) for s in fresh.segments] == [(s.span, s.text) for s in new.segments]
    assert [b.span for b in fresh.blocks] == [b.span for b in new.blocks]


def test_the_segment_count_never_changes_so_languages_survive() -> None:
    """A change that adds a sentence end would re-segment on re-parse; here the segment
    keeps its place and language (the old re-parse lost every language then)."""
    doc = _with_langs(Document.from_text("One sentence here. Another one.\n"))
    at = doc.text.index(" here")
    new = doc.apply_changes([Change(Span(at, at), "", ". Inserted", "demo")])
    assert [s.text for s in new.segments] == ["One sentence. Inserted here.", "Another one."]
    assert [s.lang for s in new.segments] == ["en", "ru"]
    assert len(Document.from_text(new.text).segments) == 3  # what a re-parse would make


def test_insertions_at_segment_edges() -> None:
    doc = Document.from_text("Alpha. Beta.")
    a, b = doc.segments
    new = doc.apply_changes([Change(Span(a.span.start, a.span.start), "", ">", "demo"),
                             Change(Span(b.span.end, b.span.end), "", "!", "demo")])
    assert [s.text for s in new.segments] == [">Alpha.", "Beta.!"]
    _check_structure(new)


def test_a_change_across_a_segment_edge_is_refused() -> None:
    doc = Document.from_text("Alpha beta. Gamma delta.")
    start = doc.text.index("beta")
    with pytest.raises(ChangeConflictError, match="crosses the edge of segment 0"):
        doc.apply_changes([Change(Span(start, start + 11), "beta. Gamma", "x", "demo")])
    with pytest.raises(ChangeConflictError, match="expects"):
        doc.apply_changes([Change(Span(0, 5), "Omega", "x", "demo")])


def test_no_changes_is_the_same_document() -> None:
    doc = Document.from_text("Alpha.")
    assert doc.apply_changes([]) is doc


WORDS = st.sampled_from(["", "a", "Ω", "xyz", "  ", "Оwen"])


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_in_segment_changes(data: st.DataObject) -> None:
    doc = Document.from_text(MARKDOWN, format="markdown")
    changes = []
    for segment in doc.segments:
        if not data.draw(st.booleans()):
            continue
        start = data.draw(st.integers(segment.span.start, segment.span.end))
        end = data.draw(st.integers(start, min(segment.span.end, start + 4)))
        changes.append(Change(Span(start, end), doc.text[start:end], data.draw(WORDS), "demo"))
    new = doc.apply_changes(changes)
    assert new.text == apply_changes(doc.text, changes)
    _check_structure(new)
    assert len(new.segments) == len(doc.segments)
    # every character outside the segments is kept, in order
    def between(d: Document) -> list[str]:
        return [d.text[a.span.end:b.span.start]
                for a, b in zip(d.segments, d.segments[1:], strict=False)]
    assert between(new) == between(doc)


def _check_blocks(doc: Document) -> None:
    _check_structure(doc)
    for a, b in zip(doc.blocks, doc.blocks[1:], strict=False):
        assert a.span.start <= a.span.end <= b.span.start <= b.span.end


def test_a_change_across_a_block_edge_is_refused() -> None:
    doc = Document.from_text(MARKDOWN, format="markdown")
    code = next(b for b in doc.blocks if b.kind == "code")
    # the blank line before the code block and its opening fence: outside every segment,
    # but across the block's edge
    start = code.span.start - 2
    with pytest.raises(ChangeConflictError, match="crosses the edge of block"):
        doc.apply_changes([Change(Span(start, code.span.start + 3), doc.text[start:code.span.start + 3],
                                  "", "demo")])
    # the whole block, edge to edge, is fine
    new = doc.apply_changes([Change(code.span, code.span.slice(doc.text), "", "demo")])
    _check_blocks(new)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_random_changes_anywhere_are_refused_or_keep_the_structure(data: st.DataObject) -> None:
    doc = _with_langs(Document.from_text(MARKDOWN, format="markdown"))
    points = sorted(data.draw(st.lists(st.integers(0, len(MARKDOWN)), min_size=2, max_size=6,
                                       unique=True)))
    changes = [Change(Span(a, b), MARKDOWN[a:b], data.draw(WORDS), "demo")
               for a, b in zip(points[::2], points[1::2], strict=False)]
    try:
        new = doc.apply_changes(changes)
    except ChangeConflictError:
        return
    assert new.text == apply_changes(doc.text, changes)
    _check_blocks(new)
    assert [s.lang for s in new.segments] == [s.lang for s in doc.segments]
