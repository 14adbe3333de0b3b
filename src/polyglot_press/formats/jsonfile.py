"""JSON i18n files: flat and nested key files (i18next, vue-i18n, ...), Chrome ``messages.json``, ARB.

Every string value with a letter in it is a unit; keys are never units. In a
Chrome extension's ``messages.json`` only ``message`` values are translated
(not ``description`` or ``placeholders``); in an ARB file keys starting with
``@`` are metadata and are skipped, and ``@@locale`` is set to the target
language on writing. Inside a value, ICU MessageFormat arguments and the
syntax of ``plural``/``select`` (keywords, selectors, braces, ``#``) are
protected while the text of each branch is translated; so are ``{{name}}``,
``$t(key)``, ``$NAME$`` and ``<1>``...``</1>`` tags.

The file is validated with the standard ``json`` module; each value is
written back in place as a JSON string (with ``\\u`` escapes when the file
used them), so everything else (key order, indentation, numbers) stays byte
for byte.

>>> from polyglot_press.document import Document
>>> doc = Document.from_text('{"files": "{n, plural, one {# file} other {# files}}"}', "json")
>>> [p.span.slice(doc.text) for p in doc.segments[0].protected]
['{n, plural, one {', '#', '} other {', '#', '}}']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import FormatError, InputError
from ..text import Span, line_column
from ._build import join_units, unit_blocks, units_to_write
from ._guard import MAX_JSON_DEPTH
from .inline import Protected
from .spec import Format

if TYPE_CHECKING:
    from ..document import Document
    from .blocks import Block, ReadOptions

__all__ = ["FORMAT", "icu_protected"]

_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)
_SIMPLE = re.compile(r"\{\{[^{}]*\}\}|\$t\([^)]*\)|\$[A-Z0-9_]+\$|</?\d+>|<\d+/>")
_KEYWORDS = {"plural", "select", "selectordinal"}


def icu_protected(text: str, start: int, end: int) -> list[Protected]:
    """Protected spans of ICU MessageFormat (and i18next) syntax in ``text[start:end]``."""
    found: list[Protected] = []
    taken: list[Span] = []
    for match in _SIMPLE.finditer(text, start, end):
        found.append(Protected(Span(match.start(), match.end()), "code"))
        taken.append(found[-1].span)

    def free(position: int) -> bool:
        return not any(s.start <= position < s.end for s in taken)

    def argument(position: int, in_plural: bool) -> int:
        """Protect the argument starting at the ``{`` at ``position``; return where it ends."""
        close = _matching(text, position, end)
        if close is None:
            return position + 1
        head = text[position + 1 : close]
        parts = head.split(",", 2)
        if len(parts) >= 2 and parts[1].strip() in _KEYWORDS and len(parts) == 3:
            # {name, plural, [offset:n] key {text} key {text}}
            body_start = position + 1 + len(parts[0]) + 1 + len(parts[1]) + 1
            cursor = body_start
            marker_start = position
            while cursor < close:
                brace = text.find("{", cursor, close)
                if brace == -1:
                    break
                found.append(Protected(Span(marker_start, brace + 1), "code"))
                inner_end = _matching(text, brace, close)
                if inner_end is None:
                    break
                branch(brace + 1, inner_end, parts[1].strip() != "select")
                marker_start = inner_end
                cursor = inner_end + 1
            found.append(Protected(Span(marker_start, close + 1), "code"))
            return close + 1
        found.append(Protected(Span(position, close + 1), "code"))
        return close + 1

    def branch(position: int, stop: int, plural: bool) -> None:
        while position < stop:
            char = text[position]
            if char == "{" and free(position):
                position = argument(position, plural)
                continue
            if char == "#" and plural:
                found.append(Protected(Span(position, position + 1), "code"))
            position += 1

    branch(start, end, False)
    found.sort(key=lambda p: p.span)
    merged: list[Protected] = []
    for item in found:
        if merged and merged[-1].span.end > item.span.start:
            continue
        merged.append(item)
    return merged


def _matching(text: str, position: int, end: int) -> int | None:
    depth = 0
    for index in range(position, end):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return None


@dataclass(slots=True)
class JsonOrigin:
    """The file, its units and the character range of each unit's JSON string."""

    data: bytes
    text: str
    units: list[str]
    spans: list[tuple[int, int]]
    ascii: bool
    locale: tuple[int, int] | None  # ARB "@@locale" value


def _style(text: str, value: Any) -> str:
    """``chrome`` (messages.json), ``arb`` or ``plain``."""
    if isinstance(value, dict):
        if "@@locale" in value or any(k.startswith("@") for k in value):
            return "arb"
        if value and all(isinstance(v, dict) and "message" in v for v in value.values()):
            return "chrome"
    return "plain"


_COLON = re.compile(r"\s*:")


def _where(text: str, offset: int) -> dict[str, int]:
    line, column = line_column(text, offset)
    return {"line": line, "column": column}


def _check_depth(text: str, path: str | None) -> None:
    """Refuse arrays and objects nested past :data:`~._guard.MAX_JSON_DEPTH` (before ``json``
    recurses into them), naming where."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "{[":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise FormatError(f"arrays and objects nested more than {MAX_JSON_DEPTH} deep",
                                  path=path, **_where(text, match.start()))
        elif token in "}]":
            depth -= 1


def extract(data: bytes, options: ReadOptions, path: str | None) -> tuple[str, JsonOrigin]:
    """The view (string values) and origin of a JSON file.

    Refused, naming the line: nesting past :data:`~._guard.MAX_JSON_DEPTH`, a
    key given twice in one object (a loader keeps only one of the two
    values), and a value that is not a string where a message must be one
    (Chrome ``message``, an ARB message).
    """
    from .._files import decode_bytes

    text, _ = decode_bytes(data, path=path)
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH:
        _check_depth(text, path)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno,
                         column=exc.colno) from None
    except RecursionError:  # nesting within the limit, but a lower recursion limit
        raise FormatError("arrays and objects nested too deep to read", path=path) from None
    style = _style(text, value)
    units: list[str] = []
    spans: list[tuple[int, int]] = []
    locale: tuple[int, int] | None = None
    stack: list[list[Any]] = []  # [kind, current key or index, keys seen]
    pending_key: str | None = None
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "{[":
            stack.append(["object" if token == "{" else "array", pending_key if token == "{"
                          else 0, set()])
            if token == "[":
                stack[-1][1] = 0
            pending_key = None
            continue
        if token in "}]":
            stack.pop()
            continue
        if token == ",":
            if stack and stack[-1][0] == "array":
                stack[-1][1] += 1
            continue
        if token == ":":
            continue
        key_path = [frame[1] for frame in stack]
        if not token.startswith('"'):
            pending_key = None
            if _message_key(style, key_path):
                raise FormatError(f"the message {'.'.join(map(str, key_path))!r} is {token}, "
                                  "not a string", path=path, **_where(text, match.start()))
            continue
        if _COLON.match(text, match.end()):
            pending_key = json.loads(token)
            if stack:
                if pending_key in stack[-1][2]:
                    raise FormatError(f"key {pending_key!r} appears twice in the same object "
                                      "(a loader keeps only one of its values)", path=path,
                                      **_where(text, match.start()))
                stack[-1][2].add(pending_key)
                stack[-1][1] = pending_key
            continue
        string = json.loads(token)
        if style == "arb" and key_path and key_path[0] == "@@locale":
            locale = (match.start(), match.end())
            continue
        if style == "arb" and any(isinstance(k, str) and k.startswith("@") for k in key_path):
            continue
        if style == "chrome" and (len(key_path) != 2 or key_path[1] != "message"):
            continue
        if not any(c.isalpha() for c in string):
            continue
        if "\x1d" in string:
            raise FormatError("a value holds the control character U+001D", path=path,
                              **_where(text, match.start()))
        units.append(string)
        spans.append((match.start(), match.end()))
    escaped = re.search(r"\\u00[89a-fA-F][0-9a-fA-F]|\\u0[1-9a-fA-F]|\\u[1-9a-fA-F]", text)
    origin = JsonOrigin(data, text, units, spans, escaped is not None, locale)
    return join_units(units), origin


def _message_key(style: str, key_path: list[Any]) -> bool:
    """Whether a value at ``key_path`` must be a string: a Chrome ``message``, an ARB message."""
    if style == "chrome":
        return len(key_path) == 2 and key_path[1] == "message"
    if style == "arb":
        return len(key_path) == 1 and isinstance(key_path[0], str) and not key_path[0].startswith("@")
    return False


def parse(view: str, options: ReadOptions) -> tuple[Block, ...]:
    """Blocks of a JSON view: one per value, split into sentences, ICU syntax protected."""
    return unit_blocks(view, options, icu_protected, keep_edges=True)


def write(doc: Document) -> bytes:
    """The JSON file with translated values written in place."""
    origin: JsonOrigin
    origin, units, changed = units_to_write(doc, "JSON")
    edits = [(origin.spans[i], json.dumps(units[i], ensure_ascii=origin.ascii))
             for i in sorted(changed) if units[i] != origin.units[i]]
    if not changed:
        return origin.data
    lang = doc.lang if doc.lang not in (None, "und", "zxx", "mul") else None
    if origin.locale is not None and lang:
        edits.append((origin.locale, json.dumps(lang.replace("-", "_"))))
    pieces: list[str] = []
    position = 0
    for (start, end), value in sorted(edits):  # one pass: linear in the file's size
        pieces += [origin.text[position:start], value]
        position = end
    pieces.append(origin.text[position:])
    data = "".join(pieces).encode("utf-8")
    return b"\xef\xbb\xbf" + data if origin.data.startswith(b"\xef\xbb\xbf") else data


FORMAT = Format("json", (".json", ".arb"), parse, aliases=("arb", "i18next"), extract=extract,
                write=write)
