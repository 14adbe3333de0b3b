"""HTML: block elements are blocks, inline elements protected codes inside segments.

The document's text is the file itself; segments are slices of it, so an
untranslated document writes back byte for byte. Tags come from the standard
library's tokenizer (:class:`html.parser.HTMLParser`, the one that reports
each tag's position: lxml, html5lib and selectolax build trees without source
offsets, and a tree written back is not the file that was read).

- A run of text and inline elements (``a``, ``b``, ``span``, ``img``, ...)
  between block boundaries (``p``, ``li``, ``td``, ``h1``...) is a block, split
  into sentences; inline tags and character references are protected spans.
- ``script``, ``style``, ``code``, ``kbd``, ``samp``, ``pre``, ``textarea``,
  ``svg``, ``math``, ``template``, any element with ``translate="no"`` or class
  ``notranslate`` are never translated (inside a sentence, a protected span).
- ``alt``, ``title``, ``placeholder`` and ``aria-label`` attribute values are
  blocks of their own (kind ``attribute``), and so is the ``content`` of
  ``<meta name="description">``.
- Writing a translation sets ``lang`` (and ``dir`` for right-to-left
  languages) on ``<html>``; translated text is escaped (``&``, ``<``, and the
  quote in an attribute).

>>> doc_html = '<p>Read <b>the report</b> &amp; <code>x = 1</code>.</p><img alt="A map.">'
>>> from polyglot_press.document import ReadOptions
>>> [(b.kind, [s.text for s in b.segments]) for b in parse(doc_html, ReadOptions())]
[('paragraph', ['Read <b>the report</b> &amp; <code>x = 1</code>.']), ('attribute', ['A map.'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ..errors import FormatError
from ..text import Span
from ._build import BlockBuilder, masked_segments
from .blocks import Block, ReadOptions
from .inline import Protected
from .spec import Format

if TYPE_CHECKING:
    from ..document import Document
    from .blocks import Segment

__all__ = ["FORMAT", "parse"]

_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr"
})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "title", "option",
    "optgroup", "legend", "select", "noscript", "iframe", "video", "audio", "canvas", "object",
    "picture", "map", "frameset", "frame", "menu", "center"
})
# elements whose nesting the blocks record (``Block.containers``), or that close an li
_NESTING = frozenset({"li", "blockquote", "ul", "ol", "menu"})
#: lists, items and quotes open at once past this are refused: every block keeps its
#: containers, so deeper nesting would cost memory growing with depth times blocks
MAX_CONTAINERS = 128
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# never translated: their whole content is skeleton (or, inside a sentence, one protected span)
_OPAQUE = frozenset({
    "script", "style", "code", "kbd", "samp", "pre", "textarea", "svg", "math", "template", "var"
})
_OPAQUE_BLOCK = frozenset({"pre", "textarea", "svg", "math", "template", "script", "style"})
_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
_META_NAMES = frozenset({"description", "og:title", "og:description", "twitter:title",
                         "twitter:description"})
_ATTR = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_RTL = frozenset({"ar", "arc", "ckb", "dv", "fa", "ha-arab", "he", "iw", "ks", "ku-arab", "ps",
                  "sd", "syr", "ug", "ur", "yi"})


@dataclass(frozen=True, slots=True)
class _Event:
    kind: str  # start, startend, end, data, entity, other
    start: int
    end: int
    tag: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()


class _Tokenizer(HTMLParser):
    """The standard tokenizer, recording the source offset of every event."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer("\n", text))
        self.events: list[tuple[str, int, str, tuple[tuple[str, str | None], ...]]] = []

    def _here(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", self._here(), tag, tuple(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("startend", self._here(), tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", self._here(), tag, ()))

    def handle_data(self, data: str) -> None:
        self.events.append(("data", self._here(), "", ()))

    def handle_entityref(self, name: str) -> None:
        self.events.append(("entity", self._here(), "", ()))

    def handle_charref(self, name: str) -> None:
        self.events.append(("entity", self._here(), "", ()))

    def _other(self) -> None:
        self.events.append(("other", self._here(), "", ()))

    def handle_comment(self, data: str) -> None:
        self._other()

    def handle_decl(self, decl: str) -> None:
        self._other()

    def handle_pi(self, data: str) -> None:
        self._other()

    def unknown_decl(self, data: str) -> None:
        self._other()


