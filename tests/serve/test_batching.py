"""Dynamic batching, seen from outside: concurrent requests share engine batches, and each gets
its own answer; settings come from the environment and flags."""

from __future__ import annotations

import threading

import pytest

from polyglot_press.errors import InputError
from polyglot_press.serve.settings import ServerSettings

from .conftest import Server

WORDS = ["the", "old", "man", "reads", "a", "new", "book", "in", "city", "today", "small", "bird"]


def _metric(text: str, name: str) -> float:
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + " "))


def test_concurrent_requests_are_batched(server: Server) -> None:
    _, before = server.get("/metrics")
    answers: dict[int, object] = {}

    def client(i: int) -> None:
        # every request different: word i first, so each answer can be checked against its request
        words = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(8))
        status, body = server.post("/translate", {"q": [f"{words} {i}."] * 3, "source": "en",
                                                  "target": "yy"})
        answers[i] = (status, body, words)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for i, (status, body, words) in answers.items():  # type: ignore[misc]
        assert status == 200
        assert body == {"translatedText": [f"{words.upper()} {i}."] * 3}
    assert len(answers) == 24
    _, after = server.get("/metrics")
    documents = (_metric(after, "polyglot_press_batch_documents_sum")
                 - _metric(before, "polyglot_press_batch_documents_sum"))
    batches = (_metric(after, "polyglot_press_batch_documents_count")
               - _metric(before, "polyglot_press_batch_documents_count"))
    assert documents == 24 * 3
    assert batches < documents  # at least one engine batch carried several requests' documents


def test_settings_from_env_and_overrides() -> None:
    env = {"POLYGLOT_PRESS_SERVE_PORT": "6000", "POLYGLOT_PRESS_SERVE_CHAR_LIMIT": "10",
           "POLYGLOT_PRESS_SERVE_GLOSSARIES": "news=a.yaml", "POLYGLOT_PRESS_SERVE_UI": "no"}
    settings = ServerSettings.from_env(env, port=7000)
    assert (settings.port, settings.char_limit, settings.ui) == (7000, 10, False)
    assert str(settings.glossaries["news"]) == "a.yaml"
    with pytest.raises(InputError, match="POLYGLOT_PRESS_SERVE_PORT='x'"):
        ServerSettings.from_env({"POLYGLOT_PRESS_SERVE_PORT": "x"})
    with pytest.raises(InputError, match="glossary 'legal' is not configured"):
        ServerSettings.from_env({"POLYGLOT_PRESS_SERVE_API_KEYS": "k=legal"})
    with pytest.raises(InputError, match="not a TCP port"):
        ServerSettings(port=70000)
