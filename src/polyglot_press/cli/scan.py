"""``polyglot-press scan FILE...``: report mixed scripts, confusables, invisible and bidi characters.

Exit status 0; 1 with ``--strict`` when anything is found, so the command
works in CI and as a pre-commit hook (``.pre-commit-hooks.yaml``); 2 when a
FILE cannot be read (not UTF-8, UTF-16 without a byte-order mark, missing...)
or for a usage error (an unknown ``--lang`` included). A file that cannot be
read is reported (on stderr, and as an entry in JSON or SARIF output) and the
other files are still scanned. Files are read exactly as ``translate`` reads
them. In Markdown files, code blocks are scanned only for bidi controls.

``--format json`` prints one JSON list with an object ``{"file": ...,
"findings": [...]}`` per FILE, however many there are (``"error"`` added
for a file that could not be read); each finding carries ``line`` and
``column`` (1-based). ``--format sarif`` prints a SARIF 2.1.0 log (for GitHub
code scanning and other SARIF viewers): one result per finding, with the
suggested replacement as a fix, and one notification per unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from bisect import bisect_right
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import PolyglotPressError
from ..text import Finding, Span
from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    add_encoding_option,
    add_strict_option,
    emit_json,
    error,
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
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help="output format on stdout: text for people, json for programs, sarif for "
        "code-scanning tools (SARIF 2.1.0; default: text)",
    )
    add_encoding_option(parser)
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
        raise InputError(
            f"--lang {lang!r}: no script is known for this language; use a language code such as "
            "en, ru, kk, el, hy or ja (a region may follow: ru-KZ), or leave --lang out "
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


def finding_dict(finding: Finding, where: LineIndex) -> dict[str, Any]:
    """A finding as JSON, with its 1-based ``line`` and ``column``."""
    data = finding.to_dict()
    data["line"], data["column"] = where(finding.span.start)
    return data


def _scan_input(source: str, encoding: str | None) -> tuple[str, str]:
    """(label, text) to scan: the file's text, or for a binary format (DOCX) the text of
    its paragraphs, one line each (a finding's line is then the paragraph's number among
    those with text)."""
    from ..formats import format_for_path

    if source != "-":
        try:
            binary = format_for_path(source).binary
        except PolyglotPressError:
            binary = False
        if binary:
            from ..document import Document
            from ..formats._build import UNIT_SEPARATOR

            return source, Document.read(source).text.replace(UNIT_SEPARATOR, "\n")
    return read_input_text(source, encoding)


def run(args: argparse.Namespace) -> int:
    """Scan each file; print findings; return 1 under ``--strict`` when any were
    found, 2 when a file could not be read (the other files are still scanned)."""
    from ..scripts import scan

    total = 0
    failed = 0
    results: list[dict[str, Any]] = []
    scanned: list[tuple[str, str, list[Finding]]] = []
    errors: list[tuple[str, str]] = []
    for source in args.files:
        try:
            label, text = _scan_input(source, args.encoding)
            findings = scan(text, context=scan_context(label, text, args))
        except PolyglotPressError as exc:
            failed += 1
            error(str(exc))
            errors.append((source, str(exc)))
            results.append({"file": source, "findings": [], "error": str(exc)})
            continue
        total += len(findings)
        scanned.append((label, text, findings))
        if args.format == "json":
            where = LineIndex(text)
            results.append({"file": label, "findings": [finding_dict(f, where) for f in findings]})
        elif args.format == "text" and findings:
            where = LineIndex(text)
            for f in findings:
                sys.stdout.write(finding_line(label, where, f) + "\n")
    if args.format == "json":
        emit_json(results)  # always a list of {"file", "findings"}, one per FILE
    elif args.format == "sarif":
        emit_json(sarif_log(scanned, errors))
    files = len(args.files)
    summary = f"{total} finding{'s' if total != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    if failed:
        summary += f"; {failed} file{'s' if failed != 1 else ''} could not be scanned"
    info(summary)
    if failed:
        return EXIT_USAGE
    return EXIT_FINDINGS if args.strict and total else EXIT_OK


#: SARIF rule descriptions, one per finding kind
RULES: dict[str, str] = {
    "mixed-script": "A word mixes letters of different scripts (a lookalike letter from "
    "another alphabet, such as a Cyrillic 'О' in 'Owen').",
    "whole-script": "A whole word is written in another script whose letters look like "
    "this one's (a whole-script confusable).",
    "invisible": "An invisible character (zero-width space, joiner, soft hyphen, tag "
    "character...) where it has no purpose.",
    "bidi": "A bidirectional control character that is unbalanced, out of context or an "
    "override (Trojan Source).",
    "compatibility": "Fullwidth, mathematical or other compatibility letters standing in "
    "for plain ones.",
    "mixed-numbers": "A number mixes digits of different numbering systems.",
}

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _artifact_uri(label: str) -> str:
    """A file label as a SARIF ``uri``: relative paths stay relative (forward
    slashes, percent-encoded); absolute ones become ``file://`` URIs."""
    path = Path(label)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix())