def _events(text: str) -> list[_Event]:
    tokenizer = _Tokenizer(text)
    tokenizer.feed(text)
    tokenizer.close()
    raw = tokenizer.events
    result: list[_Event] = []
    for i, (kind, start, tag, attrs) in enumerate(raw):
        end = raw[i + 1][1] if i + 1 < len(raw) else len(text)
        if end <= start and kind not in ("start", "startend", "end"):
            continue
        if kind == "entity":
            # the tokenizer may report an entity and the text after it as one step
            match = _ENTITY.match(text, start)
            if match is not None and match.end() < end:
                result.append(_Event("entity", start, match.end()))
                result.append(_Event("data", match.end(), end))
                continue
        if kind in ("start", "startend", "end"):
            close = text.find(">", start)
            tag_end = close + 1 if close != -1 and (end <= start or close < end) else end
            result.append(_Event(kind, start, tag_end, tag, attrs))
            if tag_end < end:
                result.append(_Event("data", tag_end, end))
            continue
        result.append(_Event(kind, start, end, tag, attrs))
    return result


def _is_opaque(event: _Event) -> bool:
    if event.tag in _OPAQUE:
        return True
    attrs = dict(event.attrs)
    if (attrs.get("translate") or "").strip().lower() == "no":
        return True
    return "notranslate" in (attrs.get("class") or "").split()


def _attribute_spans(text: str, event: _Event) -> list[tuple[str, Span]]:
    """(name, value span) of the attributes of a start tag, in order."""
    body_start = event.start + 1 + len(event.tag)
    spans: list[tuple[str, Span]] = []
    for match in _ATTR.finditer(text, body_start, event.end - 1):
        name = match.group(1).lower()
        for group in (2, 3, 4):
            if match.group(group) is not None:
                spans.append((name, Span(match.start(group), match.end(group))))
                break
    return spans


def _entities(text: str, start: int, end: int) -> list[Protected]:
    return [Protected(Span(m.start(), m.end()), "code") for m in _ENTITY.finditer(text, start, end)]


