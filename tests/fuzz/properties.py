"""Properties every public entry point keeps on any input, shared by the suite and ``bench/fuzz.py``.

Each ``check_*`` function takes generated input and asserts what must hold for
all of it: the entry point either answers, or raises a
:class:`~polyglot_press.errors.PolyglotPressError` (a clear error); never
another exception, never a changed text it cannot account for. The suite runs
them at a modest number of examples (``tests/fuzz/test_properties.py``);
``bench/fuzz.py`` runs them for a time budget.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import polyglot_press as pp
from polyglot_press.errors import PolyglotPressError

# text that mixes the scripts, compatibility forms and controls the library deals with
_ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАВЕКМНОРСТХ"
    "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
    "αβγδεζηθικλμνξοπρστυφχψωΑΒΕΗΙΚΜΝΟΡΤΧ"
    "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ"
    "ＡＢＣＴａｂｃⅠⅡⅤⅩⅬⅭⅮⅯɡɑʀᴀꜱ𝐀𝐁𝐚"
    "0123456789٠١٢٣"
    " \t\n\r.,;:!?\"'«»“”()[]{}-–—/@#*_`<>&=+%"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u061c"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
    "\u0301\u0308\u0307"
)
#: text made of the characters above, plus any other code point now and then
mixed_text = st.text(
    alphabet=st.one_of(st.sampled_from(_ALPHABETS), st.characters(blacklist_categories=("Cs",))),
    max_size=200,
)
#: any string at all, lone surrogates and NULs included
any_text = st.text(max_size=200)
LANGS = ("en", "ru", "kk", "uk", "hy", "de", "fr", "pt", "cs")


def _clear(exc: BaseException) -> None:
    assert isinstance(exc, PolyglotPressError), f"{type(exc).__name__}: {exc}"
    assert str(exc), "an error must say what is wrong"


def check_document_round_trip(text: str, fmt: str) -> None:
    """A document reads and writes back byte for byte, or is refused clearly."""
    try:
        doc = pp.Document.from_text(text, format=fmt)
    except Exception as exc:
        _clear(exc)
        return
    body = text[1:] if text.startswith("\ufeff") else text
    assert doc.text == body
    assert doc.to_bytes() == text.encode("utf-8")
    for segment in doc.iter_segments():
        assert segment.span.slice(doc.text) == segment.text


def check_scan(text: str) -> None:
    """Findings lie inside the text and show what they point at."""
    try:
        findings = pp.scan(text)
    except Exception as exc:
        _clear(exc)
        return
    for finding in findings:
        assert 0 <= finding.span.start <= finding.span.end <= len(text)


def check_repair_replays(text: str) -> None:
    """A repair is exactly its changes: replaying them gives the result, undoing them the input."""
    try:
        fixed = pp.repair(text)
    except Exception as exc:
        _clear(exc)
        return
    assert pp.apply_changes(text, list(fixed.changes)) == fixed.text
    assert pp.undo_changes(fixed.text, list(fixed.changes)) == text


def check_detect(text: str) -> None:
    """A language guess is a code, and the same text always gets the same one."""
    try:
        first = pp.detect_language(text)
    except Exception as exc:
        _clear(exc)
        return
    assert isinstance(first.lang, str)
    assert first.lang
    assert pp.detect_language(text).lang == first.lang


def check_transliterate(text: str, lang: str) -> None:
    """Transliteration answers with text, or refuses clearly."""
    try:
        out = pp.transliterate(text, lang)
    except Exception as exc:
        _clear(exc)
        return
    assert isinstance(out, str)


def check_normalize_names(text: str, glossary: pp.Glossary, lang: str) -> None:
    """Name normalization is exactly its changes."""
    try:
        result = pp.normalize_names(text, glossary, lang=lang)
    except Exception as exc:
        _clear(exc)
        return
    assert pp.apply_changes(text, list(result.changes)) == result.text
    assert pp.undo_changes(result.text, list(result.changes)) == text


def check_glossary_reader(data: bytes, suffix: str) -> None:
    """Any bytes given as a glossary file load, or are refused with a clear error."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"g{suffix}"
        path.write_bytes(data)
        try:
            glossary = pp.Glossary.load(path)
        except Exception as exc:
            _clear(exc)
            return
        assert isinstance(glossary, pp.Glossary)


