"""The pipeline uses human translations from the memory first and offers fuzzy ones in the report."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from polyglot_press.document import Document
from polyglot_press.press import Press
from polyglot_press.report import Report
from polyglot_press.tm import TranslationMemory

from .engines import Reversing


def test_press_uses_human_rows_first_and_reports_fuzzy_offers(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite3") as memory:
        memory.store_human("en", "pt", [
            ("The minister arrived in Kyiv.", "O ministro chegou a Kyiv."),
            ("The ministers arrived in Lviv.", "Os ministros chegaram a Lviv."),
        ], origin="desk")
    engine = Reversing()
    doc = Document.from_text("The minister arrived in Kyiv. The ministers arrived in Lviv today.\n")
    with Press(engine=engine, source="en", cache_dir=tmp_path, detect=False) as press:
        result = press.translate(doc, ["pt"])
    text = result["pt"].text
    assert text.startswith("O ministro chegou a Kyiv. ")
    assert "today. Lviv in arrived ministers The" in text  # not in the memory: the engine
    assert "The minister arrived in Kyiv." not in engine.asked
    stage = next(s for s in result.report.documents[0].stages if s.stage == "translate:pt")
    offers = stage.data["memory_fuzzy"]
    assert list(offers) == ["1"]  # the second segment: offered, not applied
    assert offers["1"][0]["translation"] == "Os ministros chegaram a Lviv."
    assert offers["1"][0]["score"] >= 75
    human = [f for f in stage.findings if f.kind == "memory-human"]
    assert len(human) == 1
    assert text[human[0].span.start:human[0].span.end] == "O ministro chegou a Kyiv."
    schema = json.loads((Path(__file__).resolve().parents[2] / "docs" /
                         "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(result.report.to_json()), schema)
    again = Report.from_json(result.report.to_json())  # the report keeps loading
    assert again.documents[0].stages[-1].data["memory_fuzzy"] == offers


def test_without_the_memory_nothing_is_looked_up(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite3") as memory:
        memory.store_human("en", "pt", [("The minister arrived.", "O ministro chegou.")])
    engine = Reversing()
    with Press(engine=engine, source="en", cache_dir=tmp_path, memory=False,
               detect=False) as press:
        result = press.translate(Document.from_text("The minister arrived.\n"), ["pt"])
    assert result["pt"].text == "arrived. minister The\n"


def test_press_with_a_delta_writer_reads_the_snapshot_and_writes_deltas(tmp_path: Path) -> None:
    from polyglot_press.tm import DeltaWriter, merge_deltas

    main = TranslationMemory(tmp_path / "tm.sqlite3")
    warm = Reversing()
    with Press(engine=warm, source="en", cache_dir=tmp_path, detect=False) as press:
        press.translate(Document.from_text("Known sentence here.\n"), ["pt"])
    snapshot = main.snapshot(tmp_path / "snap.sqlite3")
    engine = Reversing()
    writer = DeltaWriter(tmp_path / "deltas", snapshot, name="w1")
    with Press(engine=engine, source="en", cache_dir=tmp_path / "other", detect=False,
               memory_store=writer) as press:
        result = press.translate(Document.from_text("Known sentence here. A new one.\n"), ["pt"])
    assert result["pt"].text == "here. sentence Known one. new A\n"
    assert "A new one." in engine.asked
    assert "Known sentence here." not in engine.asked  # it came from the snapshot
    assert not (tmp_path / "other" / "tm.sqlite3").exists()  # no memory of its own was opened
    merged = merge_deltas(main, [tmp_path / "deltas"])
    assert merged.added == 1
    assert main.lookup(engine.identity, "en", "pt", ["A new one."]) == ["one. new A"]
    main.close()
