#!/usr/bin/env python3
"""Load test: ``polyglot-press serve`` side by side with LibreTranslate, same model, same requests.

Both servers run on 127.0.0.1 with the toy en->yy argos package of
``scripts/build_test_argos_model.py`` (LibreTranslate gets it in its own
argos folder). Clients: 1, 8 and 32 threads, each with one keep-alive
connection, each sending a bounded loop of ``POST /translate`` requests
(JSON, ``source=en``, ``target=yy``) of 1-3 consecutive English sentences of
FLORES-200 devtest (``../shared/eval``). Within one phase no sentence is sent
twice, and our server starts each phase with an empty translation memory, so
no answer comes from a cache (LibreTranslate's cache is off by default).
Phases alternate between the two servers so machine load drifts evenly; each
phase stops sending at ``--time-limit`` seconds (requests left unsent are
counted apart from errors: "answered" shows how many of the planned requests
were sent and answered). The machine's load average is printed with the table.
Reported per phase: requests/s, p50 and p99 latency, errors (non-200
answers or failed connections), and each server's peak resident memory.

LibreTranslate runs from its own venv (``--lt-venv``, made with
``pip install -c constraints.txt libretranslate``). Its argos fork splits
sentences with MiniSBD, whose ONNX model is downloaded from GitHub on first
use; offline that fails, so the launcher replaces only MiniSBD's
``split_sentences`` with a one-line regular expression (cheaper than MiniSBD's
inference: LibreTranslate is measured faster than it really is, not slower).
The launcher also turns argostranslate's INFO log (every token list of every
request) down to warnings, again in LibreTranslate's favour.

Run: ``python bench/server_load.py`` (about 3 minutes on 2 cores).
Target: ours >= 1.5x LibreTranslate's requests/s at 8 and 32 clients, 0 errors.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FLORES = ROOT.parent / "shared" / "eval" / "flores200_devtest" / "eng_Latn.devtest"
EN_YY = ROOT / "tests" / "data" / "argos" / "translate-en_yy-1_0.argosmodel"
GLOSSARY = ROOT / "tests" / "serve" / "data" / "press.yaml"

# LibreTranslate, with MiniSBD's sentence splitter (a model downloaded at first use) replaced
LT_LAUNCHER = r"""
import logging, re, sys
import argostranslate.sbd as sbd
import argostranslate.utils
argostranslate.utils.logger.setLevel(logging.WARNING)  # its per-token INFO log is slow
_split = re.compile(r"(?<=[.!?])\s+")
sbd.MiniSBDSentencizer.split_sentences = lambda self, text: [s for s in _split.split(text) if s]
from libretranslate.main import main
sys.argv = ["libretranslate", *sys.argv[1:]]
main()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, process: subprocess.Popen[bytes], path: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server on {port} not ready after {timeout} s")


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class Target:
    """One server under test."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str], ready: str, port: int,
                 log: Path) -> None:
        self.name, self.cmd, self.env, self.ready, self.port, self.log = name, cmd, env, ready, port, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.cmd, env=self.env, stdout=self.log.open("ab"),
                                        stderr=subprocess.STDOUT)
        try:
            wait_ready(self.port, self.process, self.ready, timeout=300)
        except RuntimeError:
            self.process.kill()
            self.process.wait()
            tail = self.log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{self.name} did not start; its log ends with:\n{tail}") from None

    def stop(self) -> float:
        assert self.process is not None
        peak = peak_rss_mb(self.process.pid)
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return peak


def ours(home: Path, phase: str) -> Target:
    port = free_port()
    packages = home / "ours-argos"
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages),
           "POLYGLOT_PRESS_CACHE_DIR": str(home / f"ours-cache-{phase}")}
    cmd = [sys.executable, "-m", "polyglot_press", "serve", "--port", str(port), "--engine", "argos",
           "--glossary", f"press={GLOSSARY}", "--rate-limit", "0", "--log-level", "warning"]
    return Target("polyglot-press", cmd, env, "/health", port, home / "ours.log")


def libretranslate(home: Path, venv: Path) -> Target:
    port = free_port()
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(home / "lt-argos"), "HOME": str(home / "lt-home"),
           "XDG_DATA_HOME": str(home / "lt-home" / "data"), "XDG_CACHE_HOME": str(home / "lt-home" / "cache"),
           "XDG_CONFIG_HOME": str(home / "lt-home" / "config")}
    cmd = [str(venv / "bin" / "python"), "-c", LT_LAUNCHER, "--host", "127.0.0.1", "--port", str(port),
           "--disable-web-ui", "--load-only", "en,yy"]
    return Target("LibreTranslate", cmd, env, "/languages", port, home / "lt.log")


def install_packages(home: Path, venv: Path) -> None:
    from polyglot_press.engines.argos import install_package

    install_package(EN_YY, home / "ours-argos")
    code = ("import argostranslate.package as p, sys; p.install_from_path(sys.argv[1])")
    subprocess.run([str(venv / "bin" / "python"), "-c", code, str(EN_YY)], check=True,
                   env={**os.environ, "ARGOS_PACKAGES_DIR": str(home / "lt-argos"),
                        "HOME": str(home / "lt-home")}, capture_output=True)


def make_requests(sentences: list[str], count: int, seed: int) -> list[str]:
    """``count`` texts of 1-3 consecutive sentences; no sentence used twice."""
    rng = random.Random(seed)
    out: list[str] = []
    at = 0
    for _ in range(count):
        n = rng.randint(1, 3)
        if at + n > len(sentences):
            raise SystemExit(f"not enough sentences for {count} requests")
        out.append(" ".join(sentences[at:at + n]))
        at += n
    return out


def load(port: int, texts: list[str], clients: int, time_limit: float) -> dict[str, Any]:
    """Send ``texts`` from ``clients`` threads (text i goes to client i % clients)."""
    latencies: list[float] = []
    errors: list[str] = []
    unsent = [0]  # left unsent when the phase's time limit came (not errors of the server)
    lock = threading.Lock()
    start_line = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(mine: list[str]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start_line.wait()
        for text in mine:
            if time.monotonic() > deadline[0]:
                with lock:
                    unsent[0] += len(mine) - mine.index(text)
                break
            body = json.dumps({"q": text, "source": "en", "target": "yy"})
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/translate", body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                data = response.read()
                ok = response.status == 200 and "translatedText" in json.loads(data)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                ok, data = False, str(exc).encode()
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            took = time.perf_counter() - t0
            with lock:
                if ok:
                    latencies.append(took)
                else:
                    errors.append(data[:200].decode("utf-8", "replace"))
        conn.close()

    threads = [threading.Thread(target=client, args=(texts[i::clients],)) for i in range(clients)]
    for t in threads:
        t.start()
    deadline[0] = time.monotonic() + time_limit
    started = time.perf_counter()
    start_line.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "clients": clients, "requests": len(texts), "ok": len(latencies), "errors": len(errors),
        "unsent_at_time_limit": unsent[0],
        "error_samples": errors[:3], "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 3),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1)
        if latencies else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lt-venv", type=Path, default=Path("/tmp/lt-server-venv"))
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--requests", default="120,320,480",
                        help="requests per phase, one per --clients value (bounded by 1012 sentences)")
    parser.add_argument("--time-limit", type=float, default=120, help="seconds per phase at most")
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()
    sentences = FLORES.read_text(encoding="utf-8").splitlines()
    clients = [int(c) for c in args.clients.split(",")]
    counts = [int(c) for c in args.requests.split(",")]
    if not (args.lt_venv / "bin" / "python").exists():
        raise SystemExit(f"{args.lt_venv}: no LibreTranslate venv (python -m venv DIR && "
                         "DIR/bin/pip install -c constraints.txt libretranslate)")
    rows: list[dict[str, Any]] = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="server-load-") as tmp:
        home = Path(tmp)
        install_packages(home, args.lt_venv)
        warm = ["The small city has a new house.", "A woman reads the old book today."]
        for phase, (n_clients, count) in enumerate(zip(clients, counts, strict=True)):
            texts = make_requests(sentences, count, seed=phase)
            for target in (ours(home, str(phase)), libretranslate(home, args.lt_venv)):
                target.start()
                load(target.port, warm, 1, 60)  # models loaded, placeholders calibrated
                result = load(target.port, texts, n_clients, args.time_limit)
                result["server"] = target.name
                result["peak_rss_mb"] = round(target.stop(), 1)
                rows.append(result)
                print(json.dumps(result), flush=True)
    print()
    print(f"load average before: {load_before}, after: {os.getloadavg()} ({os.cpu_count()} cores)")
    print("| clients | server | answered | requests/s | p50 ms | p99 ms | errors | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['clients']} | {r['server']} | {r['ok']}/{r['requests']} | {r['rps']} | {r['p50_ms']} | "
              f"{r['p99_ms']} | {r['errors']} | {r['peak_rss_mb']} |")
    print()
    verdicts = []
    for n in clients:
        mine = next(r for r in rows if r["clients"] == n and r["server"] == "polyglot-press")
        theirs = next(r for r in rows if r["clients"] == n and r["server"] == "LibreTranslate")
        ratio = mine["rps"] / theirs["rps"] if theirs["rps"] else float("inf")
        target = " (target >= 1.5x)" if n >= 8 else ""
        verdicts.append({"clients": n, "ratio": round(ratio, 2)})
        print(f"{n} clients: polyglot-press {ratio:.2f}x LibreTranslate's requests/s{target}")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "ratios": verdicts}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
