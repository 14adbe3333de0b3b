"""A language on every segment, block and the whole document.

Each segment is detected on its own text (protected spans such as code and
URLs blanked out). A segment that says too little (fewer than
``min_letters`` letters, a confidence below ``min_confidence``, or no letters
at all) takes its block's language if that is written in the segment's
script, else the document's if that is, else keeps its own guess; a block
that says too little takes the document's language on the same terms. A
short Russian reply inside an English paragraph stays ``ru`` (or takes a
Cyrillic document language).
A quoted sentence in another language that is long enough keeps its own
language. The document's language is the language of most letters over its
blocks.

Languages already declared on the document or on a block (``lang`` set by a
reader) are kept and used as the fallbacks.

>>> from polyglot_press.document import Document
>>> text = ("The minister met the observers on Monday and thanked them for their work. "
...         "Выборы прошли честно и прозрачно, сказал он. OK.")
>>> doc = detect_languages(Document.from_text(text))
>>> [(s.text, s.lang) for s in doc.segments]
[('The minister met the observers on Monday and thanked them for their work.', 'en'),
 ('Выборы прошли честно и прозрачно, сказал он.', 'ru'), ('OK.', 'en')]
>>> doc.blocks[0].lang, doc.lang
('en', 'en')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .detector import UNDETERMINED, LanguageDetector, LanguageGuess, default_detector
from .letters import LetterVerdict, script_of_language

if TYPE_CHECKING:
    from ..document import Document, Segment

__all__ = ["MIN_CONFIDENCE", "MIN_LETTERS", "detect_languages", "detect_languages_with_guesses"]

#: segments with fewer letters than this take their block's language
MIN_LETTERS = 20
#: guesses below this confidence take their block's language
MIN_CONFIDENCE = 0.8


def _detection_text(doc: Document, segment: Segment) -> str:
    """The segment's text with protected spans (code, URLs, numbers) blanked out."""
    text = segment.text
    if not segment.protected:
        return text
    chars = list(text)
    base = segment.span.start
    for item in segment.protected:
        for i in range(max(item.span.start - base, 0), min(item.span.end - base, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _weak(guess: LanguageGuess, verdict: LetterVerdict, min_letters: int,
          min_confidence: float) -> bool:
    return (
        not guess.known
        or verdict.letters < min_letters
        or guess.confidence < min_confidence
    )


def _settle(guess: LanguageGuess, verdict: LetterVerdict, fallbacks: Iterable[str | None],
            weak: bool) -> str:
    """The language to record: the guess, or when it is weak the first fallback in its script.

    ``fallbacks`` is the chain to try in order (the block's language, then the
    document's); a fallback written in another script than the text is skipped,
    and when none fits the guess stands. Text without letters takes the first.

    >>> from polyglot_press.langid.letters import letter_verdict
    >>> v = letter_verdict("Так.", ("en", "ru", "uk"))
    >>> _settle(LanguageGuess("ru", 0.6), v, ["en", "uk"], weak=True)
    'uk'
    >>> _settle(LanguageGuess("ru", 0.6), v, ["en", None], weak=True)
    'ru'
    """
    if not weak:
        return guess.lang
    for fallback in fallbacks:
        if fallback is not None and fallback != UNDETERMINED and (
            verdict.reason == "no-letters" or script_of_language(fallback) == verdict.script
        ):
            return fallback
    return guess.lang


def detect_languages(
    doc: Document,
    *,
    languages: Iterable[str] | None = None,
    backend: str = "auto",
    detector: LanguageDetector | None = None,
    min_letters: int = MIN_LETTERS,
    min_confidence: float = MIN_CONFIDENCE,
) -> Document:
    """A new document with ``lang`` set on every segment, every block and itself.

    ``detector`` (or ``languages`` and ``backend`` for a shared one) does the
    detection; ``min_letters`` and ``min_confidence`` say when a segment or a
    block is too weak to stand on its own and takes the enclosing language.
    """
    return _detect(doc, languages=languages, backend=backend, detector=detector,
                   min_letters=min_letters, min_confidence=min_confidence, guesses=False)[0]


def detect_languages_with_guesses(
    doc: Document,
    *,
    languages: Iterable[str] | None = None,
    backend: str = "auto",
    detector: LanguageDetector | None = None,
    min_letters: int = MIN_LETTERS,
    min_confidence: float = MIN_CONFIDENCE,
) -> tuple[Document, tuple[LanguageGuess, ...]]:
    """:func:`detect_languages`, plus each segment's own guess (in segment order).

    The guess is the one the segment's ``lang`` was settled from: made on the
    segment's text with protected spans blanked, before any fallback.

    >>> from polyglot_press.document import Document
    >>> doc, guesses = detect_languages_with_guesses(
    ...     Document.from_text("Выборы прошли спокойно и честно. Да."))
    >>> [(s.lang, g.lang) for s, g in zip(doc.segments, guesses)]  # "Да." alone is too short
    [('ru', 'ru'), ('ru', 'kk')]
    """
    return _detect(doc, languages=languages, backend=backend, detector=detector,
                   min_letters=min_letters, min_confidence=min_confidence, guesses=True)


def _fallback_fits(verdict: LetterVerdict, fallbacks: Iterable[str | None]) -> str | None:
    """The fallback a weak segment would take anyway (same script), if any."""
    for fallback in fallbacks:
        if fallback is not None and fallback != UNDETERMINED and (
            verdict.reason == "no-letters" or script_of_language(fallback) == verdict.script
        ):
            return fallback
    return None


def _detect(doc: Document, *, languages: Iterable[str] | None, backend: str,
            detector: LanguageDetector | None, min_letters: int, min_confidence: float,
            guesses: bool) -> tuple[Document, tuple[LanguageGuess, ...]]:
    """The detection. Without ``guesses`` a segment or block too short to stand on its
    own (fewer than ``min_letters`` letters) is not detected at all when a fallback in
    its script exists (it would take it anyway), and short texts are checked against
    the enclosing language with langdetect first: a document whose language is given
    or obvious never builds lingua's models."""
    det = detector or default_detector(None if languages is None else tuple(languages), backend)

    # 1. every block with text, detected as a whole (short blocks after the document)
    block_guesses: dict[int, tuple[LanguageGuess, LetterVerdict]] = {}
    weights: dict[str, int] = {}
    later: list[tuple[int, str, LetterVerdict]] = []
    whole: set[int] = set()  # blocks detected on their own text, with no expected language
    for block in doc.blocks:
        if not block.segments:
            continue
        text = " ".join(_detection_text(doc, s) for s in block.segments)
        verdict = det.verdict(text)
        if not guesses and verdict.letters < max(min_letters, det.short_text):
            later.append((block.index, text, verdict))  # judged once the document is known
            continue
        guess = det._detect(text, verdict)
        block_guesses[block.index] = (guess, verdict)
        whole.add(block.index)
        if guess.known:
            weights[guess.lang] = weights.get(guess.lang, 0) + verdict.letters

    # 2. the document: declared, or the language of most letters
    doc_lang = doc.lang
    if doc_lang is None:
        doc_lang = max(weights, key=lambda c: (weights[c], c)) if weights else UNDETERMINED
    for index, text, verdict in later:
        fits = _fallback_fits(verdict, (doc_lang,))
        guess = (LanguageGuess(fits, 0.0, (), "fallback")
                 if fits is not None and verdict.letters < min_letters
                 else det._detect(text, verdict, fits))
        block_guesses[index] = (guess, verdict)

    # 3. blocks fall back to the document, segments to their block
    new_blocks = []
    found: list[LanguageGuess] = []
    for block in doc.blocks:
        block_lang = block.lang
        if block_lang is None and block.index in block_guesses:
            guess, verdict = block_guesses[block.index]
            weak = _weak(guess, verdict, min_letters, min_confidence)
            block_lang = _settle(guess, verdict, (doc_lang,), weak)
        segments = []
        # a block of one segment has the segment's text: its detection stands for the
        # segment's when the text is long (the expected language only guides short text)
        alone = (block_guesses[block.index] if len(block.segments) == 1 and block.index in whole
                 else None)
        for segment in block.segments:
            text = _detection_text(doc, segment)
            verdict = det.verdict(text) if alone is None else alone[1]
            fits = _fallback_fits(verdict, (block_lang, doc_lang))
            if not guesses and verdict.letters < min_letters and fits is not None:
                segments.append(dataclasses.replace(segment, lang=fits))
                continue
            guess = (alone[0] if alone is not None and verdict.letters >= det.short_text
                     else det._detect(text, verdict, None if guesses else fits))
            found.append(guess)
            weak = _weak(guess, verdict, min_letters, min_confidence)
            lang = _settle(guess, verdict, (block_lang, doc_lang), weak)
            segments.append(dataclasses.replace(segment, lang=lang))
        new_blocks.append(dataclasses.replace(block, lang=block_lang, segments=tuple(segments)))
    return dataclasses.replace(doc, blocks=tuple(new_blocks), lang=doc_lang), tuple(found)
