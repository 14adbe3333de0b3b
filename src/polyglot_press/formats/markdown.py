"""Markdown (CommonMark) with optional YAML/TOML front matter.

Block structure comes from ``markdown-it-py`` (CommonMark-compliant, maintained
by the Executable Books project); we only map its line ranges back to exact
character offsets. Headings, paragraphs, list items and block quotes give
segments; fenced and indented code, raw HTML blocks, thematic breaks and front
matter are kept but never translated. Inside segments, inline code, links'
destinations, emphasis markers, autolinks and inline HTML are protected.

>>> from polyglot_press.formats.blocks import ReadOptions
>>> md = "---\\ntitle: x\\n---\\n> Quoted *text*.\\n\\n```\\ncode\\n```\\n"
>>> [(b.kind, b.containers, b.translatable) for b in parse(md, ReadOptions())]
[('front_matter', (), False), ('paragraph', ('blockquote',), True), ('code', (), False)]
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from ..text import Span
from ._build import BlockBuilder, ProtectFn, line_starts
from .blocks import Block, ReadOptions
from .inline import markdown_protected

if TYPE_CHECKING:  # markdown-it is imported when a Markdown file is read, not at start-up
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_PREFIX_CHARS = frozenset(" \t>-+*#0123456789.)")
_FRONT_MATTER_OPEN = re.compile(r"(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")
# container prefixes before a table row: quote markers inside a block quote, and list markers
# on the first line of a list item (the table opens the item); nothing else, because a table's
# first cell may itself start with "-" or ">" ("- a | b" over "--|--" is a table, not a list)
_MARKER = r"(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t])"
_ROW_PREFIX = {
    (False, False): re.compile(r"[ \t]*"),
    (True, False): re.compile(r"[ \t>]*"),
    (False, True): re.compile(rf"(?:[ \t]*{_MARKER})*[ \t]*"),
    (True, True): re.compile(rf"(?:[ \t]*(?:>|{_MARKER}))*[ \t]*"),
}
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark plus GFM pipe tables (what most Markdown in the wild uses)
    return MarkdownIt("commonmark").enable("table")


def _front_matter_end(text: str) -> int | None:
    """Line index after a front matter block at the very top, or None."""
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return None
    fence = opening.group(1)
    rest = text[opening.end() :]
    if not rest.split("\n", 1)[0].split("\r", 1)[0].strip(" \t"):
        # like Pandoc: an opening fence followed by a blank line (or nothing) is a
        # thematic break, not front matter ("---", text, "---" would hide the text)
        return None
    closers = {"---", "..."} if fence == "---" else {"+++"}
    starts = line_starts(text)
    for line in range(1, len(starts) - 1):
        content = text[starts[line] : starts[line + 1]].rstrip("\r\n").rstrip(" \t")
        if content in closers:
            return line + 1
    return None


def _content_start(raw: str, content: str) -> int:
    """Column where ``content`` starts in a raw line after container/heading prefixes.

    The last match inside the run of prefix characters wins: in ``5. 5`` the
    content ``5`` starts after the list marker, not at the marker.
    """
    found: int | None = None
    for column in range(len(raw) + 1):
        if raw.startswith(content, column):
            found = column
        if column < len(raw) and raw[column] not in _PREFIX_CHARS:
            break
    if found is not None:
        return found
    stripped = len(raw) - len(raw.lstrip(" \t>"))
    return stripped


def _flows(
    text: str, starts: list[int], first_line: int, content: str, *, heading: bool = False
) -> list[tuple[int, int]]:
    """Character ranges of an inline token's content, merged across plain line breaks."""
    ranges: list[tuple[int, int]] = []
    for offset, piece in enumerate(content.split("\n")):
        line = first_line + offset
        if line + 1 >= len(starts):
            break
        line_start = starts[line]
        raw = text[line_start : starts[line + 1]].rstrip("\r\n")
        piece = piece.strip()
        if not piece:
            continue
        column = _content_start(raw, piece)
        start = line_start + column
        end = line_start + len(raw.rstrip())
        if heading and raw.startswith(piece, column):
            end = start + len(piece)  # leave out an ATX closing sequence ("## Title ##")
        if end <= start:
            continue
        if ranges and not text[ranges[-1][1] : start].strip():
            ranges[-1] = (ranges[-1][0], end)  # only white space between: one flow
        else:
            ranges.append((start, end))
    return ranges


def _line_span(text: str, starts: list[int], first: int, last: int) -> Span:
    """Span of lines [first, last) without leading/trailing white space."""
    start = starts[min(first, len(starts) - 1)]
    end = starts[min(last, len(starts) - 1)]
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk) - len(chunk.rstrip())
    if lead >= len(chunk):
        return Span(start, start)
    return Span(start + lead, end - trail)


