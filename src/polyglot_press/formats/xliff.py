"""XLIFF 1.2 and 2.x: each source (or ``<mrk mtype="seg">``, or 2.x ``<segment>``) is a unit.

The file is read with expat (the standard library's streaming XML parser,
which reports each element's byte offset): the view holds the raw content of
every source, inline codes and character references included, so the
translation can carry them. Nothing of the file is rebuilt: a translated unit
is written into its ``<target>`` (created after ``</source>`` or
``</seg-source>`` when missing, with the target language and a ``state``), and
every other byte stays as it was. An untranslated document writes the file
back byte for byte; a translated one differs only by targets, ``state``
attributes and the target language on ``<file>`` (1.2) or ``<xliff>`` (2.x).

- Inline codes (1.2 ``g``, ``x``, ``bx``, ``ex``, ``ph``, ``bpt``, ``ept``,
  ``it``; 2.x ``pc``, ``ph``, ``sc``, ``ec``, ``mrk``, ``sm``, ``em``) are
  protected spans; the native code inside ``ph``/``bpt``/``ept``/``it`` and
  any ``translate="no"`` span is protected whole.
- A unit whose ``<target>`` already holds a translation (a state other than
  ``new``/``needs-translation``/``initial``, or none) is not a unit: human
  translations are never overwritten.
- ``translate="no"`` on a unit, group or file skips it (``translate="yes"``
  below it turns translation back on); notes are kept;
  ``<seg-source>`` segments (1.2) and ``<segment>`` (2.x) are respected.
- Targets get ``state="needs-review-translation"`` (1.2) or a ``<segment
  state="translated">`` (2.x); a segment the QA flags (``Document.review``)
  is marked ``needs-review-translation`` / ``initial`` instead.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import FormatError, InputError
from ..text import Span
from ._build import join_units, unit_blocks, units_to_write
from ._guard import MAX_XML_DEPTH
from .html import escape as html_escape
from .inline import Protected
from .spec import Format

if TYPE_CHECKING:
    from ..document import Document
    from .blocks import Block, ReadOptions

__all__ = ["FORMAT", "XliffOrigin"]

_PROTECT = re.compile(
    r"<(ph|bpt|ept|it|sub)\b[^>]*?(?<!/)>.*?</\1\s*>"  # native code inside: whole element
    r"|<(mrk)\b[^>]*\btranslate\s*=\s*[\"']no[\"'][^>]*>.*?</mrk\s*>"
    r"|<!\[CDATA\[.*?\]\]>"
    r"|<[^>]+>"
    r"|&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);",
    re.DOTALL,
)
# target states that mean "not translated yet" (1.2 and 2.x): such targets are filled
_OPEN_STATES = {"new", "needs-translation", "initial"}
_ATTRIBUTE = r"""\s{name}\s*=\s*("[^"]*"|'[^']*')"""
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")


def protect(view: str, start: int, end: int) -> list[Protected]:
    """Inline codes and character references of a unit in the view."""
    found = []
    for match in _PROTECT.finditer(view, start, end):
        kind = "markup" if match.group().startswith("<") and match.group(1) is None \
            and match.group(2) is None and not match.group().startswith("<!") else "code"
        found.append(Protected(Span(match.start(), match.end()), kind))
    return found


@dataclass(slots=True)
class _Slot:
    """One translatable unit: its content's byte range, and its place in the file."""

    content: tuple[int, int]
    group: int  # index of the trans-unit (1.2) or segment (2.x) it belongs to
    mid: str | None = None  # 1.2 <mrk mid> inside <seg-source>


@dataclass(slots=True)
class _Group:
    """A 1.2 trans-unit or a 2.x segment: where its target goes."""

    source_end: int  # byte offset after </source> or </seg-source>
    indent: bytes
    target: tuple[int, int, int, int] | None = None  # start tag start/end, end tag start/end
    seg_source: tuple[int, int] | None = None  # inner byte range of <seg-source>
    state_tag: tuple[int, int] | None = None  # 2.x: the <segment> start tag
    prefix: bytes = b""  # the namespace prefix the file writes its elements with ("x:")
    slots: list[int] = field(default_factory=list)


@dataclass(slots=True)
class XliffOrigin:
    """What the writer needs: the file, its units and where targets go."""

    data: bytes
    version: str
    units: list[str]
    slots: list[_Slot]
    groups: list[_Group]
    lang_tag: tuple[int, int] | None  # the start tag that carries the target language
    source_lang: str | None
    target_lang: str | None
    encoding: str = "utf-8"


