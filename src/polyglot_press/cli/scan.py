"""``polyglot-press scan FILE...``: report mixed scripts, confusables, invisible and bidi characters.

Exit status 0, or 1 with ``--strict`` when anything is found, so the command
works in CI and as a pre-commit hook (``.pre-commit-hooks.yaml``); 2 for a usage
or input error (an unknown ``--lang`` included). In Markdown files, code blocks
are scanned only for bidi controls. ``--format json`` prints one JSON list with
an object ``{"file": ..., "findings": [...]}`` per FILE, however many there are;
each finding carries ``line`` and ``column`` (1-based).
"""

from __future__ import annotations

import argparse
import sys
from bisect import bisect_right
from typing import Any

from ..text import Finding, Span
from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_format_option,
    add_strict_option,
    emit_json,
    info,
    read_input_text,
)

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def register(subparsers: Any) -> None:
    """Add the ``scan`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "scan",
        help="find mixed scripts, homoglyphs, invisible and bidi characters",
        description="Scan text files for mixed-script words (homoglyphs such as a Cyrillic "
        "'О' in 'Owen'), whole-script confusables, invisible characters, bidi controls "
        "(Trojan Source), fullwidth/mathematical letters and mixed digits. FILE may be - "
        "for standard input. In Markdown, code blocks are checked for bidi controls only.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to scan, or -")
    add_scan_options(parser)
    add_format_option(parser)
    add_strict_option(parser)
    parser.set_defaults(handler=run)


def add_scan_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``scan`` and ``repair``."""
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help="language of the text (e.g. en, ru); default: judged from the text itself",
    )
    parser.add_argument(
        "--input-format",
        choices=("text", "markdown"),
        help="treat the input as plain text or Markdown (default: from the file suffix)",
    )
    parser.add_argument(
        "--only",
        metavar="KINDS",
        help="report only these comma-separated kinds: mixed-script, whole-script, "
        "invisible, bidi, compatibility, mixed-numbers (e.g. --only bidi for source code)",
    )


def scan_context(label: str, text: str, args: argparse.Namespace) -> Any:
    """The :class:`ScanContext` for one input: language and Markdown code blocks."""
    from ..scripts import ScanContext

    fmt = getattr(args, "input_format", None)
    if fmt is None:
        fmt = "markdown" if label.lower().endswith(_MARKDOWN_SUFFIXES) else "text"
    code: tuple[Span, ...] = ()
    if fmt == "markdown" and not text.isascii():
        from ..document import Document

        document = Document.from_text(text, "markdown", path=label)
        code = tuple(block.span for block in document.blocks if block.kind == "code")
    only = getattr(args, "only", None)
    kinds = frozenset(k.strip() for k in only.split(",") if k.strip()) if only else None
    lang = getattr(args, "lang", None)
    context = ScanContext(lang=lang, kinds=kinds, bidi_only=code)
    if lang is not None and context.script is None:
        from ..errors import InputError
        from ..scripts.scanner import KNOWN_LANGUAGES

        raise InputError(
            f"--lang {lang!r}: no script is known for this language; use one of "
            f"{', '.join(sorted(KNOWN_LANGUAGES))} (a region may follow: ru-KZ), or leave --lang out "
            "to judge the script from the text"
        )
    return context


class LineIndex:
    """Map character offsets to 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        self._starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def _visible(s: str) -> str:
    """Show invisible and control characters as code points, e.g. <U+200B>."""
    out = []
    for ch in s:
        if ch.isprintable() and not (0x200B <= ord(ch) <= 0x206F or ord(ch) >= 0xE0000):
            out.append(ch)
        else:
            out.append(f"<U+{ord(ch):04X}>")
    return "".join(out)


def finding_line(label: str, where: LineIndex, finding: Finding) -> str:
    """One human-readable line for a finding: ``file:line:col: severity kind ...``."""
    line, col = where(finding.span.start)
    chars = " ".join(f"{c.codepoint} {c.name} ({c.script})" for c in finding.chars[:4])
    fix = ""
    if finding.suggestion is not None:
        fix = f" -> {_visible(finding.suggestion)!r}" if finding.suggestion else " -> remove"
    return (
        f"{label}:{line}:{col}: {finding.severity} {finding.kind} [{finding.rule}] "
        f"{_visible(finding.text)!r}{fix}: {_visible(finding.message)}" + (f" | {chars}" if chars else "")
    )


def run(args: argparse.Namespace) -> int:
    """Scan each file; print findings; return 1 under ``--strict`` when any were found."""
    from ..scripts import scan

    total = 0
    results: list[dict[str, Any]] = []
    for source in args.files:
        label, text = read_input_text(source)
        findings = scan(text, context=scan_context(label, text, args))
        total += len(findings)
        if args.format == "json":
            where = LineIndex(text)
            items = []
            for f in findings:
                data = f.to_dict()
                data["line"], data["column"] = where(f.span.start)
                items.append(data)
            results.append({"file": label, "findings": items})
        elif findings:
            where = LineIndex(text)
            for f in findings:
                sys.stdout.write(finding_line(label, where, f) + "\n")
    if args.format == "json":
        emit_json(results)  # always a list of {"file", "findings"}, one per FILE
    files = len(args.files)
    info(f"{total} finding{'s' if total != 1 else ''} in {files} file{'s' if files != 1 else ''}")
    return EXIT_FINDINGS if args.strict and total else EXIT_OK


__all__ = ["LineIndex", "finding_line", "register", "run", "scan_context"]
