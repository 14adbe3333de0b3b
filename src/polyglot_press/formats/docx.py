"""Word DOCX (Office Open XML): each paragraph is a unit, its runs merged.

A paragraph's runs become one text; where the formatting changes (bold, a
link, another style) the text carries a paired code ``<gN>...</gN>``, and
everything in the paragraph that is not text (tabs, breaks, images, field
codes, footnote references, bookmarks, comment ranges) is a code ``<xN/>``.
The codes are protected spans, so the translation keeps them; writing
rebuilds the paragraph's runs from the translated text, each piece with the
formatting (``w:rPr``) of its code and inside its hyperlink, and puts every
non-text element back where its code went.

Read: ``word/document.xml`` (body and tables), headers, footers, footnotes,
endnotes and comments, with lxml. Never changed: styles, numbering, images,
settings, every other part of the package (copied byte for byte), and any
paragraph holding tracked changes (``w:ins``, ``w:del``), content controls,
simple fields, smart tags or math: such a paragraph is left as it is. An
untranslated document writes back the file it was read from; a translated
one has the same parts, the changed XML parts re-serialized by lxml
(canonically equal outside the translated paragraphs).
"""

from __future__ import annotations

import copy
import html
import io
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import FormatError, InputError
from ._build import join_units, unit_blocks, units_to_write
from ._guard import check_package, check_xml_prolog, xml_error
from .spec import Format
from .xliff import escape as xml_escape
from .xliff import protect

if TYPE_CHECKING:

    from ..document import Document
    from .blocks import Block, ReadOptions

__all__ = ["FORMAT"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_SKIP_PARAGRAPH = {"ins", "del", "sdt", "fldSimple", "smartTag", "customXml", "oMath", "oMathPara",
                   "moveFrom", "moveTo", "dir", "bdo"}
_ITEM = {"r", "hyperlink", "bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart",
         "commentRangeEnd", "permStart", "permEnd"}
_TOKEN = re.compile(r"<g(\d+)>|</g(\d+)>|<x(\d+)/>|[^<]+")


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass(slots=True)
class _Paragraph:
    """One translatable paragraph: where it is, its formats and its non-text codes."""

    part: str
    index: int  # position among the part's w:p elements
    formats: list[tuple[int | None, bytes]]  # (hyperlink code, rPr XML) of each <gN>
    base: int  # the format of text outside any <gN>
    codes: list[Any] = field(default_factory=list)  # elements behind each <xN/>
    links: list[Any] = field(default_factory=list)  # w:hyperlink elements (attributes only)


@dataclass(slots=True)
class DocxOrigin:
    """The package, its units and the paragraphs they come from."""

    data: bytes
    units: list[str]
    paragraphs: list[_Paragraph]


def _parse(data: bytes, name: str, path: str | None) -> Any:
    from lxml import etree

    check_xml_prolog(data, path, f"{name} in the package", doctype=False)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        raise xml_error(str(exc.msg), f"{name} in the package", path, line) from None


def _read_part(package: zipfile.ZipFile, name: str, path: str | None) -> bytes:
    try:
        return package.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError, ValueError) as exc:  # ValueError: a member's offset points outside
        raise FormatError(f"{name} in the package cannot be unpacked: {exc}", path=path) from None


def _run_format(run: Any) -> bytes:
    from lxml import etree

    props = run.find(_q("rPr"))
    if props is None:
        return b""
    clean = copy.deepcopy(props)
    for noise in clean.findall(_q("rsid")) + clean.findall(_q("noProof")):
        clean.remove(noise)
    serialized: bytes = etree.tostring(clean)
    return serialized


def _paragraph_unit(paragraph: Any, part: str, index: int) -> tuple[str, _Paragraph] | None:
    """The unit text of a paragraph, or None when it is left alone."""
    items: list[tuple[int | None, Any]] = []  # (hyperlink index, element)
    links: list[Any] = []
    for child in paragraph:
        name = _local(child)
        if name == "pPr" or not name:
            continue
        if name in _SKIP_PARAGRAPH or name not in _ITEM:
            return None
        if name == "hyperlink":
            if any(_local(c) not in ("r", "proofErr", "bookmarkStart", "bookmarkEnd")
                   for c in child):
                return None
            links.append(child)
            items.extend((len(links) - 1, c) for c in child)
        else:
            items.append((None, child))
    # runs' text and formats
    pieces: list[tuple[str, Any, tuple[int | None, bytes]]] = []  # (kind, payload, format)
    weights: Counter[tuple[int | None, bytes]] = Counter()
    for link, element in items:
        if _local(element) != "r":
            pieces.append(("code", element, (link, b"")))
            continue
        fmt = (link, _run_format(element))
        buffer: list[str] = []
        for child in element:
            name = _local(child)
            if name == "rPr":
                continue
            if name == "t":
                buffer.append(child.text or "")
                continue
            if buffer:
                pieces.append(("text", "".join(buffer), fmt))
                buffer = []
            holder = copy.deepcopy(element)
            for other in list(holder):
                if _local(other) != "rPr":
                    holder.remove(other)
            holder.append(copy.deepcopy(child))
            pieces.append(("code", holder, fmt))
        if buffer:
            pieces.append(("text", "".join(buffer), fmt))
            weights[fmt] += len("".join(buffer))
    if not any(any(c.isalpha() for c in p[1]) for p in pieces if p[0] == "text"):
        return None
    base_format = max(weights, key=lambda f: (f[0] is None, weights[f])) if weights else (None, b"")
    formats: list[tuple[int | None, bytes]] = [base_format]
    out: list[str] = []
    open_format: int | None = None
    record = _Paragraph(part, index, formats, 0, [], links)
    for kind, payload, fmt in pieces:
        if kind == "code":
            if open_format is not None and fmt != formats[open_format]:
                out.append(f"</g{open_format}>")
                open_format = None
            record.codes.append(payload)
            out.append(f"<x{len(record.codes) - 1}/>")
            continue
        wanted = 0 if fmt == base_format else (formats.index(fmt) if fmt in formats else None)
        if wanted is None:
            formats.append(fmt)
            wanted = len(formats) - 1
        if open_format is not None and open_format != wanted:
            out.append(f"</g{open_format}>")
            open_format = None
        if wanted != 0 and open_format is None:
            out.append(f"<g{wanted}>")
            open_format = wanted
        out.append(html.escape(payload, quote=False))
    if open_format is not None:
        out.append(f"</g{open_format}>")
    return "".join(out), record