def check_report_reader(data: str) -> None:
    """Any JSON given as a report loads, or is refused with a clear error."""
    try:
        report = pp.Report.from_json(data)
    except Exception as exc:
        _clear(exc)
        return
    assert json.loads(report.to_json()) == json.loads(pp.Report.from_json(report.to_json()).to_json())


#: JSON values shaped roughly like reports, to get past the first checks
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["version", "documents", "path", "stages", "name", "findings",
                                       "changes", "data", "span", "format", "lang", "kind"])
                      | st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)


def _yaml_scalar(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


@st.composite
def glossary_files(draw: st.DrawFn) -> tuple[bytes, str]:
    """Glossary files shaped like the real thing (YAML, CSV, TBX), then cut or mangled now and then."""
    terms = draw(st.lists(st.tuples(st.sampled_from(LANGS), mixed_text), min_size=1, max_size=4))
    kind = draw(st.sampled_from(["yaml", "csv", "tbx"]))
    if kind == "yaml":
        lines = ["glossary:", "  name: fuzz", "concepts:", f"  - id: {_yaml_scalar(draw(mixed_text))}",
                 "    terms:"]
        lines += [f"      {lang}: {_yaml_scalar(term)}" for lang, term in terms]
        body, suffix = "\n".join(lines) + "\n", ".yaml"
    elif kind == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([lang for lang, _ in terms])
        writer.writerow([term for _, term in terms])
        body, suffix = out.getvalue(), ".csv"
    else:
        from xml.sax.saxutils import escape, quoteattr

        sets = "".join(f"<langSet xml:lang={quoteattr(lang)}><tig><term>{escape(term)}</term></tig></langSet>"
                       for lang, term in terms)
        body = ('<?xml version="1.0" encoding="UTF-8"?><martif type="TBX" xml:lang="en"><text><body>'
                f"<termEntry id=\"c1\">{sets}</termEntry></body></text></martif>")
        suffix = ".tbx"
    data = body.encode("utf-8", "surrogatepass")
    cut = draw(st.one_of(st.none(), st.integers(0, len(data))))
    if cut is not None:
        data = data[:cut] + draw(st.binary(max_size=8))
    return data, suffix


# ------------------------------------------------------------------ document formats
#
# Each format gets documents that are valid by construction (built from the
# generated text with that format's own escaping), sometimes cut or with a few
# bytes changed; and any bytes at all. The property is the same for both: the
# reader gives a document, which writes back the very bytes it was read from
# (untranslated), or refuses with a PolyglotPressError; never another
# exception.

def _xml_char(ch: str) -> bool:
    code = ord(ch)
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF) and ch != "\x1d"


#: text XML can hold (no C0 controls but tab and newlines, no surrogates, no U+FFFE/FFFF)
xml_text = mixed_text.map(lambda s: "".join(ch for ch in s if _xml_char(ch)))
#: one line of text (no newline), for subtitles and PO strings
line_text = xml_text.map(lambda s: " ".join(s.split()) or "x")
#: suffix of each reader the fuzzer drives
DOCUMENT_SUFFIXES = (".html", ".xlf", ".po", ".json", ".arb", ".srt", ".vtt", ".docx", ".md",
                     ".txt", ".tmx")


def check_document_bytes(data: bytes, suffix: str) -> None:
    """Any bytes read as a document of ``suffix`` give a document that writes back
    those bytes untranslated, or a clear error (a TMX file: an import that
    stores rows or nothing)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(data)
        if suffix == ".tmx":
            _check_tmx(path)
            return
        try:
            document = pp.Document.read(path)
        except Exception as exc:
            _clear(exc)
            return
        assert document.to_bytes() == data
        for segment in document.iter_segments():
            assert segment.span.slice(document.text) == segment.text


def check_valid_document(data: bytes, suffix: str) -> None:
    """A valid document is read, and written back untranslated byte for byte; a valid
    TMX file is imported whole."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(data)
        if suffix == ".tmx":
            from polyglot_press.tm import TranslationMemory
            from polyglot_press.tm.tmx import import_file

            memory = TranslationMemory(Path(folder) / "tm.sqlite")
            try:
                result = import_file(memory, path)
                assert memory.stats().human == result.human
                assert result.human == len(_tmx_pairs(data)), result
            finally:
                memory.close()
            return
        document = pp.Document.read(path)
        assert document.to_bytes() == data
        for segment in document.iter_segments():
            assert segment.span.slice(document.text) == segment.text


