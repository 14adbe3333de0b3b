"""Prometheus metrics (``/metrics``, text format) and the middleware that fills them.

Each app has its own registry (so several apps in one process, as in the
tests, do not clash). Paths are reported as the route's template, so a
client cannot grow the label set.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from .safety import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Metrics", "MetricsMiddleware"]

_KNOWN = ("/translate", "/detect", "/languages", "/translate_file", "/frontend/settings",
          "/health", "/metrics", "/v1/scan", "/v1/repair", "/v1/normalize", "/v1/translate",
          "/v1/glossaries", "/v1/glossaries/reload", "/v1/lint", "/v1/concepts", "/ui")


#: the headers LibreTranslate adds to every response (browser clients rely on them)
_CORS = [(k.encode(), v.encode()) for k, v in {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Expose-Headers": "Authorization",
    "Access-Control-Allow-Methods": "GET, POST",
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Max-Age": str(60 * 60 * 24 * 20),
}.items()]


class Metrics:
    """The server's counters."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("polyglot_press_http_requests_total", "HTTP requests",
                                ["path", "status"], registry=self.registry)
        self.latency = Histogram("polyglot_press_http_request_duration_seconds", "Request latency",
                                 ["path"], registry=self.registry,
                                 buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30))
        self.in_flight = Gauge("polyglot_press_http_requests_in_flight", "Requests being served",
                               registry=self.registry)
        self.batch_docs = Histogram("polyglot_press_batch_documents", "Documents per engine batch",
                                    registry=self.registry, buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256))
        self.batch_seconds = Histogram("polyglot_press_batch_seconds", "Time per engine batch",
                                       registry=self.registry)

    def on_batch(self, documents: int, seconds: float) -> None:
        """Record one engine batch."""
        self.batch_docs.observe(documents)
        self.batch_seconds.observe(seconds)

    def render(self) -> bytes:
        """The text exposition."""
        data: bytes = generate_latest(self.registry)
        return data


class MetricsMiddleware:
    """Counts requests by path template and status, times them, adds the CORS headers."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        label = path if path in _KNOWN else ("/download_file" if path.startswith("/download_file/")
                                             else "/ui" if path.startswith("/ui") else "other")
        status: dict[str, Any] = {"code": 500}

        async def watched(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = [*message.get("headers", ()), *_CORS]
            await send(message)

        started = time.perf_counter()
        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, watched)
        finally:
            self.metrics.in_flight.dec()
            self.metrics.requests.labels(label, str(status["code"])).inc()
            self.metrics.latency.labels(label).observe(time.perf_counter() - started)
