"""gettext PO and POT: each untranslated ``msgid`` (and ``msgid_plural``) is a unit.

Entries are read with polib (MIT, the reference Python reader of gettext
catalogs). Entries that already have a translation, the header and obsolete
entries are not units: they are never changed. A translated entry is written
by polib (``msgstr`` or ``msgstr[n]``, marked ``fuzzy`` because it is machine
output) in place of the entry's own lines; every other line of the file
stays byte for byte, comments, ``msgctxt`` and references included.

Plurals: ``msgstr[0]`` holds the translated ``msgid``, every other form the
translated ``msgid_plural``, as many forms as the catalog's ``Plural-Forms``
says, or, when it says nothing, as CLDR gives for the target language
(babel); the header then gets ``Language`` and ``Plural-Forms``.
``python-format``, ``c-format`` and brace placeholders (``%(name)s``,
``%1$d``, ``{count}``) are protected.

>>> from polyglot_press.document import Document
>>> doc = Document.from_text('msgid "Open %(name)s now"\\nmsgstr ""\\n', "po")
>>> [(s.text, [p.span.slice(doc.text) for p in s.protected]) for s in doc.segments]
[('Open %(name)s now', ['%(name)s'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import FormatError, InputError, MissingDependencyError
from ..text import Span
from ._build import join_units, unit_blocks, units_to_write
from .inline import Protected
from .spec import Format

if TYPE_CHECKING:
    import polib

    from ..document import Document
    from .blocks import Block, ReadOptions

__all__ = ["FORMAT", "check_syntax", "placeholders"]

_PLACEHOLDER = re.compile(
    r"%(?:\([^)\s]+\))?[-+ #0]*(?:\d+\$)?(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|q|j|z|t)?"
    r"[diouxXeEfFgGcrsa%]"
    r"|\{\{[^{}]*\}\}"  # {{name}} (i18next, Jinja)
    r"|\{[A-Za-z0-9_.]*(?:[:!][^{}]*)?\}"  # {name}, {0}, {0:.2f}, {}
    r"|\$\{[^{}]*\}"
)


def placeholders(text: str, start: int, end: int) -> list[Protected]:
    """printf, Python and brace placeholders in ``text[start:end]``.

    >>> t = "%(count)d files in {folder} (%s, 100%%)"
    >>> [p.span.slice(t) for p in placeholders(t, 0, len(t))]
    ['%(count)d', '{folder}', '%s', '%%']
    """
    return [Protected(Span(m.start(), m.end()), "code") for m in _PLACEHOLDER.finditer(text, start, end)]


@dataclass(slots=True)
class PoOrigin:
    """The file, its units, and for each unit its entry (index) and role."""

    data: bytes
    text: str
    units: list[str]
    roles: list[tuple[int, str]]  # (entry index, "msgid" | "msgid_plural")
    entries: list[tuple[int, int]]  # line range [first, last) of each entry
    plural_forms: str | None
    language: str | None
    header: tuple[int, int] | None
    charset: str = "utf-8"


_CHARSET = re.compile(rb"Content-Type:[^\"\n]*charset=([A-Za-z0-9._-]+)", re.IGNORECASE)


def _charset(data: bytes) -> str:
    """The charset the header declares (UTF-8 when none)."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else "utf-8"


# a line of a PO file: blank, a comment, or a keyword and/or one whole quoted string
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"\s*'  # unrolled: linear, no backtracking stack
_LINE = re.compile(r"\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s*(?:"
                   + _STRING + ")?|" + _STRING + ")?")
_PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*[n0-9\s!=<>%&|?:()+*/-]+;?\s*")
#: more plural forms than any language has (CLDR's most is 6)
MAX_PLURALS = 16


def check_syntax(text: str, path: str | None) -> None:
    """Refuse lines polib would read wrong without a word: an unterminated or
    malformed string (``msgid "Hello`` loses its last letter), a keyword it
    does not know. GNU msgfmt refuses these too."""
    for number, line in enumerate(text.split("\n"), 1):
        if not _LINE.fullmatch(line):
            shown = line if len(line) <= 60 else line[:57] + "..."
            what = "an unterminated or malformed string" if '"' in line else "not a PO line"
            raise FormatError(f"{what}: {shown!r}", path=path, line=number)


