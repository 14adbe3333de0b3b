"""Limits every document reader keeps on input from outside (hostile or broken files).

Nesting depth, XML document type declarations and zip packages are checked
here, the same way for every format, before a parser can recurse, expand an
entity or unpack a member; each refusal is a
:class:`~polyglot_press.errors.FormatError` naming the file and, where known,
the line.

>>> check_xml_prolog(b'<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx/>', "a.tmx", "TMX")
>>> try:
...     check_xml_prolog(b'<!DOCTYPE x [<!ENTITY e "e">]><x/>', "a.tmx", "TMX")
... except FormatError as exc:
...     print(exc.line, exc.message[:48])
1 TMX files may not declare a DTD internal subset
"""

from __future__ import annotations

import re
import zipfile
from pathlib import PurePosixPath

from ..errors import FormatError

__all__ = [
    "MAX_JSON_DEPTH",
    "MAX_PACKAGE_BYTES",
    "MAX_PACKAGE_MEMBERS",
    "MAX_PACKAGE_RATIO",
    "MAX_XML_DEPTH",
    "check_package",
    "check_xml_prolog",
    "xml_error",
]

#: elements nested deeper than this are refused (libxml2's own default limit)
MAX_XML_DEPTH = 2048
#: arrays and objects nested deeper than this are refused (an i18n file needs a handful)
MAX_JSON_DEPTH = 512
#: a package (DOCX) may unpack to at most this many bytes in all
MAX_PACKAGE_BYTES = 1024**3
#: and hold at most this many members
MAX_PACKAGE_MEMBERS = 10_000
#: a member of 1 MB or more may not unpack to more than this many times its packed size
#: (the model archives' zip-bomb limit; Word's XML packs about 5-20:1)
MAX_PACKAGE_RATIO = 200.0
_RATIO_FLOOR = 1024**2

# the prolog: declaration, then comments, processing instructions and blanks, then <!DOCTYPE
_PROLOG_DOCTYPE = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml\b.*?\?>)?(?:\s+|<!--.*?-->|<\?.*?\?>)*(<!DOCTYPE\b)", re.DOTALL)
# a DOCTYPE with at most an external identifier, and whether an internal subset follows
_DOCTYPE = re.compile(
    rb"""<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM|PUBLIC)(?:\s+(?:"[^"]*"|'[^']*')){1,2})?\s*(\[|>)""")


def check_xml_prolog(data: bytes, path: str | None, kind: str, *, doctype: bool = True) -> None:
    """Refuse a DTD internal subset (where entities are declared) in XML ``data``.

    With ``doctype=False`` any document type declaration is refused (Office
    Open XML forbids them). An external DTD named by a DOCTYPE is never
    fetched; the parsers are set so.
    """
    found = _PROLOG_DOCTYPE.match(data)
    if found is None:
        return
    line = data[: found.start(1)].count(b"\n") + 1
    if not doctype:
        raise FormatError(f"{kind} may not hold a document type declaration (<!DOCTYPE>; "
                          "entities are refused: XXE, entity bombs)", path=path, line=line)
    shape = _DOCTYPE.match(data, found.start(1))
    if shape is None or shape.group(1) == b"[":
        raise FormatError(f"{kind} files may not declare a DTD internal subset (entities are "
                          "refused: XXE, entity bombs)", path=path, line=line)


def xml_error(message: str, name: str | None, path: str | None, line: int | None) -> FormatError:
    """A parser's ``message`` made plain (depth and entity limits said as such), about
    the part ``name`` of the file (``None``: the file itself)."""
    if "Excessive depth" in message:
        what = f"elements nested more than {MAX_XML_DEPTH} deep"
    elif "amplification" in message or "entity reference loop" in message:
        what = "entity expansion refused (an entity bomb)"
    else:
        plain = re.sub(r"\s*,? line \d+, column \d+\s*$", "", " ".join(message.split()))
        what = f"not well-formed XML: {plain}"
    return FormatError(f"{name}: {what}" if name else what, path=path, line=line)


def check_package(package: zipfile.ZipFile, path: str | None, kind: str) -> None:
    """Refuse a zip package (DOCX) that is unsafe to read or to write back.

    Refused, naming the member: absolute or ``..`` names and backslashes (a
    writer copying members would carry a zip-slip name on), a name used
    twice, encrypted members, more than :data:`MAX_PACKAGE_MEMBERS` members,
    more than :data:`MAX_PACKAGE_BYTES` unpacked, and a member of 1 MB or
    more compressed more than :data:`MAX_PACKAGE_RATIO` to 1 (a zip bomb).
    Sizes come from the directory; :mod:`zipfile` never unpacks more than a
    member's stated size, and a member that lies fails its CRC.
    """
    members = package.infolist()
    if len(members) > MAX_PACKAGE_MEMBERS:
        raise FormatError(f"{kind} package has {len(members)} members, more than the limit "
                          f"of {MAX_PACKAGE_MEMBERS}", path=path)
    seen: set[str] = set()
    total = 0
    for info in members:
        name = info.filename
        parts = PurePosixPath(name).parts
        if (not name or "\\" in name or name.startswith("/") or ".." in parts
                or (len(name) > 1 and name[1] == ":") or "\x00" in name):
            raise FormatError(f"{kind} package member {name!r} has an unsafe name (absolute, "
                              "'..' or a backslash: zip slip)", path=path)
        if name in seen:
            raise FormatError(f"{kind} package member {name!r} appears twice", path=path)
        seen.add(name)
        if info.flag_bits & 0x1:
            raise FormatError(f"{kind} package member {name!r} is encrypted", path=path)
        total += info.file_size
        if total > MAX_PACKAGE_BYTES:
            raise FormatError(f"{kind} package unpacks to more than {MAX_PACKAGE_BYTES} bytes; "
                              "refused as a possible zip bomb", path=path)
        packed = max(info.compress_size, 1)
        if info.file_size >= _RATIO_FLOOR and info.file_size > MAX_PACKAGE_RATIO * packed:
            raise FormatError(
                f"{kind} package member {name!r} unpacks {info.file_size} bytes from "
                f"{info.compress_size} (ratio {info.file_size / packed:.0f}:1, over the limit of "
                f"{MAX_PACKAGE_RATIO:.0f}:1); refused as a possible zip bomb", path=path)
