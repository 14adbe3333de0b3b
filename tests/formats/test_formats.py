"""Behaviour of each format reader/writer, with the built test model where translating."""

from __future__ import annotations

import dataclasses
import json
import re

import polib
import pytest
from lxml import etree
from lxml import html as lxml_html

from polyglot_press.document import Document, ReadOptions
from polyglot_press.errors import FormatError, InputError
from polyglot_press.formats import format_for_path
from polyglot_press.press import Press

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><title>the cat</title><style>p { color: red }</style></head>
<body>
<p>the <b>cat</b> and the <a href="/dog" title="dog">dog</a>. <code>the cat</code></p>
<p translate="no">the cat</p><p class="x notranslate">the cat</p>
<script>var s = "the cat";</script>
<img src="c.png" alt="the cat">
</body>
</html>
"""


def test_every_new_format_is_found_by_suffix() -> None:
    names = {s: format_for_path(f"a{s}").name for s in
             (".html", ".htm", ".xlf", ".xliff", ".po", ".pot", ".json", ".arb", ".srt", ".vtt")}
    assert names == {".html": "html", ".htm": "html", ".xlf": "xliff", ".xliff": "xliff",
                     ".po": "po", ".pot": "po", ".json": "json", ".arb": "json", ".srt": "srt",
                     ".vtt": "vtt"}


def test_html_blocks_inline_codes_and_what_is_never_translated() -> None:
    doc = Document.from_text(PAGE, "html")
    texts = [s.text for s in doc.segments]
    assert texts == ["the cat", 'the <b>cat</b> and the <a href="/dog" title="dog">dog</a>.',
                     "the cat"]
    assert doc.blocks[-1].kind == "attribute"
    kinds = [p.kind for p in doc.segments[1].protected]
    assert kinds == ["markup"] * 4


def test_html_translation_keeps_markup_sets_lang_and_escapes(press: Press) -> None:
    doc = Document.from_text(PAGE, "html")
    out = press.translate(doc, ["yy"])["yy"].to_bytes().decode()
    tree = lxml_html.document_fromstring(out)
    assert tree.get("lang") == "yy"
    assert "<p>THE <b>CAT</b> AND THE <a href=\"/dog\" title=\"dog\">DOG</a>." in out
    assert "<code>the cat</code>" in out
    assert '<p translate="no">the cat</p>' in out
    assert 'class="x notranslate">the cat</p>' in out
    assert 'var s = "the cat";' in out
    assert 'alt="THE CAT"' in out
    assert "<title>THE CAT</title>" in out
    # text an engine returns with markup characters is escaped; the source's tags are kept
    seg = doc.segments[1]
    new = doc.replace_segments({seg.index: 'R&D <b>x</b> <i> "q"'})
    assert 'R&amp;D <b>x</b> &lt;i&gt; "q"' in new.text
    alt = doc.segments[-1]
    assert 'alt="a &quot;b&quot;"' in doc.replace_segments({alt.index: 'a "b"'}).text


def test_html_dir_for_right_to_left_targets() -> None:
    doc = Document.from_text(PAGE, "html")
    assert '<html lang="ar" dir="rtl">' in dataclasses.replace(doc, lang="ar").to_bytes().decode()


XML_NS = "http://www.w3.org/XML/1998/namespace"
XLIFF12 = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="f" source-language="en" datatype="plaintext">
  <body>
   <trans-unit id="1">
    <source>the <g id="1">cat</g> and <x id="2"/>the dog</source>
    <note>keep the note</note>
   </trans-unit>
   <trans-unit id="2" translate="no"><source>the cat</source></trans-unit>
   <trans-unit id="3"><source>the cat</source><target state="final">le chat</target></trans-unit>
  </body>
 </file>
</xliff>
"""


# the same file with its first unit in the toy language xx (English spelled backwards)
XLIFF12_XX = XLIFF12.replace(b'source-language="en"', b'source-language="xx"').replace(
    b'<source>the <g id="1">cat</g> and <x id="2"/>the dog</source>',
    b'<source>eht <g id="1">tac</g> dna <x id="2"/>eht god</source>')