def _tmx_pairs(data: bytes) -> set[str]:
    """The distinct sources of the units of a TMX file with text on both sides."""
    from lxml import etree

    from polyglot_press.tm._schema import normalize_segment

    pairs = set()
    for tu in etree.fromstring(data).iter("tu"):
        source, target = ("".join(seg.itertext()) for seg in tu.iter("seg"))
        if normalize_segment(source) and target.strip():
            pairs.add(normalize_segment(source))
    return pairs


def _check_tmx(path: Path) -> None:
    from polyglot_press.tm import TranslationMemory
    from polyglot_press.tm.tmx import import_file

    memory = TranslationMemory(path.with_suffix(".sqlite"))
    try:
        before = memory.stats()
        try:
            result = import_file(memory, path)
        except Exception as exc:
            _clear(exc)
            after = memory.stats()
            assert (after.human, after.entries) == (before.human, before.entries)
            return
        assert memory.stats().human <= before.human + result.human
    finally:
        memory.close()


def _attr(value: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(value)


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    """HTML pages: headings, paragraphs, lists, links, attributes, entities, comments."""
    parts = ["<!DOCTYPE html>\n<html lang=\"en\"><head><title>", _escape(draw(line_text)),
             "</title></head><body>\n"]
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["p", "h2", "ul", "blockquote", "a", "img", "comment",
                                     "script", "div"]))
        text = _escape(draw(xml_text))
        if kind == "ul":
            items = draw(st.lists(xml_text, max_size=4))
            close = draw(st.booleans())
            parts.append("<ul>" + "".join(f"<li>{_escape(i)}" + ("</li>" if close else "")
                                         for i in items) + "</ul>\n")
        elif kind == "a":
            parts.append(f"<p><a href={_attr(draw(line_text))} title={_attr(draw(line_text))}>"
                         f"{text}</a> &amp; &#x263A; &nbsp;</p>\n")
        elif kind == "img":
            parts.append(f"<img alt={_attr(draw(xml_text))} src=\"a.png\">\n")
        elif kind == "comment":
            parts.append(f"<!-- {text.replace('--', '- -')} -->\n")
        elif kind == "script":
            parts.append(f"<script>var s = {json.dumps(draw(line_text))};</script>\n")
        else:
            parts.append(f"<{kind}>{text}</{kind}>\n")
    parts.append("</body></html>\n")
    return "".join(parts)


@st.composite
def xliff_documents(draw: st.DrawFn) -> str:
    """XLIFF 1.2 or 2.0 files: units with inline codes, some with targets, notes, translate=no."""
    version = draw(st.sampled_from(["1.2", "2.0"]))
    units = []
    for n in range(draw(st.integers(0, 5))):
        text = _escape(draw(xml_text))
        code = draw(st.sampled_from(["", "<ph id=\"1\">{0}</ph>", "<x id=\"2\"/>",
                                     "<g id=\"3\">bold</g>", "<pc id=\"4\">b</pc>"]))
        if version == "2.0" and code.startswith(("<ph", "<x", "<g")):
            code = "<ph id=\"1\"/>"
        if version == "1.2" and code.startswith("<pc"):
            code = ""
        source = text + code
        target = draw(st.sampled_from(["", "<target/>", f"<target state=\"final\">{text}</target>"]))
        skip = draw(st.sampled_from(["", " translate=\"no\""]))
        if version == "1.2":
            units.append(f"    <trans-unit id=\"u{n}\"{skip}>\n      <source>{source}</source>"
                         f"{target}\n    </trans-unit>\n")
        else:
            target = target.replace(' state="final"', "")
            units.append(f"    <unit id=\"u{n}\"{skip}><segment><source>{source}</source>"
                         f"{target}</segment></unit>\n")
    if version == "1.2":
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n  <file source-language="en" '
                'datatype="plaintext" original="f">\n  <body>\n' + "".join(units)
                + "  </body>\n  </file>\n</xliff>\n")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" '
            'xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en">\n  <file id="f">\n'
            + "".join(units) + "  </file>\n</xliff>\n")


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