class _Reader:
    def __init__(self, text: str, options: ReadOptions) -> None:
        self.text = text
        self.builder = BlockBuilder(text, options)
        self.flow: list[tuple[int, int]] = []  # (start, end) of items in the current run
        self.has_text = False
        self.protected: list[Protected] = []
        self.kind = "paragraph"
        self.level: int | None = None
        self.containers: list[str] = []
        self.frozen: tuple[str, ...] = ()  # ``containers`` as the blocks get it (shared)
        self.open: list[str] = []  # open li, blockquote and lists, to close li's HTML implies

    def push(self, tag: str, position: int) -> None:
        """An ``li``, ``blockquote``, ``ul``, ``ol`` or ``menu`` starts (an ``li`` ends the
        open ``li`` it follows, as HTML implies)."""
        if tag == "li" and self.open and self.open[-1] == "li":
            self.pop("li")
        if len(self.open) >= MAX_CONTAINERS:
            line = self.text.count("\n", 0, position) + 1
            raise FormatError(f"lists and quotes nested more than {MAX_CONTAINERS} deep",
                              line=line)
        self.open.append(tag)
        if tag in ("li", "blockquote"):
            self.containers.append("list_item" if tag == "li" else "blockquote")
            self.frozen = tuple(self.containers)

    def pop(self, tag: str) -> None:
        """``tag`` ends: close it and the ``li``'s open inside it (a stray end tag is ignored)."""
        group = ("ul", "ol", "menu") if tag in ("ul", "ol", "menu") else (tag,)
        if not any(t in group for t in self.open):
            return
        while self.open:
            top = self.open.pop()
            if top in ("li", "blockquote") and self.containers:
                self.containers.pop()
            if top in group:
                break
        self.frozen = tuple(self.containers)

    def close_flow(self) -> None:
        if self.flow and self.has_text:
            start, end = self.flow[0][0], self.flow[-1][1]
            segments = masked_segments(self.builder, start, end, self.protected)
            if segments:
                span = Span(segments[0].span.start, segments[-1].span.end)
                self.builder.add(self.kind, span, segments, containers=self.frozen,
                                 level=self.level)
        self.flow = []
        self.has_text = False
        self.protected = []

    def add_item(self, start: int, end: int, kind: str | None) -> None:
        if kind is not None:
            self.protected.append(Protected(Span(start, end), kind))
        elif self.text[start:end].strip():
            self.has_text = True
        self.flow.append((start, end))

    def attributes(self, event: _Event) -> None:
        """Blocks for the translatable attributes of a start tag.

        An attribute inside a sentence cannot be a block of its own (blocks do
        not nest): a void element (``img``, ``input``, ``area``) ends the run of
        text before it; the attributes of other inline elements inside a
        sentence (``<a title>``) are not translated.
        """
        attrs = dict(event.attrs)
        found = []
        for name, span in _attribute_spans(self.text, event):
            wanted = name in _ATTRIBUTES or (
                event.tag == "meta" and name == "content"
                and (attrs.get("name") or attrs.get("property") or "").lower() in _META_NAMES)
            if wanted and any(c.isalpha() for c in span.slice(self.text)):
                found.append(span)
        if not found:
            return
        if self.has_text:
            if event.tag not in _VOID:
                return
            self.close_flow()
        for span in found:
            segments = masked_segments(self.builder, span.start, span.end,
                                       _entities(self.text, span.start, span.end))
            if segments:
                self.builder.add("attribute", span, segments, containers=self.frozen)


def parse(text: str, options: ReadOptions) -> tuple[Block, ...]:
    """Blocks of an HTML document (see the module docstring)."""
    events = _events(text)
    reader = _Reader(text, options)
    i = 0
    while i < len(events):
        event = events[i]
        if event.kind in ("start", "startend") and _is_opaque(event) and event.tag not in _VOID \
                and event.kind == "start":
            # skip to the matching end tag
            depth = 0
            j = i
            while j < len(events):
                e = events[j]
                if e.tag == event.tag and e.kind == "start":
                    depth += 1
                elif e.tag == event.tag and e.kind == "end":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            end = events[j].end if j < len(events) else len(text)
            if event.tag in _OPAQUE_BLOCK or event.tag in _BLOCK:
                reader.close_flow()
            elif reader.flow or any(e.kind == "data" and text[e.start:e.end].strip()
                                    for e in events[j + 1 : j + 3]):
                reader.add_item(event.start, end, "code")
            i = j + 1
            continue
        if event.kind in ("start", "startend", "end"):
            tag = event.tag
            if tag in _BLOCK:
                reader.close_flow()
                if event.kind == "start":
                    if tag in _NESTING:
                        reader.push(tag, event.start)
                    reader.kind = "heading" if tag in _HEADINGS else (
                        "table" if tag in ("td", "th", "caption") else "paragraph")
                    reader.level = int(tag[1]) if tag in _HEADINGS else None
                    if tag == "title":
                        reader.kind = "heading"
                elif event.kind == "end":
                    if tag in _NESTING:
                        reader.pop(tag)
                    reader.kind, reader.level = "paragraph", None
                if event.kind != "end":
                    reader.attributes(event)
            else:
                if event.kind != "end":
                    reader.attributes(event)
                if tag == "br" and not reader.flow:
                    pass
                else:
                    reader.add_item(event.start, event.end, "markup")
        elif event.kind == "data":
            if reader.flow or text[event.start:event.end].strip():
                reader.add_item(event.start, event.end, None)
        elif event.kind == "entity":
            reader.add_item(event.start, event.end, "code")
        else:  # comments, declarations, processing instructions
            if reader.flow:
                reader.add_item(event.start, event.end, "code")
        i += 1
    reader.close_flow()
    return reader.builder.result()