def _check_plural_forms(catalog: polib.POFile, text: str, path: str | None) -> None:
    """A Plural-Forms header must read ``nplurals=N; plural=EXPR;`` with 1 <= N <= 16."""
    value = catalog.metadata.get("Plural-Forms")
    if value is None:
        return
    match = _PLURAL_FORMS.fullmatch(value)
    count = int(match.group(1)) if match else 0
    if not 1 <= count <= MAX_PLURALS:
        position = text.find("Plural-Forms:")
        line = text.count("\n", 0, position) + 1 if position >= 0 else None
        raise FormatError(f"invalid Plural-Forms header {value!r}: it must read "
                          f"'nplurals=N; plural=EXPRESSION;' with N from 1 to {MAX_PLURALS}",
                          path=path, line=line)


def _load(text: str, path: str | None) -> polib.POFile:
    import polib

    try:
        return polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError) as exc:
        raise InputError(f"not a valid PO file: {exc}", path=path) from None


def _entry_lines(lines: list[str], first: int) -> tuple[int, int]:
    """Line range [first, last) of the entry that starts at line ``first`` (0-based)."""
    seen_msgstr = False
    index = first
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            break
        if seen_msgstr and (line.startswith(("#", "msgctxt", "msgid"))):
            break
        if line.startswith("msgstr"):
            seen_msgstr = True
        index += 1
    return first, index


def extract(data: bytes, options: ReadOptions, path: str | None) -> tuple[str, PoOrigin]:
    """The view (untranslated msgids) and origin of a PO/POT file."""
    from .._files import decode_bytes

    charset = _charset(data)
    if charset in ("utf-8", "utf8", "charset", "ascii", "us-ascii"):
        text, _ = decode_bytes(data, path=path)
        charset = "utf-8"
    else:
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise InputError(f"the file is not valid {charset}, the charset its header declares",
                             path=path) from None
    check_syntax(text, path)
    catalog = _load(text, path)
    _check_plural_forms(catalog, text, path)
    lines = text.splitlines(keepends=True)
    units: list[str] = []
    roles: list[tuple[int, str]] = []
    entries: list[tuple[int, int]] = []
    header: tuple[int, int] | None = None
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.msgid == "" and not entry.msgctxt:
            continue
        if entry.msgstr or any(entry.msgstr_plural.values()):
            continue
        index = len(entries)
        entries.append(_entry_lines(lines, max((entry.linenum or 1) - 1, 0)))
        units.append(entry.msgid)
        roles.append((index, "msgid"))
        if entry.msgid_plural:
            units.append(entry.msgid_plural)
            roles.append((index, "msgid_plural"))
    if catalog.metadata:
        header = _header_lines(lines)
    if "\x1d" in "".join(units):
        raise FormatError("a msgid holds the control character U+001D", path=path)
    origin = PoOrigin(data, text, units, roles, entries, catalog.metadata.get("Plural-Forms"),
                      catalog.metadata.get("Language"), header, charset)
    return join_units(units), origin


def parse(view: str, options: ReadOptions) -> tuple[Block, ...]:
    """Blocks of a PO view: one per msgid, split into sentences, placeholders protected."""
    return unit_blocks(view, options, placeholders, keep_edges=True)


def _nplurals(plural_forms: str | None, lang: str | None) -> tuple[int, str | None]:
    if plural_forms:
        match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
        if match:
            return int(match.group(1)), None
    if lang:
        try:
            from babel.messages.plurals import get_plural
        except ImportError:
            raise MissingDependencyError(
                "this PO file has no Plural-Forms header, so the plural forms of "
                f"{lang!r} come from CLDR, which needs babel: pip install 'polyglot-press[formats]'"
            ) from None
        try:
            rule = get_plural(lang.replace("-", "_"))
            return rule.num_plurals, str(rule)
        except Exception:  # babel's UnknownLocaleError and parse errors: no CLDR rule
            pass
    return 2, None