@st.composite
def po_documents(draw: st.DrawFn) -> str:
    """PO catalogs: a header, entries with context, comments, flags, plurals, obsolete ones."""
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"']
    if draw(st.booleans()):
        lines.append('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"')
    lines.append("")
    for n in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            lines.append(f"#: src/file.c:{n}")
        if draw(st.booleans()):
            lines.append("#, c-format")
        if draw(st.booleans()):
            lines.append(f"msgctxt {_po_string(draw(line_text))}")
        msgid = draw(line_text) + f" {n}"
        if draw(st.booleans()):
            lines += [f"msgid {_po_string(msgid)}", f"msgid_plural {_po_string(msgid + 's')}",
                      'msgstr[0] ""', 'msgstr[1] ""']
        else:
            lines += [f"msgid {_po_string(msgid)}",
                      f"msgstr {_po_string(draw(st.sampled_from(['', draw(line_text)])))}"]
        lines.append("")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline


@st.composite
def json_documents(draw: st.DrawFn) -> str:
    """JSON i18n files: nested keys, i18next, Chrome messages.json and ARB, any indentation."""
    keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_.", min_size=1, max_size=8)
    style = draw(st.sampled_from(["nested", "chrome", "arb"]))
    strings = st.one_of(xml_text, st.just("{count, plural, one {# file} other {# files}}"),
                        st.just("Hello {{name}}"))
    value: object
    if style == "chrome":
        value = draw(st.dictionaries(keys, st.fixed_dictionaries(
            {"message": strings}, optional={"description": xml_text}), max_size=4))
    elif style == "arb":
        entries = draw(st.dictionaries(keys.filter(lambda k: not k.startswith("@")), strings,
                                       max_size=4))
        value = {"@@locale": "en", **entries,
                 **{f"@{k}": {"description": "d"} for k in list(entries)[:1]}}
    else:
        value = draw(st.recursive(strings | st.integers() | st.booleans(),
                                  lambda inner: st.dictionaries(keys, inner, max_size=3)
                                  | st.lists(inner, max_size=3), max_leaves=8))
        if not isinstance(value, (dict, list)):
            value = {"key": value}
    indent = draw(st.sampled_from([None, 2, 4, "\t"]))
    return json.dumps(value, indent=indent, ensure_ascii=draw(st.booleans())) + "\n"


def _timestamp(ms: int, vtt: bool) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{'.' if vtt else ','}{millis:03d}"


@st.composite
def subtitle_documents(draw: st.DrawFn, vtt: bool) -> str:
    """SRT or WebVTT files: numbered cues, one or two lines each, styling tags, notes."""
    blocks = ["WEBVTT"] if vtt else []
    start = 0
    for n in range(1, draw(st.integers(0, 6)) + 1):
        start += draw(st.integers(0, 5000))
        end = start + draw(st.integers(1, 5000))
        lines = draw(st.lists(line_text, min_size=1, max_size=2))
        if draw(st.booleans()):
            lines[0] = f"<i>{lines[0]}</i>"
        head = [] if vtt and draw(st.booleans()) else [str(n)]
        blocks.append("\n".join([*head, f"{_timestamp(start, vtt)} --> {_timestamp(end, vtt)}",
                                 *lines]))
        if vtt and draw(st.booleans()):
            blocks.append("NOTE " + draw(line_text))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return (newline * 2).join(blocks).replace("\n", newline) + newline


