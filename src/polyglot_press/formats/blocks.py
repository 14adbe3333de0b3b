"""The parts a reader builds: blocks of sentence segments, with protected spans.

Every format's parser (:mod:`polyglot_press.formats`) turns decoded text into
a tuple of :class:`Block`; a :class:`~polyglot_press.document.Document`
holds them with the text they point into. These types live apart from the
document so readers need not import it.

>>> seg = Segment(0, 0, Span(0, 3), "Hi.")
>>> Block(0, "paragraph", Span(0, 3), True, (seg,)).segments[0].text
'Hi.'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..text import Span
from .inline import Protected

__all__ = ["Block", "Protected", "ReadOptions", "Segment"]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How a reader builds a document.

    ``lang`` selects the sentence segmenter's abbreviation rules (``None``:
    English rules, which suit most Latin and Cyrillic text).
    ``protect_numbers`` marks numbers as spans not to translate.
    ``encoding`` reads files in that encoding instead of UTF-8 (they are
    written as UTF-8). ``line_length`` is the longest subtitle line written
    (SRT, WebVTT).
    """

    lang: str | None = None
    protect_numbers: bool = False
    encoding: str | None = None
    line_length: int = 42

    def __post_init__(self) -> None:
        if self.line_length < 10:
            raise ValueError("line_length must be at least 10")


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence (or heading, list item line, ...) to translate.

    ``span`` points into :attr:`Document.text`; ``text`` is that slice.
    ``protected`` lists the spans inside it (document offsets) that must come
    through translation unchanged. ``lang`` is set by language detection.
    """

    index: int
    block: int
    span: Span
    text: str
    protected: tuple[Protected, ...] = ()
    lang: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "index": self.index,
            "block": self.block,
            "span": self.span.to_list(),
            "text": self.text,
            "protected": [p.to_dict() for p in self.protected],
            "lang": self.lang,
        }


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit of a document.

    ``kind`` is ``heading``, ``paragraph``, ``table`` (one segment per cell),
    ``code``, ``front_matter``, ``html`` or ``thematic_break``; ``containers``
    lists the Markdown containers around it, outermost first (``blockquote``,
    ``list_item``). Only ``translatable`` blocks have segments; code, front
    matter and raw HTML never do.
    """

    index: int
    kind: str
    span: Span
    translatable: bool
    segments: tuple[Segment, ...] = ()
    containers: tuple[str, ...] = ()
    level: int | None = None
    lang: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "index": self.index,
            "kind": self.kind,
            "span": self.span.to_list(),
            "translatable": self.translatable,
            "containers": list(self.containers),
            "level": self.level,
            "lang": self.lang,
            "segments": [s.to_dict() for s in self.segments],
        }
