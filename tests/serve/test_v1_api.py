"""polyglot_press's own endpoints: scan, repair, normalize, translate with the report, glossaries,
health, metrics and the OpenAPI document."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from .conftest import Server

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text())


def test_scan_finds_a_homoglyph(server: Server) -> None:
    status, body = server.post("/v1/scan", {"text": "Welcome to Kаzakhstan."})  # Cyrillic а
    assert status == 200
    assert body["findings"]
    (first,) = body["findings"]
    assert first["span"] == [11, 21]
    assert first["rule"] == "mixed-script-confusable"
    assert first["suggestion"] == "Kazakhstan"


def test_repair_returns_every_change(server: Server) -> None:
    status, body = server.post("/v1/repair", {"text": "Welcome to Kаzakhstan."})
    assert status == 200
    assert body["text"] == "Welcome to Kazakhstan."
    (change,) = body["changes"]
    assert change["before"] == "а"
    assert change["after"] == "a"
    assert change["span"] == [12, 13]
    assert change["rule"]


def test_normalize_uses_the_glossary(server: Server) -> None:
    status, body = server.post("/v1/normalize", {
        "text": "President Kasym-Zhomart Tokayev spoke.", "lang": "en"})
    assert status == 200
    assert body["text"] == "President Kassym-Jomart Tokayev spoke."
    assert body["glossary"] == "press"
    (change,) = body["changes"]
    assert (change["span"], change["before"], change["after"]) == ([13, 18], "ym-Zh", "sym-J")
    assert change["rule"] == "names.variant"


def test_translate_returns_the_full_report(server: Server) -> None:
    status, body = server.post("/v1/translate", {"text": "The OSCE met the Mazhilis today.",
                                                 "targets": ["pt"], "source": "en"})
    assert status == 200, body
    assert "Majilis" in body["translations"]["pt"]
    assert body["glossaries"] == ["press"]
    jsonschema.validate(body["report"], SCHEMA)
    (doc,) = body["report"]["documents"]
    stage = next(s for s in doc["stages"] if s["stage"] == "translate:pt")
    statuses = {c["concept"]: c["status"] for c in stage["data"]["term_checks"]}
    assert statuses == {"osce": "exact", "mazhilis": "exact"}


def test_translate_rejects_unknown_fields_and_languages(server: Server) -> None:
    status, body = server.post("/v1/translate", {"text": "x", "targets": ["pt"], "colour": "red"})
    assert status == 400
    assert set(body) == {"error"}
    assert "colour" in body["error"]
    assert server.post("/v1/translate", {"text": "x", "targets": ["qq"]}) == (
        400, {"error": "qq is not supported"})


def test_glossaries_list_and_reload(server: Server) -> None:
    status, listed = server.get("/v1/glossaries")
    assert status == 200
    (entry,) = listed
    assert entry["name"] == "press"
    assert entry["concepts"] == 3
    assert "path" not in entry
    glossary = server.home / "press.yaml"
    original = glossary.read_text()
    try:
        glossary.write_text(original + "  - id: astana\n    terms:\n      en: Astana\n      pt: Astana\n")
        assert server.post("/v1/glossaries/reload", {}) == (200, {"reloaded": {"press": 4}})
        assert server.get("/v1/glossaries")[1][0]["concepts"] == 4
        glossary.write_text("concepts: [")
        status, body = server.post("/v1/glossaries/reload", {})
        assert status == 400
        assert str(server.home) not in body["error"]  # no server path in the answer
        assert server.get("/v1/glossaries")[1][0]["concepts"] == 4  # the last good one stays
    finally:
        glossary.write_text(original)
        server.post("/v1/glossaries/reload", {})


def test_health_metrics_and_openapi(server: Server) -> None:
    assert server.get("/health") == (200, {"status": "ok"})
    server.post("/translate", {"q": "the dog", "source": "en", "target": "yy"})
    status, text = server.get("/metrics")
    assert status == 200
    assert 'polyglot_press_http_requests_total{path="/translate",status="200"}' in text
    assert "polyglot_press_batch_documents_bucket" in text
    status, spec = server.get("/openapi.json")
    assert status == 200
    for path in ("/translate", "/detect", "/languages", "/translate_file", "/frontend/settings",
                 "/v1/scan", "/v1/repair", "/v1/normalize", "/v1/translate", "/v1/glossaries",
                 "/health", "/metrics"):
        assert path in spec["paths"], path
    status, page = server.get("/docs")
    assert status == 200
    assert "openapi.json" in page
