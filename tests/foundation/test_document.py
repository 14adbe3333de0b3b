"""Document model: exact round trip, blocks, segments, protected spans, bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglot_press.document import Document, ReadOptions
from polyglot_press.errors import FileAccessError, InputError, UnknownFormatError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "press-release.txt"


# -- exact round trip ----------------------------------------------------------

ROUND_TRIP_CASES = {
    "crlf": b"Line one. Line two.\r\n\r\nSecond paragraph.\r\n",
    "bom": b"\xef\xbb\xbfTitle\n\nBody text here.\n",
    "bom_crlf_md": b"\xef\xbb\xbf# Title\r\n\r\n- item one\r\n- item two\r\n",
    "trailing_spaces_tabs": b"Text with trailing spaces.   \n\tTabbed line.\t\n\n  \n",
    "no_final_newline": b"No newline at the end.",
    "cr_only": b"Old Mac line ends.\rSecond line.\r\rNext paragraph.",
    "empty": b"",
    "only_blank": b"\n\n   \n",
    "unicode": "Оwen Murphy — Қасым-Жомарт Тоқаев, Նիկոլ Փաշինյան 😀\n".encode(),
}


@pytest.mark.parametrize("name", sorted(ROUND_TRIP_CASES))
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_read_write_is_byte_exact(tmp_path: Path, name: str, suffix: str) -> None:
    data = ROUND_TRIP_CASES[name]
    source = tmp_path / f"in{suffix}"
    source.write_bytes(data)
    document = Document.read(source)
    target = tmp_path / f"out{suffix}"
    document.write(target)
    assert target.read_bytes() == data
    assert document.bom == data.startswith(b"\xef\xbb\xbf")
    assert "\ufeff" not in document.text


def test_bundled_example_round_trips_and_keeps_its_quirks(tmp_path: Path) -> None:
    data = EXAMPLE.read_bytes()
    assert not data.endswith(b"\n"), "the example has no final newline"
    assert "Оwen".encode() in data, "the example keeps its Cyrillic О"
    document = Document.read(EXAMPLE)
    document.write(tmp_path / "copy.txt")
    assert (tmp_path / "copy.txt").read_bytes() == data


def test_segments_point_into_the_text() -> None:
    document = Document.read(EXAMPLE)
    for segment in document.segments:
        assert segment.span.slice(document.text) == segment.text
        assert segment.text == segment.text.strip()
        block = document.blocks[segment.block]
        assert block.span.contains(segment.span)
    assert [s.index for s in document.segments] == list(range(len(document.segments)))


# -- segmentation ----------------------------------------------------------------


def test_bundled_example_sentences() -> None:
    texts = [s.text for s in Document.read(EXAMPLE).segments]
    assert len(texts) == 29
    assert texts[0] == "Experts Praised Parliamentary Elections Results in Kazakhstan"
    assert texts[1] == "March 25, 2023"
    # an unclosed quotation does not swallow the next sentence
    assert texts[17].endswith("political course of President Kassym-Jomart Tokayev.")
    assert texts[18].startswith("The coordinator of the Eurasian expert club")
    # a long quotation of two sentences is split, a short one is not
    assert texts[23].endswith("initiated by the President of Kazakhstan Kassym-Jomart Tokayev.")
    assert texts[24].startswith("The reforms are aimed")
    assert texts[6].startswith("Оwen Murphy noted that these elections")
    assert texts[6].endswith('expanded the opportunity for voters to choose."')
    # abbreviations: "Dr." starts a sentence and is not a sentence of its own
    assert texts[25].startswith("Dr. Slavomir Horák, Professor at Charles University, noted:")
    assert texts[-1] == "Source: Ministry of Foreign Affairs of the RK"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Smith met Prof. Jones. They talked.", ["Dr. Smith met Prof. Jones.", "They talked."]),
        ("It was No. 5 on the list. Next.", ["It was No. 5 on the list.", "Next."]),
        ("J. R. R. Tolkien wrote it. Then he left.", ["J. R. R. Tolkien wrote it.", "Then he left."]),
        ('He said "Hello there. How are you?" and left. Then what?',
         ['He said "Hello there. How are you?" and left.', "Then what?"]),
        # a quotation mark that opens the next sentence stays with it
        ("They thanked the observers for their work. «Elections were fair», he said.",
         ["They thanked the observers for their work.", "«Elections were fair», he said."]),
        ("Мы встретились с г. Ивановым. Он сказал: «Привет». Потом ушёл.",
         ["Мы встретились с г. Ивановым.", "Он сказал: «Привет».", "Потом ушёл."]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    lang = "ru" if text.startswith("Мы") else None
    document = Document.from_text(text, options=ReadOptions(lang=lang))
    assert [s.text for s in document.segments] == expected


# -- markdown -------------------------------------------------------------------

MARKDOWN = """---
title: Elections
tags: [kz]
---
# Experts praised the elections

