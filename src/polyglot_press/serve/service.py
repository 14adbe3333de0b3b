"""What the server holds between requests: engines, glossaries, pipelines, batcher.

Engines are built once and shared by every :class:`Press` (through
:class:`EngineRouter`); one :class:`Press` is built per set of glossaries and
source language, on first use, and reused; all of them keep their translation
memory in the same SQLite file (WAL), so every request shares one memory.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Hashable, Sequence
from typing import Any

from ..document import Document
from ..errors import EngineError, InputError, MissingDependencyError
from ..glossary.model import Glossary
from ..press import Press, Result
from .batching import Batcher
from .engines import EngineRouter
from .settings import ServerSettings

__all__ = ["LANGUAGE_NAMES", "Service", "language_name"]

log = logging.getLogger("polyglot_press.serve")

#: English names for the codes ``/languages`` lists (LibreTranslate shows names)
LANGUAGE_NAMES = {
    "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali",
    "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "ga": "Irish", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ka": "Georgian",
    "kk": "Kazakh", "ko": "Korean", "ky": "Kyrgyz", "lt": "Lithuanian", "lv": "Latvian",
    "ms": "Malay", "nb": "Norwegian Bokmål", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian",
    "sr": "Serbian", "sv": "Swedish", "tg": "Tajik", "th": "Thai", "tk": "Turkmen",
    "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek",
    "vi": "Vietnamese", "zh": "Chinese",
}


def language_name(code: str) -> str:
    """English name of ``code`` (the code itself when unknown).

    >>> language_name("pt"), language_name("xx")
    ('Portuguese', 'xx')
    """
    return LANGUAGE_NAMES.get(code.lower(), code)


class Service:
    """The state of one server process (see the module documentation)."""

    def __init__(self, settings: ServerSettings, *, engines: Sequence[Any] | None = None) -> None:
        self.settings = settings
        self.cache_dir = settings.cache_dir
        self.router = EngineRouter(engines if engines is not None else _build_engines(settings.engines))
        self._lock = threading.Lock()
        self.glossaries: dict[str, Glossary] = {}
        self.glossary_paths = dict(settings.glossaries)
        self.reload_glossaries()
        self._presses: dict[Hashable, Press] = {}
        self.batcher = Batcher(self.press_for, window=settings.batch_window_ms / 1000,
                               max_segments=settings.max_batch_segments, workers=settings.workers)

    # -- glossaries -------------------------------------------------------------

    def reload_glossaries(self) -> dict[str, int]:
        """Read every glossary file again; pipelines are rebuilt on next use.

        A file that fails to load leaves every glossary as it was (the error says which).
        """
        fresh = {name: Glossary.load(path) for name, path in self.glossary_paths.items()}
        with self._lock:
            self.glossaries = fresh
            old = getattr(self, "_presses", {})
            self._presses = {}
        for press in old.values():
            press.close()
        return {name: len(g.concepts) for name, g in fresh.items()}

    def glossary_names(self, requested: Sequence[str] | None,
                       key_names: Sequence[str] | None) -> tuple[str, ...]:
        """The glossaries a request uses: its own field, else its API key's, else the default."""
        if requested is not None:
            unknown = [n for n in requested if n not in self.glossaries]
            if unknown:
                raise InputError(f"unknown glossary {unknown[0]!r}; this server has: "
                                 f"{', '.join(sorted(self.glossaries)) or 'none'}")
            return tuple(requested)
        if key_names:
            return tuple(key_names)
        if self.settings.default_glossaries is not None:
            return self.settings.default_glossaries
        return tuple(sorted(self.glossaries))

    # -- pipelines --------------------------------------------------------------

    def press_for(self, key: Hashable) -> Press:
        """The pipeline for ``(glossary names, source or None)``, built once."""
        with self._lock:
            press = self._presses.get(key)
            if press is None:
                names: tuple[str, ...] = key[0]  # type: ignore[index]
                source: str | None = key[1]  # type: ignore[index]
                press = Press([self.glossaries[n] for n in names], self.router, source=source,
                              cache_dir=self.cache_dir, batch_size=self.settings.max_batch_segments)
                self._presses[key] = press
            return press

    async def translate(self, texts: Sequence[str], source: str | None, target: str,
                        glossaries: tuple[str, ...], fmt: str = "text") -> list[Result]:
        """Translate each text (one document each) through the batcher."""
        docs = [Document.from_text(t, fmt) for t in texts]
        return await self.batcher.translate((glossaries, source), docs, target)

    def languages(self) -> list[dict[str, Any]]:
        """LibreTranslate's ``/languages`` list: code, name, targets."""
        targets: dict[str, list[str]] = {}
        for source, target in self.router.pairs():
            targets.setdefault(source, []).append(target)
            targets.setdefault(target, [])
        return [{"code": code, "name": language_name(code), "targets": sorted(targets[code])}
                for code in sorted(targets)]

    def has_language(self, code: str) -> bool:
        """Whether any pair uses ``code``."""
        return code in self.router.languages()

    def start(self) -> None:
        """Load models and the language detector now, so the first request is fast."""
        warmed = self.router.warm()
        from ..langid import detect_language

        detect_language("Warming up the detector.")
        for source in {s for s, _ in warmed} | {None}:
            self.press_for((self.glossary_names(None, None), source))
        log.info("engines warm: %s", ", ".join(f"{s}->{t}" for s, t in warmed))

    def close(self) -> None:
        """Close every pipeline's translation memory."""
        with self._lock:
            presses, self._presses = list(self._presses.values()), {}
        for press in presses:
            press.close()


def _build_engines(names: Sequence[str]) -> list[Any]:
    from ..engines import get_engine

    engines = []
    problems = []
    for name in names:
        try:
            engine = get_engine(name)
        except (MissingDependencyError, EngineError) as exc:
            problems.append(f"{name}: {exc}")
            continue
        if not engine.pairs():
            problems.append(f"{name}: no models installed")
            continue
        engines.append(engine)
    if not engines:
        raise EngineError("no translation engine can start: " + "; ".join(problems))
    for problem in problems:
        log.warning("engine not used: %s", problem)
    return engines