# -- writing ------------------------------------------------------------------------------


def escape(new_text: str, doc: Document, block: Block, segment: Segment) -> str:
    """Escape a translated segment for HTML, keeping the source segment's tags and
    character references (the only markup a translation may carry)."""
    keep = sorted({p.span.slice(doc.text) for p in segment.protected}, key=len, reverse=True)
    quote = doc.text[block.span.end] if block.kind == "attribute" and block.span.end < len(
        doc.text) else ""
    out: list[str] = []
    position = 0
    while position < len(new_text):
        found = next((k for k in keep if new_text.startswith(k, position)), None)
        if found is not None:
            out.append(found)
            position += len(found)
            continue
        char = new_text[position]
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">" and quote == "":
            out.append("&gt;")
        elif quote and char == quote:
            out.append("&quot;" if quote == '"' else "&#39;")
        else:
            out.append(char)
        position += 1
    return "".join(out)


def _same_base(a: str, b: str) -> bool:
    return re.split("[-_]", a.strip().lower())[0] == re.split("[-_]", b.strip().lower())[0]


def set_language(text: str, lang: str) -> str:
    """``text`` with ``lang`` (and ``dir``) set on its ``<html>`` element.

    >>> set_language('<html lang="en"><body>x</body></html>', "ar")
    '<html lang="ar" dir="rtl"><body>x</body></html>'
    >>> set_language('<!DOCTYPE html>\\n<html>', "pt")
    '<!DOCTYPE html>\\n<html lang="pt">'
    """
    tokenizer = _Tokenizer(text)
    # the <html> tag is near the top: tokenize only up to the first <body> or content
    head = text[: max(text.find("<body"), 0) or 4096] or text[:4096]
    tokenizer.feed(head)
    html = next((e for e in tokenizer.events if e[0] in ("start", "startend") and e[2] == "html"),
                None)
    if html is None:
        return text
    start = html[1]
    close = text.find(">", start)
    event = _Event("start", start, close + 1, "html", html[3])
    spans = dict(_attribute_spans(text, event))
    edits: list[tuple[Span, str]] = []
    rtl = lang.lower() in _RTL or re.split("[-_]", lang.lower())[0] in _RTL
    for name in ("lang", "xml:lang"):
        span = spans.get(name)
        if span is not None and not _same_base(span.slice(text), lang):
            edits.append((span, lang))
    if "lang" not in spans:
        edits.append((Span(start + 5, start + 5), f' lang="{lang}"'))
    direction = spans.get("dir")
    if direction is not None:
        wanted = "rtl" if rtl else "ltr"
        if direction.slice(text).strip().lower() != wanted:
            edits.append((direction, wanted))
    elif rtl:
        position = spans["lang"].end + 1 if "lang" in spans else start + 5
        edits.append((Span(position, position), ' dir="rtl"'))
    for span, value in sorted(edits, key=lambda e: e[0].start, reverse=True):
        text = text[: span.start] + value + text[span.end :]
    return text


def write(doc: Document) -> bytes:
    """The document's text (with the BOM if it had one); a document whose language is
    known (a translation, or after language detection) says so in ``lang``/``dir``."""
    text = doc.text
    if doc.lang and doc.lang not in ("und", "zxx", "mul"):
        text = set_language(text, doc.lang)
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if doc.bom else data


FORMAT = Format("html", (".html", ".htm", ".xhtml"), parse, aliases=("htm",), write=write,
                escape=escape)
