"""Shared steps of the readers: lines, sentence segments, block assembly."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..segment import iter_sentences
from ..text import Span
from .blocks import Block, ReadOptions, Segment
from .inline import Protected

if TYPE_CHECKING:
    from ..document import Document

_LINE_END = re.compile(r"\r\n|\r|\n")

ProtectFn = Callable[[str, int, int], list[Protected]]


def line_starts(text: str) -> list[int]:
    """Offsets where each line starts (line breaks: CRLF, CR, LF); one extra entry: len(text)."""
    starts = [0]
    starts.extend(match.end() for match in _LINE_END.finditer(text))
    if starts[-1] != len(text):
        starts.append(len(text))
    return starts


def iter_lines(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end_without_line_break, end_with_line_break) for each line."""
    position = 0
    for match in _LINE_END.finditer(text):
        yield position, match.start(), match.end()
        position = match.end()
    if position < len(text):
        yield position, len(text), len(text)


class BlockBuilder:
    """Collects blocks and numbers segments across the document."""

    def __init__(self, text: str, options: ReadOptions) -> None:
        self.text = text
        self.options = options
        self.blocks: list[Block] = []
        self._segment_count = 0

    def segments(
        self, ranges: list[tuple[int, int]], protect: ProtectFn, *, whole: bool = False
    ) -> tuple[Segment, ...]:
        """Segments for each (start, end) text range of the next block.

        With ``whole`` each range is one segment (headings); otherwise ranges
        are split into sentences.
        """
        block_index = len(self.blocks)
        result: list[Segment] = []
        for start, end in ranges:
            if whole:
                spans: list[Span] = []
                stripped = self.text[start:end]
                lead = len(stripped) - len(stripped.lstrip())
                trail = len(stripped) - len(stripped.rstrip())
                if end - trail > start + lead:
                    spans.append(Span(start + lead, end - trail))
            else:
                spans = [s.shift(start) for s in iter_sentences(self.text[start:end], self.options.lang)]
            for span in spans:
                protected = tuple(protect(self.text, span.start, span.end))
                result.append(
                    Segment(
                        index=self._segment_count,
                        block=block_index,
                        span=span,
                        text=span.slice(self.text),
                        protected=protected,
                    )
                )
                self._segment_count += 1
        return tuple(result)

    def add(
        self,
        kind: str,
        span: Span,
        segments: tuple[Segment, ...] = (),
        *,
        translatable: bool = True,
        containers: tuple[str, ...] = (),
        level: int | None = None,
    ) -> None:
        """Append a block (``segments`` must come from :meth:`segments` for this block)."""
        self.blocks.append(
            Block(
                index=len(self.blocks),
                kind=kind,
                span=span,
                translatable=translatable,
                segments=segments,
                containers=containers,
                level=level,
            )
        )

    def result(self) -> tuple[Block, ...]:
        """The blocks collected so far."""
        return tuple(self.blocks)


def masked_segments(
    builder: BlockBuilder,
    start: int,
    end: int,
    protected: list[Protected],
    *,
    whole: bool = False,
    keep_edges: bool = False,
) -> tuple[Segment, ...]:
    """Segments of ``builder.text[start:end]`` whose sentence boundaries ignore protected text.

    Protected spans (tags, placeholders, entities) are blanked before the text
    is split into sentences, so no boundary falls inside one. A protected span
    at the edge of a sentence stays outside it (HTML tags around a sentence
    are skeleton), unless ``keep_edges`` (placeholders, which the translation
    may move). ``whole``: one segment for the range.
    """
    text = builder.text
    fill = "x" if keep_edges else " "
    pieces: list[str] = []
    position = start
    inside = [p for p in protected if start <= p.span.start and p.span.end <= end]
    for item in inside:
        pieces.append(text[position : item.span.start])
        pieces.append(fill * len(item.span))
        position = item.span.end
    pieces.append(text[position:end])
    masked = "".join(pieces)
    if whole:
        lead = len(masked) - len(masked.lstrip())
        trail = len(masked) - len(masked.rstrip())
        spans = [Span(lead, len(masked) - trail)] if len(masked) - trail > lead else []
    else:
        spans = list(iter_sentences(masked, builder.options.lang))
    block_index = len(builder.blocks)
    result: list[Segment] = []
    for local in spans:
        span = local.shift(start)
        if not any(c.isalpha() or c.isdigit() for c in masked[local.start : local.end]):
            continue  # only tags or placeholders: nothing to translate
        mine = tuple(p for p in inside if span.start <= p.span.start and p.span.end <= span.end)
        result.append(Segment(index=builder._segment_count, block=block_index, span=span,
                              text=span.slice(text), protected=mine))
        builder._segment_count += 1
    return tuple(result)


# --- container formats: a view of units ---------------------------------------

UNIT_SEPARATOR = "\n\x1d\n"


def join_units(units: list[str]) -> str:
    """The view text of a container document: its units, separated by ``UNIT_SEPARATOR``."""
    return UNIT_SEPARATOR.join(units)


def split_units(view: str, count: int) -> list[str]:
    """The units of a view (``count`` tells an empty view of one empty unit from none)."""
    if count == 0:
        return []
    units = view.split(UNIT_SEPARATOR)
    if len(units) != count:
        raise ValueError(f"the view has {len(units)} units where {count} were read "
                         "(a unit separator was added or removed)")
    return units


def unit_blocks(
    view: str,
    options: ReadOptions,
    protect: Callable[[str, int, int], list[Protected]],
    *,
    kind: str = "unit",
    whole: bool = False,
    keep_edges: bool = True,
) -> tuple[Block, ...]:
    """One block per unit of a view; segments are sentences (or whole units) with their
    protected spans (``protect(view, start, end)``)."""
    builder = BlockBuilder(view, options)
    if not view:
        return ()
    position = 0
    for unit in view.split(UNIT_SEPARATOR):
        end = position + len(unit)
        segments = masked_segments(builder, position, end, protect(view, position, end),
                                   whole=whole, keep_edges=keep_edges)
        builder.add(kind, Span(position, end), segments, translatable=bool(segments))
        position = end + len(UNIT_SEPARATOR)
    return builder.result()


def units_to_write(doc: Document, kind: str) -> tuple[Any, list[str], set[int]]:
    """A container document's origin, the units of its view, and the indices of those to
    write: units whose text changed or that hold a segment
    :meth:`Document.replace_segments` gave a new text. A document without an origin
    (not read from a file) raises :class:`~polyglot_press.errors.FormatError`."""
    from ..errors import FormatError

    origin = doc.origin
    if origin is None:
        raise FormatError(f"this {kind} document has no file to write into (read it from a file)",
                          path=doc.path)
    original: list[str] = origin.units
    units = split_units(doc.text, len(original))
    wanted = {i for i, (new, old) in enumerate(zip(units, original, strict=True)) if new != old}
    if doc.replaced:
        wanted |= {s.block for s in doc.iter_segments() if s.index in doc.replaced}
    return origin, units, wanted
