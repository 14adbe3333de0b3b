"""Abuse: oversized, malformed, mistyped, huge and slow requests, and clients that leave.

Each gets the right 4xx (or is cut off), no answer shows a traceback or a
server path, and the server keeps serving; its memory stays bounded.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Server, start_server


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with small limits (argos only, so it starts fast)."""
    running = start_server(tmp_path_factory.mktemp("strict"), "--engine", "argos",
                           "--max-body-bytes", "200000", "--char-limit", "5000",
                           "--batch-limit", "50", "--body-timeout", "1")
    yield running
    assert running.stop() == 0
    log = running.log.read_text()
    assert "Traceback" not in log, log


def _clean(body: object) -> None:
    text = json.dumps(body)
    assert "Traceback" not in text
    assert "/tmp" not in text
    assert "site-packages" not in text


def _raw(server: Server, request: bytes, *, read: bool = True, timeout: float = 20) -> bytes:
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        if not read:
            return b""
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
        return data


def _rss_kb(server: Server, field: str = "VmRSS") -> int:
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith(field + ":")))


def test_oversized_body(strict: Server) -> None:
    status, body = strict.post("/translate", {"q": "a" * 300_000, "source": "en", "target": "yy"})
    assert status == 413
    assert body == {"error": "Request body too large (limit 200000 bytes)"}


def test_oversized_chunked_body_is_cut_off(strict: Server) -> None:
    head = (b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    chunk = b"a" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(5)) + b"0\r\n\r\n"
    answer = _raw(strict, head + body)
    assert answer.startswith(b"HTTP/1.1 413")
    assert answer.endswith(b'{"error":"Request body too large (limit 200000 bytes)"}')


@pytest.mark.parametrize(("raw", "ctype", "message"), [
    (b'{"q": "the dog", "source": "en"', "application/json", "Invalid JSON format"),
    (b'["the dog"]', "application/json", "Invalid JSON format"),
    (b"\xff\xfe\x00", "application/json", "Invalid JSON format"),
    (b"[" * 100_000, "application/json", "Invalid JSON format"),
    (b'{"q": 12, "source": "en", "target": "yy"}', "application/json",
     "Invalid request: q must be a string or a list of strings"),
    (b'{"q": ["a", 3], "source": "en", "target": "yy"}', "application/json",
     "Invalid request: q must be a string or a list of strings"),
    (b'{"q": "a", "source": ["en"], "target": "yy"}', "application/json",
     "Invalid request: source, target and format must be strings"),
    (b'{"q": "a", "source": "en", "target": "yy", "api_key": 5}', "application/json",
     "Invalid request: api_key must be a string"),
    (b'{"q": "a", "source": "en", "target": "yy", "glossaries": 5}', "application/json",
     "Invalid request: glossaries must be a list of names or a comma-separated string"),
])
def test_malformed_and_mistyped(strict: Server, raw: bytes, ctype: str, message: str) -> None:
    assert strict.post("/translate", raw=raw, content_type=ctype) == (400, {"error": message})


def test_v1_wrong_types(strict: Server) -> None:
    status, body = strict.post("/v1/scan", {"text": 5})
    assert status == 400
    assert set(body) == {"error"}
    _clean(body)
    status, body = strict.post("/v1/scan", raw=b"{nope", content_type="application/json")
    assert status == 400
    _clean(body)


def test_ten_thousand_item_q(strict: Server) -> None:
    status, body = strict.post("/translate", {"q": ["the dog"] * 10_000, "source": "en", "target": "yy"})
    assert (status, body) == (400, {"error": "Invalid request: request (10000) exceeds text limit (50)"})
    status, body = strict.post("/translate", {"q": ["the dog. " * 20] * 50, "source": "en", "target": "yy"})
    assert (status, body) == (400, {"error": "Invalid request: request (9000) exceeds text limit (5000)"})


def test_unknown_routes_and_methods(strict: Server) -> None:
    assert strict.get("/nope") == (404, {"error": "Not Found"})
    assert strict.get("/translate") == (405, {"error": "Method Not Allowed"})


def test_slow_client_is_cut_off(strict: Server) -> None:
    head = (b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\nConnection: close\r\n\r\n{\"q\": ")
    started = time.monotonic()
    answer = _raw(strict, head)
    assert answer.startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < 10
    assert strict.get("/health") == (200, {"status": "ok"})


def test_client_that_disconnects_mid_request(strict: Server) -> None:
    text = " ".join(["the old man reads a new book in the city today."] * 80)
    body = json.dumps({"q": [text] * 5, "source": "en", "target": "yy"}).encode()
    request = (b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               b"Content-Length: %d\r\n\r\n" % len(body)) + body
    for _ in range(5):
        _raw(strict, request, read=False)  # sends, then closes before the answer
        _raw(strict, request[: len(request) // 2], read=False)  # leaves halfway through the body
    status, answer = strict.post("/translate", {"q": "the dog", "source": "en", "target": "yy"})
    assert (status, answer) == (200, {"translatedText": "THE DOG"})


def test_memory_stays_bounded(strict: Server) -> None:
    before = _rss_kb(strict)
    for _ in range(20):
        strict.post("/translate", {"q": ["the dog"] * 10_000, "source": "en", "target": "yy"})
        strict.post("/translate", {"q": "a" * 300_000, "source": "en", "target": "yy"})
        strict.post("/translate", {"q": ["the big dog sees a cat."] * 50, "source": "en", "target": "yy"})
    after = _rss_kb(strict)
    peak = _rss_kb(strict, "VmHWM")
    print(f"server RSS before {before} kB, after {after} kB, peak {peak} kB")
    assert after - before < 100_000  # 60 abusive requests leave less than 100 MB behind
    assert strict.get("/health") == (200, {"status": "ok"})


def test_rate_limit_per_key(tmp_path_factory: pytest.TempPathFactory) -> None:
    limited = start_server(tmp_path_factory.mktemp("limited"), "--engine", "argos",
                           "--api-key", "a", "--api-key", "b", "--rate-limit", "3")
    try:
        ask = {"q": "the dog", "source": "en", "target": "yy"}
        assert [limited.post("/translate", {**ask, "api_key": "a"})[0] for _ in range(3)] == [200] * 3
        assert limited.post("/translate", {**ask, "api_key": "a"}) == (
            429, {"error": "Slowdown: 3 per 1 minute"})
        assert limited.post("/translate", {**ask, "api_key": "b"})[0] == 200  # another key, its own budget
        assert limited.get("/health") == (200, {"status": "ok"})  # health is not limited
    finally:
        assert limited.stop() == 0
