"""The document model: blocks of segments with exact offsets into the source.

A :class:`Document` keeps its source text exactly as read (line ends, tabs,
trailing spaces, a missing final newline; a byte-order mark is remembered in
``bom``). Blocks (headings, paragraphs, code, front matter, ...) and the
sentence segments inside them are spans into that text. Writing a document
writes its text, so reading then writing reproduces the input byte for byte;
a translation replaces segment spans and leaves everything between them (the
markup skeleton) as it was.

>>> doc = Document.from_text("# Title\\n\\nDr. Smith arrived. He spoke.\\n", format="markdown")
>>> [(b.kind, b.span.slice(doc.text)) for b in doc.blocks]
[('heading', '# Title'), ('paragraph', 'Dr. Smith arrived. He spoke.')]
>>> [s.text for s in doc.segments]
['Title', 'Dr. Smith arrived.', 'He spoke.']
>>> doc.replace_segments({2: "He left."}).text
'# Title\\n\\nDr. Smith arrived. He left.\\n'
"""

from __future__ import annotations

import bisect
import dataclasses
import importlib
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._files import atomic_write_bytes, decode_bytes
from .errors import ChangeConflictError, InputError
from .formats.blocks import Block, Protected, ReadOptions, Segment
from .text import Change, Span, line_column
from .text import apply_changes as apply_text_changes

if TYPE_CHECKING:
    from .formats import Format

__all__ = ["Block", "Document", "Protected", "ReadOptions", "Segment", "atomic_write_bytes"]


_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


def _check_text(text: str, path: str | None) -> None:
    """Reject characters that cannot be written back as UTF-8 or mean binary input."""
    if not isinstance(text, str):
        raise TypeError(f"document text must be str, got {type(text).__name__}")
    bad = _FORBIDDEN.search(text)
    if bad is None:
        return
    index = bad.start()
    code = ord(bad.group())
    line, column = line_column(text, index)
    what = (
        "NUL character (binary data, or UTF-16 text: convert it to UTF-8)"
        if code == 0
        else f"lone surrogate U+{code:04X} (not valid Unicode; it cannot be written "
        "as UTF-8: fix the code that built this string)"
    )
    raise InputError(what, path=path or "<text>", line=line, column=column)


def _parse_named(fmt: Format, text: str, options: ReadOptions, label: str | None) -> tuple[Block, ...]:
    """``fmt.parse``, with the document's name put on an error that has none (a parser
    sees only the text)."""
    try:
        return fmt.parse(text, options)
    except InputError as exc:
        if exc.path is not None:
            raise
        raise type(exc)(exc.message, path=label or "<text>", line=exc.line,
                        column=exc.column) from None