def test_xliff12_targets_states_and_untouched_units(reverse_press: Press, tmp_path) -> None:
    path = tmp_path / "a.xlf"
    path.write_bytes(XLIFF12_XX)
    doc = Document.read(path)
    assert doc.to_bytes() == XLIFF12_XX
    assert [s.text for s in doc.segments] == ['eht <g id="1">tac</g> dna <x id="2"/>eht god']
    out = reverse_press.translate(doc, ["en"])["en"].to_bytes()
    root = etree.fromstring(out)
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    assert root.find("x:file", ns).get("target-language") == "en"
    units = root.findall(".//x:trans-unit", ns)
    target = units[0].find("x:target", ns)
    assert target.get("state") == "translated"
    assert target.get(f"{{{XML_NS}}}lang") == "en"
    assert etree.tostring(target, encoding="unicode").count('id="') == 2
    assert "".join(target.itertext()) == "the cat and the dog"
    assert units[1].find("x:target", ns) is None
    assert units[2].find("x:target", ns).text == "le chat"
    # everything else is byte for byte the input: only the target and target-language were added
    added = re.search(rb"\n +<target [^>]*>.*?</target>", out)
    assert added is not None
    rest = out[: added.start()] + out[added.end():]
    assert rest.replace(b' target-language="en"', b"") == XLIFF12_XX


def test_xliff_qa_flagged_segments_need_review() -> None:
    doc = Document.from_text(XLIFF12.decode(), "xliff")
    new = doc.replace_segments({0: doc.segments[0].text.upper()})
    flagged = dataclasses.replace(new, lang="pt", review=frozenset({0}))
    assert b'state="needs-review-translation"' in flagged.to_bytes()


def test_xliff2_segment_state_and_trglang() -> None:
    data = ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">'
            '<file id="f"><unit id="u"><segment><source>Press <pc id="1">here</pc>.</source>'
            "</segment></unit></file></xliff>")
    doc = Document.from_text(data, "xliff")
    out = dataclasses.replace(doc.replace_segments({0: "Prima <pc id=\"1\">aqui</pc>."}),
                              lang="pt").to_bytes().decode()
    assert 'trgLang="pt"' in out
    assert '<segment state="translated">' in out
    assert '<target>Prima <pc id="1">aqui</pc>.</target></segment>' in out


def test_xliff_refuses_entities_and_bad_xml() -> None:
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaa">]><xliff version="1.2"><file/></xliff>'
    with pytest.raises(FormatError, match="entities"):
        Document.from_text(bomb, "xliff")
    with pytest.raises(InputError, match="not well-formed"):
        Document.from_text('<xliff version="1.2"><file></xliff>', "xliff")


PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: app.py:3
#, python-format
msgctxt "menu"
msgid "the cat of %(name)s"
msgstr ""

msgid "one cat"
msgid_plural "%d cats"
msgstr[0] ""
msgstr[1] ""