def sarif_log(
    scanned: list[tuple[str, str, list[Finding]]], errors: list[tuple[str, str]]
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one scan run.

    ``scanned`` holds ``(label, text, findings)`` for each file read; ``errors``
    ``(label, message)`` for each file that could not be. Columns count Unicode
    code points (``columnKind``), as the text output does.

    >>> from polyglot_press.scripts import scan
    >>> text = "Оwen Murphy"
    >>> log = sarif_log([("notes/a.txt", text, scan(text))], [("b.txt", "b.txt: no such file")])
    >>> result = log["runs"][0]["results"][0]
    >>> result["ruleId"], result["level"], result["locations"][0]["physicalLocation"]["region"]
    ('mixed-script', 'error', {'startLine': 1, 'startColumn': 1, 'endLine': 1, 'endColumn': 5})
    >>> log["runs"][0]["invocations"][0]["executionSuccessful"]
    False
    """
    from .. import __version__

    used: list[str] = []
    results: list[dict[str, Any]] = []
    for label, text, findings in scanned:
        where = LineIndex(text)
        location = {"uri": _artifact_uri(label)}
        for finding in findings:
            if finding.kind not in used:
                used.append(finding.kind)
            start_line, start_column = where(finding.span.start)
            end_line, end_column = where(finding.span.end)
            region = {"startLine": start_line, "startColumn": start_column,
                      "endLine": end_line, "endColumn": end_column}
            result: dict[str, Any] = {
                "ruleId": finding.kind,
                "ruleIndex": used.index(finding.kind),
                "level": _SARIF_LEVEL.get(str(finding.severity), "warning"),
                "message": {"text": _visible(finding.message)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": dict(location), "region": region,
                }}],
                "properties": {"rule": finding.rule, "confidence": finding.confidence,
                               "text": finding.text},
            }
            if finding.suggestion is not None:
                what = f"replace with {_visible(finding.suggestion)!r}" if finding.suggestion else "remove"
                result["fixes"] = [{
                    "description": {"text": what},
                    "artifactChanges": [{
                        "artifactLocation": dict(location),
                        "replacements": [{"deletedRegion": dict(region),
                                          "insertedContent": {"text": finding.suggestion}}],
                    }],
                }]
            results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _artifact_uri(label)}}}],
        }
        for label, message in errors
    ]
    rules = [
        {"id": kind, "name": kind.title().replace("-", ""),
         "shortDescription": {"text": RULES.get(kind, kind)}}
        for kind in used
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "polyglot-press",
                "version": __version__,
                "informationUri": "https://github.com/polyglot-press/polyglot-press",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": not errors,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    }


__all__ = [
    "RULES", "LineIndex", "finding_dict", "finding_line", "register", "run", "sarif_log",
    "scan_context",
]
