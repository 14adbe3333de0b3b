"""TMX 1.4b export and import; XLIFF and PO imports; human rows first; fuzzy matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from polyglot_press.errors import FormatError
from polyglot_press.tm import CachedEngine, TranslationMemory, export_tmx, import_file

from .engines import Reversing

DATA = Path(__file__).resolve().parent.parent / "data" / "tm"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def tm(tmp_path: Path) -> TranslationMemory:
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    yield memory
    memory.close()


def test_okapi_tmx_imports_as_human_rows(tm: TranslationMemory) -> None:
    result = import_file(tm, DATA / "okapi-tmxtest-attributes.tmx")
    # nine units, seven of them the same source: one row per source segment and pair
    assert (result.human, result.machine, result.skipped) == (3, 0, ())
    assert tm.stats().human == 3
    assert tm.stats().entries == 0  # nothing goes among the machine rows
    got = tm.lookup_human("en", "fr", [
        "Close the <b>application</b>.",
        "Test char: &=amp, <=lt, '=apos, \"=quot",
        "One entry in the TM.",
        "Not in the file.",
    ])
    assert got[0] == "Fermer <b>l'application</b>."  # inline codes keep their native text
    assert got[1] == "Test charactères: &=amp, <=lt, '=apos, \"=quot"
    # seven candidates, no dates: the merge rule picks the same one whatever the order
    assert got[2] == "Une entrée dans la MT (no file, no group)"
    assert got[3] is None
    assert tm.lookup_human("en", "de", ["One entry in the TM."]) == [None]


def test_okapi_paragraph_tmx_with_placeholders(tm: TranslationMemory) -> None:
    result = import_file(tm, DATA / "okapi-paragraph-tm.tmx")
    assert result.human == 4
    [row] = [r for r in tm.iter_rows() if "Pumps" in str(r[3])]
    assert row[1:3] == ("en-US", "de-DE")  # tags in BCP 47 case
    assert row[5] == "tmx:okapi-paragraph-tm.tmx"
    assert tm.lookup_human("en-US", "de-DE", ["Touch Retry to resume the procedure."]) == [
        "Zur Fortsetzung des Verfahrens 'Wiederholen' drücken."]


def _fill(tm: TranslationMemory) -> None:
    tm.store_human("en", "pt-BR", [
        ("The <b>OSCE</b> & the \"UN\" agree.", "A <b>OSCE</b> e a \"ONU\" concordam."),
        ("Emoji 🎉 and Arabic", "Emoji 🎉 e árabe: مرحبا"),
    ], origin="desk review")
    tm.store_human("en", "ru", [("Kyiv", "Киев")], origin="style guide")
    tm.store("bergamot[enpt-1]", "en", "pt", [("The cat sleeps.", "O gato dorme.")])
    tm.store("bergamot[enpt-1]", "en", "pt", [("Meet ZXQ1 today.", "Conheça ZXQ1 hoje.")],
             glossary="sha256:abc")


def _structure_problems(path: Path) -> list[str]:
    """TMX 1.4b structure, element by element as the DTD states it."""
    problems: list[str] = []
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    if root.tag != "tmx" or root.get("version") != "1.4":
        problems.append("root is not <tmx version='1.4'>")
    children = [c.tag for c in root]
    if children != ["header", "body"]:
        problems.append(f"<tmx> holds {children}, not header, body")
    header = root.find("header")
    required = ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang",
                "srclang", "datatype")
    for name in required:
        if header is None or not header.get(name):
            problems.append(f"<header> lacks {name}")
    if header is not None and header.get("segtype") not in ("block", "paragraph", "sentence",
                                                            "phrase"):
        problems.append("bad segtype")
    for tu in root.iter("tu"):
        tags = [c.tag for c in tu]
        first_tuv = tags.index("tuv") if "tuv" in tags else len(tags)
        if any(t not in ("note", "prop") for t in tags[:first_tuv]) or any(
                t != "tuv" for t in tags[first_tuv:]) or first_tuv == len(tags):
            problems.append(f"<tu> line {tu.sourceline} holds {tags}")
        for prop in tu.findall("prop"):
            if not prop.get("type"):
                problems.append("<prop> without type")
        for tuv in tu.findall("tuv"):
            if not tuv.get(XML_LANG):
                problems.append(f"<tuv> line {tuv.sourceline} without xml:lang")
            if [c.tag for c in tuv if c.tag not in ("note", "prop")] != ["seg"]:
                problems.append(f"<tuv> line {tuv.sourceline} without exactly one <seg>")
    return problems


def test_export_is_valid_tmx_that_translate_toolkit_reads(tm: TranslationMemory,
                                                          tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    _fill(tm)
    out = tmp_path / "backup.tmx"
    result = export_tmx(tm, out)
    assert (result.units, result.skipped) == (5, ())
    assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE tmx")
    assert _structure_problems(out) == []
    store = tmxfile.parsefile(str(out))
    pairs = {(u.source, u.target) for u in store.units}
    assert ("The <b>OSCE</b> & the \"UN\" agree.",
            "A <b>OSCE</b> e a \"ONU\" concordam.") in pairs
    assert ("Emoji 🎉 and Arabic", "Emoji 🎉 e árabe: مرحبا") in pairs
    assert ("Kyiv", "Киев") in pairs
    assert ("The cat sleeps.", "O gato dorme.") in pairs
    assert len(store.units) == 5


def test_export_then_import_restores_every_row(tm: TranslationMemory, tmp_path: Path) -> None:
    _fill(tm)
    out = tmp_path / "backup.tmx"
    export_tmx(tm, out)
    with TranslationMemory(tmp_path / "restored.sqlite3") as restored:
        result = import_file(restored, out)
        assert (result.human, result.machine) == (3, 2)

        def comparable(memory: TranslationMemory) -> list[tuple[object, ...]]:
            # TMX dates have whole seconds: compare every field but the times
            return sorted((r[0], *r[1:6]) for r in memory.iter_rows())

        assert comparable(restored) == comparable(tm)
        # machine rows stay keyed by engine and glossary
        assert restored.lookup("bergamot[enpt-1]", "en", "pt", ["Meet ZXQ1 today."],
                               "sha256:abc") == ["Conheça ZXQ1 hoje."]
        assert restored.lookup("bergamot[enpt-1]", "en", "pt", ["Meet ZXQ1 today."]) == [None]
    human_only = tmp_path / "human.tmx"
    assert export_tmx(tm, human_only, human_only=True).units == 3
    assert b"x-polyglot-press-engine" not in human_only.read_bytes()


def test_export_reports_text_xml_cannot_hold(tm: TranslationMemory, tmp_path: Path) -> None:
    tm.store_human("en", "pt", [("bell \x07 here", "sino"), ("fine", "bem")])
    result = export_tmx(tm, tmp_path / "out.tmx")
    assert result.units == 1
    assert len(result.skipped) == 1
    assert "bell" in result.skipped[0]


def test_malformed_files_are_clear_errors_and_store_nothing(tm: TranslationMemory,
                                                            tmp_path: Path) -> None:
    broken = tmp_path / "broken.tmx"
    broken.write_text('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/>\n<body>\n'
                      '<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="pt"><seg>b</seg>'
                      '</tuv></tu>\n<tu><tuv xml:lang="en"><seg>c</tuv></tu></body></tmx>',
                      encoding="utf-8")
    with pytest.raises(FormatError, match=r"broken\.tmx:5: not well-formed XML"):
        import_file(tm, broken)
    assert tm.stats().human == 0
    other = tmp_path / "other.tmx"
    other.write_text("<xliff/>", encoding="utf-8")
    with pytest.raises(FormatError, match="not <tmx>"):
        import_file(tm, other)
    with pytest.raises(FormatError, match="not a TMX, XLIFF, PO or SQLite"):
        import_file(tm, DATA / "README.md")


def test_units_without_a_usable_pair_are_reported_not_lost(tm: TranslationMemory,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "mixed.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en" creationtool="x" '
        'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/>'
        '<body>\n<tu><tuv xml:lang="en"><seg>only one side</seg></tuv></tu>\n'
        '<tu srclang="de"><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="pt"><seg>b</seg>'
        '</tuv></tu>\n<tu><tuv xml:lang="en"><seg>good</seg></tuv><tuv xml:lang="pt"><seg>bom'
        '</seg></tuv><tuv xml:lang="es"><seg>bueno</seg></tuv></tu>\n</body></tmx>',
        encoding="utf-8")
    result = import_file(tm, path)
    assert result.human == 2  # good -> pt and good -> es
    assert [s.split(": ", 1)[1] for s in result.skipped] == [
        "no translation (one <tuv> only)", "no <tuv> in the source language de"]
    assert all(s.startswith(f"{path}:") for s in result.skipped)
    assert tm.lookup_human("en", "es", ["good"]) == ["bueno"]


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="en" target-language="pt-BR" datatype="plaintext">
    <body>
      <trans-unit id="1"><source>Final one.</source>
        <target state="final">Final, um.</target></trans-unit>
      <trans-unit id="2"><source>Review me.</source>
        <target state="needs-review-translation">Revise.</target></trans-unit>
      <trans-unit id="3"><source>Bold <g id="b">word</g>.</source>
        <target state="final">Palavra <g id="b">forte</g>.</target></trans-unit>
      <trans-unit id="4" translate="no"><source>Code</source>
        <target state="final">Código</target></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">
  <file id="f1">
    <unit id="u1">
      <segment state="final"><source>Good morning.</source><target>Guten Morgen.</target></segment>
      <segment state="translated"><source>Not yet.</source><target>Noch nicht.</target></segment>
    </unit>
  </file>
</xliff>
"""

