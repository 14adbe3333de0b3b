"""What a document format is: its name, suffixes, parser and optional hooks.

Every reader module builds a :class:`Format`; the registry in
:mod:`polyglot_press.formats` collects them. Kept apart from the registry so
readers need not import the package that imports them.

>>> Format("demo", (".demo",), lambda text, options: ()).binary
False
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..document import Document
    from .blocks import Block, ReadOptions, Segment

__all__ = ["Escaper", "Extractor", "Format", "Parser", "Writer"]

Parser = Callable[[str, "ReadOptions"], "tuple[Block, ...]"]
# container formats: file bytes (or text) -> (view text, origin); the view is what `parse` reads
Extractor = Callable[[bytes, "ReadOptions", "str | None"], "tuple[str, Any]"]
Writer = Callable[["Document"], bytes]
# (new segment text, the document it replaces a segment of, that segment's block, the segment)
Escaper = Callable[[str, "Document", "Block", "Segment"], str]


@dataclass(frozen=True, slots=True)
class Format:
    """A document format: its name, aliases, file suffixes and parser.

    Optional hooks: ``extract`` turns the file's bytes into a view text and
    an ``origin`` (container formats); ``write`` serializes a document (for
    a container, the origin with changed units written back; for HTML, the
    text with ``lang``/``dir`` set); ``escape`` turns a translated segment
    into the syntax of the place it goes (``&amp;`` in HTML, ...); ``binary``
    formats cannot be built from a ``str``.
    """

    name: str
    suffixes: tuple[str, ...]
    parse: Parser
    aliases: tuple[str, ...] = ()
    extract: Extractor | None = None
    write: Writer | None = None
    escape: Escaper | None = None
    binary: bool = False
