"""detect_languages: every segment, block and the document get a language."""

from __future__ import annotations

import dataclasses

from polyglot_press.document import Document
from polyglot_press.langid import LanguageDetector, detect_languages

EN = "The observer mission presented its preliminary findings to the press on Monday."
RU = "Выборы прошли честно и прозрачно, заявил председатель комиссии."
KK = "Қазақстан Республикасының Парламенті жаңа сайлау заңын қабылдады."


def langs(doc: Document) -> list[str | None]:
    return [s.lang for s in doc.segments]


def test_every_segment_gets_a_language() -> None:
    doc = detect_languages(Document.from_text(f"{EN}\n\n{RU}\n\n{KK}\n"))
    assert langs(doc) == ["en", "ru", "kk"]
    assert [b.lang for b in doc.blocks if b.segments] == ["en", "ru", "kk"]
    assert doc.lang == "en"  # the language of most letters (67 of them)


def test_short_segments_take_the_block_language() -> None:
    doc = detect_languages(Document.from_text(f"{RU} Да. {RU} 2026.\n"))
    assert langs(doc) == ["ru", "ru", "ru", "ru"]


def test_short_segment_in_another_script_keeps_its_own() -> None:
    doc = detect_languages(Document.from_text(f"{EN} Спасибо! {EN}\n"))
    assert langs(doc) == ["en", "ru", "en"]


def test_quoted_foreign_sentence_keeps_its_own_language() -> None:
    text = f"{EN} {EN} Le parlement a adopté la nouvelle loi électorale hier soir. {EN}\n"
    doc = detect_languages(Document.from_text(text))
    assert langs(doc) == ["en", "en", "fr", "en"]
    assert doc.blocks[0].lang == "en"


def test_short_block_takes_the_document_language() -> None:
    doc = detect_languages(Document.from_text(f"OK\n\n{EN}\n\n{EN}\n"))
    assert doc.blocks[0].lang == "en"
    assert langs(doc)[0] == "en"


def test_declared_document_language_is_kept_and_used() -> None:
    doc = dataclasses.replace(Document.from_text("OK\n\n2026\n"), lang="pt")
    result = detect_languages(doc)
    assert result.lang == "pt"
    assert langs(result) == ["pt", "pt"]


def test_markdown_code_is_not_detected_and_the_source_is_unchanged() -> None:
    source = f"# Выборы в Казахстане\n\n{EN}\n\n```\nprint('hello')\n```\n"
    doc = Document.from_text(source, format="markdown")
    result = detect_languages(doc)
    assert result.text == source
    assert doc.segments[0].lang is None  # the input document is not modified
    assert langs(result) == ["ru", "en"]
    code = [b for b in result.blocks if b.kind == "code"]
    assert code
    assert code[0].lang is None


def test_own_detector_and_languages() -> None:
    detector = LanguageDetector(["en", "de"], backend="langdetect")
    doc = detect_languages(Document.from_text(f"{EN}\n\n{RU}\n"), detector=detector)
    assert langs(doc) == ["en", "und"]


def test_a_weak_segment_falls_back_to_the_document_when_the_block_is_in_another_script() -> None:
    # the block is English (Latin), the document declared Ukrainian: the short Cyrillic
    # segment ("Так." alone reads as Russian, weakly) takes the document's language
    doc = Document.from_text(f"{EN} Так.\n")
    doc = dataclasses.replace(doc, lang="uk")
    result = detect_languages(doc)
    assert result.blocks[0].lang == "en"
    assert langs(result) == ["en", "uk"]
    # without a Cyrillic language up the chain the segment keeps its own guess
    assert langs(detect_languages(Document.from_text(f"{EN} Так.\n"))) == ["en", "ru"]


def test_the_deprecated_document_method_warns_and_still_detects() -> None:
    import pytest

    doc = Document.from_text(f"{EN}\n\n{RU}\n")
    with pytest.warns(DeprecationWarning, match="detect_languages"):
        result = doc.detect_languages()
    assert result == detect_languages(doc)


def test_a_block_of_one_long_segment_is_detected_once() -> None:
    # start-up: the segment's own detection would repeat the block's on the same text
    de = "Die Beobachtermission stellte am Montag ihre vorläufigen Ergebnisse der Presse vor."
    detector = LanguageDetector(["en", "de", "ru"], backend="langdetect")
    texts: list[str] = []
    inner = detector._detect

    def counted(text, verdict, expected=None):  # type: ignore[no-untyped-def]
        texts.append(text)
        return inner(text, verdict, expected)

    detector._detect = counted  # type: ignore[method-assign]
    doc = detect_languages(Document.from_text(f"{EN}\n\n{de}\n\n{RU} {EN}\n"), detector=detector)
    # three blocks, then only the two segments of the last block on their own
    assert texts == [EN, de, f"{RU} {EN}", RU, EN]
    assert langs(doc) == ["en", "de", "ru", "en"]
    assert langs(doc) == [detector.detect(s.text).lang for s in doc.segments]
