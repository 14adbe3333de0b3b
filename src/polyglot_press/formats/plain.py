"""Plain text: paragraphs are separated by blank lines; each is split into sentences.

Line breaks inside a paragraph stay in the source; a sentence may span them
(hard-wrapped text). A line starting with a bullet or a short number is a
list item of its own. URLs, e-mail addresses and, on request, numbers are
protected.

>>> from polyglot_press.formats.blocks import ReadOptions
>>> blocks = parse("Title\\r\\n\\r\\nOne. Two.\\r\\n", ReadOptions())
>>> [(b.kind, len(b.segments)) for b in blocks]
[('paragraph', 1), ('paragraph', 2)]
"""

from __future__ import annotations

import re
from functools import partial

from ..text import Span
from ._build import BlockBuilder, iter_lines
from .blocks import Block, ReadOptions
from .inline import plain_protected

# a list item line: a bullet or a short number, then white space ("- x", "• x", "1. x", "2) x")
_ITEM = re.compile(r"[ \t]*(?:[-*+•‣◦▪]|[0-9]{1,2}[.)])[ \t]+(?=\S)")


def parse(text: str, options: ReadOptions) -> tuple[Block, ...]:
    """Blocks of a plain-text document.

    A line that starts with a bullet or a short number ("- ", "• ", "1. ",
    "2) ") starts a list item block of its own; the marker stays in the
    skeleton, outside the segments.
    """
    builder = BlockBuilder(text, options)
    protect = partial(plain_protected, numbers=options.protect_numbers)
    paragraph_start: int | None = None
    paragraph_end = 0
    item = False

    def close() -> None:
        if paragraph_start is not None:
            span = Span(paragraph_start, paragraph_end)
            builder.add(
                "paragraph",
                span,
                builder.segments([(span.start, span.end)], protect),
                containers=("list_item",) if item else (),
            )

    for start, end, _ in iter_lines(text):
        line = text[start:end]
        if not line.strip():
            close()
            paragraph_start = None
            continue
        marker = _ITEM.match(line)
        if marker is not None:
            close()
            paragraph_start, item = start + marker.end(), True
        elif paragraph_start is None:
            paragraph_start, item = start + (len(line) - len(line.lstrip())), False
        paragraph_end = start + len(line.rstrip())
    close()
    return builder.result()