@dataclass(frozen=True, slots=True)
class Document:
    """A text document: its exact source and its blocks of segments.

    Build one with :meth:`read` or :meth:`from_text`; documents are immutable:
    methods that change something return a new document.

    ``origin`` is what a container format's writer needs (the file read);
    ``replaced`` the indices of segments given a new text by
    :meth:`replace_segments` (a container writes those units as
    translations even when the text came back the same); ``review`` the
    segments whose translation the QA flagged (XLIFF writes them with a
    needs-review state).
    """

    text: str
    format: str
    blocks: tuple[Block, ...]
    bom: bool = False
    path: str | None = None
    lang: str | None = None
    options: ReadOptions = field(default_factory=ReadOptions)
    origin: Any = field(default=None, repr=False, compare=False)
    replaced: frozenset[int] = field(default=frozenset(), repr=False, compare=False)
    review: frozenset[int] = field(default=frozenset(), repr=False, compare=False)

    # -- construction -------------------------------------------------------

    @classmethod
    def from_text(
        cls,
        text: str,
        format: str = "text",
        *,
        path: str | os.PathLike[str] | None = None,
        options: ReadOptions | None = None,
        bom: bool = False,
        origin: Any = None,
    ) -> Document:
        """Parse ``text`` with the reader of ``format`` (any of
        :func:`~polyglot_press.formats.available_formats`).

        A leading U+FEFF is taken as a byte-order mark: it is removed from
        :attr:`text` and remembered in :attr:`bom`. For a container format
        (XLIFF, PO, JSON) ``text`` is the file; with ``origin`` (from another
        document of that format) it is a view to segment again, as after a
        repair.

        >>> Document.from_text("One. Two.").segments[1].text
        'Two.'
        """
        from .formats import get_format

        label = None if path is None else str(path)
        fmt = get_format(format)
        if fmt.binary and origin is None:
            raise InputError(f"{fmt.name} is a binary format: read it from its file "
                             "(Document.read)", path=label or "<text>")
        _check_text(text, label)
        if text.startswith("\ufeff"):
            text, bom = text[1:], True
        opts = options or ReadOptions()
        if fmt.extract is not None and origin is None:
            data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
            return cls._extracted(fmt, data, label, opts)
        blocks = _parse_named(fmt, text, opts, label)
        return cls(text=text, format=fmt.name, blocks=blocks, bom=bom, path=label, options=opts,
                   origin=origin)

    @classmethod
    def _extracted(cls, fmt: Format, data: bytes, label: str | None,
                   options: ReadOptions) -> Document:
        assert fmt.extract is not None
        view, origin = fmt.extract(data, options, label)
        _check_text(view, label)
        return cls(text=view, format=fmt.name, blocks=_parse_named(fmt, view, options, label),
                   path=label, options=options, origin=origin)

    @classmethod
    def read(
        cls,
        path: str | os.PathLike[str],
        format: str | None = None,
        *,
        options: ReadOptions | None = None,
    ) -> Document:
        """Read a UTF-8 file; the format comes from its suffix unless given.

        Errors name the file (and line and column for bad bytes): a missing
        file or a directory raises :class:`~polyglot_press.errors.FileAccessError`,
        bytes that are not UTF-8 raise :class:`~polyglot_press.errors.InputError`.
        """
        from ._files import read_file_bytes
        from .formats import format_for_path, get_format, read_source

        opts = options or ReadOptions()
        fmt = get_format(format) if format else format_for_path(path)
        if fmt.extract is not None or opts.encoding is not None:
            data = read_file_bytes(path, kind="document file")
            return cls.from_bytes(data, fmt.name, path=path, options=opts)
        text, bom, fmt = read_source(path, format)
        return cls.from_text(text, fmt.name, path=Path(path), options=options, bom=bom)

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        format: str,
        *,
        path: str | os.PathLike[str] | None = None,
        options: ReadOptions | None = None,
    ) -> Document:
        """Read a document from the bytes of its file, as :meth:`read` does
        (binary formats such as DOCX included); ``path`` only names it in errors.

        >>> Document.from_bytes(b"\\xef\\xbb\\xbfOne. Two.", "text").bom
        True
        """
        from .formats import get_format

        opts = options or ReadOptions()
        fmt = get_format(format)
        label = "<bytes>" if path is None else str(path)
        if opts.encoding is not None and not fmt.binary:
            data = _recode(data, opts.encoding, label)
        if fmt.extract is not None:
            return cls._extracted(fmt, data, label, opts)
        text, bom = decode_bytes(data, path=label)
        return cls.from_text(text, fmt.name, path=path, options=opts, bom=bom)

    # -- access -------------------------------------------------------------

    @property
    def segments(self) -> tuple[Segment, ...]:
        """Every segment of every block, in document order."""
        return tuple(segment for block in self.blocks for segment in block.segments)

    def iter_segments(self) -> Iterator[Segment]:
        """Iterate over segments without building a tuple."""
        for block in self.blocks:
            yield from block.segments

    def to_bytes(self) -> bytes:
        """The document as UTF-8 bytes (with the BOM if the source had one).

        A format with a writer (HTML, XLIFF, PO, JSON, DOCX) serializes the
        document itself; a container format's unchanged document gives back
        the bytes it was read from.
        """
        from .formats import get_format

        fmt = get_format(self.format)
        if fmt.write is not None:
            return fmt.write(self)
        data = self.text.encode("utf-8")
        return b"\xef\xbb\xbf" + data if self.bom else data

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the document atomically (temporary file in the same folder, then rename)."""
        atomic_write_bytes(Path(path), self.to_bytes())

    # -- derived documents ----------------------------------------------------

    def replace_segments(self, replacements: Mapping[int, str]) -> Document:
        """A new document where segment ``i`` reads ``replacements[i]``.

        Everything outside the replaced segments is kept exactly; spans of
        blocks and segments are moved to the new text. Protected spans of a
        replaced segment are dropped (the new text has its own). A format
        with an ``escape`` hook (HTML, XLIFF) escapes the new text for its
        place (``R&D`` becomes ``R&amp;D``), leaving the segment's protected
        spans (tags, entities) as they are.
        """
        from .formats import get_format

        escape = get_format(self.format).escape
        unknown = set(replacements) - {s.index for s in self.iter_segments()}
        if unknown:
            raise IndexError(f"no segment with index {sorted(unknown)[0]} in this document")
        pieces: list[str] = []
        position = 0
        shift = 0
        new_blocks: list[Block] = []
        for block in self.blocks:
            block_start = block.span.start + shift
            new_segments: list[Segment] = []
            for segment in block.segments:
                new_text = replacements.get(segment.index)
                start = segment.span.start + shift
                if new_text is None:
                    moved = tuple(
                        dataclasses.replace(p, span=p.span.shift(shift)) for p in segment.protected
                    )
                    new_segments.append(
                        dataclasses.replace(segment, span=segment.span.shift(shift), protected=moved)
                    )
                    continue
                if escape is not None:
                    new_text = escape(new_text, self, block, segment)
                pieces.append(self.text[position : segment.span.start])
                pieces.append(new_text)
                position = segment.span.end
                new_segments.append(
                    dataclasses.replace(
                        segment, span=Span(start, start + len(new_text)), text=new_text, protected=()
                    )
                )
                shift += len(new_text) - len(segment.span)
            block_end = block.span.end + shift
            new_blocks.append(
                dataclasses.replace(
                    block, span=Span(block_start, block_end), segments=tuple(new_segments)
                )
            )
        pieces.append(self.text[position:])
        return dataclasses.replace(self, text="".join(pieces), blocks=tuple(new_blocks),
                                   replaced=self.replaced | frozenset(replacements))

    def apply_changes(self, changes: Iterable[Change]) -> Document:
        """A new document with ``changes`` (spans in :attr:`text`) applied, without re-parsing.

        Blocks, segments and protected spans keep their place in the structure
        and are moved (and stretched) to the new text the way
        :meth:`replace_segments` moves them; every ``lang`` is kept, however
        many changes there are. A change must lie inside one segment or
        entirely outside every segment, and inside one block or between
        blocks: one that crosses a segment's or a block's edge raises
        :class:`~polyglot_press.errors.ChangeConflictError`, as do
        overlapping changes or one whose ``before`` is not in the text. An
        insertion where a segment starts belongs to that segment; one where a
        segment ends, to the segment (unless another one starts there).

        >>> from polyglot_press.text import Change, Span
        >>> doc = Document.from_text("Mr Оwen came. He left.")
        >>> fixed = doc.apply_changes([Change(Span(3, 4), "О", "O", "mixed-script")])
        >>> [s.text for s in fixed.segments]
        ['Mr Owen came.', 'He left.']
        >>> grown = doc.apply_changes([Change(Span(14, 16), "He", "She", "demo")])
        >>> [(s.text, s.span.to_list()) for s in grown.segments]
        [('Mr Оwen came.', [0, 13]), ('She left.', [14, 23])]
        """
        ordered = sorted(changes, key=lambda c: (c.span.start, c.span.end))
        if not ordered:
            return self
        text = apply_text_changes(self.text, ordered)  # checks overlaps and befores
        starts = [c.span.start for c in ordered]
        prefix = [0]
        for change in ordered:
            prefix.append(prefix[-1] + change.delta)
        segment_starts = {s.span.start for s in self.iter_segments()}

        def start_of(position: int) -> int:  # changes before it (insertions at it: inside)
            return position + prefix[bisect.bisect_left(starts, position)]

        def end_of(position: int, low: int) -> int:  # insertions at it: inside, unless a
            i = bisect.bisect_left(starts, position)  # segment starts there
            if position not in segment_starts:
                while i < len(ordered) and ordered[i].span == Span(position, position):
                    i += 1
            return max(low, position + prefix[i])

        def refuse_crossing(span: Span, what: str, rule: str) -> None:
            for position in (span.start, span.end):
                i = bisect.bisect_left(starts, position)
                if i and ordered[i - 1].span.end > position:
                    bad = ordered[i - 1]
                    raise ChangeConflictError(
                        f"change {bad.span.to_list()} ({bad.rule}) crosses the edge of "
                        f"{what} {span.to_list()}; a change must lie {rule}")

        new_blocks: list[Block] = []
        for block in self.blocks:
            refuse_crossing(block.span, f"block ({block.kind})", "inside one block or between blocks")
            new_segments: list[Segment] = []
            for segment in block.segments:
                refuse_crossing(segment.span, f"segment {segment.index}",
                                "inside one segment or outside every segment")
                start = start_of(segment.span.start)
                span = Span(start, end_of(segment.span.end, start))
                protected = tuple(
                    dataclasses.replace(p, span=Span(
                        min(max(start_of(p.span.start), span.start), span.end),
                        min(max(end_of(p.span.end, start_of(p.span.start)), span.start),
                            span.end)))
                    for p in segment.protected)
                new_segments.append(dataclasses.replace(
                    segment, span=span, text=span.slice(text), protected=protected))
            block_start = start_of(block.span.start)
            new_blocks.append(dataclasses.replace(
                block, span=Span(block_start, end_of(block.span.end, block_start)),
                segments=tuple(new_segments)))
        return dataclasses.replace(self, text=text, blocks=tuple(new_blocks))

    def detect_languages(self, **options: Any) -> Document:
        """Deprecated: use :func:`polyglot_press.langid.detect_languages` (``doc``).

        Kept so code written for 0.1 runs; it warns and delegates. The document
        model itself knows nothing of language detection.
        """
        warnings.warn("Document.detect_languages() is deprecated; use "
                      "polyglot_press.langid.detect_languages(doc)", DeprecationWarning, stacklevel=2)
        # resolved at call time by name: the document model does not depend on langid
        detect = importlib.import_module("polyglot_press.langid").detect_languages
        result: Document = detect(self, **options)
        return result

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the structure (the text itself is in ``text``)."""
        return {
            "path": self.path,
            "format": self.format,
            "bom": self.bom,
            "lang": self.lang,
            "text": self.text,
            "blocks": [b.to_dict() for b in self.blocks],
        }


def _recode(data: bytes, encoding: str, path: str) -> bytes:
    """``data`` read as ``encoding``, as UTF-8 bytes."""
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r} (--encoding)", path=path) from None
    try:
        return data.decode(encoding).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid {encoding}: byte(s) {data[exc.start:exc.end].hex(' ')} "
                         f"at byte {exc.start}", path=path) from None
