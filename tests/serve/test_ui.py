"""The /ui page in a real browser: headless Chromium (Debian's ``chromium`` + ``chromium-driver``)
driven by Selenium. A search, an edit that lint refuses, an edit that lands in the file, and a
translation whose highlighted terms match the report. With ``POLYGLOT_PRESS_UI_SCREENSHOTS=1``
the screenshots in ``docs/img/`` are refreshed.

CI installs Chromium (``apt-get install -y chromium chromium-driver``); without it these tests
fail with a message saying so rather than skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from polyglot_press.glossary import Glossary

from .conftest import Server, start_server

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
# screenshots for the documentation are refreshed only when asked (the suite leaves docs/ alone)
SHOTS = DOCS_IMG if os.environ.get("POLYGLOT_PRESS_UI_SCREENSHOTS") == "1" else None
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900"]


def _chromium() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        pytest.fail("the /ui browser tests need Debian's chromium and chromium-driver: "
                    "apt-get install -y chromium chromium-driver", pytrace=False)
    return browser, driver


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("desk"))
    yield running
    assert running.stop() == 0


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as ChromeService

    binary, driver = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in FLAGS:
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=ChromeService(executable_path=driver), options=options)
    chrome.set_page_load_timeout(60)
    yield chrome
    chrome.quit()


def _wait(browser: Any, condition: Any, timeout: float = 60) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(condition)


def _shot(browser: Any, name: str) -> None:
    png = browser.get_screenshot_as_png()
    assert png.startswith(b"\x89PNG")
    if SHOTS is not None:
        SHOTS.mkdir(exist_ok=True)
        (SHOTS / name).write_bytes(png)


def _type(browser: Any, element_id: str, text: str) -> None:
    box = browser.find_element("id", element_id)
    box.clear()
    box.send_keys(text)


def test_search_concepts(desk: Server, browser: Any) -> None:
    browser.get(desk.url + "/ui")
    _wait(browser, lambda b: b.find_elements("css selector", "#results tr.concept"))
    _type(browser, "search", "majil")
    _wait(browser, lambda b: [r.get_attribute("data-id") for r in
                              b.find_elements("css selector", "#results tr.concept")] == ["mazhilis"])
    _shot(browser, "ui-concepts.png")


def test_edit_that_lint_refuses(desk: Server, browser: Any) -> None:
    before = (desk.home / "press.yaml").read_bytes()
    browser.get(desk.url + "/ui")
    browser.find_element("id", "tab-edit").click()
    _type(browser, "f-concept", "kazakhstan")
    _type(browser, "f-lang", "en")
    _type(browser, "f-preferred", "Kаzakhstan")  # a Cyrillic а inside a Latin word
    _wait(browser, lambda b: b.find_element("id", "lint-status").text == "Lint refuses this term")
    issues = browser.find_element("id", "lint-issues").text
    assert "mixes scripts" in issues
    browser.find_element("id", "save").click()
    _wait(browser, lambda b: "Not saved" in b.find_element("id", "save-status").text)
    _shot(browser, "ui-edit-refused.png")
    assert (desk.home / "press.yaml").read_bytes() == before  # nothing written


def test_edit_that_lands_in_the_file(desk: Server, browser: Any) -> None:
    browser.get(desk.url + "/ui")
    browser.find_element("id", "tab-edit").click()
    _type(browser, "f-concept", "astana")
    browser.find_element("css selector", "#f-kind option[value='place'], #f-kind option:nth-child(4)").click()
    _type(browser, "f-lang", "en")
    _type(browser, "f-preferred", "Astana")
    _type(browser, "f-variants", "Nur-Sultan")
    _wait(browser, lambda b: b.find_element("id", "lint-status").text == "Can be saved (with warnings)")
    assert "concept 'astana' has no pt term" in browser.find_element("id", "lint-issues").text
    browser.find_element("id", "save").click()
    _wait(browser, lambda b: b.find_element("id", "save-status").text == "Saved astana to press")
    saved = Glossary.load(desk.home / "press.yaml").concept("astana")
    assert saved.kind == "place"
    assert saved.term("en").preferred == "Astana"  # type: ignore[union-attr]
    assert saved.term("en").variants == ("Nur-Sultan",)  # type: ignore[union-attr]
    text = (desk.home / "press.yaml").read_text()
    assert text.startswith("# Glossary for the server tests")  # comments kept: a diff-friendly edit
    assert not [p for p in desk.home.iterdir() if p.name.endswith(".pp-tmp")]  # the write was atomic
    _shot(browser, "ui-edit-saved.png")


def test_translation_highlights_match_the_report(desk: Server, browser: Any) -> None:
    text = "The OSCE observers met the Mazhilis in Kаzakhstan. Kasym-Zhomart Tokayev spoke."
    _, report = desk.post("/v1/translate", {"text": text, "targets": ["pt"], "source": "en"})
    browser.get(desk.url + "/ui")
    browser.find_element("id", "tab-check").click()
    _type(browser, "c-text", text)
    _wait(browser, lambda b: b.find_elements("xpath", "//select[@id='c-target']/option[text()='pt']"))
    browser.find_element("xpath", "//select[@id='c-target']/option[text()='pt']").click()
    browser.find_element("id", "run-check").click()
    _wait(browser, lambda b: b.find_elements("css selector", "#out-checks tbody tr"))
    stage = next(s for s in report["report"]["documents"][0]["stages"] if s["stage"] == "translate:pt")
    checks = stage["data"]["term_checks"]
    translation = report["translations"]["pt"]
    expected = sorted((c["concept"], translation[c["target_span"][0]:c["target_span"][1]])
                      for c in checks if c["target_span"])
    marks = browser.find_elements("css selector",
                                  "#out-translation mark.term-ok, #out-translation mark.term-bad")
    shown = sorted((m.get_attribute("data-concept"), m.text) for m in marks)
    assert shown == expected
    assert {"osce", "mazhilis"} <= {concept for concept, _ in shown}
    assert all("term-ok" in m.get_attribute("class") for m in marks)  # every term came through
    assert browser.find_element("id", "out-translation").text == translation
    assert browser.find_elements("css selector", "#out-normalized mark.change")  # Tokayev's variant
    (homoglyph,) = browser.find_elements("css selector", "#out-scan mark.finding")
    assert homoglyph.text == "Kаzakhstan"  # the scan finding, highlighted in place
    _shot(browser, "ui-check.png")
