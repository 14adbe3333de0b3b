"""``polyglot-press serve``: a LibreTranslate-compatible translation server with glossaries enforced.

Every setting is a flag or an environment variable POLYGLOT_PRESS_SERVE_<NAME>
(a flag wins): HOST, PORT, GLOSSARIES (name=path,...), ENGINES, WORKERS,
API_KEYS (key=glossary+glossary,...), MAX_BODY_BYTES, CHAR_LIMIT, BATCH_LIMIT,
RATE_LIMIT, TIMEOUT, BODY_TIMEOUT, BATCH_WINDOW_MS, CACHE_DIR. The engines are loaded before
the port opens; SIGTERM or Ctrl-C stops taking connections, lets the requests
in flight finish (up to --graceful-timeout seconds), then exits.

  polyglot-press serve --glossary news=glossaries/news.yaml --port 5000
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._common import EXIT_OK


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help="run the LibreTranslate-compatible HTTP server",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="TCP port (default 5000)")
    p.add_argument("--glossary", "-g", action="append", metavar="[NAME=]FILE",
                   help="a glossary the server offers; repeat for several")
    p.add_argument("--default-glossaries", metavar="NAMES",
                   help="glossaries used when a request and its key name none (default: all)")
    p.add_argument("--engine", action="append", dest="engines", metavar="NAME",
                   help="engine to load, tried in order per pair (default: argos, then bergamot)")
    p.add_argument("--workers", type=int, help="model threads (default 1; requests are batched)")
    p.add_argument("--api-key", action="append", dest="api_keys", metavar="KEY[=GLOSSARY+...]",
                   help="require this API key (repeat); =names picks the key's glossaries")
    p.add_argument("--allow-anonymous", action="store_true", default=None,
                   help="with API keys, also serve requests without one")
    p.add_argument("--max-body-bytes", type=int, help="largest request body (default 1000000)")
    p.add_argument("--char-limit", type=int, help="characters per request (default 20000)")
    p.add_argument("--batch-limit", type=int, help="items in a q list (default 128)")
    p.add_argument("--rate-limit", type=int, help="requests per minute per key or address (0: none)")
    p.add_argument("--timeout", type=float, help="seconds a request may wait for its translation")
    p.add_argument("--body-timeout", type=float,
                   help="seconds between two pieces of a request body before a slow client is cut off")
    p.add_argument("--batch-window-ms", type=float, help="how long to wait for more requests to batch")
    p.add_argument("--cache-dir", type=Path, help="folder of the translation memory")
    p.add_argument("--no-ui", dest="ui", action="store_false", default=None, help="do not serve /ui")
    p.add_argument("--graceful-timeout", type=float, help="seconds to let requests finish on SIGTERM")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Build the settings, then run uvicorn until SIGTERM or SIGINT."""
    from ..errors import MissingDependencyError
    from ..serve.settings import ServerSettings, parse_api_keys, parse_glossaries

    try:
        import uvicorn

        from ..serve.app import create_app
    except ImportError as exc:
        raise MissingDependencyError(f"the server needs the 'server' extra ({exc.name} is missing): "
                                     "pip install 'polyglot-press[server]'") from None
    settings = ServerSettings.from_env(
        host=args.host, port=args.port,
        glossaries=parse_glossaries(args.glossary) if args.glossary else None,
        default_glossaries=tuple(n.strip() for n in args.default_glossaries.split(",") if n.strip())
        if args.default_glossaries else None,
        engines=tuple(args.engines) if args.engines else None, workers=args.workers,
        api_keys=parse_api_keys(args.api_keys) if args.api_keys else None,
        allow_anonymous=args.allow_anonymous, max_body_bytes=args.max_body_bytes,
        char_limit=args.char_limit, batch_limit=args.batch_limit, rate_limit=args.rate_limit,
        timeout=args.timeout, body_timeout=args.body_timeout, batch_window_ms=args.batch_window_ms,
        cache_dir=args.cache_dir,
        ui=args.ui, graceful_timeout=args.graceful_timeout)
    for name, path in settings.glossaries.items():
        if not path.is_file():
            from ..errors import FileAccessError

            raise FileAccessError(f"{path}: glossary {name!r}: no such file")
    config = uvicorn.Config(create_app(settings), host=settings.host, port=settings.port,
                            log_level=args.log_level,
                            timeout_graceful_shutdown=int(settings.graceful_timeout),
                            server_header=False, access_log=args.log_level == "debug",
                            limit_concurrency=1024, timeout_keep_alive=5, lifespan="on")
    _server_class()(config).run()
    return EXIT_OK


def _server_class() -> Any:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, but a SIGTERM after a graceful shutdown exits 0 (uvicorn re-raises it)."""

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            handlers = {sig: signal.signal(sig, self.handle_exit)
                        for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for sig, handler in handlers.items():
                    signal.signal(sig, handler)

    return Server
