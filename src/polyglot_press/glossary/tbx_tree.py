"""A TBX file as a light tree of elements with their lines, parsed safely.

Parsing goes through ``defusedxml``'s expat driver: no external entities, no
entity expansion (billion laughs), no network. Elements nested deeper than
:data:`MAX_DEPTH` are refused while parsing (TBX needs about ten levels), so a
hostile file nested 100,000 deep gives a clear error, not a RecursionError.
Every walk over the tree is iterative.

>>> root = parse_xml(b"<tbx><text><body/></text></tbx>", None)
>>> find(root, "text", "body").line
1
>>> parse_xml(b"<a>" * 300, "deep.tbx")
Traceback (most recent call last):
...
polyglot_press.errors.GlossaryError: deep.tbx:1: elements nested more than 128 deep; ...
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import InputSource, Locator

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from ..errors import GlossaryError

__all__ = ["MAX_DEPTH", "Element", "EntryHandler", "find", "flatten", "norm_space", "parse_xml", "walk"]

#: the deepest element nesting accepted
MAX_DEPTH = 128


@dataclass(slots=True)
class Element:
    """An XML element: local tag name, attributes, line, children, text parts."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Element] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The element's own text (not its children's)."""
        return "".join(self.parts)

    def full_text(self) -> str:
        """The text of the element and of everything inside it, in document order
        (own text first, as TBX term and note elements hold it)."""
        if not self.children:
            return "".join(self.parts)
        return "".join(el.text for el in walk(self))

    def type(self) -> str:
        """The ``type`` attribute ('' when absent)."""
        return self.attrs.get("type", "")


#: what :func:`parse_xml` hands each element of ``<text><body>`` to when it
#: closes (the root, so far, and the element); the element is then dropped
EntryHandler = Callable[[Element, Element], None]


class _Builder(ContentHandler):
    """Builds the tree from expat's callbacks (set on the parser directly: the SAX
    layer's attribute objects cost more than the parse)."""

    def __init__(self, path: str | None, on_entry: EntryHandler | None = None) -> None:
        super().__init__()
        self.path = path
        self.root: Element | None = None
        self.stack: list[Element] = []
        self.locator: Locator | None = None
        self.expat: Any = None
        self.on_entry = on_entry
        self.text: Element | None = None  # the first <text> of the root
        self.body: Element | None = None  # the first <body> of that <text>

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def _line(self) -> int:
        return int(self.expat.CurrentLineNumber) if self.expat is not None else 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        stack = self.stack
        depth = len(stack)
        if depth >= MAX_DEPTH:
            raise GlossaryError(f"elements nested more than {MAX_DEPTH} deep; a TBX file "
                                "needs about ten levels", path=self.path, line=self._line())
        el = Element(name.rpartition(":")[2], attrs, self._line())
        if stack:
            stack[-1].children.append(el)
            if depth == 1 and self.text is None and el.tag == "text":
                self.text = el
            elif depth == 2 and self.body is None and el.tag == "body" and stack[1] is self.text:
                self.body = el
        else:
            self.root = el
        stack.append(el)

    def end(self, name: str) -> None:
        el = self.stack.pop()
        if self.on_entry is not None and self.stack and self.stack[-1] is self.body:
            self.stack[-1].children.pop()  # handed over, not kept: memory stays flat
            assert self.root is not None
            self.on_entry(self.root, el)

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(content)


class _Parser(DefusedExpatParser):  # type: ignore[misc]  # defusedxml ships no types
    """defusedxml's expat driver (its entity and external-reference defences are
    set in ``reset``) with the builder's element callbacks set on expat itself."""

    def __init__(self, builder: _Builder) -> None:
        super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self.builder = builder

    def reset(self) -> None:
        super().reset()
        expat = self._parser
        expat.StartElementHandler = self.builder.start
        expat.EndElementHandler = self.builder.end
        expat.CharacterDataHandler = self.builder.characters
        expat.buffer_text = True  # one call per text run, not one per line
        self.builder.expat = expat


# A DOCTYPE that only names an external DTD (no internal subset, so no entity
# declarations) is dropped before parsing: the DTD is never loaded anyway, and
# the hardened parser refuses any external reference.
_EXTERNAL_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+[\w:.-]+(?:\s+(?:PUBLIC\s+(?:\"[^\"]*\"|'[^']*')\s+|SYSTEM\s+)"
    rb"(?:\"[^\"]*\"|'[^']*'))?\s*>"
)


def parse_xml(data: bytes, path: str | None, on_entry: EntryHandler | None = None) -> Element:
    """The root element of ``data``; a clear :class:`GlossaryError` naming the
    line for XML that is not well-formed, unsafe or nested too deep.

    With ``on_entry``, each child of the root's ``<text><body>`` is handed to it
    as soon as it closes and is not kept in the tree (a big glossary is read one
    entry at a time).
    """
    data = _EXTERNAL_DOCTYPE.sub(lambda m: b"\n" * m.group().count(b"\n"), data, count=1)
    builder = _Builder(path, on_entry)
    parser = _Parser(builder)
    parser.setContentHandler(builder)
    source = InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except SAXParseException as exc:
        raise GlossaryError(f"not well-formed XML: {exc.getMessage()}", path=path,
                            line=exc.getLineNumber(),
                            column=(exc.getColumnNumber() or 0) + 1) from None
    except DefusedXmlException as exc:
        line = builder.locator.getLineNumber() if builder.locator is not None else None
        raise GlossaryError(
            f"refused unsafe XML ({type(exc).__name__}): TBX files may not declare entities "
            "or load external resources", path=path, line=line) from None
    if builder.root is None:
        raise GlossaryError("empty XML document", path=path, line=1)
    return builder.root


_SPACES = re.compile(r"\s+")


def norm_space(text: str) -> str:
    """``text`` with runs of white space as one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


def walk(el: Element) -> Iterator[Element]:
    """``el`` and every element inside it, in document order (no recursion)."""
    stack = [el]
    while stack:
        node = stack.pop()
        yield node
        if node.children:
            stack.extend(reversed(node.children))


def flatten(sec: Element) -> list[Element]:
    """The fields of a term section, with ``termGrp``/``termNoteGrp`` opened."""
    out: list[Element] = []
    stack = list(reversed(sec.children))
    while stack:
        child = stack.pop()
        if child.tag in ("termGrp", "termNoteGrp"):
            stack.extend(reversed(child.children))
        else:
            out.append(child)
    return out


def find(el: Element, *path: str) -> Element | None:
    """The first element down ``path`` of child tags, or None."""
    node: Element | None = el
    for tag in path:
        if node is None:
            return None
        node = next((c for c in node.children if c.tag == tag), None)
    return node