The *OSCE* mission met [Owen Murphy](https://www.osce.org/odihr "ODIHR"). Dr. Smith spoke.
It ended.

> A quoted sentence. Another one.

- First item with `inline code`.
- Second item, see <https://example.org>.

```python
print("never translated")
```

<div>raw html</div>

***
Setext heading
--------------
"""


def test_markdown_structure() -> None:
    document = Document.from_text(MARKDOWN, format="markdown")
    kinds = [(b.kind, b.containers, b.translatable) for b in document.blocks]
    assert kinds == [
        ("front_matter", (), False),
        ("heading", (), True),
        ("paragraph", (), True),
        ("paragraph", ("blockquote",), True),
        ("paragraph", ("list_item",), True),
        ("paragraph", ("list_item",), True),
        ("code", (), False),
        ("html", (), False),
        ("thematic_break", (), False),
        ("heading", (), True),
    ]
    assert document.blocks[1].level == 1
    assert document.blocks[-1].level == 2
    segments = [s.text for s in document.segments]
    assert segments == [
        "Experts praised the elections",
        'The *OSCE* mission met [Owen Murphy](https://www.osce.org/odihr "ODIHR").',
        "Dr. Smith spoke.",
        "It ended.",
        "A quoted sentence.",
        "Another one.",
        "First item with `inline code`.",
        "Second item, see <https://example.org>.",
        "Setext heading",
    ]
    assert not any("never translated" in s for s in segments)
    assert not any("title: Elections" in s for s in segments)


def test_markdown_protected_spans() -> None:
    document = Document.from_text(MARKDOWN, format="markdown")
    by_text = {
        s.text: [(p.kind, p.span.slice(document.text)) for p in s.protected] for s in document.segments
    }
    assert by_text['The *OSCE* mission met [Owen Murphy](https://www.osce.org/odihr "ODIHR").'] == [
        ("markup", "*"),
        ("markup", "*"),
        ("markup", "["),
        ("markup", '](https://www.osce.org/odihr "ODIHR")'),
    ]
    assert by_text["First item with `inline code`."] == [("code", "`inline code`")]
    assert by_text["Second item, see <https://example.org>."] == [("url", "<https://example.org>")]


def test_plain_text_protects_urls_emails_and_optionally_numbers() -> None:
    text = "Mail press@mfa.kz or visit https://www.gov.kz/memleket. In 1990, 35 states signed."
    plain = Document.from_text(text)
    kinds = [(p.kind, p.span.slice(text)) for s in plain.segments for p in s.protected]
    assert kinds == [("email", "press@mfa.kz"), ("url", "https://www.gov.kz/memleket")]
    numbered = Document.from_text(text, options=ReadOptions(protect_numbers=True))
    numbers = [p.span.slice(text) for s in numbered.segments for p in s.protected if p.kind == "number"]
    assert numbers == ["1990", "35"]


def test_markdown_tables_give_one_segment_per_cell() -> None:
    text = "| Name | Role |\n|:-----|-----:|\n| Owen `x` | Head \\| of *mission* |\n| 2023 |  |\n"
    document = Document.from_text(text, format="markdown")
    (table,) = document.blocks
    assert table.kind == "table"
    assert table.span.slice(text) == text.rstrip("\n")
    assert [s.text for s in table.segments] == ["Name", "Role", "Owen `x`", "Head \\| of *mission*", "2023"]
    code = [p.span.slice(text) for s in table.segments for p in s.protected if p.kind == "code"]
    assert code == ["`x`"]
    # the delimiter row and the pipes are skeleton: translating cells keeps them
    translated = document.replace_segments({0: "Nome", 1: "Função"})
    assert translated.text.startswith("| Nome | Função |\n|:-----|-----:|\n")


def test_blockquote_lines_do_not_carry_markers_into_segments() -> None:
    document = Document.from_text("> One sentence\n> continues. Next.\n", format="markdown")
    assert all(">" not in s.text for s in document.segments)
    assert [s.text for s in document.segments] == ["One sentence", "continues.", "Next."]


# -- replacing segments ---------------------------------------------------------------


def test_replace_segments_keeps_the_skeleton() -> None:
    document = Document.from_text("# Title\r\n\r\n> First. Second.\r\n", format="markdown")
    translated = document.replace_segments({0: "Título", 2: "Segunda frase."})
    assert translated.text == "# Título\r\n\r\n> First. Segunda frase.\r\n"
    for segment in translated.segments:
        assert segment.span.slice(translated.text) == segment.text
    assert translated.blocks[1].span.slice(translated.text) == "First. Segunda frase."
    with pytest.raises(IndexError, match="no segment with index 99"):
        document.replace_segments({99: "x"})


# -- bad input -------------------------------------------------------------------------


def test_invalid_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("первая строка\nвторая ".encode() + b"\xffz")
    with pytest.raises(InputError) as info:
        Document.read(path)
    assert info.value.line == 2
    assert info.value.column == 8
    assert str(path) in str(info.value)
    assert "not UTF-8" in str(info.value)


def test_utf16_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Hello".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        Document.read(path)


def test_directory_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="is a directory"):
        Document.read(tmp_path)
    with pytest.raises(FileAccessError, match="no such file"):
        Document.read(tmp_path / "missing.txt")
    with pytest.raises(FileAccessError, match="is a directory"):
        Document.from_text("x").write(tmp_path)
    with pytest.raises(FileAccessError, match="does not exist"):
        Document.from_text("x").write(tmp_path / "no" / "such" / "dir.txt")


def test_empty_file_is_an_empty_document(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    document = Document.read(path)
    assert document.blocks == ()
    assert document.segments == ()


def test_nul_bytes_are_rejected_with_position(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"ok line\nab\x00cd")
    with pytest.raises(InputError, match="NUL") as info:
        Document.read(path)
    assert (info.value.line, info.value.column) == (2, 3)


def test_lone_surrogates_from_python_callers() -> None:
    with pytest.raises(InputError, match=r"lone surrogate U\+D800") as info:
        Document.from_text("fine\nbad \ud800 here")
    assert (info.value.line, info.value.column) == (2, 5)


def test_unknown_format_lists_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "report.pptx"
    path.write_bytes(b"x")
    with pytest.raises(UnknownFormatError, match=r"known formats: .*markdown \(\.md"):
        Document.read(path)
    with pytest.raises(UnknownFormatError, match="unknown format 'rtf'"):
        Document.from_text("x", format="rtf")
    # an explicit format overrides the suffix
    assert Document.read(path, format="text").text == "x"


def test_large_file_is_read_whole(tmp_path: Path) -> None:
    paragraph = ("The OSCE observer mission met Owen Murphy in Astana. " * 20).strip()
    data = ("\n\n".join([paragraph] * 50_000)).encode()  # about 53 MB
    assert len(data) > 50_000_000
    path = tmp_path / "big.txt"
    path.write_bytes(data)
    document = Document.read(path)
    assert len(document.blocks) == 50_000
    assert len(document.segments) == 50_000 * 20
    assert document.blocks[-1].span.end == len(document.text)
    document.write(tmp_path / "big-out.txt")
    assert (tmp_path / "big-out.txt").read_bytes() == data


def test_write_is_atomic_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.txt"
    target.write_bytes(b"old content")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)  # a full disk cannot be caused here
    with pytest.raises(FileAccessError, match="No space left"):
        Document.from_text("new content").write(target)
    assert target.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]


# -- property: round trip on generated documents ---------------------------------------

_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)
_markdown_line = st.one_of(
    _line,
    st.sampled_from(["# Heading", "> quote. More.", "- item", "1. item", "```", "---", "    code",
                     "*emph* and `code`", "[a](b)", "<div>", "Setext", "====", "\t- tab item",
                     "| a | b |", "|---|:-:|", "| x \\| y | `z|` |", "> | q |", "|"]),
)


@st.composite
def documents(draw: st.DrawFn, line: st.SearchStrategy[str]) -> str:
    lines = draw(st.lists(line, max_size=12))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(lines)
    if draw(st.booleans()):
        text += newline
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents(_line))
def test_plain_round_trip_property(text: str) -> None:
    _assert_round_trip(text, "text")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents(_markdown_line))
def test_markdown_round_trip_property(text: str) -> None:
    _assert_round_trip(text, "markdown")


def _assert_round_trip(text: str, fmt: str) -> None:
    document = Document.from_text(text, format=fmt)
    expected = text.encode("utf-8")
    assert document.to_bytes() == expected
    for segment in document.segments:
        assert segment.span.slice(document.text) == segment.text
        assert segment.text
        assert segment.text.strip() == segment.text
        for protected in segment.protected:
            assert segment.span.contains(protected.span)
    # replacing every segment with itself changes nothing
    same = document.replace_segments({s.index: s.text for s in document.segments})
    assert same.to_bytes() == expected