_DECLARATION = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _declared_encoding(data: bytes) -> str:
    """The encoding the XML declaration names (UTF-8 when none; UTF-16 by its BOM)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    match = _DECLARATION.match(data.lstrip(b"\xef\xbb\xbf"))
    return match.group(1).decode("ascii").lower() if match else "utf-8"


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].rsplit(" ", 1)[-1]


def _tag_end(data: bytes, start: int) -> int:
    match = _START_TAG.match(data, start)
    if match is None:
        end = data.find(b">", start)
        return end + 1
    return match.end()


def extract(data: bytes, options: ReadOptions, path: str | None) -> tuple[str, XliffOrigin]:
    """The view (one unit per source/segment) and the origin of an XLIFF file."""
    if _declared_encoding(data).replace("-", "").startswith(("utf16", "utf32")):
        raise FormatError("UTF-16/32 XLIFF files are not supported; convert to UTF-8 "
                          "(for example: iconv -f utf-16 -t utf-8)", path=path)
    parser = xml.parsers.expat.ParserCreate()

    def refuse(*_: object) -> None:
        raise FormatError("XLIFF files may not declare entities (a security risk: XXE, "
                          "entity bombs)", path=path, line=parser.CurrentLineNumber)

    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    stack: list[tuple[str, dict[str, str], int, int]] = []  # name, attrs, start, start-tag end
    prefixes: list[str] = []
    skip_depth: list[bool] = []
    version = ""
    lang_tag: tuple[int, int] | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    slots: list[_Slot] = []
    groups: list[_Group] = []
    current: dict[str, Any] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal version, lang_tag, source_lang, target_lang
        local = _local(name)
        prefixes.append(name[: len(name) - len(local)])
        begin = parser.CurrentByteIndex
        if len(stack) >= MAX_XML_DEPTH:
            raise FormatError(f"elements nested more than {MAX_XML_DEPTH} deep", path=path,
                              line=parser.CurrentLineNumber)
        end = _tag_end(data, begin)
        stack.append((local, attrs, begin, end))
        inherited = skip_depth[-1] if skip_depth else False
        flag = attrs.get("translate")
        skipped = True if flag == "no" else False if flag == "yes" else inherited
        skip_depth.append(skipped)
        inline = len(stack) > 1 and stack[-2][0] in ("source", "target", "mrk", "seg-source") \
            and local != "mrk"
        if inline:
            return
        if local == "xliff":
            version = attrs.get("version", "")
            if version.startswith("2"):
                lang_tag = (begin, end)
                source_lang, target_lang = attrs.get("srcLang"), attrs.get("trgLang")
        elif local == "file" and not version.startswith("2") and lang_tag is None:
            lang_tag = (begin, end)
            source_lang, target_lang = attrs.get("source-language"), attrs.get("target-language")
        elif local in ("trans-unit", "segment") and not skipped:
            current.clear()
            current["group"] = _Group(0, b"")
            if local == "segment":
                current["group"].state_tag = (begin, end)
        elif local == "unit":
            current.clear()

    def finish(name: str) -> None:
        local, attrs, begin, tag_end = stack.pop()
        skipped = skip_depth.pop()
        prefix = prefixes.pop()
        here = parser.CurrentByteIndex
        empty = not data.startswith(b"</", here)
        end = tag_end if empty else data.find(b">", here) + 1
        inner = (tag_end, tag_end if empty else here)
        parent = stack[-1][0] if stack else ""
        group: _Group | None = current.get("group")
        if group is None or skipped:
            return
        if local == "source" and parent in ("trans-unit", "segment"):
            line_start = data.rfind(b"\n", 0, begin) + 1
            indent = data[line_start:begin]
            group.indent = indent if not indent.strip() else b""
            group.source_end = end
            group.prefix = prefix.encode("utf-8")
            current["source"] = inner
        elif local == "seg-source":
            group.seg_source = inner
            group.source_end = end
        elif local == "mrk" and parent == "seg-source" and attrs.get("mtype") == "seg":
            current.setdefault("mrks", []).append((inner, attrs.get("mid")))
        elif local == "target" and parent in ("trans-unit", "segment"):
            group.target = (begin, tag_end, here if not empty else tag_end, end)
            state = attrs.get("state") or (stack[-1][1].get("state") if stack else None)
            if state is None and version.startswith("2"):
                state = "initial"  # the 2.x default
            if not empty and data[tag_end:here].strip() and state not in _OPEN_STATES:
                current["done"] = True  # a translation is there already: never overwritten
        elif local in ("trans-unit", "segment"):
            index = len(groups)
            if current.get("done"):
                pass
            elif group.seg_source is not None and current.get("mrks"):
                for inner_range, mid in current["mrks"]:
                    group.slots.append(len(slots))
                    slots.append(_Slot(inner_range, index, mid))
            elif "source" in current:
                group.slots.append(len(slots))
                slots.append(_Slot(current["source"], index))
            if group.slots:
                groups.append(group)
            current.clear()

    parser.StartElementHandler = start
    parser.EndElementHandler = finish
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(f"not well-formed XML: {xml.parsers.expat.ErrorString(exc.code)}",
                         path=path, line=exc.lineno, column=exc.offset + 1) from None
    except LookupError:  # expat asks Python for an encoding it does not know itself
        raise FormatError(f"unknown encoding {_declared_encoding(data)!r} in the XML declaration",
                          path=path, line=1) from None
    if not version:
        raise FormatError("not an XLIFF file (no <xliff version=...> root)", path=path)
    encoding = _declared_encoding(data)
    try:
        units = [data[s.content[0]:s.content[1]].decode(encoding) for s in slots]
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"the file is not valid {encoding}, the encoding it declares",
                         path=path) from None
    origin = XliffOrigin(data, version, units, slots, groups, lang_tag, source_lang, target_lang,
                         encoding)
    return join_units(units), origin


def parse(view: str, options: ReadOptions) -> tuple[Block, ...]:
    """Blocks of an XLIFF view: one per source (or segment), split into sentences."""
    return unit_blocks(view, options, protect, keep_edges=True)


def _set_attribute(tag: bytes, name: str, value: str) -> bytes:
    """``tag`` (a start tag) with attribute ``name`` set to ``value``."""
    pattern = re.compile(_ATTRIBUTE.format(name=re.escape(name)).encode())
    quoted = b'"' + value.encode("utf-8") + b'"'
    match = pattern.search(tag)
    if match is not None:
        return tag[: match.start(1)] + quoted + tag[match.end(1):]
    close = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:close].rstrip() + b" " + name.encode() + b"=" + quoted + tag[close:]


def _base(tag: str) -> str:
    return re.split("[-_]", tag.strip().lower())[0]


def _encode(text: str, encoding: str) -> bytes:
    """``text`` in the file's encoding; characters it lacks become character references."""
    return text.encode(encoding, "xmlcharrefreplace")