def _table_cells(
    text: str, starts: list[int], first: int, last: int, *, quoted: bool, item_lines: set[int]
) -> list[tuple[int, int]]:
    """Character ranges of the non-empty cells of table rows [first, last), delimiter row excluded.

    ``quoted``: the table is inside a block quote; ``item_lines``: lines where a list item
    around the table begins (their list markers are container prefixes, not cells).
    """
    ranges: list[tuple[int, int]] = []
    for line in range(first, min(last, len(starts) - 1)):
        line_start = starts[line]
        raw = text[line_start : starts[line + 1]].rstrip("\r\n")
        position = _ROW_PREFIX[quoted, line in item_lines].match(raw)
        offset = position.end() if position else 0
        row = raw[offset:]
        if re.fullmatch(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*", row):
            continue  # the delimiter row: |---|:---:|
        bounds = [-1, *(m.start() for m in _CELL_SEPARATOR.finditer(row)), len(row)]
        for left, right in itertools.pairwise(bounds):
            cell = row[left + 1 : right]
            stripped = cell.strip()
            if not stripped:
                continue
            start = line_start + offset + left + 1 + (len(cell) - len(cell.lstrip()))
            ranges.append((start, start + len(stripped)))
    return ranges


# a long document is handed to markdown-it in pieces of about this many characters: its
# tokens for 50 MB of Markdown took several GB, a piece's tokens are freed before the next
_CHUNK_CHARS = 1 << 20
# a piece ends before a line that starts in column 0 after a blank line: every container,
# paragraph and indented code block ends there; what may not (a fence or an HTML block left
# open) runs through the blank line, which the check in _token_pieces sees
_PIECE_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)(?=\S)")


def _token_pieces(body: str, chunk_chars: int) -> Iterator[tuple[int, list[Token]]]:
    """markdown-it tokens of ``body`` piece by piece: (first line of the piece, tokens)."""
    parser = _parser()
    position = 0
    line = 0
    while position < len(body):
        reach = chunk_chars
        while True:
            cut = _PIECE_BREAK.search(body, position + reach) if position + reach < len(body) else None
            end = cut.end() if cut else len(body)
            piece = body[position:end]
            tokens = parser.parse(piece)
            lines = len(line_starts(piece)) - 1
            if cut is None or all(t.map is None or t.map[1] < lines for t in tokens):
                break
            reach *= 2  # a block runs on through the cut: take a longer piece
        yield line, tokens
        line += lines
        position = end


def parse(text: str, options: ReadOptions, *, chunk_chars: int = _CHUNK_CHARS) -> tuple[Block, ...]:
    """Blocks of a Markdown document (``chunk_chars``: see ``_CHUNK_CHARS``)."""
    builder = BlockBuilder(text, options)
    protect = partial(markdown_protected, numbers=options.protect_numbers)
    starts = line_starts(text)
    if len(starts) < 2 or starts[-1] != len(text):
        starts.append(len(text))
    body_line = 0
    matter_end = _front_matter_end(text)
    if matter_end is not None:
        builder.add(
            "front_matter", _line_span(text, starts, 0, matter_end), translatable=False
        )
        body_line = matter_end
    body = text[starts[min(body_line, len(starts) - 1)] :]
    containers: list[str] = []
    opened: list[int] = []  # first line of each open list item (-1 for a block quote)
    for piece_line, tokens in _token_pieces(body, chunk_chars):
        offset = body_line + piece_line
        _add_blocks(text, starts, tokens, offset, builder, protect, containers, opened)
    return builder.result()


def _add_blocks(
    text: str,
    starts: list[int],
    tokens: list[Token],
    body_line: int,
    builder: BlockBuilder,
    protect: ProtectFn,
    containers: list[str],
    opened: list[int],
) -> None:
    """Add the blocks of one piece's tokens (their lines start at ``body_line``)."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in ("blockquote_open", "list_item_open"):
            containers.append("blockquote" if kind == "blockquote_open" else "list_item")
            opened.append(-1 if kind == "blockquote_open" or token.map is None else token.map[0] + body_line)
        elif kind in ("blockquote_close", "list_item_close"):
            containers.pop()
            opened.pop()
        elif kind in ("paragraph_open", "heading_open") and token.map is not None:
            inline = tokens[index + 1]
            first, last = token.map[0] + body_line, token.map[1] + body_line
            is_heading = kind == "heading_open"
            ranges = _flows(text, starts, first, inline.content, heading=is_heading)
            segments = builder.segments(ranges, protect, whole=is_heading)
            if ranges:
                span = Span(ranges[0][0], ranges[-1][1])
                if is_heading:
                    span = _line_span(text, starts, first, last)
            else:
                span = _line_span(text, starts, first, last)
            builder.add(
                "heading" if is_heading else "paragraph",
                span,
                segments,
                containers=tuple(containers),
                level=int(token.tag[1]) if is_heading else None,
            )
            index += 2  # skip inline and the closing token
        elif kind == "table_open" and token.map is not None:
            first, last = token.map[0] + body_line, token.map[1] + body_line
            cells = _table_cells(
                text, starts, first, last, quoted="blockquote" in containers, item_lines=set(opened)
            )
            builder.add(
                "table",
                _line_span(text, starts, first, last),
                builder.segments(cells, protect, whole=True),
                containers=tuple(containers),
            )
            while tokens[index].type != "table_close":
                index += 1
        elif kind in ("fence", "code_block", "html_block", "hr") and token.map is not None:
            first, last = token.map[0] + body_line, token.map[1] + body_line
            block_kind = {"fence": "code", "code_block": "code", "html_block": "html"}.get(
                kind, "thematic_break"
            )
            builder.add(
                block_kind,
                _line_span(text, starts, first, last),
                translatable=False,
                containers=tuple(containers),
            )
        index += 1