PO = """msgid ""
msgstr ""
"Language: pt_BR\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Save file"
msgstr "Salvar arquivo"

#, fuzzy
msgid "Open file"
msgstr "Abrir ficheiro"

msgid "Untranslated"
msgstr ""

msgid "One item"
msgid_plural "%d items"
msgstr[0] "Um item"
msgstr[1] "%d itens"

#~ msgid "Old"
#~ msgstr "Velho"
"""


def test_xliff_final_targets_and_po_non_fuzzy_entries(tm: TranslationMemory,
                                                      tmp_path: Path) -> None:
    (tmp_path / "a.xlf").write_text(XLIFF12, encoding="utf-8")
    (tmp_path / "b.xliff").write_text(XLIFF20, encoding="utf-8")
    (tmp_path / "c.po").write_text(PO, encoding="utf-8")
    assert import_file(tm, tmp_path / "a.xlf").human == 2
    assert import_file(tm, tmp_path / "b.xliff").human == 1
    po = import_file(tm, tmp_path / "c.po")
    assert po.human == 1
    assert len(po.skipped) == 1
    assert "plural" in po.skipped[0]
    assert tm.lookup_human("en", "pt", ["Final one.", "Review me.", "Bold word.", "Code"]) == [
        "Final, um.", None, "Palavra forte.", None]
    assert tm.lookup_human("en", "de", ["Good morning.", "Not yet."]) == ["Guten Morgen.", None]
    assert tm.lookup_human("en", "pt-BR", ["Save file", "Open file", "Old"]) == [
        "Salvar arquivo", None, None]
    (tmp_path / "d.po").write_text('msgid "x"\nmsgstr "y"\n', encoding="utf-8")
    with pytest.raises(FormatError, match="no target language"):
        import_file(tm, tmp_path / "d.po")
    assert import_file(tm, tmp_path / "d.po", target="es").human == 1