msgid "the dog"
msgstr "le chien"
'''


def test_po_msgstr_fuzzy_plurals_from_cldr_and_untouched_entries(press: Press, tmp_path) -> None:
    path = tmp_path / "m.po"
    path.write_text(PO, "utf-8")
    doc = Document.read(path)
    assert [s.text for s in doc.segments] == ["the cat of %(name)s", "one cat", "%d cats"]
    result = press.translate(doc, ["yy"])
    out = tmp_path / "m.yy.po"
    result["yy"].write(out)
    catalog = polib.pofile(str(out))
    first = catalog.find("the cat of %(name)s", msgctxt="menu")
    assert first.msgstr == "THE CAT OF %(name)s"
    assert "fuzzy" in first.flags
    assert first.occurrences == [("app.py", "3")]
    assert catalog.find("the dog").msgstr == "le chien"
    # the plural count of the target language comes from CLDR (babel): Russian has three forms
    ru = dataclasses.replace(result["yy"], lang="ru").to_bytes().decode()
    assert "msgstr[2]" in ru
    assert "nplurals=3" in ru


def test_json_values_only_and_icu_syntax_protected() -> None:
    text = json.dumps({"a": {"b": "the cat"}, "n": "{count, plural, one {# cat} other {# cats}}",
                       "k": 3})
    doc = Document.from_text(text, "json")
    assert [s.text for s in doc.segments] == ["the cat", "{count, plural, one {# cat} other {# cats}}"]
    protected = [p.span.slice(doc.text) for p in doc.segments[1].protected]
    assert protected == ["{count, plural, one {", "#", "} other {", "#", "}}"]
    new = doc.replace_segments({0: 'o "gato"'})
    assert json.loads(new.to_bytes()) == {"a": {"b": 'o "gato"'}, "n": json.loads(text)["n"], "k": 3}


def test_chrome_messages_and_arb() -> None:
    chrome = '{"hi": {"message": "the cat", "description": "the dog"}}'
    assert [s.text for s in Document.from_text(chrome, "json").segments] == ["the cat"]
    arb = '{"@@locale": "en", "hi": "the cat", "@hi": {"description": "the dog"}}'
    doc = Document.from_text(arb, "json")
    assert [s.text for s in doc.segments] == ["the cat"]
    out = dataclasses.replace(doc.replace_segments({0: "o gato"}), lang="pt-BR").to_bytes()
    assert json.loads(out)["@@locale"] == "pt_BR"


SRT = """1
00:00:01,000 --> 00:00:03,000
the cat and the dog went

2
00:00:03,500 --> 00:00:06,000
to the house of the cat.

3
00:00:07,000 --> 00:00:08,000
The end.
"""


def test_srt_sentence_over_cues_is_one_segment_split_back_in_proportion(press: Press) -> None:
    doc = Document.from_text(SRT, "srt")
    assert [s.text.count("-->") for s in doc.segments] == [1, 0]
    out = press.translate(doc, ["yy"])["yy"].text
    lines = out.splitlines()
    assert [line for line in lines if "-->" in line] == [line for line in SRT.splitlines()
                                                         if "-->" in line]
    assert lines[2] == "THE CAT AND THE DOG went"
    assert lines[6] == "TO THE HOUSE OF THE CAT."


def test_subtitle_lines_are_wrapped_to_the_limit() -> None:
    doc = Document.from_text(SRT, "srt", options=ReadOptions(line_length=12))
    out = doc.replace_segments({1: "The end of a very long story."}).text
    cue = out.split("\n\n")[2].splitlines()[2:]
    assert cue == ["The end of a", "very long", "story."]


def test_vtt_header_and_notes_are_skeleton() -> None:
    vtt = ("WEBVTT\n\nNOTE the cat\n\n00:01.000 --> 00:02.000 align:start\n"
           "<v Bob>the cat &amp; <i>dog</i>.\n")
    doc = Document.from_text(vtt, "vtt")
    segment = doc.segments[0]
    assert segment.text == "the cat &amp; <i>dog</i>."  # the voice tag at the edge is skeleton
    assert [p.span.slice(doc.text) for p in segment.protected] == ["&amp;", "<i>", "</i>"]


def test_latin1_file_is_told_its_likely_encoding(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Le café est très bon, à côté de la gare. Déjà vu.\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        Document.read(path)
    message = str(caught.value)
    assert "cp1251" not in message
    assert ("latin-1" in message or "cp1252" in message)
    doc = Document.read(path, options=ReadOptions(encoding="latin-1"))
    assert doc.segments[0].text.startswith("Le café")


def _word_file(path) -> None:  # type: ignore[no-untyped-def]
    import docx

    document = docx.Document()
    document.add_heading("the cat", 1)
    paragraph = document.add_paragraph("the cat and ")
    paragraph.add_run("the dog").bold = True
    paragraph.add_run(" went\tto the house.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "the cat"
    table.cell(0, 1).text = "the dog"
    document.sections[0].header.paragraphs[0].text = "the house"
    document.sections[0].footer.paragraphs[0].text = "the dog"
    document.add_comment(paragraph.runs[0], text="the cat", author="ed")
    document.save(str(path))


def test_docx_runs_merged_formatting_mapped_back_everywhere(press: Press, tmp_path) -> None:
    import docx

    source = tmp_path / "a.docx"
    _word_file(source)
    doc = Document.read(source)
    assert doc.to_bytes() == source.read_bytes()
    texts = [s.text for s in doc.segments]
    assert "the cat and <x1/><x2/><g1>the dog</g1> went<x3/>to the house." in texts
    out = tmp_path / "a.yy.docx"
    press.translate(doc, ["yy"])["yy"].write(out)
    word = docx.Document(str(out))
    assert word.paragraphs[0].text == "THE CAT"
    runs = [(r.text, bool(r.bold)) for r in word.paragraphs[1].runs if r.text]  # not the comment mark
    assert runs == [("THE CAT AND ", False), ("THE DOG", True), (" went", False),
                    ("\t", False), ("TO THE HOUSE.", False)]
    assert [c.text for c in word.tables[0].rows[0].cells] == ["THE CAT", "THE DOG"]
    assert word.sections[0].header.paragraphs[0].text == "THE HOUSE"
    assert word.sections[0].footer.paragraphs[0].text == "THE DOG"
    assert [c.text for c in word.comments] == ["THE CAT"]


def test_docx_from_text_and_bad_packages_are_clear_errors(tmp_path) -> None:
    with pytest.raises(InputError, match="binary format"):
        Document.from_text("x", "docx")
    bad = tmp_path / "b.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a zip"):
        Document.read(bad)
