"""Plain text: paragraphs are separated by blank lines; each is split into sentences.

Line breaks inside a paragraph stay in the source; a sentence may span them
(hard-wrapped text). URLs, e-mail addresses and, on request, numbers are
protected.

>>> from polyglot_press.document import ReadOptions
>>> blocks = parse("Title\\r\\n\\r\\nOne. Two.\\r\\n", ReadOptions())
>>> [(b.kind, len(b.segments)) for b in blocks]
[('paragraph', 1), ('paragraph', 2)]
"""

from __future__ import annotations

from functools import partial

from ..document import Block, ReadOptions
from ..text import Span
from ._build import BlockBuilder, iter_lines
from .inline import plain_protected


def parse(text: str, options: ReadOptions) -> tuple[Block, ...]:
    """Blocks of a plain-text document."""
    builder = BlockBuilder(text, options)
    protect = partial(plain_protected, numbers=options.protect_numbers)
    paragraph_start: int | None = None
    paragraph_end = 0

    def close() -> None:
        if paragraph_start is not None:
            span = Span(paragraph_start, paragraph_end)
            builder.add("paragraph", span, builder.segments([(span.start, span.end)], protect))

    for start, end, _ in iter_lines(text):
        if text[start:end].strip():
            if paragraph_start is None:
                paragraph_start = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            paragraph_end = start + len(text[start:end].rstrip())
        else:
            close()
            paragraph_start = None
    close()
    return builder.result()
