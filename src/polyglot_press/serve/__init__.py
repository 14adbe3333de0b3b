"""``polyglot-press serve``: a LibreTranslate-compatible HTTP server with glossaries enforced.

Build the ASGI app with :func:`create_app` from :class:`ServerSettings`; run it
with uvicorn (``polyglot-press serve`` does). Needs the ``server`` extra.
"""

from __future__ import annotations

from .settings import ServerSettings

__all__ = ["ServerSettings", "create_app"]


def __getattr__(name: str) -> object:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