def extract(data: bytes, options: ReadOptions, path: str | None) -> tuple[str, DocxOrigin]:
    """The view (one unit per paragraph) and the origin of a DOCX package."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError("not a DOCX file (not a zip package)", path=path) from None
    except NotImplementedError as exc:  # a zip feature zipfile cannot read (found by the fuzzer)
        raise FormatError(f"the zip package uses a feature that cannot be read ({exc})",
                          path=path) from None
    check_package(package, path, "DOCX")
    if "word/document.xml" not in names:
        raise FormatError("not a DOCX file (no word/document.xml)", path=path)
    units: list[str] = []
    paragraphs: list[_Paragraph] = []
    parts = sorted((n for n in names if _PARTS.fullmatch(n)),
                   key=lambda n: (n != "word/document.xml", n))
    for name in parts:
        root = _parse(_read_part(package, name, path), name, path)
        for index, paragraph in enumerate(root.iter(_q("p"))):
            if paragraph.find(".//" + _q("p")) is not None:
                continue  # a paragraph holding a text box: its inner paragraphs are units
            found = _paragraph_unit(paragraph, name, index)
            if found is not None:
                text, record = found
                if "\x1d" in text:
                    raise FormatError("a paragraph holds the control character U+001D", path=path)
                units.append(text)
                paragraphs.append(record)
    return join_units(units), DocxOrigin(data, units, paragraphs)


def parse(view: str, options: ReadOptions) -> tuple[Block, ...]:
    """Blocks of a DOCX view: one per paragraph, split into sentences, codes protected."""
    return unit_blocks(view, options, protect, keep_edges=False)


def _rebuild(paragraph: Any, record: _Paragraph, unit: str) -> None:
    """Replace the paragraph's runs by runs built from the translated ``unit``."""
    from lxml import etree

    for child in list(paragraph):
        if _local(child) != "pPr" and isinstance(child.tag, str):
            paragraph.remove(child)
    stack: list[int] = []
    current_link: tuple[int, Any] | None = None

    def container(link: int | None) -> Any:
        nonlocal current_link
        if link is None:
            current_link = None
            return paragraph
        if current_link is None or current_link[0] != link:
            source = record.links[link]
            element = etree.SubElement(paragraph, source.tag, dict(source.attrib))
            current_link = (link, element)
        return current_link[1]

    for match in _TOKEN.finditer(unit):
        opened, closed, code, text = match.group(1), match.group(2), match.group(3), None
        if match.group(1) is None and match.group(2) is None and match.group(3) is None:
            text = html.unescape(match.group())
        if opened is not None:
            stack.append(int(opened))
        elif closed is not None:
            if int(closed) in stack:
                stack.remove(int(closed))
        elif code is not None:
            element = copy.deepcopy(record.codes[int(code)])
            link = record.formats[stack[-1]][0] if stack else record.formats[record.base][0]
            if _local(element) == "r" and link is not None:
                container(link).append(element)
            else:
                container(None).append(element)
        elif text:
            link, props = record.formats[stack[-1] if stack else record.base]
            run = etree.SubElement(container(link), _q("r"))
            if props:
                run.append(etree.fromstring(props))
            node = etree.SubElement(run, _q("t"))
            node.text = text
            if text != text.strip():
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def write(doc: Document) -> bytes:
    """The DOCX package with translated paragraphs rebuilt; other parts copied as they were."""
    from lxml import etree

    origin: DocxOrigin
    origin, units, changed = units_to_write(doc, "DOCX")
    if not changed:
        return origin.data
    source = zipfile.ZipFile(io.BytesIO(origin.data))
    by_part: dict[str, list[int]] = {}
    for i in sorted(changed):
        by_part.setdefault(origin.paragraphs[i].part, []).append(i)
    rewritten: dict[str, bytes] = {}
    for part, indices in by_part.items():
        root = _parse(_read_part(source, part, doc.path), part, doc.path)
        paragraphs = list(root.iter(_q("p")))
        for i in indices:
            record = origin.paragraphs[i]
            _rebuild(paragraphs[record.index], record, units[i])
        rewritten[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = rewritten.get(info.filename)
            target.writestr(info, _read_part(source, info.filename, doc.path) if data is None
                            else data, compress_type=info.compress_type)
    return out.getvalue()


def escape(new_text: str, doc: Document, block: Block, segment: Any) -> str:
    """Escape a translated segment like XML text, keeping its codes."""
    return xml_escape(new_text, doc, block, segment)


FORMAT = Format("docx", (".docx",), parse, aliases=("word",), extract=extract, write=write,
                escape=escape, binary=True)