def _with_msgstr(original: list[str], entry: polib.POEntry, newline: str) -> str:
    """The entry's own lines with its msgstr lines written by polib and the fuzzy flag."""
    generated = entry.__unicode__(wrapwidth=78).split("\n")
    at = next(i for i, line in enumerate(generated) if line.startswith("msgstr"))
    msgstr = [line + newline for line in generated[at:] if line]
    cut = next((i for i, line in enumerate(original) if line.startswith("msgstr")), len(original))
    head = list(original[:cut])
    flag = next((i for i, line in enumerate(head) if line.startswith("#,")), None)
    if flag is not None:
        line = head[flag]
        body = line.rstrip("\r\n")
        if "fuzzy" not in [f.strip() for f in body[2:].split(",")]:
            head[flag] = body + ", fuzzy" + line[len(body):]
    else:
        where = next((i for i, line in enumerate(head) if line.startswith(("#|", "msgctxt", "msgid"))),
                     0)
        head.insert(where, "#, fuzzy" + newline)
    return "".join(head + msgstr)


def _header_lines(lines: list[str]) -> tuple[int, int] | None:
    """Line range of the header entry (``msgid ""`` first in the file, with its comments)."""
    for index, line in enumerate(lines):
        if line.startswith("msgid "):
            if line.strip() != 'msgid ""':
                return None
            first = index
            while first > 0 and lines[first - 1].startswith("#"):
                first -= 1
            return _entry_lines(lines, first)
    return None


def write(doc: Document) -> bytes:
    """The PO file with translated entries written in place (fuzzy)."""
    origin: PoOrigin
    origin, units, changed = units_to_write(doc, "PO")
    if not changed:
        return origin.data

    lang = doc.lang if doc.lang not in (None, "und", "zxx", "mul") else origin.language
    nplurals, new_rule = _nplurals(origin.plural_forms, lang)
    lines = origin.text.splitlines(keepends=True)
    newline = "\r\n" if origin.text.count("\r\n") > origin.text.count("\n") // 2 else "\n"
    by_entry: dict[int, dict[str, str]] = {}
    for i, (entry_index, role) in enumerate(origin.roles):
        by_entry.setdefault(entry_index, {})[role] = units[i] if i in changed else ""
    replacements: dict[int, tuple[int, str]] = {}
    for entry_index, parts in by_entry.items():
        if not any(parts.values()):
            continue
        first, last = origin.entries[entry_index]
        chunk = "".join(lines[first:last])
        entry = _load(chunk + ("" if chunk.endswith("\n") else "\n"), doc.path)[0]
        if entry.msgid_plural:
            singular = parts.get("msgid") or entry.msgid
            plural = parts.get("msgid_plural") or entry.msgid_plural
            entry.msgstr_plural = {0: singular, **dict.fromkeys(range(1, nplurals), plural)}
            if nplurals == 1:
                entry.msgstr_plural = {0: plural}
        else:
            entry.msgstr = parts["msgid"]
        replacements[first] = (last, _with_msgstr(lines[first:last], entry, newline))
    if origin.header is not None and lang:
        first, last = origin.header
        chunk = "".join(lines[first:last])
        header = _load(chunk, doc.path)
        metadata = header.metadata
        wanted = dict(metadata)
        if not metadata.get("Language"):
            wanted["Language"] = lang
        if new_rule is not None:
            wanted["Plural-Forms"] = new_rule
        if wanted != metadata:
            header.metadata = wanted
            text = header.__unicode__().rstrip("\n").replace("\n", newline) + newline
            replacements[first] = (last, text)
    out: list[str] = []
    index = 0
    while index < len(lines):
        if index in replacements:
            last, written = replacements[index]
            out.append(written)
            index = last
            continue
        out.append(lines[index])
        index += 1
    try:
        data = "".join(out).encode(origin.charset)
    except UnicodeEncodeError as exc:
        raise FormatError(f"the translation has characters the catalog's charset {origin.charset} "
                          f"cannot hold ({exc.object[exc.start:exc.end]!r}); convert the catalog "
                          "to UTF-8 first (msgconv -t UTF-8)", path=doc.path) from None
    return b"\xef\xbb\xbf" + data if origin.data.startswith(b"\xef\xbb\xbf") else data


FORMAT = Format("po", (".po", ".pot"), parse, aliases=("pot", "gettext"), extract=extract,
                write=write)
