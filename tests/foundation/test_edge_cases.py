"""Second reading of the foundation: nasty inputs that once went wrong.

Each test here failed before its fix: container markers inside segments,
hidden text, URLs cut short, sentences split after abbreviations in other
languages, tracebacks instead of clear errors.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglot_press.cli import main
from polyglot_press.cli._common import read_input_text
from polyglot_press.document import Document, ReadOptions
from polyglot_press.errors import FileAccessError, InputError
from polyglot_press.formats.inline import markdown_protected, plain_protected
from polyglot_press.report import Report

# a segment must never start with a block-quote or list marker, nor end with a heading's closing #s
_MARKER_AT_START = re.compile(r"(?:>|[-+*]|\d{1,9}[.)])(?:[ \t]|\Z)")


def _texts(document: Document) -> list[str]:
    return [segment.text for segment in document.segments]


def _assert_clean(document: Document) -> None:
    assert document.to_bytes().decode("utf-8").removeprefix("\ufeff") == document.text
    for segment in document.segments:
        assert segment.span.slice(document.text) == segment.text
        assert not _MARKER_AT_START.match(segment.text), segment.text


NASTY = {
    "lone_cr": "# Head\r\rPara one. Two.\rStill.\r\r> quote\r",
    "crlf_mix": "# Head\r\n\nText one. More.\r\n- a\r- b\n",
    "form_feed": "One.\fTwo.\n\f\nThree.",
    "line_separators": "One.\u2028Two.\u2029Three.\u0085Four.\n\n# H\u2028x\n",
    "tab_lists": "-\tItem one.\n\t-\tnested. Two.\n1.\tnum\n",
    "nested_containers": "> - a quote item. Second.\n>   continued line.\n> > deep. quote\n>\n> 1. x\n",
    "setext_and_breaks": "Title\n=====\n\nPara\n---\n\n---\n\n* * *\nText\n***\n",
    "tables_in_containers": "- | a | b |\n  |---|---|\n  | c d. | e |\n\n> - | q | r |\n>   |---|---|\n",
}


@pytest.mark.parametrize("name", sorted(NASTY))
def test_nasty_markdown_keeps_markers_out_of_segments(name: str) -> None:
    _assert_clean(Document.from_text(NASTY[name], format="markdown"))
    plain = Document.from_text(NASTY[name], format="text")
    assert plain.to_bytes() == NASTY[name].encode()
    assert all(s.span.slice(plain.text) == s.text for s in plain.segments)


def test_table_inside_a_list_item_has_no_list_marker_cell() -> None:
    text = NASTY["tables_in_containers"] + "\n* 1) | x | y |\n     |--|--|\n"
    document = Document.from_text(text, "markdown")
    assert _texts(document) == ["a", "b", "c d.", "e", "q", "r", "x", "y"]
    assert [b.containers for b in document.blocks] == [
        ("list_item",), ("blockquote", "list_item"), ("list_item", "list_item")
    ]


def test_a_table_whose_first_cell_starts_like_a_marker_keeps_it() -> None:
    # markdown-it reads these as top-level tables: "1. x", "- a" and "> a" are cells
    for text, first in (("1. x | y\n   --|--\n   z | w\n", "1. x"), ("- a | b\n--|--\n", "- a"),
                        ("> a | b\n--|--\n", "> a")):
        document = Document.from_text(text, "markdown")
        assert [b.kind for b in document.blocks] == ["table"]
        assert _texts(document)[0] == first


def test_atx_closing_sequence_is_not_part_of_the_heading_segment() -> None:
    text = "## Heading ##\n#   Spaced   #  \n# a # b\n### C#\n# Title \\#\n"
    document = Document.from_text(text, "markdown")
    assert _texts(document) == ["Heading", "Spaced", "a # b", "C#", "Title \\#"]
    translated = document.replace_segments({0: "Titel", 1: "Abstand"})
    assert translated.text.startswith("## Titel ##\n#   Abstand   #  \n")


def test_opening_dashes_followed_by_a_blank_line_are_not_front_matter() -> None:
    text = "---\n\nText to translate.\n\n---\n"
    document = Document.from_text(text, "markdown")
    assert [b.kind for b in document.blocks] == ["thematic_break", "paragraph", "thematic_break"]
    assert _texts(document) == ["Text to translate."]
    # real front matter still is front matter
    matter = Document.from_text("---\ntitle: x\n---\nBody.\n", "markdown")
    assert [b.kind for b in matter.blocks] == ["front_matter", "paragraph"]


def _kinds(found: list, text: str) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(p.kind, p.span.slice(text)) for p in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See https://en.wikipedia.org/wiki/Foo_(bar). Next",
         [("url", "https://en.wikipedia.org/wiki/Foo_(bar)")]),
        ("(see https://example.com/a)", [("url", "https://example.com/a")]),
        ("(see https://x.org/A_(b)_c).", [("url", "https://x.org/A_(b)_c")]),
        ("Odd https://x.org/it's-here, yes", [("url", "https://x.org/it's-here")]),
        ("Quoted 'https://x.org/q' here", [("url", "https://x.org/q")]),
    ],
)
def test_urls_keep_balanced_parentheses_and_apostrophes(text: str, expected: list[tuple[str, str]]) -> None:
    assert _kinds(plain_protected(text, 0, len(text)), text) == expected


def test_numbers_are_whole_or_not_at_all() -> None:
    text = "Grew 3.5x to 1,000 in v2 and 50% at 12:30."
    found = _kinds(plain_protected(text, 0, len(text), numbers=True), text)
    assert found == [("number", "1,000"), ("number", "50%"), ("number", "12:30")]


def test_markdown_urls_keep_parentheses_and_underscores() -> None:
    text = "A [page](https://x.org/Foo_(bar)) and https://x.org/Baz_(q). See https://x.org/a_b_ *now*."
    found = _kinds(markdown_protected(text, 0, len(text)), text)
    assert found == [
        ("markup", "["), ("markup", "](https://x.org/Foo_(bar))"), ("url", "https://x.org/Baz_(q)"),
        ("url", "https://x.org/a_b_"), ("markup", "*"), ("markup", "*"),
    ]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("ru", "Проф. Петров и д-р Сидоров, т.е. эксперты, выступили. См. стр. 5.",
         ["Проф. Петров и д-р Сидоров, т.е. эксперты, выступили.", "См. стр. 5."]),
        ("ru", "«Мы готовы», — сказал он. «Когда?» — спросила она.",
         ["«Мы готовы», — сказал он.", "«Когда?» — спросила она."]),
        ("kk", "Қ. Тоқаев Астанада сөйледі. Ол т.б. мәселелерді қозғады.",
         ["Қ. Тоқаев Астанада сөйледі.", "Ол т.б. мәселелерді қозғады."]),
        ("kk", "Президент Қ. Тоқаев сөйледі. Бүгін Қ.Тоқаев келді.",
         ["Президент Қ. Тоқаев сөйледі.", "Бүгін Қ.Тоқаев келді."]),
        ("fr", "M. Dupont et Mme Martin sont arrivés. Ils ont parlé, p. ex. du temps.",
         ["M. Dupont et Mme Martin sont arrivés.", "Ils ont parlé, p. ex. du temps."]),
        ("pt", "Eles falaram, p. ex., sobre o tempo. Fim.",
         ["Eles falaram, p. ex., sobre o tempo.", "Fim."]),
        ("pt", "Dr. Costa nasceu no dia 1.º de maio. Ele é médico.",
         ["Dr. Costa nasceu no dia 1.º de maio.", "Ele é médico."]),
        # what was right stays right
        ("en", "I take vitamin C. Then I sleep. Apple reported results. iPhone sales rose.",
         ["I take vitamin C.", "Then I sleep.", "Apple reported results.", "iPhone sales rose."]),
        ("en", "Dr. Smith met Prof. J. R. Jones at No. 10 Downing St. on Monday. They talked.",
         ["Dr. Smith met Prof. J. R. Jones at No. 10 Downing St. on Monday.", "They talked."]),
        ("de", "Dr. Müller kam z. B. am 3. Oktober. Er sagte u. a. nichts.",
         ["Dr. Müller kam z. B. am 3. Oktober.", "Er sagte u. a. nichts."]),
        ("cs", "Prof. Novák, tj. vedoucí, přišel. Narodil se 5. května 1950.",
         ["Prof. Novák, tj. vedoucí, přišel.", "Narodil se 5. května 1950."]),
        ("hy", "Դա շատ լավ է։ Պրոֆ. Պետրոսյանը խոսեց։", ["Դա շատ լավ է։", "Պրոֆ. Պետրոսյանը խոսեց։"]),
    ],
)
def test_sentences_in_other_languages(lang: str, text: str, expected: list[str]) -> None:
    document = Document.from_text(text, options=ReadOptions(lang=lang))
    assert _texts(document) == expected


@pytest.mark.parametrize(
    "payload",
    [
        '{"schema_version": 1, "documents": ["x"]}',
        '{"schema_version": 1, "documents": [{"format": "text", "stages": ["s"]}]}',
        '{"schema_version": true, "documents": []}',
    ],
)
def test_malformed_reports_are_input_errors(payload: str) -> None:
    with pytest.raises(InputError, match="report"):
        Report.from_json(payload)


# /proc/self/mem exists and is a file, but reading it from the start fails with EIO:
# a real read error that root (who runs the tests here) cannot get from chmod
UNREADABLE = Path("/proc/self/mem")
needs_unreadable = pytest.mark.skipif(not UNREADABLE.exists(), reason="needs Linux /proc")


@needs_unreadable
def test_unreadable_file_is_a_file_access_error() -> None:
    with pytest.raises(FileAccessError, match="cannot read"):
        Document.read(UNREADABLE)
    with pytest.raises(FileAccessError, match="cannot read"):
        read_input_text(str(UNREADABLE))


@needs_unreadable
def test_cli_unreadable_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segments", str(UNREADABLE)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "cannot read" in captured.err


def test_read_input_text_names_line_and_column_of_bad_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("Первая строка\nвторая ".encode() + b"\xff")
    with pytest.raises(InputError) as info:
        read_input_text(str(path))
    assert (info.value.line, info.value.column) == (2, 8)
    assert str(info.value).startswith(f"{path}:2:8: ")


def test_cli_empty_file_says_so_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    assert main(["segments", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no translatable text" in captured.err


def test_insertions_at_one_offset_apply_in_order_and_undo() -> None:
    from polyglot_press.text import Change, Span, apply_changes, map_offset, undo_changes

    text = "abcdef"
    changes = [
        Change(Span(2, 2), "", "X", "first"),
        Change(Span(2, 2), "", "Y", "second"),
        Change(Span(2, 4), "cd", "Z", "replace"),
        Change(Span(1, 2), "b", "", "delete"),
        Change(Span(4, 4), "", "W", "after"),
    ]
    edited = apply_changes(text, changes)
    assert edited == "aXYZWef"
    assert undo_changes(edited, changes) == text
    assert [map_offset(i, changes) for i in range(7)] == [0, 1, 3, 3, 5, 6, 7]


# -- long Markdown is parsed in pieces: same blocks as one piece -----------------------

_PIECE_LINES = ["# Heading", "> quote. More.", "- item", "1. item", "```", "~~~", "---", "    code",
                "  - sub", "   ```", "*emph* and `code`", "<div>", "<!--", "-->", "<script>", "</script>",
                "Setext", "====", "\t- tab item", "| a | b |", "|---|:-:|", "> | q |", "", "", "",
                "Text line. Two.", "[foo]: /url", "  indented text", ">", "> ```"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.sampled_from(_PIECE_LINES), max_size=40),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_markdown_in_pieces_gives_the_same_blocks(lines: list[str], newline: str) -> None:
    from polyglot_press.formats import markdown

    text = newline.join(lines)
    assert markdown.parse(text, ReadOptions(), chunk_chars=1) == markdown.parse(text, ReadOptions())


def test_pieces_end_only_where_no_block_runs_on() -> None:
    from polyglot_press.formats.markdown import _token_pieces

    text = "# H\n\nText. Two.\n\n```\ncode\n\nmore\n```\n\nPara\n\n- a\n\n- b\n\nend\n"
    pieces = [line for line, _ in _token_pieces(text, 1)]
    # the fence with a blank line inside stays whole; so does the loose list (markdown-it's
    # list reaches over its last blank line, so the cut after it is not taken either)
    assert pieces == [0, 2, 4, 10, 12]


def test_format_that_is_not_a_name_is_an_unknown_format() -> None:
    from polyglot_press.errors import UnknownFormatError

    with pytest.raises(UnknownFormatError, match=r"known formats: .*markdown"):
        Document.from_text("Text.", format=None)  # type: ignore[arg-type]


@needs_unreadable
def test_write_where_no_file_can_be_made_is_a_file_access_error() -> None:
    # /proc/self is a folder in which no file can be created, not even by root
    with pytest.raises(FileAccessError, match="cannot write"):
        Document.from_text("Text.").write("/proc/self/out.txt")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5. 5\n", ["5"]), ("> 2) 2\n", ["2"]), ("- -x\n", ["-x"]), ("1. 1990 was good.\n", ["1990 was good."])],
)
def test_list_item_content_that_repeats_its_marker_starts_after_the_marker(
    text: str, expected: list[str]
) -> None:
    assert _texts(Document.from_text(text, "markdown")) == expected


def test_plain_text_list_lines_are_items_without_their_markers() -> None:
    text = "Agenda:\n- open the meeting\n- vote on the budget\n• close\n1. first\n2) second\n  wrapped. Yes."
    document = Document.from_text(text)
    assert _texts(document) == [
        "Agenda:", "open the meeting", "vote on the budget", "close", "first", "second\n  wrapped.", "Yes.",
    ]
    assert [b.containers for b in document.blocks] == [()] + [("list_item",)] * 5
    assert document.to_bytes() == text.encode()
    # a number or a dash that is not a list marker stays in its sentence
    assert _texts(Document.from_text("In 2020. Then\n10 people came. -5 degrees.")) == [
        "In 2020.", "Then\n10 people came.", "-5 degrees."
    ]
