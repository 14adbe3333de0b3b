"""Limits and safety: body size, rate limits, API keys, error bodies without internals.

Every error the server sends is LibreTranslate's shape, ``{"error": "..."}``,
with a message written for the client: never a traceback, never a server path.

>>> limiter = RateLimiter(2)
>>> [limiter.allow("k", now=0.0) for _ in range(3)]
[True, True, False]
>>> limiter.allow("k", now=61.0)
True
>>> KeyRing({"secret": ("news",)}).lookup("secret"), KeyRing({"secret": ()}).lookup("nope")
(('news',), None)
"""

from __future__ import annotations

import asyncio
import hmac
import json
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["ApiError", "BodyLimit", "KeyRing", "RateLimiter", "error_body"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class ApiError(Exception):
    """An error answered as ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_body(message: str) -> bytes:
    """The JSON body of an error.

    >>> error_body("Invalid request: missing q parameter")
    b'{"error":"Invalid request: missing q parameter"}'
    """
    return json.dumps({"error": message}, ensure_ascii=False, separators=(",", ":")).encode()


class BodyLimit:
    """ASGI middleware: a body larger than ``limit`` bytes gets 413 before it is read whole.

    Checks ``Content-Length`` first, then counts the bytes as they stream in
    (a chunked body has no length). A client that sends its body slower than one
    piece every ``read_timeout`` seconds gets 408 and is cut off.
    """

    def __init__(self, app: ASGIApp, limit: int, read_timeout: float = 30.0) -> None:
        self.app = app
        self.limit = limit
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    await _reply(send, 400, "Invalid request: bad Content-Length")
                    return
                if too_big:
                    await _reply(send, 413, f"Request body too large (limit {self.limit} bytes)")
                    return
        received = 0
        started = False
        complete = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def counted() -> Message:
            nonlocal received, complete
            if complete:  # only the disconnect is left to wait for
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.read_timeout)
            except TimeoutError:
                raise _TooSlow from None
            if message["type"] == "http.request":
                complete = not message.get("more_body", False)
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, guarded_send)
        except _TooLarge:
            if not started:
                await _reply(send, 413, f"Request body too large (limit {self.limit} bytes)")
        except _TooSlow:
            if not started:
                await _reply(send, 408, f"Request body not received within {self.read_timeout:g} s")


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


async def _reply(send: Send, status: int, message: str) -> None:
    body = error_body(message)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """At most ``per_minute`` requests per identity in any 60 seconds (sliding window)."""

    def __init__(self, per_minute: int, *, max_identities: int = 100_000) -> None:
        self.per_minute = per_minute
        self.max_identities = max_identities
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, identity: str, *, now: float | None = None) -> bool:
        """Count one request for ``identity``; False when it is over the limit."""
        if self.per_minute <= 0:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._seen.get(identity)
            if times is None:
                if len(self._seen) >= self.max_identities:  # bounded memory: forget the idle
                    self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - 60}
                times = self._seen[identity] = deque()
            while times and times[0] <= now - 60:
                times.popleft()
            if len(times) >= self.per_minute:
                return False
            times.append(now)
            return True


class KeyRing:
    """API keys and the glossaries each one uses; looked up in constant time."""

    def __init__(self, keys: Mapping[str, tuple[str, ...]]) -> None:
        self._keys = [(k.encode(), v) for k, v in keys.items()]

    def __bool__(self) -> bool:
        return bool(self._keys)

    def lookup(self, given: str) -> tuple[str, ...] | None:
        """The glossary names of ``given``, or None; every key is compared, in constant time."""
        candidate = given.encode()
        found: tuple[str, ...] | None = None
        for key, names in self._keys:
            if hmac.compare_digest(key, candidate):
                found = names
        return found
