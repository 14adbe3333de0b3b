"""End to end on the built toy argos models: Press, pivot xx -> en -> yy, n-best, memory.

The toy models translate word by word and copy what they do not know, so
every expected output below is exact: ``xx`` is English spelled backwards,
``yy`` is English in capitals.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from polyglot_press.document import Document
from polyglot_press.engines.argos import ArgosEngine
from polyglot_press.engines.base import BaseEngine
from polyglot_press.glossary import Glossary
from polyglot_press.press import Press
from polyglot_press.terminology import PlaceholderForm, TermLayer, translate_segments
from polyglot_press.text import Span


@pytest.fixture
def press(argos_engine: ArgosEngine, toy_glossary: Glossary) -> Press:
    return Press(glossaries=[toy_glossary], engine=argos_engine, source="xx", memory=False)


def test_raw_engine_ignores_the_glossary(argos_engine: ArgosEngine) -> None:
    # the baseline the layer improves on: the model says CITY, the glossary METROPOLIS
    assert argos_engine.translate_batch(["eht nam sees Owen Murphy ni eht ytic."], "xx", "yy") == [
        "THE MAN SEES Owen Murphy IN THE CITY."]


def test_pivot_keeps_terms(press: Press) -> None:
    doc = Document.from_text("eht nam sees Owen Murphy ni eht ytic.\n")
    result = press.translate(doc, targets=["yy", "en"])
    assert result["yy"].text == "THE MAN SEES Owen Murphy IN THE METROPOLIS.\n"
    assert result["en"].text == "the man sees Owen Murphy in the metropolis.\n"
    checks = result.checks("yy")
    assert [(c.concept, c.status, c.found) for c in checks] == [
        ("murphy", "exact", "Owen Murphy"), ("city", "exact", "METROPOLIS")]
    for check in checks:
        assert check.source_span is not None
        assert check.target_span is not None
        assert check.source_span.slice(result.source.text) == check.source_text
        assert check.target_span.slice(result["yy"].text) == check.found


def test_several_and_overlapping_terms_all_caps_and_punctuation(press: Press) -> None:
    doc = Document.from_text("eht EULB ESUOH, eht koob; OSCE ni eht ytic!\n")
    result = press.translate(doc, targets=["yy"])
    assert result["yy"].text == "THE BLUE HOUSE, THE VOLUME; OSCE IN THE METROPOLIS!\n"
    assert [c.status for c in result.checks()] == ["exact"] * 4


def test_markdown_structure_survives(press: Press) -> None:
    text = ("# eht ytic\n\neht nam sees **Owen Murphy** ni [eht ytic](https://example.org/ytic).\n\n"
            "```\neht ytic\n```\n\n- eht `ytic` koob\n")
    result = press.translate(Document.from_text(text, format="markdown"), targets=["yy"])
    assert result["yy"].text == (
        "# THE METROPOLIS\n\nTHE MAN SEES **Owen Murphy** IN [THE METROPOLIS](https://example.org/ytic).\n\n"
        "```\neht ytic\n```\n\n- THE `ytic` VOLUME\n")
    assert [b.kind for b in result["yy"].blocks] == [b.kind for b in result.source.blocks]


def test_empty_document_and_no_match(press: Press) -> None:
    empty = press.translate(Document.from_text(""), targets=["yy"])
    assert empty["yy"].text == ""
    assert empty.checks() == []
    plain = press.translate(Document.from_text("eht nam sees eht god.\n"), targets=["yy"])
    assert plain["yy"].text == "THE MAN SEES THE DOG.\n"
    assert plain.checks() == []
    assert "terms 0/0 ok" in plain.report.summary()


class _CountingEngine:
    """The real argos engine, unchanged; every ``translate_batch`` call is recorded."""

    def __init__(self, engine: ArgosEngine) -> None:
        self.engine = engine
        self.calls: list[tuple[str, str, int]] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.engine, name)

    def translate_batch(self, sentences: list[str], source: str, target: str,
                        n_best: int = 1) -> object:
        self.calls.append((source, target, len(sentences)))
        return self.engine.translate_batch(sentences, source, target, n_best=n_best)


def test_pipe_batches_documents_and_keeps_order(argos_engine: ArgosEngine, toy_glossary: Glossary) -> None:
    counting = _CountingEngine(argos_engine)
    press = Press(glossaries=[toy_glossary], engine=counting, memory=False,  # type: ignore[arg-type]
                  detect=False)
    for source in ("xx", "en"):  # calibrate first: its probes are engine calls too
        press.calibrator.form_for(argos_engine, source, "yy")
    docs = [dataclasses.replace(Document.from_text(f"eht nam sees {n} koob.\n", path=f"d{n}.txt"),
                                lang="xx") for n in range(3)]
    docs += [dataclasses.replace(Document.from_text(f"the man sees {n} metropolis.\n", path=f"e{n}.txt"),
                                 lang="en") for n in range(3, 5)]
    progress: list[int] = []
    results = list(press.pipe(docs, ["yy"], progress=progress.append))
    assert [r["yy"].text for r in results] == (
        [f"THE MAN SEES {n} VOLUME.\n" for n in range(3)]
        + [f"THE MAN SEES {n} METROPOLIS.\n" for n in (3, 4)])
    # one engine call per source language and pass, each holding the segments of all its
    # documents: the plain pass, then protection for the three whose model word the
    # glossary forbids (BOOK)
    assert sorted(counting.calls) == [("en", "yy", 2), ("xx", "yy", 3), ("xx", "yy", 3)]
    assert sum(progress) == 5
    assert [r.report.documents[0].source for r in results] == [f"d{n}.txt" for n in range(3)] + [
        "e3.txt", "e4.txt"]


def test_memory_is_used_on_the_second_run(argos_engine: ArgosEngine, toy_glossary: Glossary,
                                          tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = Document.from_text("eht nam sees eht ytic.\n")
    with Press(glossaries=[toy_glossary], engine=argos_engine, source="xx",
               cache_dir=tmp_path) as first:
        one = first.translate(doc, ["en"])
        # the plain pass, the term alone, then the protected pass (the glossary overrides
        # the model's "city"): three calls, each a miss
        misses = first.translator("xx", "en").misses  # type: ignore[attr-defined]
        assert misses == 3
    with Press(glossaries=[toy_glossary], engine=argos_engine, source="xx",
               cache_dir=tmp_path) as second:
        two = second.translate(doc, ["en"])
        assert second.translator("xx", "en").hits == misses  # type: ignore[attr-defined]
        assert second.translator("xx", "en").misses == 0  # type: ignore[attr-defined]
    assert one["en"].text == two["en"].text == "the man sees the metropolis.\n"
    assert (tmp_path / "tm.sqlite3").exists()
    assert (tmp_path / "placeholders.json").exists()


def test_unknown_pair_is_a_clear_error(press: Press) -> None:
    from polyglot_press.errors import LanguagePairError

    with pytest.raises(LanguagePairError, match="cannot translate"):
        press.translate(Document.from_text("eht nam.\n"), targets=["de"])


def test_a_hard_wrapped_sentence_is_translated_as_one_line(press: Press) -> None:
    doc = Document.from_text("eht koob eht nam sees\n  ni eht ytic, Owen Murphy\neht god.\n")
    assert len(doc.segments) == 1  # one sentence over three lines
    result = press.translate(doc, targets=["yy"])
    assert result["yy"].text == "THE VOLUME THE MAN SEES IN THE METROPOLIS, Owen Murphy THE DOG.\n"
    for check in result.checks():
        assert check.target_span is not None
        assert check.target_span.slice(result["yy"].text) == check.found
        assert check.source_span is not None
        assert check.source_span.slice(result.source.text) == check.source_text


class _DropsFirstToken(BaseEngine):
    """The real toy engine, with one fault real models have and the toy cannot show:
    its best hypothesis drops the placeholder ``drop`` (in sentences that also hold
    ``when``); its alternatives keep it."""

    name = "drops"

    def __init__(self, engine: ArgosEngine, drop: str, when: str = "") -> None:
        self.engine = engine
        self.drop = drop
        self.when = when

    def pairs(self) -> list[tuple[str, str]]:
        return self.engine.pairs()

    def _translate(self, sentences: list[str], source: str, target: str,
                   n_best: int) -> list[list[str]]:
        hyps = self.engine.translate_batch(sentences, source, target, n_best=max(n_best, 2))
        out = []
        for sentence, options in zip(sentences, hyps, strict=True):
            first = options[0]
            if self.when in sentence:
                first = first.replace(self.drop + " ", "").replace(self.drop, "")
            out.append([first, *options][:n_best] if n_best > 1 else [first])
        return out


def test_a_lost_placeholder_is_repaired_from_the_n_best_list(argos_engine: ArgosEngine,
                                                              toy_glossary: Glossary) -> None:
    engine = _DropsFirstToken(argos_engine, "ZXQ2")
    layer = TermLayer([toy_glossary])
    form = PlaceholderForm("zxq", "ZXQ{n}")
    (result,) = translate_segments(layer, engine, ["Owen Murphy sees eht ytic."], "xx", "en", form,
                                   n_best=3, translate_first=False)
    assert result.text == "Owen Murphy sees the metropolis."
    assert [(c.concept, c.status, c.method) for c in result.checks] == [
        ("murphy", "exact", "placeholder"), ("city", "repaired", "n-best")]
    (alone,) = translate_segments(layer, engine, ["Owen Murphy sees eht ytic."], "xx", "en", form,
                                  n_best=1, translate_first=False)
    assert [(c.concept, c.status) for c in alone.checks] == [("murphy", "exact"),
                                                             ("city", "missing")]


def test_lost_markup_falls_back_to_translating_between_it(argos_engine: ArgosEngine,
                                                           toy_glossary: Glossary) -> None:
    engine = _DropsFirstToken(argos_engine, "ZXQ1", when="ZXQ2")
    layer = TermLayer([toy_glossary])
    form = PlaceholderForm("zxq", "ZXQ{n}")
    text = "eht `code` nam sees eht ytic."
    protected = [(Span(4, 10), "code")]
    (result,) = translate_segments(layer, engine, [text], "xx", "en", form,
                                   protected=[protected], n_best=1)
    assert result.text == "the `code` man sees the metropolis."
    assert [f.kind for f in result.findings] == ["markup-fallback"]
    (check,) = result.checks
    assert check.target_span is not None
    assert check.target_span.slice(result.text) == "metropolis"
    assert check.source_span is not None
    assert check.source_span.slice(text) == "ytic"


def test_a_term_the_engine_translated_its_own_way_is_replaced_where_it_is(
        argos_engine: ArgosEngine, toy_glossary: Glossary) -> None:
    # no placeholders: the model says CITY; the glossary wants METROPOLIS. The model's
    # rendering of "ytic" alone is found in the output and replaced.
    audit = Press(glossaries=[toy_glossary], engine=argos_engine, source="xx", memory=False,
                  protect=False, replace_aligned=False)
    raw = audit.translate(Document.from_text("eht nam sees eht ytic.\n"), ["yy"])
    assert raw["yy"].text == "THE MAN SEES THE CITY.\n"
    assert [(c.concept, c.status) for c in raw.checks()] == [("city", "missing")]
    aligned = Press(glossaries=[toy_glossary], engine=argos_engine, source="xx", memory=False,
                    protect=False)
    result = aligned.translate(Document.from_text("eht nam sees eht ytic.\n"), ["yy"])
    assert result["yy"].text == "THE MAN SEES THE METROPOLIS.\n"
    (check,) = result.checks()
    assert (check.status, check.method, check.found) == ("repaired", "aligned", "METROPOLIS")
    assert check.target_span is not None
    assert check.target_span.slice(result["yy"].text) == "METROPOLIS"
    assert "CITY" in check.message


def test_emphasis_and_link_text_around_words_that_are_not_terms(press: Press) -> None:
    text = "eht nam **sees** eht _god_ ni [eht esuoh](https://example.org/ytic).\n"
    result = press.translate(Document.from_text(text, format="markdown"), targets=["yy"])
    assert result["yy"].text == "THE MAN **SEES** THE _DOG_ IN [THE HOUSE](https://example.org/ytic).\n"
    assert result.checks() == []


class _GluesMarkers(BaseEngine):
    """The real toy engine, with a fault bergamot shows on emphasis ("os observadores
    do ____ foram"): the word between two placeholders moves out of them. In pieces
    (no placeholder in the input) it can drop the words instead (``drop_alone``)."""

    name = "glues"

    def __init__(self, engine: ArgosEngine, drop_alone: str = "") -> None:
        self.engine = engine
        self.drop_alone = drop_alone

    def pairs(self) -> list[tuple[str, str]]:
        return self.engine.pairs()

    def _translate(self, sentences: list[str], source: str, target: str,
                   n_best: int) -> list[list[str]]:
        out = []
        for hyp, sentence in zip(self.engine.translate_batch(sentences, source, target),
                                 sentences, strict=True):
            glued = re.sub(r"(ZXQ\d) (\w+) (ZXQ\d)", r"\2 \1 \3", hyp)
            if self.drop_alone and sentence.strip() == self.drop_alone:
                glued = ""
            out.append([glued])
        return out


def test_emphasis_that_no_longer_encloses_text_falls_back_to_pieces(
        argos_engine: ArgosEngine, toy_glossary: Glossary) -> None:
    layer = TermLayer([toy_glossary])
    form = PlaceholderForm("zxq", "ZXQ{n}")
    text = "eht nam __sees__ eht god."
    protected = [(Span(8, 10), "markup"), (Span(14, 16), "markup")]
    glued = _GluesMarkers(argos_engine)
    assert glued.translate_batch(["eht nam ZXQ1 sees ZXQ2 eht god."], "xx", "en") == [
        "the man sees ZXQ1 ZXQ2 the dog."]
    (result,) = translate_segments(layer, glued, [text], "xx", "en", form,
                                   protected=[protected], n_best=1)
    assert result.text == "the man __sees__ the dog."
    assert [f.kind for f in result.findings] == ["markup-fallback"]
    assert "no longer encloses" in result.findings[0].message
    # and when the pieces cannot keep it either, the report says so
    dropping = _GluesMarkers(argos_engine, drop_alone="sees")
    (lost,) = translate_segments(layer, dropping, [text], "xx", "en", form,
                                 protected=[protected], n_best=1)
    assert [f.kind for f in lost.findings] == ["markup-fallback", "markup-lost"]
    assert lost.findings[1].span.slice(lost.text) == "____"


def test_a_segment_without_letters_is_copied_not_translated(argos_engine: ArgosEngine,
                                                           toy_glossary: Glossary) -> None:
    counting = _CountingEngine(argos_engine)
    press = Press(glossaries=[toy_glossary], engine=counting, memory=False)  # type: ignore[arg-type]
    result = press.translate(Document.from_text("2023 - 2024\n"), ["yy"])  # no source language needed
    assert result["yy"].text == "2023 - 2024\n"
    assert counting.calls == []


def test_a_markdown_table_is_translated_cell_by_cell(argos_engine: ArgosEngine,
                                                     toy_glossary: Glossary) -> None:
    counting = _CountingEngine(argos_engine)
    press = Press(glossaries=[toy_glossary], engine=counting, source="xx",  # type: ignore[arg-type]
                  memory=False)
    press.calibrator.form_for(argos_engine, "xx", "yy")
    press.calibrator.code_form_for(argos_engine, "xx", "yy")
    text = "| eht ytic | 2023 |\n|---|---:|\n| eht **koob** | 62 |\n"
    source = Document.from_text(text, format="markdown")
    result = press.translate(source, targets=["yy"])
    assert result["yy"].text == "| THE METROPOLIS | 2023 |\n|---|---:|\n| THE **VOLUME** | 62 |\n"
    assert [b.kind for b in Document.from_text(result["yy"].text, "markdown").blocks] == ["table"]
    # the number cells are never sent: two cells translated plain, then in one call both
    # cells protected (both mask to "eht ZXQ1", the bold marks travelling with their
    # term: sent once) and the one term the model renders its own way alone
    assert counting.calls == [("xx", "yy", 2), ("xx", "yy", 2)]
    assert [(c.concept, c.status) for c in result.checks()] == [("city", "exact"), ("book", "exact")]
