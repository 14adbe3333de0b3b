"""The ASGI application: ``create_app(settings)``.

FastAPI (on Starlette) gives the routes, the OpenAPI document (``/openapi.json``,
browsable at ``/docs``) and the lifespan in which the engines are warmed and,
on shutdown, the batcher drained and the translation memory closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from ..errors import PolyglotPressError
from .metrics import Metrics, MetricsMiddleware
from .safety import ApiError, BodyLimit, KeyRing, RateLimiter
from .service import Service
from .settings import ServerSettings

__all__ = ["create_app"]

log = logging.getLogger("polyglot_press.serve")

def create_app(settings: ServerSettings, *, service: Service | None = None) -> FastAPI:
    """Build the application; engines load when it starts (its lifespan), not here."""
    metrics = Metrics()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        svc = service if service is not None else await loop.run_in_executor(None, Service, settings)
        svc.batcher.on_batch = metrics.on_batch
        await asyncio.get_running_loop().run_in_executor(None, svc.start)
        svc.batcher.start()
        files = Path(tempfile.mkdtemp(prefix="polyglot-press-files-"))
        app.state.service = svc
        app.state.files_dir = files
        app.state.ready = True
        log.info("serving on http://%s:%s", settings.host, settings.port)
        try:
            yield
        finally:
            app.state.ready = False
            await svc.batcher.stop()
            svc.close()
            shutil.rmtree(files, ignore_errors=True)

    app = FastAPI(title="polyglot_press server", version=_version(), lifespan=lifespan,
                  description="LibreTranslate-compatible translation with glossary terms enforced, "
                              "plus polyglot_press's own endpoints.")
    app.state.settings = settings
    app.state.keys = KeyRing(settings.api_keys)
    app.state.limiter = RateLimiter(settings.rate_limit)
    app.state.metrics = metrics
    app.state.files_ttl = 1800.0
    app.state.ready = False

    from . import lt_api, ui, v1_api

    app.include_router(lt_api.router)
    app.include_router(v1_api.router)
    if settings.ui:
        app.include_router(ui.router)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error(exc.status, exc.message)

    @app.exception_handler(PolyglotPressError)
    async def input_error(request: Request, exc: PolyglotPressError) -> Response:
        return _error(400, _public_message(exc, request))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return _error(400, f"Invalid request: {where or 'body'}: {first.get('msg', 'invalid value')}")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(ClientDisconnect)
    async def client_left(request: Request, exc: ClientDisconnect) -> Response:
        log.info("client left before sending its whole request (%s)", request.url.path)
        return _error(400, "Client disconnected")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return _error(500, "Internal server error (the server log has the details)")

    @app.get("/health", tags=["server"], summary="Health check")
    async def health() -> JSONResponse:
        if not app.state.ready:
            return JSONResponse({"status": "starting"}, status_code=503)
        return JSONResponse({"status": "ok"})

    @app.get("/metrics", tags=["server"], summary="Prometheus metrics (text format)")
    async def prometheus() -> Response:
        return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, read_timeout=settings.body_timeout)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _public_message(exc: PolyglotPressError, request: Request) -> str:
    """The message without any server path (glossary files are named by their server name)."""
    message = str(exc)
    service = getattr(request.app.state, "service", None)
    if service is not None:
        for name, path in service.glossary_paths.items():
            for form in {str(path), str(Path(path).resolve())}:
                message = message.replace(form, f"glossary {name}")
    for folder in {tempfile.gettempdir(), str(Path.home())}:
        message = message.replace(folder, "…")
    return message


def _version() -> str:
    from .. import __version__

    return str(__version__)
