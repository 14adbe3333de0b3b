"""Find mixed scripts, confusables, invisible and bidi characters in a text.

:func:`scan` returns :class:`~polyglot_press.text.Finding` records; each names
its span, the characters involved (code point, name, script) and, when a safe
fix exists, the replacement :func:`~polyglot_press.scripts.repair` would make.

Speed: pure-ASCII text returns before any per-character work; invisible and
bidi characters are found in one compiled ``regex`` pass; only words that hold
a non-ASCII letter are analysed, and per-word results are memoised.

>>> [f.kind for f in scan("Оwen Murphy")]
['mixed-script']
>>> scan("Оwen Murphy")[0].suggestion
'Owen'
>>> scan("Owen Murphy met Анна and Борис")
[]
"""

from __future__ import annotations

import dataclasses

import regex

from .._gc import paused_gc
from ..text import Finding, Span, line_column
from .chars import char_info
from .context import (
    BIDI,
    COMPATIBILITY,
    INVISIBLE,
    LINK,
    MIXED_NUMBERS,
    MIXED_SCRIPT,
    WHOLE_SCRIPT,
    ScanContext,
    as_context,
)
from .controls import special_issues
from .links import find_hosts, link_issues
from .records import Issue
from .words import word_issues

__all__ = ["Issue", "ScanContext", "char_info", "check_text", "scan", "scan_issues"]


def scan(text: str, *, context: ScanContext | str | None = None) -> list[Finding]:
    """Report mixed scripts, confusables, invisible and bidi characters in ``text``.

    ``context`` is a :class:`ScanContext`, or a language tag as shorthand
    (``"en"``, ``"ru"``) naming the language of the surrounding text.

    >>> [(f.kind, f.text, f.suggestion) for f in scan("Пpивет, мир")]
    [('mixed-script', 'Пpивет', 'Привет')]
    >>> [(f.kind, f.rule) for f in scan("invoice\\u202efdp.exe")]
    [('bidi', 'bidi-override')]
    >>> scan("plain ASCII never needs per-character work")
    []
    """
    return [issue.finding for issue in scan_issues(text, context=context)]


def check_text(text: object, caller: str) -> str:
    """``text`` itself when it is a str holding no lone surrogate; else a clear error.

    Bytes, None and other objects raise ``TypeError``; a lone surrogate (from
    ``surrogateescape`` decoding or a broken UTF-16 pair) raises
    :class:`~polyglot_press.errors.InputError` with its offset, line and column.

    >>> check_text("abc\\ud800", "scan")
    Traceback (most recent call last):
    ...
    polyglot_press.errors.InputError: 1:4: scan(): lone surrogate U+D800 at offset 3; the text is ...
    """
    if not isinstance(text, str):
        hint = " (decode it first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"{caller}() needs the text as a str, got {type(text).__name__}{hint}")
    if not text.isascii():
        bad = _SURROGATE_RE.search(text)
        if bad is not None:
            from ..errors import InputError

            offset = bad.start()
            line, column = line_column(text, offset)
            raise InputError(
                f"{caller}(): lone surrogate U+{ord(bad.group()):04X} at offset {offset}; the text is "
                "not valid Unicode (decoded with surrogateescape, or a "
                "broken UTF-16 pair): fix the source or decode it with errors='replace'",
                line=line,
                column=column,
            )
    return text


_SURROGATE_RE = regex.compile(r"[\ud800-\udfff]")


def scan_issues(text: str, *, context: ScanContext | str | None = None) -> list[Issue]:
    """Like :func:`scan`, with each finding's fix attached (used by ``repair``).

    Nothing inside a link (URL, e-mail address, host name) carries a fix:
    repair reports links, it never rewrites them.
    """
    text = check_text(text, "scan")
    ctx = as_context(context)
    if len(text) > BIG_TEXT:
        with paused_gc():
            return _scan_issues(text, ctx)
    return _scan_issues(text, ctx)


# above this many characters the cyclic garbage collector is paused during a scan: the
# records made are acyclic, and full collections over millions of them took longer than
# the scan (a 2 MB text with 175,000 findings: 29 s with the collector running, 8 s paused)
BIG_TEXT = 1 << 20


def _scan_issues(text: str, ctx: ScanContext) -> list[Issue]:
    issues: list[Issue] = []
    hosts = list(find_hosts(text)) if ctx.wants(LINK) else []  # plain ASCII: links are all there is to find
    if text.isascii() and not hosts:
        return []
    if hosts and ctx.wants(LINK):
        issues.extend(link_issues(text, ctx.domains, hosts))
    if not text.isascii():
        if ctx.wants(INVISIBLE) or ctx.wants(BIDI):
            issues.extend(special_issues(text, ctx))
        if ctx.kinds is None or ctx.kinds & {MIXED_SCRIPT, WHOLE_SCRIPT, COMPATIBILITY, MIXED_NUMBERS}:
            issues.extend(word_issues(text, ctx))
    if ctx.bidi_only:
        issues = [i for i in issues if i.finding.kind == BIDI or not ctx.inside_code(i.finding.span)]
    if hosts:
        issues = _no_fix_inside(issues, [h.link for h in hosts])
    issues.sort(key=lambda i: (i.finding.span.start, i.finding.span.end, i.finding.kind))
    return issues


def _no_fix_inside(issues: list[Issue], links: list[Span]) -> list[Issue]:
    """``issues`` with the fixes and suggestions of those inside a link removed."""
    from bisect import bisect_right

    links.sort(key=lambda s: s.start)
    starts = [s.start for s in links]
    out = []
    for issue in issues:
        span = issue.finding.span
        i = bisect_right(starts, span.start) - 1
        inside = any(0 <= k < len(links) and links[k].overlaps(span) for k in (i, i + 1))
        if inside and issue.fix:
            finding = dataclasses.replace(
                issue.finding,
                suggestion=None,
                message=issue.finding.message + " (inside a link: reported, never rewritten)",
            )
            issue = Issue(finding, (), issue.category)
        out.append(issue)
    return out
