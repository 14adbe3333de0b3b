"""SubRip (SRT) and WebVTT subtitles.

The document's text is the file; cue numbers, identifiers, timing lines,
WebVTT headers, ``NOTE``, ``STYLE`` and ``REGION`` blocks are skeleton, so
they are never changed and an untranslated file writes back byte for byte.

A sentence that runs over several cues (a cue whose text does not end a
sentence, followed by the next cue) is one segment: the cue breaks between
the texts (blank line, number, timing) are protected spans. After
translation the breaks are taken out and put back in proportion, each cue
getting the share of the translated words its source text had, and each
cue's text is wrapped to ``ReadOptions.line_length`` characters (42 by
default). Styling tags (``<i>``, ``<b>``, ``<v Speaker>``, ``<c.x>``, inline
timestamps, ``{\\an8}``) and character references are protected.

>>> srt = ("1\\n00:00:01,000 --> 00:00:02,000\\nThe minister said\\n\\n"
...        "2\\n00:00:02,500 --> 00:00:04,000\\nthat talks resume.\\n")
>>> from polyglot_press.document import Document
>>> doc = Document.from_text(srt, "srt")
>>> [s.text.replace("\\n", "|") for s in doc.segments]
['The minister said||2|00:00:02,500 --> 00:00:04,000|that talks resume.']
>>> print(doc.replace_segments({0: "O ministro disse que as negociações recomeçam."}).text)
1
00:00:01,000 --> 00:00:02,000
O ministro disse
<BLANKLINE>
2
00:00:02,500 --> 00:00:04,000
que as negociações recomeçam.
<BLANKLINE>
"""

from __future__ import annotations

import itertools
import re
import textwrap
from typing import TYPE_CHECKING

from ..errors import FormatError
from ..text import Span
from ._build import BlockBuilder, iter_lines, masked_segments
from .inline import Protected
from .spec import Format

if TYPE_CHECKING:
    from ..document import Document
    from .blocks import Block, ReadOptions, Segment

__all__ = ["FORMATS"]

_TIMING = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->\s*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}")
_TAGS = re.compile(r"</?[a-zA-Z][^<>]*>|<\d+:\d{2}[^<>]*>|\{\\[^{}]*\}|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"”’»)\]]*\s*$|[:;]\s*$|-\s*$")
_MAX_JOINED = 4


def _cues(text: str, vtt: bool) -> list[tuple[int, int]]:
    """(start, end) of the text lines of each cue, in order.

    Every block of lines (between blank lines) must be a cue: a timing line,
    first or after one identifier line (the SRT cue number), or in WebVTT the
    header, a ``NOTE``, ``STYLE`` or ``REGION``. Any other block raises
    :class:`~polyglot_press.errors.FormatError` naming its line: its text
    would otherwise be left untranslated without a word.
    """
    lines = list(iter_lines(text))
    cues: list[tuple[int, int]] = []
    index = 0
    block_start = True  # the line at ``index`` starts a block
    while index < len(lines):
        start, end, _ = lines[index]
        line = text[start:end]
        if _TIMING.match(line):
            first = index + 1
            last = first
            while last < len(lines) and text[lines[last][0]:lines[last][1]].strip():
                if _TIMING.match(text[lines[last][0]:lines[last][1]]):
                    break
                last += 1
            if last > first:
                cues.append((lines[first][0], lines[last - 1][1]))
            index = last
            block_start = False
            continue
        if not line.strip():
            index += 1
            block_start = True
            continue
        if vtt and line.strip().split(" ", 1)[0] in ("NOTE", "STYLE", "REGION", "WEBVTT"):
            while index < len(lines) and text[lines[index][0]:lines[index][1]].strip():
                index += 1
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if block_start and (following is None
                            or not _TIMING.match(text[following[0]:following[1]])):
            if following is not None and line.strip().isdigit():  # a cue number: blame the next
                start, end, _ = following
                raise _no_timing(text[start:end], index + 2, vtt)
            raise _no_timing(line, index + 1, vtt)
        index += 1
        block_start = False
    return cues


