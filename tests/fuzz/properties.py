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
