"""The LibreTranslate API, driven by a real LibreTranslate client (libretranslatepy) and plain HTTP.

Server: the toy argos packages (xx->en, en->yy: "yy" is English in capitals)
and bergamot (en<->pt), with the test glossary ``press`` (OSCE, Mazhilis ->
pt "Majilis"). Error bodies are LibreTranslate's ``{"error": ...}``.
"""

from __future__ import annotations

import urllib.error

import httpx
import pytest
from libretranslatepy import LibreTranslateAPI

from .conftest import Server


def test_client_translates_with_the_toy_argos_model(server: Server) -> None:
    lt = LibreTranslateAPI(server.url)
    assert lt.translate("the cat sees a dog.", "en", "yy") == "THE CAT SEES A DOG."
    # xx -> yy goes through English (two argos models)
    assert lt.translate("eht tac sees a god.", "xx", "yy") == "THE CAT SEES A DOG."


def test_client_gets_glossary_terms_enforced_on_bergamot(server: Server) -> None:
    lt = LibreTranslateAPI(server.url)
    out = lt.translate("The OSCE observers met the Mazhilis in Astana.", "en", "pt")
    assert "OSCE" in out
    assert "Majilis" in out  # the glossary's Portuguese form, not the engine's
    assert "Mazhilis" not in out


def test_client_languages_and_detect(server: Server) -> None:
    lt = LibreTranslateAPI(server.url)
    languages = {lang["code"]: lang for lang in lt.languages()}
    assert languages["en"] == {"code": "en", "name": "English", "targets": ["pt", "yy"]}
    assert languages["pt"]["targets"] == ["en"]
    assert set(languages["xx"]["targets"]) == {"en", "yy"}
    found = lt.detect("O observador da missão encontrou o presidente do parlamento ontem à noite.")
    assert found[0]["language"] == "pt"
    assert 0 < found[0]["confidence"] <= 100


def test_client_with_api_keys(tmp_path_factory: pytest.TempPathFactory) -> None:
    from .conftest import start_server

    home = tmp_path_factory.mktemp("keyed")
    (home / "other.yaml").write_text(
        "glossary: {name: other, languages: [en, pt]}\nconcepts:\n"
        "  - id: mazhilis\n    terms: {en: Mazhilis, pt: Mäjilis}\n", encoding="utf-8")
    keyed = start_server(home, "--glossary", f"other={home / 'other.yaml'}",
                         "--api-key", "s3cret=press", "--api-key", "plain=other")
    try:
        assert LibreTranslateAPI(keyed.url, api_key="s3cret").translate("the dog", "en", "yy") == "THE DOG"
        # each key brings its own glossaries
        text = "The Mazhilis met today."
        assert "Majilis" in LibreTranslateAPI(keyed.url, api_key="s3cret").translate(text, "en", "pt")
        assert "Mäjilis" in LibreTranslateAPI(keyed.url, api_key="plain").translate(text, "en", "pt")
        with pytest.raises(urllib.error.HTTPError) as wrong:
            LibreTranslateAPI(keyed.url, api_key="s3cre").translate("the dog", "en", "yy")
        assert wrong.value.code == 403
        assert wrong.value.read() == b'{"error":"Invalid API key"}'
        with pytest.raises(urllib.error.HTTPError) as missing:
            LibreTranslateAPI(keyed.url).translate("the dog", "en", "yy")
        assert missing.value.code == 400
        assert b"API key" in missing.value.read()
    finally:
        assert keyed.stop() == 0


def test_json_list_auto_source_and_alternatives(server: Server) -> None:
    status, body = server.post("/translate", {"q": ["the dog", "a red house."], "source": "en",
                                              "target": "yy", "alternatives": 2})
    assert status == 200
    assert body["translatedText"] == ["THE DOG", "A RED HOUSE."]
    assert len(body["alternatives"]) == 2
    assert all(isinstance(a, list) and len(a) <= 2 for a in body["alternatives"])
    assert all(alt != best for alts, best in zip(body["alternatives"], body["translatedText"], strict=True)
               for alt in alts)
    assert "detectedLanguage" not in body
    status, body = server.post("/translate", {"q": "The OSCE mission ended today.", "source": "auto",
                                              "target": "pt"})
    assert status == 200
    assert body["detectedLanguage"]["language"] == "en"
    assert "OSCE" in body["translatedText"]
    status, body = server.post("/translate", {"q": ["The OSCE mission ended.", "It was long."],
                                              "source": "auto", "target": "pt"})
    assert [d["language"] for d in body["detectedLanguage"]] == ["en", "en"]