def test_human_rows_are_used_first_as_exact_matches(tm: TranslationMemory) -> None:
    engine = Reversing()
    tm.store("reversing[v1]", "en", "pt", [("the cat", "MACHINE")])
    tm.store_human("en", "pt-BR", [("the cat", "o gato"), ("a  dog", "um cão")], origin="desk")
    cached = CachedEngine(engine, tm)
    out = cached.translate_batch(["the cat", " a dog ", "a bird"], "en", "pt")
    assert out == ["o gato", " um cão ", "bird a"]
    assert engine.asked == ["a bird"]
    assert (cached.hits, cached.human_hits, cached.misses) == (2, 2, 1)
    # human rows are not keyed by engine or glossary: any engine, any glossary finds them
    other = CachedEngine(Reversing(), tm, glossary="sha256:x")
    assert other.translate_batch(["the cat"], "en", "pt") == ["o gato"]


def test_a_tag_that_matches_exactly_wins(tm: TranslationMemory) -> None:
    tm.store_human("en", "pt-PT", [("bus", "autocarro")])
    tm.store_human("en", "pt-BR", [("bus", "ônibus")])
    assert tm.lookup_human("en", "pt-PT", ["bus"]) == ["autocarro"]
    assert tm.lookup_human("en", "pt-BR", ["bus"]) == ["ônibus"]
    assert tm.lookup_human("en", "pt", ["bus"]) == ["ônibus"]  # same length tags: tag order


def test_fuzzy_matches_are_offered_above_the_threshold(tm: TranslationMemory) -> None:
    tm.store_human("en", "pt", [
        ("The minister visited Kyiv on Monday.", "O ministro visitou Kyiv na segunda-feira."),
        ("The minister visited Lviv on Monday.", "O ministro visitou Lviv na segunda-feira."),
        ("The weather is fine.", "O tempo está bom."),
    ], origin="desk")
    tm.store_human("en", "de", [("The minister visited Kyiv on Monday.", "Der Minister ...")])
    [matches, none, exact] = tm.fuzzy("en", "pt-BR", [
        "The minister visited Kyiv on Tuesday.",
        "Completely different words here.",
        "The weather is fine.",
    ], threshold=80)
    assert [m.translation for m in matches] == ["O ministro visitou Kyiv na segunda-feira.",
                                                "O ministro visitou Lviv na segunda-feira."]
    assert matches[0].score > matches[1].score >= 80
    assert matches[0].to_dict()["origin"] == "desk"
    assert none == []
    assert exact == []  # an exact match is not a fuzzy one (lookup_human applies it)
    assert len(tm.fuzzy("en", "pt", ["The minister visited Kyiv on Tuesday."],
                        threshold=80, limit=1)[0]) == 1
    with pytest.raises(ValueError, match="threshold"):
        tm.fuzzy("en", "pt", ["x"], threshold=0)
