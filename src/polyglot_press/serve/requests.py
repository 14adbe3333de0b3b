"""Reading requests as LibreTranslate does: JSON or form fields, API key, rate limit.

A JSON body must be an object; form bodies (``application/x-www-form-urlencoded``
or ``multipart/form-data``) and query parameters are read as LibreTranslate's
``request.values``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from .safety import ApiError

__all__ = ["Caller", "caller", "read_params", "requested_glossaries"]


async def read_params(request: Request) -> tuple[dict[str, Any], bool]:
    """The request's fields and whether they came as JSON."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        raw = await request.body()
        try:
            data = json.loads(raw) if raw.strip() else None
        except (ValueError, RecursionError):
            raise ApiError(400, "Invalid JSON format") from None
        if not isinstance(data, dict):
            raise ApiError(400, "Invalid JSON format")
        return data, True
    values: dict[str, Any] = dict(request.query_params)
    if request.method == "POST" and ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form(max_files=1, max_fields=200)
        except ApiError:
            raise
        except Exception:
            raise ApiError(400, "Invalid request: the form data cannot be read") from None
        for key, value in form.multi_items():
            values.setdefault(key, value) if key == "file" else values.__setitem__(key, value)
    return values, False


@dataclass(frozen=True)
class Caller:
    """Who is asking: the API key's glossaries (None without a key) and the rate-limit identity."""

    glossaries: tuple[str, ...] | None
    identity: str


def caller(request: Request, params: dict[str, Any]) -> Caller:
    """Check the API key and the rate limit of ``request``; raise :class:`ApiError` when refused."""
    state = request.app.state
    keys = state.keys
    given = params.get("api_key")
    if given is not None and not isinstance(given, str):
        raise ApiError(400, "Invalid request: api_key must be a string")
    names: tuple[str, ...] | None = None
    if keys:
        if given:
            names = keys.lookup(given)
            if names is None:
                raise ApiError(403, "Invalid API key")
        elif not state.settings.allow_anonymous:
            raise ApiError(400, "Please contact the server operator to get an API key")
    client = request.client.host if request.client else "unknown"
    identity = f"key:{given}" if given and names is not None else f"ip:{client}"
    if not state.limiter.allow(identity):
        raise ApiError(429, f"Slowdown: {state.limiter.per_minute} per 1 minute")
    return Caller(names, identity)


def requested_glossaries(params: dict[str, Any]) -> list[str] | None:
    """The extra ``glossaries`` field (LibreTranslate ignores it): a list or a comma list."""
    value = params.get("glossaries")
    if value is None:
        return None
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ApiError(400, "Invalid request: glossaries must be a list of names or a comma-separated string")
