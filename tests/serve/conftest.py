"""A real server for the tests: ``polyglot-press serve`` in its own process on a free loopback port.

It loads the toy argos packages (xx->en, en->yy) and bergamot (en<->pt), and
the test glossary; the fixture waits for ``/health`` and stops the process
with SIGTERM at the end (and checks it exited cleanly).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from polyglot_press.engines.argos import install_package

HERE = Path(__file__).resolve().parent
ARGOS = HERE.parent / "data" / "argos"
GLOSSARY = HERE / "data" / "press.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A running server process."""

    url: str
    process: subprocess.Popen[bytes]
    home: Path
    log: Path

    def post(self, path: str, data: Any = None, *, raw: bytes | None = None,
             content_type: str = "application/json", timeout: float = 60) -> tuple[int, Any]:
        """POST JSON (or ``raw`` bytes); return the status and the decoded JSON answer."""
        body = raw if raw is not None else json.dumps(data).encode()
        req = urllib.request.Request(self.url + path, data=body, method="POST",
                                     headers={"Content-Type": content_type})
        return _send(req, timeout)

    def get(self, path: str, timeout: float = 30) -> tuple[int, Any]:
        return _send(urllib.request.Request(self.url + path), timeout)

    def stop(self, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def _send(req: urllib.request.Request, timeout: float) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            status, data = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, data = exc.code, exc.read()
    text = data.decode("utf-8")
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def start_server(home: Path, *args: str, env: dict[str, str] | None = None,
                 wait: float = 180) -> Server:
    """Start ``polyglot-press serve`` with the toy argos packages and bergamot; wait until healthy."""
    packages = home / "argos-packages"
    if not packages.exists():
        packages.mkdir(parents=True)
        install_package(ARGOS / "translate-xx_en-1_0.argosmodel", packages)
        install_package(ARGOS / "translate-en_yy-1_0.argosmodel", packages)
    glossary = home / "press.yaml"
    if not glossary.exists():
        shutil.copy(GLOSSARY, glossary)
    port = free_port()
    environ = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages),
               "POLYGLOT_PRESS_CACHE_DIR": str(home / "cache"), "XDG_CACHE_HOME": str(home / "xdg"),
               **(env or {})}
    log = home / f"server-{port}.log"
    cmd = [sys.executable, "-m", "polyglot_press", "serve", "--port", str(port),
           "--glossary", f"press={glossary}", "--rate-limit", "0", *args]
    process = subprocess.Popen(cmd, env=environ, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, home, log)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if server.get("/health", timeout=2)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise AssertionError(f"server did not become healthy in {wait} s:\n{log.read_text()}")


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the package's tests (started once: loading bergamot takes seconds)."""
    running = start_server(tmp_path_factory.mktemp("server"))
    yield running
    code = running.stop()
    log = running.log.read_text()
    assert code == 0, log
    assert "Traceback" not in log, log
