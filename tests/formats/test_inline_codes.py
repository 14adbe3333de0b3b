"""Inline codes go through the terminology layer like protected spans: an engine that
drops or moves them gets the segment translated piece by piece, with a finding;
a code is never lost silently."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from polyglot_press.document import Document
from polyglot_press.engines.argos import ArgosEngine
from polyglot_press.engines.base import BaseEngine
from polyglot_press.press import Press
from polyglot_press.terminology import CODE_FORMS

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="f" source-language="en" datatype="html"><body>
  <trans-unit id="1"><source>the <g id="1">big</g> cat and <x id="2"/>the dog</source></trans-unit>
 </body></file>
</xliff>
"""


class DropsFirstPlaceholder(BaseEngine):
    """The toy model, except that it loses the first placeholder of every sentence
    (the fault a real engine makes now and then, which the toy model never does)."""

    name = "drops"

    def __init__(self, inner: ArgosEngine) -> None:
        super().__init__()
        self.inner = inner

    def pairs(self) -> list[tuple[str, str]]:
        return [("en", "yy")]

    @property
    def identity(self) -> str:
        return "drops-first-placeholder"

    def _translate(self, sentences, source, target, n_best):  # type: ignore[no-untyped-def]
        out = self.inner.translate_batch(list(sentences), source, target)
        return [[_drop_first(text)] for text in out]


def _drop_first(text: str) -> str:
    """``text`` without placeholder 1, whichever form the calibration chose."""
    for form in CODE_FORMS:
        token = form.token(1)
        if token in text:
            return text.replace(token, "", 1)
    return text


def _codes(target: etree._Element) -> list[str]:
    return [etree.QName(e).localname + (e.get("id") or "") for e in target.iter()
            if e is not target]


def test_codes_an_engine_drops_are_put_back_and_reported(toy_engine: ArgosEngine,
                                                         tmp_path: Path) -> None:
    doc = Document.from_text(XLIFF, "xliff")
    with Press(engine=DropsFirstPlaceholder(toy_engine), source="en", memory=False,
               cache_dir=tmp_path) as press:
        result = press.translate(doc, ["yy"])
    out = etree.fromstring(result["yy"].to_bytes())
    target = out.find(".//{urn:oasis:names:tc:xliff:document:1.2}target")
    assert target is not None
    assert _codes(target) == ["g1", "x2"]
    assert "".join(target.itertext()) == "THE BIG CAT AND THE DOG"
    findings = [f.kind for s in result.report.documents[0].stages for f in s.findings]
    assert "markup-fallback" in findings
    # the QA flags the segment: its target asks for review
    assert target.get("state") == "needs-review-translation"


def test_with_a_faithful_engine_codes_stay_where_they_were(reverse_press: Press) -> None:
    doc = Document.from_text(XLIFF.replace('source-language="en"', 'source-language="xx"').replace(
        'the <g id="1">big</g> cat and <x id="2"/>the dog',
        'eht <g id="1">gib</g> tac dna <x id="2"/>eht god'), "xliff")
    result = reverse_press.translate(doc, ["en"])
    target = etree.fromstring(result["en"].to_bytes()).find(
        ".//{urn:oasis:names:tc:xliff:document:1.2}target")
    assert target is not None
    assert target.get("state") == "translated"
    assert etree.tostring(target, encoding="unicode").split(">", 1)[1].startswith(
        'the <g id="1">big</g> cat and <x id="2"/>the dog')
