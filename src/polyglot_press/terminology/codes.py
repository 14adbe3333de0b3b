"""Inline codes and markup in the segment loop: where protected spans came back, and
what a segment costs the engine.

:func:`markup_problems` says what is wrong with the protected spans of a
translation (lost, reordered, a pair no longer around its words); :func:`_runs`
cuts a segment at its codes for the piece-by-piece fallback; :class:`_Memo`
sends each text to the engine once per call of the loop.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import regex

from ..engines.base import Engine
from ..text import Span
from .masking import Masked, Restored

_EMPHASIS_MARK = regex.compile(r"[*_~]+")
_TAG = regex.compile(r"<(/?)([A-Za-z][\w:.-]*)\b[^<>]*>")


def _tag_name(mark: str) -> str | None:
    """The element name of an opening tag (``<b class="x">`` -> ``b``), else None."""
    match = _TAG.fullmatch(mark)
    return match.group(2) if match is not None and not match.group(1) else None


def _markup_pairs(spans: Sequence[tuple[Span, str]], text: str) -> list[tuple[int, int]]:
    """Index pairs of protected markup spans that enclose text: emphasis open/close,
    ``[``/``![`` with ``](...)``/``][...]``, and HTML/XML inline elements."""
    pairs: list[tuple[int, int]] = []
    opened: list[int] = []
    for i, (span, kind) in enumerate(spans):
        if kind != "markup":
            continue
        mark = span.slice(text)
        tag = _TAG.fullmatch(mark)
        if tag is not None:  # an HTML/XML inline element: <b> ... </b>, <g id="1"> ... </g>
            name = tag.group(2)
            if tag.group(1):
                j = next((k for k in reversed(opened) if _tag_name(spans[k][0].slice(text)) == name),
                         None)
                if j is not None:
                    opened.remove(j)
                    pairs.append((j, i))
            elif not mark.endswith("/>"):
                opened.append(i)
            continue
        if mark in {"[", "!["}:
            opened.append(i)
        elif mark.startswith(("](", "][")):
            j = next((k for k in reversed(opened) if spans[k][0].slice(text) in {"[", "!["}), None)
            if j is not None:
                opened.remove(j)
                pairs.append((j, i))
        elif _EMPHASIS_MARK.fullmatch(mark):
            j = next((k for k in reversed(opened) if spans[k][0].slice(text) == mark), None)
            if j is not None:
                opened.remove(j)
                pairs.append((j, i))
            else:
                opened.append(i)
    return pairs


def _has_words(text: str) -> bool:
    return any(c.isalnum() for c in text)


def markup_problems(masked: Masked, restored: Restored) -> list[str]:
    """What is wrong with the protected spans in a restored translation (empty: nothing).

    Every protected span must come back, in the source's order, and paired
    markup (emphasis, link text) must still enclose text where the source's did.

    >>> from polyglot_press.terminology import PlaceholderForm, TermLayer
    >>> layer = TermLayer([])
    >>> form = PlaceholderForm("zxq", "ZXQ{n}")
    >>> m = layer.protect("that __observers__ were", "en", "pt", form,
    ...                   [(Span(5, 7), "markup"), (Span(16, 18), "markup")])
    >>> markup_problems(m, layer.restore(m, "que ZXQ1 observadores ZXQ2 foram", "pt"))
    []
    >>> markup_problems(m, layer.restore(m, "os observadores do ZXQ1 ZXQ2 foram", "pt"))
    ["'__' ... '__' no longer encloses any text"]
    """
    spans = sorted(masked.protected, key=lambda p: p[0])
    if not spans:
        return []
    problems: list[str] = []
    where: list[Span | None] = []
    alone: list[bool] = []  # not glued to a term (a term may move, and its markup with it)
    for span, _ in spans:
        slot = next((s for s in masked.slots if s.span.start <= span.start and span.end <= s.span.end),
                    None)
        placed = restored.placed.get(slot.n) if slot is not None else None
        alone.append(slot is None or slot.kind != "term")
        if slot is None or placed is None or restored.outcome.get(slot.n) == "lost":
            problems.append(f"{span.slice(masked.source)!r} was lost")
            where.append(None)
            continue
        offset = span.start - slot.span.start
        if offset + len(span) <= len(slot.prefix):
            start = placed.start + offset
        else:
            start = placed.end - (len(slot.source_text) - offset)
        where.append(Span(start, start + len(span)))
    if problems:
        return problems
    order = [w for w, free in zip(where, alone, strict=True) if w is not None and free]
    if any(b.start < a.end for a, b in itertools.pairwise(order)):
        problems.append("protected spans came back in another order")
    for i, j in _markup_pairs(spans, masked.source):
        a, b = where[i], where[j]
        if a is None or b is None:
            continue
        inside_source = masked.source[spans[i][0].end:spans[j][0].start]
        if a.end > b.start or (_has_words(inside_source)
                               and not _has_words(restored.text[a.end:b.start])):
            problems.append(f"{spans[i][0].slice(masked.source)!r} ... "
                            f"{spans[j][0].slice(masked.source)!r} no longer encloses any text")
    return problems


def _runs(text: str, spans: Sequence[tuple[Span, str]],
          ) -> tuple[list[tuple[int, int, bool]], list[tuple[int, int]]]:
    """``text`` cut at its protected spans: every run ``(start, end, translate)``, and
    the runs with letters to translate."""
    cuts = sorted((s for s, kind in spans if len(s)), key=lambda s: s.start)
    runs: list[tuple[int, int, bool]] = []
    position = 0
    for span in cuts:
        if span.start > position:
            runs.append((position, span.start, True))
        runs.append((span.start, span.end, False))
        position = max(position, span.end)
    if position < len(text):
        runs.append((position, len(text), True))
    todo = [(s, e) for s, e, translate in runs if translate and text[s:e].strip()
            and any(c.isalpha() for c in text[s:e])]
    return runs, todo


class _Memo:
    """The engine's 1-best outputs already had in one :func:`translate_segments` call.

    Engines are deterministic, so a text sent twice (a segment whose protected
    candidate masks to the same text as its plain one because it has no terms to
    hide; the same run between codes in both candidates of a segment whose markup
    broke; a sentence repeated in a document) is translated once.
    """

    def __init__(self, engine: Engine, source: str, target: str) -> None:
        self.engine, self.source, self.target = engine, source, target
        self.outputs: dict[str, str] = {}

    def batch(self, texts: Sequence[str]) -> list[str]:
        """The translations of ``texts``, in one engine call for those not had yet."""
        missing = list(dict.fromkeys(t for t in texts if t not in self.outputs))
        if missing:
            done = self.engine.translate_batch(missing, self.source, self.target)
            self.outputs.update(zip(missing, done, strict=True))
        return [self.outputs[t] for t in texts]