@st.composite
def docx_documents(draw: st.DrawFn) -> bytes:
    """Word packages: paragraphs of runs (bold, tabs, breaks, hyperlinks), a table, a header."""
    import io
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraphs = []
    for _ in range(draw(st.integers(0, 5))):
        runs = []
        for _ in range(draw(st.integers(1, 3))):
            props = draw(st.sampled_from(["", "<w:rPr><w:b/></w:rPr>", "<w:rPr><w:i/></w:rPr>"]))
            extra = draw(st.sampled_from(["", "<w:tab/>", "<w:br/>"]))
            runs.append(f'<w:r>{props}<w:t xml:space="preserve">{_escape(draw(xml_text))}</w:t>'
                        f"{extra}</w:r>")
        paragraphs.append("<w:p>" + "".join(runs) + "</w:p>")
    if draw(st.booleans()):
        paragraphs.append(f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{_escape(draw(xml_text))}</w:t>"
                          "</w:r></w:p></w:tc></w:tr></w:tbl>")
    body = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{w}">'
            f"<w:body>{''.join(paragraphs)}<w:sectPr/></w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/content-types"/>')
        package.writestr("word/document.xml", body)
        if draw(st.booleans()):
            package.writestr("word/header1.xml", f'<w:hdr xmlns:w="{w}"><w:p><w:r><w:t>'
                             f"{_escape(draw(xml_text))}</w:t></w:r></w:p></w:hdr>")
    return buffer.getvalue()


@st.composite
def tmx_documents(draw: st.DrawFn) -> str:
    """TMX 1.4 files: units with a source and a target, inline codes, props, a DOCTYPE."""
    units = []
    for _ in range(draw(st.integers(0, 5))):
        source, target = _escape(draw(xml_text)), _escape(draw(xml_text))
        code = draw(st.sampled_from(["", '<ph x="1">&lt;br/&gt;</ph>', '<bpt i="1">&lt;b&gt;</bpt>'
                                     'x<ept i="1">&lt;/b&gt;</ept>']))
        units.append(f'<tu><prop type="x-note">n</prop><tuv xml:lang="en"><seg>{source}{code}</seg>'
                     f'</tuv><tuv xml:lang="pt-BR"><seg>{target}</seg></tuv></tu>\n')
    doctype = draw(st.sampled_from(["", '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n']))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + '<tmx version="1.4">\n'
            '<header creationtool="fuzz" creationtoolversion="1" segtype="sentence" '
            'o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n'
            + "".join(units) + "</body>\n</tmx>\n")


@st.composite
def markdown_documents(draw: st.DrawFn) -> str:
    """Markdown: headings, lists, quotes, code fences, links, tables, front matter."""
    blocks = []
    if draw(st.booleans()):
        blocks.append(f"---\ntitle: {json.dumps(draw(line_text), ensure_ascii=False)}\n---")
    for _ in range(draw(st.integers(0, 6))):
        text = draw(line_text)
        blocks.append(draw(st.sampled_from([
            f"# {text}", f"- {text}\n- {text}", f"> {text}", f"```\n{text}\n```",
            f"[{text}](https://example.com)", f"| a | b |\n|---|---|\n| {text} | x |", text])))
    return "\n\n".join(blocks) + "\n"


def _mangled(data: bytes, draw: st.DrawFn) -> bytes:
    """``data``, or now and then cut short or with a few bytes changed."""
    how = draw(st.sampled_from(["keep", "keep", "cut", "flip"]))
    if how == "cut" and data:
        return data[: draw(st.integers(0, len(data) - 1))] + draw(st.binary(max_size=4))
    if how == "flip" and data:
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 3))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        return bytes(out)
    return data


_BUILDERS: dict[str, st.SearchStrategy[Any]] = {
    ".html": html_documents(), ".xlf": xliff_documents(), ".po": po_documents(),
    ".json": json_documents(), ".arb": json_documents(), ".srt": subtitle_documents(False),
    ".vtt": subtitle_documents(True), ".docx": docx_documents(), ".md": markdown_documents(),
    ".txt": xml_text, ".tmx": tmx_documents(),
}


@st.composite
def valid_documents(draw: st.DrawFn, suffix: str) -> bytes:
    """A document of the format of ``suffix``, valid by construction, as its file's bytes."""
    built = draw(_BUILDERS[suffix])
    return built if isinstance(built, bytes) else built.encode("utf-8")


@st.composite
def damaged_documents(draw: st.DrawFn, suffix: str) -> bytes:
    """A valid document of that format, cut short or with a few bytes changed now and then."""
    return _mangled(draw(valid_documents(suffix)), draw)
