#!/usr/bin/env python3
"""Regenerate ``src/polyglot_press/scripts/_data/tables.py`` from ICU.

Build-time only: the library never imports ICU. The source is ICU 78 (Unicode 17)
as shipped by the ``icukit-pyicu`` wheel (``import icu``); the header of the
generated module names the ICU and Unicode versions and the SHA-256 of the ICU
data library the tables were read from, plus a checksum of the table body, so a
reviewer (or CI with ``--check``) can tell whether the committed file is current.

Tables generated:

- Script_Extensions for every code point (ranges), as ISO 15924 short names,
  and the long name of each script;
- the UTS #39 confusable skeleton of every NFD-stable code point whose skeleton
  differs from itself (``SpoofChecker.getSkeleton``, i.e. confusables.txt);
- Identifier_Status=Allowed and Identifier_Type (UTS #39 §3.1);
- Emoji, Emoji_Modifier, Extended_Pictographic (for invisible-character context);
- canonical combining class 9 (viramas), strong right-to-left (Bidi_Class R/AL),
  Default_Ignorable_Code_Point and Bidi_Control.

Usage::

    python tools/generate_unicode_data.py           # rewrite the table module
    python tools/generate_unicode_data.py --check   # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "src" / "polyglot_press" / "scripts" / "_data" / "tables.py"
MAX_CP = 0x110000


def _icu():  # type: ignore[no-untyped-def]
    try:
        import icu
    except ImportError:
        sys.exit("this generator needs ICU: pip install icukit-pyicu")
    return icu


def _icu_data_checksum() -> tuple[str, str]:
    import icukit_pyicu  # the wheel that ships ICU's shared libraries

    libdir = Path(icukit_pyicu.__file__).resolve().parent / "lib"
    candidates = sorted(p for p in libdir.glob("libicudata.so.*") if p.name.count(".") == 4)
    if not candidates:
        candidates = sorted(libdir.glob("libicudata*"))
    path = candidates[-1]
    return path.name, hashlib.sha256(path.read_bytes()).hexdigest()


def _ranges_of(pattern: str) -> list[tuple[int, int]]:
    icu = _icu()
    uset = icu.UnicodeSet(pattern)
    out: list[tuple[int, int]] = []
    for start, end in uset.ranges():
        out.append((ord(start), ord(end)))
    return out


def _value_ranges(value_of: Callable[[int], str]) -> tuple[list[int], list[str]]:
    starts: list[int] = []
    values: list[str] = []
    previous = None
    for cp in range(MAX_CP):
        value = value_of(cp)
        if value != previous:
            starts.append(cp)
            values.append(value)
            previous = value
    return starts, values


def build() -> str:
    icu = _icu()
    script_cache: dict[int, str] = {}

    def short(code: int) -> str:
        if code not in script_cache:
            script_cache[code] = icu.Script(code).getShortName()
        return script_cache[code]

    def scx(cp: int) -> str:
        return " ".join(sorted(short(c) for c in icu.Script.getScriptExtensions(cp)))

    scx_starts, scx_values = _value_ranges(scx)

    type_names = {
        getattr(icu.UIdentifierType, name): name.title()
        for name in dir(icu.UIdentifierType)
        if not name.startswith("_")
    }

    def id_type(cp: int) -> str:
        return " ".join(sorted(type_names[t] for t in icu.Char.getIDTypes(cp)))

    type_starts, type_values = _value_ranges(id_type)

    checker = icu.SpoofChecker()
    nfd = icu.Normalizer2.getNFDInstance()
    skeleton: dict[int, str] = {}
    for cp in range(MAX_CP):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if icu.Char.charType(cp) == icu.UCharCategory.UNASSIGNED:
            continue
        if not nfd.isNormalized(ch):
            continue  # precomposed: the run-time NFD step decomposes it first
        sk = checker.getSkeleton(0, ch)
        if sk != ch:
            skeleton[cp] = sk

    sets = {
        "ALLOWED": "[:Identifier_Status=Allowed:]",
        "EMOJI": "[:Emoji:]",
        "EMOJI_MODIFIER": "[:Emoji_Modifier:]",
        "EXTENDED_PICTOGRAPHIC": "[:Extended_Pictographic:]",
        "VIRAMA": "[:ccc=9:]",
        "STRONG_RTL": "[[:bc=R:][:bc=AL:]]",
        "DEFAULT_IGNORABLE": "[:Default_Ignorable_Code_Point:]",
        "BIDI_CONTROL": "[:Bidi_Control:]",
    }

    names = {short(code): icu.Script(code).getName().replace("_", " ") for code in script_cache}
    names_src = ",\n".join(f"    {k!r}: {v!r}" for k, v in sorted(names.items()))

    body: list[str] = []
    body.append(f"SCRIPT_NAMES: dict[str, str] = {{\n{names_src},\n}}\n")
    body.append(f"SCX_STARTS: tuple[int, ...] = {_fmt_ints(scx_starts)}\n")
    body.append(f"SCX_VALUES: tuple[str, ...] = {_fmt_strs(scx_values)}\n")
    body.append(f"ID_TYPE_STARTS: tuple[int, ...] = {_fmt_ints(type_starts)}\n")
    body.append(f"ID_TYPE_VALUES: tuple[str, ...] = {_fmt_strs(type_values)}\n")
    for name, pattern in sets.items():
        flat = [x for r in _ranges_of(pattern) for x in r]
        body.append(f"# {pattern}\n{name}: tuple[int, ...] = {_fmt_ints(flat)}\n")
    items = ",\n".join(f"    {chr(cp)!a}: {sk!a}" for cp, sk in sorted(skeleton.items()))
    body.append(
        "# UTS #39 skeleton of single code points (NFD-stable ones whose skeleton differs)\n"
        f"SKELETON: dict[str, str] = {{\n{items},\n}}\n"
    )
    body_text = "\n".join(body)
    body_sum = hashlib.sha256(body_text.encode("utf-8")).hexdigest()
    lib_name, lib_sum = _icu_data_checksum()
    header = (
        "# GENERATED FILE, DO NOT EDIT. Regenerate with: python tools/generate_unicode_data.py\n"
        "# ruff: noqa: E501\n"
        f"# Source: ICU {icu.ICU_VERSION} (Unicode {icu.UNICODE_VERSION}) from the icukit-pyicu wheel\n"
        f"# Source data: {lib_name} sha256={lib_sum}\n"
        f"# Table body sha256={body_sum}\n"
        '"""Unicode data tables for script analysis (generated; see the header)."""\n\n'
        "from __future__ import annotations\n\n"
        f"ICU_VERSION = {icu.ICU_VERSION!r}\n"
        f"UNICODE_VERSION = {icu.UNICODE_VERSION!r}\n"
        f"SOURCE_SHA256 = {lib_sum!r}\n"
        f"BODY_SHA256 = {body_sum!r}\n\n"
    )
    return header + body_text


def _wrap(items: list[str], width: int = 96) -> str:
    lines: list[str] = []
    current = "   "
    for item in items:
        piece = f" {item},"
        if len(current) + len(piece) > width and current.strip():
            lines.append(current)
            current = "   "
        current += piece
    if current.strip():
        lines.append(current)
    return "(\n" + "\n".join(lines) + "\n)"


def _fmt_ints(values: Iterable[int]) -> str:
    return _wrap([f"0x{v:X}" for v in values])


def _fmt_strs(values: Iterable[str]) -> str:
    return _wrap([repr(v) for v in values])


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tables.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the tables are stale")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date; run tools/generate_unicode_data.py", file=sys.stderr)
            return 1
        print(f"{TARGET} is current")
        return 0
    _write_atomic(TARGET, text)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
