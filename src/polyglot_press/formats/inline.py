"""Spans inside running text that must not be translated.

Plain text marks URLs, e-mail addresses and (on request) numbers. Markdown
also marks inline code, autolinks, inline HTML, link destinations and the
emphasis and link punctuation around translatable text, so a translation can
keep ``**``, ``[`` and ``](https://...)`` where they were.

>>> text = "Write to press@example.org or see https://osce.org/odihr."
>>> [(p.kind, p.span.slice(text)) for p in plain_protected(text, 0, len(text))]
[('email', 'press@example.org'), ('url', 'https://osce.org/odihr')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..text import Span

__all__ = ["Protected", "markdown_protected", "plain_protected"]

PROTECTED_KINDS = ("code", "url", "email", "number", "markup", "html")


@dataclass(frozen=True, slots=True)
class Protected:
    """A span (document offsets) that a translation must carry over unchanged.

    ``kind`` is one of ``code``, ``url``, ``email``, ``number``, ``markup``, ``html``.
    """

    span: Span
    kind: str

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {"span": self.span.to_list(), "kind": self.kind}


_URL = re.compile(
    r"""(?:\b(?:https?|ftp)://|\bwww\.)      # scheme or www.
        [^\s<>"`]+?                          # body
        (?=[.,;:!?)\]}'"»”]*(?:\s|$|[<>]))   # stop before trailing punctuation
    """,
    re.VERBOSE | re.IGNORECASE,
)
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w@])"
)
# numbers: 1990, 25, 3.5, 1,000,000, 12:30, 2023-03-25, 50%, with unicode digits
_NUMBER = re.compile(r"(?<![\w.])(?>\d+(?:[.,:/-]\d+)*)%?(?!\w)")


def _url_end(text: str, start: int, end: int, limit: int) -> int:
    """Take back closing parentheses the URL opened: ``.../Foo_(bar)`` keeps its ``)``."""
    while end < limit and text[end] == ")":
        url = text[start:end]
        if url.count("(") <= url.count(")"):
            break
        end += 1
    return end


def _add(found: list[Protected], pattern: re.Pattern[str], kind: str, text: str,
         start: int, end: int) -> None:
    for match in pattern.finditer(text, start, end):
        stop = _url_end(text, match.start(), match.end(), end) if kind == "url" else match.end()
        span = Span(match.start(), stop)
        if not any(p.span.overlaps(span) for p in found):
            found.append(Protected(span, kind))


def plain_protected(text: str, start: int, end: int, *, numbers: bool = False) -> list[Protected]:
    """Protected spans of plain running text in ``text[start:end]``, in order."""
    found: list[Protected] = []
    if "@" in text[start:end]:
        _add(found, _EMAIL, "email", text, start, end)
    _add(found, _URL, "url", text, start, end)
    if numbers:
        _add(found, _NUMBER, "number", text, start, end)
    found.sort(key=lambda p: p.span)
    return found


# --- Markdown inline ----------------------------------------------------------

_BACKTICKS = re.compile(r"`+")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_HTML_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
    r"|<!--.*?-->"
)
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_EMPHASIS = re.compile(r"(?<!\\)(?:\*+|(?<!\w)_+|_+(?!\w)|~~)")
_LINK_CLOSE = re.compile(
    r"\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"  # destination
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"  # optional title
)
_REF_CLOSE = re.compile(r"\]\[[^\]\n]*\]")
_BRACKET = re.compile(r"[\[\]]")


def _code_spans(text: str, start: int, end: int) -> list[Span]:
    """Code spans: a backtick run up to the next run of the same length (an unmatched run
    is literal text). Runs are found once and grouped by length, so many unmatched runs
    cost linear time, not a scan to the end for each."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, start, end)]
    by_length: dict[int, list[int]] = {}
    for index, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(index)
    spans: list[Span] = []
    index = 0
    while index < len(runs):
        a, b = runs[index]
        same = by_length[b - a]
        later = bisect.bisect_right(same, index)
        if later == len(same):
            index += 1  # unmatched
            continue
        closing = runs[same[later]]
        spans.append(Span(a, closing[1]))
        index = same[later] + 1
    return spans


