"""Hostile documents (tests/data/hostile/documents, issue 18): each gives its exact
outcome through the CLI (exit 2 and a message naming the file and line, no
traceback, nothing written) and through the API (a PolyglotPressError);
bidi controls in markup and attributes are found by ``scan``. Bombs, deep
nesting and 10 MB lines are generated here, not committed."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

import polyglot_press as pp
from polyglot_press.cli import main
from polyglot_press.document import Document
from polyglot_press.errors import FormatError, PolyglotPressError
from polyglot_press.tm import TranslationMemory
from polyglot_press.tm.tmx import import_file

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "hostile" / "documents"
EXPECTED = [tuple(line.split("\t")) for line in
            (DOCUMENTS / "expected.tsv").read_text(encoding="utf-8").splitlines()[1:]]
IDS = [row[0] for row in EXPECTED]
REFUSED = [row for row in EXPECTED if row[2] == "2"]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _memory_with_one_row(path: Path) -> TranslationMemory:
    memory = TranslationMemory(path)
    memory.store_human("en", "pt", [("Good morning.", "Bom dia.")], origin="test")
    return memory


def test_every_hostile_document_is_listed() -> None:
    present = {p.name for p in DOCUMENTS.iterdir() if p.name not in ("expected.tsv", "README.md")}
    assert set(IDS) == present


@pytest.mark.parametrize(("name", "command", "code", "message"), EXPECTED, ids=IDS)
def test_hostile_document_through_the_cli(name: str, command: str, code: str, message: str,
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(DOCUMENTS)  # messages name the file as given
    extra = ["--path", str(tmp_path / "tm.sqlite")] if command == "tm import" else []
    if command == "tm import":
        _memory_with_one_row(tmp_path / "tm.sqlite").close()
    got, output = _run([*command.split(), *extra, name], capsys)
    assert got == int(code), output
    assert message in output
    assert "Traceback" not in output
    if command == "tm import":  # nothing stored, nothing lost
        stats = TranslationMemory(tmp_path / "tm.sqlite").stats()
        assert (stats.human, stats.entries) == (1, 0)


@pytest.mark.parametrize(("name", "command", "code", "message"),
                         [r for r in REFUSED if r[1] == "segments"],
                         ids=[r[0] for r in REFUSED if r[1] == "segments"])
def test_translate_writes_nothing_for_a_refused_document(name: str, command: str, code: str,
                                                          message: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    got, output = _run(["translate", str(DOCUMENTS / name), "--from", "en", "--to", "pt",
                        "--engine", "bergamot", "--no-memory", "-o", str(out)], capsys)
    assert got == 1, output  # a batch with failures: reported, exit 1
    assert message.split(": ", 1)[1] in output
    assert f"{name}:" in output
    assert "Traceback" not in output
    assert not out.exists() or not any(out.rglob("*"))


@pytest.mark.parametrize(("name", "command", "code", "message"), REFUSED,
                         ids=[r[0] for r in REFUSED])
def test_hostile_document_through_the_api(name: str, command: str, code: str, message: str,
                                          tmp_path: Path) -> None:
    if command == "tm import":
        memory = _memory_with_one_row(tmp_path / "tm.sqlite")
        with pytest.raises(PolyglotPressError) as info:
            import_file(memory, DOCUMENTS / name)
        assert (memory.stats().human, memory.stats().entries) == (1, 0)
        memory.close()
    else:
        with pytest.raises(PolyglotPressError) as info:
            Document.read(DOCUMENTS / name)
    text = str(info.value)
    assert text.startswith(str(DOCUMENTS / name))
    assert message.split(": ", 1)[1] in text
    if re.match(re.escape(name) + r":\d+:", message):  # the table names a line
        assert getattr(info.value, "line", None) == int(message.split(":")[1])


@pytest.mark.parametrize("name", [r[0] for r in EXPECTED if r[2] == "0"])
def test_hostile_but_valid_documents_round_trip(name: str) -> None:
    path = DOCUMENTS / name
    assert Document.read(path).to_bytes() == path.read_bytes()


@pytest.mark.parametrize("name", [r[0] for r in EXPECTED if r[1] == "scan --strict"])
def test_bidi_controls_in_markup_are_found_through_the_api(name: str) -> None:
    findings = pp.scan(Document.read(DOCUMENTS / name).text)
    assert any(f.kind == "bidi" and f.rule == "bidi-override" for f in findings)


# ---------------------------------------------------- generated: big, deep, bombs

_X = '<?xml version="1.0" encoding="UTF-8"?>\n'
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(document_xml: str, compression: int = zipfile.ZIP_DEFLATED, **extra: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        package.writestr("[Content_Types].xml", _X + "<Types/>")
        package.writestr("word/document.xml", document_xml)
        for name, data in extra.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _word(body: str) -> str:
    return f'{_X}<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'


def _xliff(source: str) -> str:
    return (f'{_X}<xliff version="1.2"><file source-language="en" datatype="plaintext" '
            f'original="x"><body>\n<trans-unit id="1"><source>{source}</source></trans-unit>\n'
            "</body></file></xliff>\n")


DEEP = 100_000
GENERATED: dict[str, tuple[bytes, str]] = {
    "deep.xlf": (_xliff("<g id='1'>" * DEEP + "x" + "</g>" * DEEP).encode(),
                 "deep.xlf:3: elements nested more than 2048 deep"),
    "deep.json": (("[" * DEEP + "]" * DEEP).encode(),
                  "deep.json:1:513: arrays and objects nested more than 512 deep"),
    "deep_object.json": (('{"a":' * DEEP + '"x"' + "}" * DEEP).encode(),
                         "deep_object.json:1:2561: arrays and objects nested more than 512 deep"),
    "deep_lists.html": (("<ul><li>x" * DEEP).encode(),
                        "deep_lists.html:1: lists and quotes nested more than 128 deep"),
    "deep.docx": (_docx(_word("<w:p>" * DEEP + "</w:p>" * DEEP), zipfile.ZIP_STORED),
                  "deep.docx:2: word/document.xml in the package: elements nested more than 2048 deep"),
    "bomb.docx": (_docx(_word("<w:p><w:r><w:t>Hi</w:t></w:r></w:p><!--" + " " * 50_000_000 + "-->")),
                  "bomb.docx: DOCX package member 'word/document.xml' unpacks 50000"),
    "absolute_member.docx": (_docx(_word(""), **{"/etc/cron.d/x": "x"}),
                             "absolute_member.docx: DOCX package member '/etc/cron.d/x' has an unsafe name"),
    "nplurals.po": (b'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=0; plural=0;\\n"\n',
                    "nplurals.po:3: invalid Plural-Forms header"),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_document(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    data, message = GENERATED[name]
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    code, output = _run(["segments", name], capsys)
    assert code == 2
    assert message in output
    assert "Traceback" not in output
    with pytest.raises(FormatError) as info:
        Document.read(tmp_path / name)
    assert message.split(": ", 1)[1] in str(info.value)


def test_deep_tmx_is_refused_and_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "deep.tmx"
    nested = "<bpt i='1'>" * DEEP + "</bpt>" * DEEP
    path.write_text(f'{_X}<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en">'
                    f"<seg>{nested}</seg></tuv></tu></body></tmx>", encoding="utf-8")
    memory = _memory_with_one_row(tmp_path / "tm.sqlite")
    with pytest.raises(FormatError, match=r"deep\.tmx:2: elements nested more than 2048 deep"):
        import_file(memory, path)
    assert (memory.stats().human, memory.stats().entries) == (1, 0)
    memory.close()


LINE = ("word " * 2_000_001)[:10_000_000]  # one 10 MB line
LONG = {
    "long.txt": LINE + "\n",
    "long.md": LINE + "\n",
    "long.html": f"<p>{LINE}</p>\n",
    "long.srt": f"1\n00:00:01,000 --> 00:00:02,000\n{LINE}\n",
    "long.json": f'{{"a": "{LINE}"}}\n',
    "long.po": ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                f'msgid "{LINE}"\nmsgstr ""\n'),
    "long.xlf": _xliff(LINE),
}


@pytest.mark.parametrize("name", sorted(LONG))
def test_a_10_mb_line_reads_and_round_trips(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(LONG[name], encoding="utf-8")
    document = Document.read(path)
    assert document.to_bytes() == path.read_bytes()
    assert "".join(s.text for s in document.segments).replace(" ", "") == LINE.replace(" ", "")


def test_huge_attribute_counts_and_deep_divs_in_html_read(tmp_path: Path) -> None:
    attributes = " ".join(f'data-a{i}="{i}"' for i in range(200_000))
    for name, text in (("attributes.html", f'<p {attributes} title="Tip.">Hello.</p>\n'),
                       ("divs.html", "<div>" * DEEP + "Hello." + "</div>" * DEEP)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        document = Document.read(path)
        assert document.to_bytes() == path.read_bytes()
        assert "Hello." in [s.text for s in document.segments]


def test_unclosed_list_items_are_siblings(tmp_path: Path) -> None:
    document = Document.from_text("<ul>" + "<li>item" * 50_000 + "</ul><p>after</p>", "html")
    assert {b.containers for b in document.blocks[:-1]} == {("list_item",)}
    assert document.blocks[-1].containers == ()


@pytest.mark.parametrize("space", ["\u00a0", "\u0085", "\u2028", "\u3000", "\u202f"])
def test_a_letter_a_wide_space_and_a_period_segment(space: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # sentencex panicked (a Rust panic, a BaseException) on "A\u00a0." (found by the fuzzer)
    path = tmp_path / "note.txt"
    path.write_text(f"Plan A{space}. The next one.\n", encoding="utf-8")
    assert [s.text for s in Document.read(path).segments][-1].endswith("The next one.")
    code, output = _run(["segments", str(path)], capsys)
    assert code == 0, output
    for lang in ("ru", "de", "fr", "pt", "kk"):
        assert pp.split_sentences(f"Plan A{space}. Next.", lang=lang)
