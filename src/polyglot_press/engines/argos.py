"""The argos engine: argos-translate packages run through CTranslate2 directly.

It reads the packages argos-translate installs (a folder with
``metadata.json``, a CTranslate2 ``model/`` and a ``sentencepiece.model`` or
``bpe.model``), in the folder ``argospm`` uses, so packages are shared with
argos users. It needs only ``ctranslate2`` and ``sentencepiece`` (the
``[argos]`` extra; without them importing this module raises
:class:`~polyglot_press.errors.MissingDependencyError` naming the extra).
``argostranslate`` itself (in the same extra) is imported only for the BPE
tokenizer of older packages: importing it creates directories in the home
folder and pulls in torch, and its translate path splits sentences with
models it may download. Here the input is already sentences
(see :mod:`polyglot_press.document`); every sentence of a call goes to
CTranslate2 in one ``translate_batch`` (CTranslate2 sorts them by length and
cuts them into batches), so a whole document, or many documents, are
translated together.

Where packages live: the ``packages_dir`` argument, else ``$ARGOS_PACKAGES_DIR``,
else ``ARGOS_PACKAGES_DIR`` in argos-translate's ``settings.json``, else
``$XDG_DATA_HOME/argos-translate/packages`` (``~/.local/share/...``), the same
place argos-translate uses. Nothing is created until a package is installed.

When no package translates a pair directly but two do through English, the
engine pivots (``xx -> en -> yy``).

>>> engine = ArgosEngine(packages_dir="/nonexistent/argos")
>>> engine.pairs()
[]
>>> engine.translate_batch([], "en", "de")
Traceback (most recent call last):
...
polyglot_press.errors.LanguagePairError: engine 'argos' cannot translate en->de; installed pairs: none. ...
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EngineError, MissingDependencyError
from .argos_packages import (
    ARGOS_EXTRA_HINT,
    ARGOS_INDEX_URL,
    ArchiveLimits,
    ArgosPackage,
    _load_tokenizer,
    default_packages_dir,
    install_from_index,
    install_package,
    list_packages,
    validate_archive,
    version_key,
)
from .base import BaseEngine, LazyValue, pivot_pairs


def _missing(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except (ImportError, ValueError):
        return True


if _missing("ctranslate2") or _missing("sentencepiece"):
    raise MissingDependencyError(
        f"the argos engine needs ctranslate2 and sentencepiece: {ARGOS_EXTRA_HINT}"
    )

__all__ = [
    "ARGOS_INDEX_URL",
    "ArchiveLimits",
    "ArgosConfig",
    "ArgosEngine",
    "ArgosPackage",
    "default_packages_dir",
    "install_from_index",
    "install_package",
    "list_packages",
    "validate_archive",
    "version_key",
]

@dataclass(frozen=True)
class ArgosConfig:
    """How the argos engine runs CTranslate2 (defaults follow argos-translate).

    ``threads`` is CTranslate2's ``intra_threads`` (0: its default),
    ``inter_threads`` how many batches run at once, ``compute_type`` a
    CTranslate2 compute type (``"auto"``, ``"int8"``, ``"float32"``, ...).
    """

    beam_size: int = 4
    threads: int = 0
    inter_threads: int = 1
    compute_type: str = "auto"
    device: str = "cpu"
    max_batch_size: int = 32
    length_penalty: float = 0.2
    packages_dir: Path | None = None
    limits: ArchiveLimits = field(default_factory=ArchiveLimits)

    def __post_init__(self) -> None:
        if self.beam_size < 1:
            raise ValueError(f"beam_size must be at least 1, not {self.beam_size}")
        if self.threads < 0 or self.inter_threads < 1 or self.max_batch_size < 1:
            raise ValueError("threads >= 0, inter_threads >= 1 and max_batch_size >= 1")


class _Loaded:
    """One package's CTranslate2 translator and tokenizer, loaded once."""

    def __init__(self, package: ArgosPackage, config: ArgosConfig) -> None:
        import ctranslate2

        self.package = package
        try:
            self.translator = ctranslate2.Translator(
                str(package.path / "model"),
                device=config.device,
                compute_type=config.compute_type,
                inter_threads=config.inter_threads,
                intra_threads=config.threads,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise EngineError(f"{package.path}: CTranslate2 cannot load the model ({exc})") from None
        self.encode, self.decode = _load_tokenizer(package)


class ArgosEngine(BaseEngine):
    """Translate with installed argos packages through CTranslate2.

    Keyword options build an :class:`ArgosConfig` (``beam_size``, ``threads``,
    ``inter_threads``, ``compute_type``, ``device``, ``max_batch_size``,
    ``packages_dir``). The package list is read when the engine is built;
    call :meth:`refresh` after installing packages from elsewhere.
    """

    name = "argos"
    priority = 20  # auto order: any installed argos package is tried first
    option_names: frozenset[str] = frozenset(
        ("beam_size", "threads", "inter_threads", "compute_type", "device",
         "max_batch_size", "length_penalty", "packages_dir", "limits")
    )

    def __init__(self, config: ArgosConfig | None = None, **options: Any) -> None:
        if config is not None and options:
            raise TypeError("pass either config or keyword options, not both")
        if "packages_dir" in options and options["packages_dir"] is not None:
            options["packages_dir"] = Path(options["packages_dir"])
        try:
            self.config = config or ArgosConfig(**options)
        except TypeError as exc:
            raise TypeError(f"ArgosEngine: {exc}") from None
        self._models = LazyValue()
        self._packages: dict[tuple[str, str], ArgosPackage] = {}
        self.refresh()

    @property
    def packages_dir(self) -> Path:
        """The folder this engine reads packages from."""
        return self.config.packages_dir or default_packages_dir()

    def refresh(self) -> None:
        """Re-read the installed packages (the newest version wins per pair)."""
        packages: dict[tuple[str, str], ArgosPackage] = {}
        for package in list_packages(self.packages_dir):
            packages[package.pair] = package  # sorted by version: last is newest
        self._packages = packages
        self._models = LazyValue()

    def packages(self) -> list[ArgosPackage]:
        """The installed packages this engine uses, one per direct pair."""
        return [self._packages[pair] for pair in sorted(self._packages)]

    def install(self, path: str | os.PathLike[str]) -> ArgosPackage:
        """Install a local ``.argosmodel`` into this engine's folder and use it."""
        package = install_package(path, self.packages_dir, limits=self.config.limits)
        self.refresh()
        return package

    def direct_pairs(self) -> list[tuple[str, str]]:
        """Pairs an installed package translates directly."""
        return sorted(self._packages)

    def pairs(self) -> list[tuple[str, str]]:
        """Direct pairs and pairs reachable through English."""
        direct = self.direct_pairs()
        return sorted({*direct, *pivot_pairs(direct, "en")})

    @property
    def identity(self) -> str:
        models = ",".join(p.identity for p in self.packages())
        return f"argos[{models}]"

    def identity_for(self, source: str, target: str) -> str:
        """Identity naming only the package(s) ``source -> target`` uses."""
        source, target = self.resolve_pair(source, target)
        route = self._route(source, target)
        return "argos[" + "+".join(self._packages[p].identity for p in route) + "]"

    def how_to_add_pair(self, source: str, target: str) -> str:
        return (
            f"Install an argos package: `polyglot-press models install {source} {target}` "
            f"(online) or `polyglot-press models install PATH.argosmodel`; packages are read "
            f"from {self.packages_dir}."
        )

    def loaded_pairs(self) -> list[tuple[str, str]]:
        """Pairs whose models are in memory."""
        return sorted(self._models.loaded())

    def _route(self, source: str, target: str) -> list[tuple[str, str]]:
        if (source, target) in self._packages:
            return [(source, target)]
        return [(source, "en"), ("en", target)]

    def _model(self, pair: tuple[str, str]) -> _Loaded:
        package = self._packages[pair]
        loaded: _Loaded = self._models.get(pair, lambda: _Loaded(package, self.config))
        return loaded

    def _translate(
        self, sentences: list[str], source: str, target: str, n_best: int
    ) -> list[list[str]]:
        route = self._route(source, target)
        current = sentences
        for step, pair in enumerate(route):
            last = step == len(route) - 1
            hyps = self._translate_direct(current, pair, n_best if last else 1)
            if last:
                return hyps
            current = [h[0] for h in hyps]
        raise AssertionError("unreachable")  # pragma: no cover

    def _translate_direct(
        self, sentences: list[str], pair: tuple[str, str], n_best: int
    ) -> list[list[str]]:
        model = self._model(pair)
        tokens = [model.encode(s) for s in sentences]
        prefix = model.package.target_prefix
        longest = max((len(t) for t in tokens), default=0)
        try:
            results = model.translator.translate_batch(
                tokens,
                target_prefix=[[prefix]] * len(tokens) if prefix else None,
                max_batch_size=self.config.max_batch_size,
                beam_size=max(self.config.beam_size, n_best),
                num_hypotheses=n_best,
                length_penalty=self.config.length_penalty,
                replace_unknowns=True,
                max_input_length=0,  # never cut a sentence silently
                max_decoding_length=max(256, 2 * longest + 16),
            )
        except (RuntimeError, ValueError) as exc:
            raise EngineError(
                f"argos {pair[0]}->{pair[1]} ({model.package.path}) failed: {exc}"
            ) from None
        out: list[list[str]] = []
        for result in results:
            hyps = []
            for pieces in result.hypotheses:
                text = model.decode(list(pieces))
                if prefix and text.startswith(prefix):
                    text = text[len(prefix) :]
                hyps.append(text.strip())
            out.append(hyps or [""])
        return out
