"""Kill test: SIGTERM while requests are in flight. Every accepted request is answered,
the process exits 0, and the translation memory checks clean afterwards."""

from __future__ import annotations

import json
import signal
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from polyglot_press.tm import TranslationMemory

from .conftest import start_server

WORDS = ("the old man reads a new book in the city today. the small bird sees the blue water. "
         "a woman likes the green house on the day of the night. ")


def test_sigterm_during_load_finishes_accepted_requests(tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("kill")
    # a generous grace period: on a loaded machine the accepted work can take longer than the
    # default 30 s, and past the grace period uvicorn cancels what is left (by design)
    server = start_server(home, "--batch-window-ms", "20", "--graceful-timeout", "300")
    results: list[tuple[int, object]] = []
    errors: list[BaseException] = []
    connected = threading.Barrier(17)

    def client(i: int) -> None:
        # distinct texts, so no answer comes from the memory; long enough to keep the model busy
        text = f"The OSCE mission {i} met the Mazhilis. " + " ".join(
            f"Meeting {i}.{j} of the delegation lasted {j + 2} hours." for j in range(60))
        body = json.dumps({"q": text, "source": "en", "target": "pt"}).encode()
        req = urllib.request.Request(server.url + "/translate", data=body,
                                     headers={"Content-Type": "application/json"})
        try:
            connected.wait(30)
            with urllib.request.urlopen(req, timeout=120) as response:
                results.append((response.status, json.loads(response.read())))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    connected.wait(30)
    in_flight = 0.0
    deadline = time.monotonic() + 30
    while in_flight < 9 and time.monotonic() < deadline:  # most requests accepted, none answered
        _, metrics = server.get("/metrics")
        in_flight = next(float(line.split()[-1]) for line in metrics.splitlines()
                         if line.startswith("polyglot_press_http_requests_in_flight"))
    server.process.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    for t in threads:
        t.join(180)
    code = server.process.wait(180)
    log = server.log.read_text()
    print(f"SIGTERM with {in_flight - 1:.0f} requests in flight; last answer "
          f"{time.monotonic() - signalled:.1f} s later")
    assert in_flight >= 9  # the signal really came during load (the /metrics request counts 1)
    assert not errors, (errors, log)
    assert len(results) == 16
    assert all(status == 200 for status, _ in results)
    assert all("Majilis" in body["translatedText"] for _, body in results)  # type: ignore[index]
    assert code == 0, log
    assert "Traceback" not in log
    assert "Application shutdown complete" in log
    memory = TranslationMemory(Path(home) / "cache" / "tm.sqlite3")
    try:
        assert memory.check() == []
        assert memory.stats().entries > 0
    finally:
        memory.close()
