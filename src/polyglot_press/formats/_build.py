"""Shared steps of the readers: lines, sentence segments, block assembly."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..segment import iter_sentences
from ..text import Span
from .blocks import Block, ReadOptions, Segment
from .inline import Protected

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