class _Taken:
    """Disjoint spans kept sorted, to tell in log time whether a span overlaps one."""

    def __init__(self, spans: list[Span] | None = None) -> None:
        self.spans = sorted(spans or [])
        self.starts = [s.start for s in self.spans]

    def free(self, span: Span) -> bool:
        index = bisect.bisect_right(self.starts, span.start)
        return not any(self.spans[i].overlaps(span) for i in (index - 1, index)
                       if 0 <= i < len(self.spans))

    def add(self, span: Span) -> None:
        index = bisect.bisect_right(self.starts, span.start)
        self.starts.insert(index, span.start)
        self.spans.insert(index, span)


def _link_opens(text: str, start: int, end: int) -> dict[int, Span]:
    """For each ``]`` in ``text[start:end]``, the ``[`` (or ``![``) it closes, in one pass."""
    opens: dict[int, Span] = {}
    stack: list[int] = []
    for match in _BRACKET.finditer(text, start, end):
        index = match.start()
        if index > 0 and text[index - 1] == "\\":
            continue
        if match.group() == "[":
            stack.append(index)
        elif stack:
            opening = stack.pop()
            opens[index] = (Span(opening - 1, opening + 1)
                            if opening > start and text[opening - 1] == "!"
                            else Span(opening, opening + 1))
    return opens


def markdown_protected(
    text: str, start: int, end: int, *, numbers: bool = False
) -> list[Protected]:
    """Protected spans of a Markdown inline run ``text[start:end]``, in order.

    >>> md = "See **the [OSCE](https://osce.org) report** and `code`."
    >>> [(p.kind, p.span.slice(md)) for p in markdown_protected(md, 0, len(md))]
    [('markup', '**'), ('markup', '['), ('markup', '](https://osce.org)'), ('markup', '**'),
     ('code', '`code`')]
    """
    found: list[Protected] = [Protected(s, "code") for s in _code_spans(text, start, end)]
    taken = _Taken([p.span for p in found])

    def take(span: Span, kind: str) -> None:
        found.append(Protected(span, kind))
        taken.add(span)

    for pattern, kind in ((_AUTOLINK, "url"), (_HTML_TAG, "html")):
        for match in pattern.finditer(text, start, end):
            span = Span(match.start(), match.end())
            if taken.free(span):
                take(span, kind)
    # link and image destinations: "](url)" or "][ref]", and their opening "[" / "!["
    opens = _link_opens(text, start, end)
    for pattern in (_LINK_CLOSE, _REF_CLOSE):
        for match in pattern.finditer(text, start, end):
            span = Span(match.start(), match.end())
            if not taken.free(span):
                continue
            opening = opens.get(match.start())
            if opening is None:
                continue
            take(span, "markup")
            if taken.free(opening):
                take(opening, "markup")
    # bare URLs and e-mail addresses before emphasis: "_" and "*" inside them are not markup
    for extra in plain_protected(text, start, end, numbers=numbers):
        if taken.free(extra.span):
            found.append(extra)
            taken.add(extra.span)
    escapes = _Taken([Span(m.start(), m.end()) for m in _ESCAPE.finditer(text, start, end)])
    for match in _EMPHASIS.finditer(text, start, end):
        span = Span(match.start(), match.end())
        if taken.free(span) and escapes.free(span) and _flanking(text, span):
            take(span, "markup")
    found.sort(key=lambda p: p.span)
    return found


def _flanking(text: str, span: Span) -> bool:
    """A delimiter run that can open or close emphasis (CommonMark's flanking rule)."""
    before = text[span.start - 1] if span.start > 0 else " "
    after = text[span.end] if span.end < len(text) else " "
    left = not after.isspace()
    right = not before.isspace()
    return left or right
