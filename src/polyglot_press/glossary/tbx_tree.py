"""A TBX file as a light tree of elements with their lines, parsed safely.

Parsing goes through ``defusedxml``'s SAX parser: no external entities, no
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

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import Locator

import defusedxml.sax
from defusedxml import DefusedXmlException

from ..errors import GlossaryError

__all__ = ["MAX_DEPTH", "Element", "find", "flatten", "norm_space", "parse_xml", "walk"]

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


class _Builder(ContentHandler):
    def __init__(self, path: str | None) -> None:
        super().__init__()
        self.path = path
        self.root: Element | None = None
        self.stack: list[Element] = []
        self.locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def _line(self) -> int:
        return (self.locator.getLineNumber() or 0) if self.locator is not None else 0

    def startElement(self, name: str, attrs: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise GlossaryError(f"elements nested more than {MAX_DEPTH} deep; a TBX file "
                                "needs about ten levels", path=self.path, line=self._line())
        local = name.rsplit(":", 1)[-1]
        el = Element(local, {k: attrs[k] for k in attrs.getNames()}, self._line())
        if self.stack:
            self.stack[-1].children.append(el)
        else:
            self.root = el
        self.stack.append(el)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(content)


# A DOCTYPE that only names an external DTD (no internal subset, so no entity
# declarations) is dropped before parsing: the DTD is never loaded anyway, and
# the hardened parser refuses any external reference.
_EXTERNAL_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+[\w:.-]+(?:\s+(?:PUBLIC\s+(?:\"[^\"]*\"|'[^']*')\s+|SYSTEM\s+)"
    rb"(?:\"[^\"]*\"|'[^']*'))?\s*>"
)


def parse_xml(data: bytes, path: str | None) -> Element:
    """The root element of ``data``; a clear :class:`GlossaryError` naming the
    line for XML that is not well-formed, unsafe or nested too deep."""
    data = _EXTERNAL_DOCTYPE.sub(lambda m: b"\n" * m.group().count(b"\n"), data, count=1)
    builder = _Builder(path)
    try:
        defusedxml.sax.parseString(data, builder, forbid_dtd=False, forbid_entities=True,
                                   forbid_external=True)
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