def test_glossaries_chosen_per_request(server: Server) -> None:
    text = {"q": "The Mazhilis met today.", "source": "en", "target": "pt"}
    _, default = server.post("/translate", text)
    assert "Majilis" in default["translatedText"]
    status, none = server.post("/translate", {**text, "glossaries": []})
    assert status == 200
    assert "Majilis" not in none["translatedText"]  # no glossary: the engine's own rendering
    status, body = server.post("/translate", {**text, "glossaries": ["nope"]})
    assert (status, body) == (400, {"error": "unknown glossary 'nope'; this server has: press"})


@pytest.mark.parametrize(("fields", "message"), [
    ({"source": "en", "target": "yy"}, "Invalid request: missing q parameter"),
    ({"q": "x", "target": "yy"}, "Invalid request: missing source parameter"),
    ({"q": "x", "source": "en"}, "Invalid request: missing target parameter"),
    ({"q": "x", "source": "en", "target": "qq"}, "qq is not supported"),
    ({"q": "x", "source": "qq", "target": "en"}, "qq is not supported"),
    ({"q": "x", "source": "en", "target": "yy", "format": "pdf"}, "pdf format is not supported"),
    ({"q": "x", "source": "en", "target": "yy", "alternatives": "many"},
     "Invalid request: alternatives parameter is not a number"),
    ({"q": "x", "source": "en", "target": "yy", "alternatives": 99},
     "Invalid request: alternatives parameter must be <= 5"),
    ({"q": "x", "source": "yy", "target": "pt"},
     "Portuguese (pt) is not available as a target language from yy (yy)"),
])
def test_errors_are_libretranslate_shaped(server: Server, fields: dict[str, object], message: str) -> None:
    assert server.post("/translate", fields) == (400, {"error": message})


def test_form_fields_as_libretranslate_reads_them(server: Server) -> None:
    r = httpx.post(server.url + "/translate", data={"q": "the dog.\r\n\r\nthe cat.", "source": "en",
                                                    "target": "yy"})
    assert r.status_code == 200
    assert r.json() == {"translatedText": "THE DOG.\n\nTHE CAT."}  # line ends made LF, as LibreTranslate
    assert r.headers["access-control-allow-origin"] == "*"


def test_frontend_settings(server: Server) -> None:
    status, body = server.get("/frontend/settings")
    assert status == 200
    assert body["charLimit"] == 20000
    assert body["apiKeys"] is False
    assert body["filesTranslation"] is True
    assert ".txt" in body["supportedFilesFormat"]
    assert body["language"]["source"] == {"code": "auto", "name": "Auto Detect"}


def test_translate_file_and_download(server: Server) -> None:
    files = {"file": ("../../etc/notes.md", b"# the city\n\nthe man reads a new book today.\n",
                      "text/markdown")}
    r = httpx.post(server.url + "/translate_file", data={"source": "en", "target": "yy"}, files=files)
    assert r.status_code == 200, r.text
    url = r.json()["translatedFileUrl"]
    assert url.startswith(server.url + "/download_file/")
    assert url.endswith(".notes.yy.md")  # the client's path is not used
    got = httpx.get(url)
    assert got.status_code == 200
    assert got.text == "# THE CITY\n\nTHE MAN READS A NEW BOOK TODAY.\n"
    assert httpx.get(server.url + "/download_file/..%2f..%2fetc%2fpasswd").status_code in (400, 404)
    bad = httpx.post(server.url + "/translate_file", data={"source": "en", "target": "yy"},
                     files={"file": ("x.exe", b"MZ", "application/octet-stream")})
    assert (bad.status_code, bad.json()) == (400, {"error": "Invalid request: file format not supported"})
    missing = httpx.post(server.url + "/translate_file", data={"source": "en", "target": "yy"})
    assert missing.status_code == 400


def test_html_format(server: Server) -> None:
    from polyglot_press.formats import available_formats

    status, body = server.post("/translate", {"q": "<p>the dog</p>", "source": "en", "target": "yy",
                                              "format": "html"})
    if "html" in available_formats():
        assert (status, body) == (200, {"translatedText": "<p>THE DOG</p>"})
    else:
        assert status == 400
        assert body == {"error": "html format is not supported on this server (no HTML reader installed)"}


def test_same_language_comes_back_unchanged(server: Server) -> None:
    assert server.post("/translate", {"q": "the dog", "source": "en", "target": "en"}) == (
        200, {"translatedText": "the dog"})
