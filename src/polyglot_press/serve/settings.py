"""Server settings: one frozen dataclass, read from flags and ``POLYGLOT_PRESS_SERVE_*`` variables.

Every field has a default; an environment variable overrides the default and a
command-line flag overrides the variable. Glossaries are named: ``news=path.yaml``
(a bare path is named after its file stem).

>>> s = ServerSettings.from_env({"POLYGLOT_PRESS_SERVE_PORT": "5100",
...                              "POLYGLOT_PRESS_SERVE_GLOSSARIES": "news=news.yaml",
...                              "POLYGLOT_PRESS_SERVE_API_KEYS": "k1=news,k2"})
>>> s.port, s.api_keys
(5100, {'k1': ('news',), 'k2': ()})
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["ENV_PREFIX", "ServerSettings", "parse_api_keys", "parse_glossaries"]

ENV_PREFIX = "POLYGLOT_PRESS_SERVE_"


def parse_glossaries(items: list[str] | tuple[str, ...]) -> dict[str, Path]:
    """``["news=a.yaml", "b.csv"]`` -> ``{"news": a.yaml, "b": b.csv}``.

    >>> sorted(parse_glossaries(["news=a.yaml", "dir/b.csv"]).items())
    [('b', PosixPath('dir/b.csv')), ('news', PosixPath('a.yaml'))]
    """
    out: dict[str, Path] = {}
    for item in items:
        name, sep, path = item.partition("=")
        if not sep:
            name, path = Path(item).stem, item
        name = name.strip()
        if not name or not path.strip():
            raise InputError(f"glossary {item!r}: expected NAME=PATH or PATH")
        if name in out:
            raise InputError(f"glossary name {name!r} is given twice")
        out[name] = Path(path.strip())
    return out


def parse_api_keys(items: list[str] | tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``["key=news+legal", "other"]``: each key with the glossaries its requests use.

    >>> parse_api_keys(["k1=news+legal", "k2"])
    {'k1': ('news', 'legal'), 'k2': ()}
    """
    out: dict[str, tuple[str, ...]] = {}
    for item in items:
        key, _, names = item.partition("=")
        if not key.strip():
            raise InputError("an API key may not be empty")
        out[key.strip()] = tuple(n.strip() for n in names.split("+") if n.strip())
    return out


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


@dataclass(frozen=True)
class ServerSettings:
    """How ``polyglot-press serve`` runs (flag / ``POLYGLOT_PRESS_SERVE_<FIELD>``)."""

    host: str = "127.0.0.1"
    port: int = 5000
    #: glossary name -> file; requests choose by name (``glossaries`` field or API key)
    glossaries: dict[str, Path] = field(default_factory=dict)
    #: glossaries used when neither the request nor its key names any (default: all)
    default_glossaries: tuple[str, ...] | None = None
    #: engines loaded at start, tried in order for each pair
    engines: tuple[str, ...] = ("argos", "bergamot")
    #: threads running the model (requests are batched in front of them)
    workers: int = 1
    #: API keys -> glossary names; empty: no key needed
    api_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: with keys configured, also serve requests without a key (at the anonymous rate)
    allow_anonymous: bool = False
    max_body_bytes: int = 1_000_000
    char_limit: int = 20_000  # characters per request
    batch_limit: int = 128  # items in a ``q`` list
    alternatives_limit: int = 5
    rate_limit: int = 600  # requests per minute per key (or per client address); 0: none
    timeout: float = 60.0  # seconds a request may wait for its translation
    body_timeout: float = 30.0  # seconds between two pieces of a request body (slow clients)
    batch_window_ms: float = 4.0  # how long the batcher waits for more requests
    max_batch_segments: int = 256
    cache_dir: Path | None = None
    ui: bool = True
    #: the glossary the /ui page edits (default: the first)
    ui_glossary: str | None = None
    graceful_timeout: float = 30.0

    def __post_init__(self) -> None:
        for name in ("workers", "max_body_bytes", "char_limit", "batch_limit", "max_batch_segments"):
            if getattr(self, name) < 1:
                raise InputError(f"{name} must be at least 1")
        if not 0 < self.port < 65536:
            raise InputError(f"port {self.port} is not a TCP port")
        if self.timeout <= 0 or self.body_timeout <= 0 or self.batch_window_ms < 0:
            raise InputError("timeouts must be positive and batch_window_ms not negative")
        known = set(self.glossaries)
        for key_names in [*self.api_keys.values(), self.default_glossaries or ()]:
            for n in key_names:
                if n not in known:
                    raise InputError(f"glossary {n!r} is not configured; known: "
                                     f"{', '.join(sorted(known)) or 'none'}")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> ServerSettings:
        """Defaults, then ``POLYGLOT_PRESS_SERVE_*`` from ``env``, then ``overrides`` (not None)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None:
                continue
            try:
                values[f.name] = _convert(f.name, raw)
            except ValueError:
                raise InputError(f"{ENV_PREFIX}{f.name.upper()}={raw!r}: not a valid value") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _convert(name: str, raw: str) -> Any:
    if name == "glossaries":
        return parse_glossaries(_split(raw))
    if name == "api_keys":
        return parse_api_keys(_split(raw))
    if name in ("engines", "default_glossaries"):
        return tuple(_split(raw))
    if name in ("port", "workers", "max_body_bytes", "char_limit", "batch_limit",
                "alternatives_limit", "rate_limit", "max_batch_segments"):
        return int(raw)
    if name in ("timeout", "body_timeout", "batch_window_ms", "graceful_timeout"):
        return float(raw)
    if name in ("ui", "allow_anonymous"):
        if raw.lower() not in ("1", "0", "true", "false", "yes", "no"):
            raise ValueError(raw)
        return raw.lower() in ("1", "true", "yes")
    if name == "cache_dir":
        return Path(raw)
    return raw