def _no_timing(line: str, number: int, vtt: bool) -> FormatError:
    shown = line if len(line) <= 60 else line[:57] + "..."
    form = "00:00:01.000 --> 00:00:02.000" if vtt else "00:00:01,000 --> 00:00:02,000"
    return FormatError(f"a cue without a valid timing line at {shown!r}; each cue needs one "
                       f"like {form} (its text would not be translated)", line=number)


def _parser(vtt: bool):  # type: ignore[no-untyped-def]
    def parse(text: str, options: ReadOptions) -> tuple[Block, ...]:
        builder = BlockBuilder(text, options)
        cues = _cues(text, vtt)
        index = 0
        while index < len(cues):
            group = [cues[index]]
            while (len(group) < _MAX_JOINED and index + len(group) < len(cues)
                   and not _SENTENCE_END.search(_bare(text[group[-1][0]:group[-1][1]]))):
                group.append(cues[index + len(group)])
            start, end = group[0][0], group[-1][1]
            protected = [Protected(Span(m.start(), m.end()), "markup")
                         for m in _TAGS.finditer(text, start, end)]
            protected += [Protected(Span(a[1], b[0]), "cue") for a, b in itertools.pairwise(group)]
            protected.sort(key=lambda p: p.span)
            segments = masked_segments(builder, start, end, protected)
            builder.add("cue", Span(start, end), segments, translatable=bool(segments))
            index += len(group)
        return builder.result()

    return parse


def _bare(text: str) -> str:
    return _TAGS.sub("", text).rstrip()


def _pattern(cue_break: str) -> re.Pattern[str]:
    """A cue break as the pipeline may give it back (line breaks made spaces)."""
    words = cue_break.split()
    return re.compile(r"\s*" + r"\s+".join(map(re.escape, words)) + r"\s*")


def _wrap(text: str, width: int, newline: str) -> str:
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return newline.join(lines) if lines else text


def _escaper(vtt: bool):  # type: ignore[no-untyped-def]
    def escape(new_text: str, doc: Document, block: Block, segment: Segment) -> str:
        source = doc.text
        newline = "\r\n" if "\r\n" in source[block.span.start:block.span.end + 2] else "\n"
        breaks = [p.span for p in segment.protected if p.kind == "cue"]
        width = doc.options.line_length
        if not breaks:
            return _wrap(" ".join(new_text.split()), width, newline) if len(new_text) > width \
                or "\n" in segment.text else new_text
        # the source's pieces between cue breaks, and their share of the words
        pieces: list[str] = []
        position = segment.span.start
        for span in breaks:
            pieces.append(source[position:span.start])
            position = span.end
        pieces.append(source[position:segment.span.end])
        plain = new_text
        for span in breaks:
            plain = _pattern(span.slice(source)).sub(" ", plain, count=1)
        words = plain.split()
        weights = [max(len(_bare(p)), 1) for p in pieces]
        total = sum(weights)
        out: list[str] = []
        taken = 0
        for n in range(len(weights)):
            if n == len(weights) - 1:
                share = words[taken:]
            else:
                cumulative = sum(weights[: n + 1]) / total
                stop = max(taken + 1, round(cumulative * len(words)))
                stop = min(stop, len(words) - (len(weights) - n - 1))
                share = words[taken:stop]
                taken = max(stop, taken)
            out.append(_wrap(" ".join(share), width, newline) if share else "…")
            if n < len(breaks):
                out.append(breaks[n].slice(source))
        return "".join(out)

    return escape


FORMATS = (
    Format("srt", (".srt",), _parser(False), aliases=("subrip",), escape=_escaper(False)),
    Format("vtt", (".vtt",), _parser(True), aliases=("webvtt",), escape=_escaper(True)),
)
