"""Files from public test suites (see data/README.md): exact round trip, then a
translation with the built test model checked by independent parsers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from lxml import etree
from lxml import html as lxml_html

from polyglot_press.document import Document
from polyglot_press.errors import InputError
from polyglot_press.press import Press

from .conftest import PUBLIC, SCHEMAS

REJECTED = {"Test02.po"}  # GNU msgfmt rejects it too (unknown keyword "TheDomain1")
FILES = sorted(p for p in PUBLIC.rglob("*")
               if p.suffix in {".xlf", ".po", ".html", ".json", ".srt", ".docx"}
               and p.name not in REJECTED)


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_untranslated_round_trip_is_byte_exact(path: Path) -> None:
    assert Document.read(path).to_bytes() == path.read_bytes()


def test_the_samples_cover_every_text_format() -> None:
    assert {p.suffix for p in FILES} == {".xlf", ".po", ".html", ".json", ".srt", ".docx"}
    assert len(FILES) >= 70


def _schema(version: str) -> etree.XMLSchema:
    name = "xliff_core_2.0.xsd" if version.startswith("2") else "xliff-core-1.2-transitional.xsd"
    text = (SCHEMAS / name).read_text("utf-8").replace(
        "informativeCopiesOf3rdPartySchemas/w3c/xml.xsd", "xml.xsd")
    return etree.XMLSchema(etree.XML(text.encode("utf-8"), base_url=str(SCHEMAS / name)))


def _codes(element: etree._Element) -> list[tuple[str, str | None]]:
    return [(etree.QName(e).localname, e.get("id")) for e in element.iter() if e is not element
            and isinstance(e.tag, str)]


def _check_xliff(source: bytes, output: bytes) -> int:
    before = etree.fromstring(source)
    after = etree.fromstring(output)
    version = after.get("version", "")
    schema = _schema(version)
    if schema.validate(before):
        assert schema.validate(after), schema.error_log
    ns = {"x": after.nsmap.get(None) or ""}
    unit = "segment" if version.startswith("2") else "trans-unit"
    targets = 0
    old_units = list(before.iter(f"{{{ns['x']}}}{unit}"))
    new_units = list(after.iter(f"{{{ns['x']}}}{unit}"))
    assert len(old_units) == len(new_units)
    for old, element in zip(old_units, new_units, strict=True):
        target = element.find("x:target", ns)
        previous = old.find("x:target", ns)
        if target is None or (previous is not None and "".join(previous.itertext()).strip()):
            continue  # no target, or a translation that was there already (never overwritten)
        targets += 1
        segmented = element.find("x:seg-source", ns)
        source_element = segmented if segmented is not None else element.find("x:source", ns)
        assert sorted(_codes(target), key=str) == sorted(_codes(source_element), key=str)
    # the independent reader (translate-toolkit, a test-time peer) sees the same targets
    from translate.storage import xliff, xliff2

    peer = xliff2.Xliff2File if version.startswith("2") else xliff.xlifffile
    assert len(peer.parsestring(output).units) == len(peer.parsestring(source).units)
    return targets


def _check_po(source: bytes, output: bytes, tmp_path: Path) -> int:
    out = tmp_path / "out.po"
    out.write_bytes(output)
    catalog = polib.pofile(str(out))
    translated = [e for e in catalog if e.msgstr or any(e.msgstr_plural.values())]
    from translate.storage import poparser, pypo

    try:
        pypo.pofile(source)
    except poparser.PoParseError:
        pass  # translate-toolkit cannot read the source either (msgstr[0] alone on its line)
    else:
        peer = pypo.pofile(output)
        assert len([u for u in peer.units if not u.isheader()]) == len(
            [e for e in catalog if not e.obsolete])
    before = polib.pofile(source.decode("utf-8"))
    untranslated = {(e.msgctxt, e.msgid) for e in before
                    if not e.msgstr and not any(e.msgstr_plural.values())}
    placeholder = re.compile(r"%(?:\([^)]+\))?[sdif]|\{[a-z0-9_]*\}")
    for entry in translated:
        if (entry.msgctxt, entry.msgid) in untranslated:
            assert "fuzzy" in entry.flags
            texts = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
            for text in texts:
                assert sorted(placeholder.findall(text)) in (
                    sorted(placeholder.findall(entry.msgid)),
                    sorted(placeholder.findall(entry.msgid_plural or "")))
    return len(translated)


def _tags(data: bytes) -> list[str]:
    tree = lxml_html.document_fromstring(data)
    return [e.tag for e in tree.iter() if isinstance(e.tag, str)]


def _check_html(source: bytes, output: bytes) -> int:
    assert _tags(output) == _tags(source)
    for tag in ("script", "style", "code", "pre"):
        before = [e.text_content() for e in lxml_html.document_fromstring(source).iter(tag)]
        after = [e.text_content() for e in lxml_html.document_fromstring(output).iter(tag)]
        assert before == after
    return len(_tags(output))


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _paths(v, (*prefix, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _paths(v, (*prefix, i))]
    return [prefix]


def _check_json(source: bytes, output: bytes) -> int:
    before, after = json.loads(source), json.loads(output)
    assert _paths(before) == _paths(after)
    return len(_paths(after))


_TIMING = re.compile(rb"^\d+:\d+:\d+[,.]\d+ --> .*$|^\d+\r?$", re.MULTILINE)


def _check_srt(source: bytes, output: bytes) -> int:
    assert _TIMING.findall(output) == _TIMING.findall(source)
    return len(_TIMING.findall(output))


def _check_docx(source: bytes, output: bytes, tmp_path: Path) -> int:
    import io
    import zipfile

    import docx

    out = tmp_path / "out.docx"
    out.write_bytes(output)
    before, after = docx.Document(io.BytesIO(source)), docx.Document(str(out))
    assert len(after.paragraphs) == len(before.paragraphs)
    assert len(after.tables) == len(before.tables)
    assert len(after.inline_shapes) == len(before.inline_shapes)
    for old, new in zip(before.paragraphs, after.paragraphs, strict=True):
        assert old.style.name == new.style.name
        assert len(new.hyperlinks) == len(old.hyperlinks)
        assert [h.address for h in new.hyperlinks] == [h.address for h in old.hyperlinks]
        bold = "".join(r.text for r in old.runs if r.bold)
        assert bool(bold.strip()) == bool("".join(r.text for r in new.runs if r.bold).strip())
    old_zip, new_zip = zipfile.ZipFile(io.BytesIO(source)), zipfile.ZipFile(out)
    assert old_zip.namelist() == new_zip.namelist()
    for name in old_zip.namelist():  # styles, numbering, images, settings: byte for byte
        if not re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml",
                            name):
            assert new_zip.read(name) == old_zip.read(name), name
    return len(after.paragraphs)


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_translation_is_valid_for_an_independent_parser(path: Path, press: Press,
                                                        tmp_path: Path) -> None:
    source = path.read_bytes()
    if path.suffix == ".xlf":
        # a file made for another target language is refused (see the next test): these
        # samples are made for fr/es/de, so their declared target language becomes yy
        source = re.sub(rb'(target-language|trgLang)=(["\'])[^"\']*["\']', rb'\1=\2yy\2', source)
        path = tmp_path / path.name
        path.write_bytes(source)
    doc = Document.read(path)
    result = press.translate(doc, ["yy"])
    output = result["yy"].to_bytes()
    if path.suffix == ".xlf":
        _check_xliff(source, output)
    elif path.suffix == ".po":
        _check_po(source, output, tmp_path)
    elif path.suffix == ".html":
        _check_html(source, output)
    elif path.suffix == ".json":
        _check_json(source, output)
    elif path.suffix == ".docx":
        _check_docx(source, output, tmp_path)
    else:
        _check_srt(source, output)
    if path.suffix in {".xlf", ".po", ".docx"} and any(any(c.isalpha() for c in s.text)
                                              for s in doc.segments):
        assert output != source  # targets / msgstr were written
    if path.suffix == ".html" and b"<html" in source.lower():
        assert lxml_html.document_fromstring(output).get("lang") == "yy"


def test_a_catalog_gnu_gettext_rejects_is_a_clear_error() -> None:
    path = PUBLIC / "okapi" / "Test02.po"
    with pytest.raises(InputError, match="not a PO line: 'domain TheDomain1") as caught:
        Document.read(path)
    assert "Test02.po:30:" in str(caught.value)


def test_an_xliff_file_for_another_target_language_is_refused(press: Press) -> None:
    from polyglot_press.errors import FormatError

    path = PUBLIC / "okapi" / "RB-12-Test02.xlf"  # target-language="fr"
    result = press.translate(Document.read(path), ["yy"])
    with pytest.raises(FormatError, match="is for fr"):
        result["yy"].to_bytes()