def write(doc: Document) -> bytes:
    """The XLIFF file with translated units written into their targets."""
    origin: XliffOrigin
    origin, units, changed = units_to_write(doc, "XLIFF")
    if not changed:
        return origin.data
    review = {s.block for s in doc.iter_segments() if s.index in doc.review}
    lang = doc.lang if doc.lang not in (None, "und", "zxx", "mul") else origin.target_lang
    if lang and origin.target_lang and _base(origin.target_lang) != _base(lang):
        raise FormatError(f"this XLIFF file is for {origin.target_lang} (its target language); "
                          f"writing {lang} targets into it would mix two languages: translate "
                          f"into {origin.target_lang}, or use a file made for {lang}", path=doc.path)
    two = origin.version.startswith("2")
    edits: list[tuple[int, int, bytes]] = []
    data = origin.data
    for group in origin.groups:
        mine = [i for i in group.slots if i in changed]
        if not mine:
            continue
        flagged = any(i in review for i in group.slots)
        if group.seg_source is not None and origin.slots[group.slots[0]].mid is not None:
            # the target repeats <seg-source>, each <mrk> holding its translation
            start, end = group.seg_source
            pieces, position = [], start
            for i in group.slots:
                slot = origin.slots[i]
                pieces.append(data[position:slot.content[0]])
                pieces.append(_encode(units[i], origin.encoding))
                position = slot.content[1]
            pieces.append(data[position:end])
            content = b"".join(pieces)
        else:
            content = _encode(units[group.slots[0]], origin.encoding)
        if two:
            state = "initial" if flagged else "translated"
            if group.state_tag is not None:
                s, e = group.state_tag
                edits.append((s, e, _set_attribute(data[s:e], "state", state)))
            target_attrs = ""
        else:
            state = "needs-review-translation" if flagged else "translated"
            target_attrs = f' xml:lang="{lang}"' if lang else ""
            target_attrs += f' state="{state}"'
        if group.target is not None:
            ts, te, es, ee = group.target
            tag = data[ts:te]
            if not two:
                tag = _set_attribute(tag, "state", state)
            if tag.endswith(b"/>"):
                tag = tag[:-2].rstrip() + b">"
                edits.append((ts, ee, tag + content + b"</" + group.prefix + b"target>"))
            else:
                edits.append((ts, te, tag))
                edits.append((te, es, content))
        else:
            element = group.prefix + b"target"
            new = b"<" + element + target_attrs.encode() + b">" + content + b"</" + element + b">"
            if group.indent:
                new = b"\n" + group.indent + new
            edits.append((group.source_end, group.source_end, new))
    if lang and origin.lang_tag is not None:
        s, e = origin.lang_tag
        attribute = "trgLang" if two else "target-language"
        if origin.target_lang != lang:
            edits.append((s, e, _set_attribute(data[s:e], attribute, lang)))
    edits.sort(key=lambda edit: (edit[0], edit[1]))
    out, position = [], 0
    for start, end, replacement in edits:
        out.append(data[position:start])
        out.append(replacement)
        position = end
    out.append(data[position:])
    return b"".join(out)


def escape(new_text: str, doc: Document, block: Block, segment: Any) -> str:
    """Escape a translated segment for XML, keeping its inline codes."""
    return html_escape(new_text.replace("\x1d", ""), doc, block, segment)


FORMAT = Format("xliff", (".xlf", ".xliff", ".xlif", ".sdlxliff", ".mqxliff"), parse,
                aliases=("xlf",), extract=extract, write=write, escape=escape)
