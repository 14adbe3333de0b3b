"""argos-translate packages: where they live, what is installed, and installing archives safely.

Packages are shared with argos-translate users: the same folder (see
:func:`default_packages_dir`), the same layout (``metadata.json``, a
CTranslate2 ``model/`` and a SentencePiece or BPE model). Installing an
archive (:func:`install_package`) validates it first
(:func:`validate_archive`: no path escapes, links, duplicate or over-long
names, encrypted or oversized members, or compression bombs), unpacks it into
a staging folder, checks that the model loads, and only then moves it into
place. :func:`install_from_index` downloads from the argos package index, and
fails with :class:`~polyglot_press.errors.OfflineError` when offline.

>>> version_key("1.10") > version_key("1.9")
True
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import tempfile
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EngineError, MissingDependencyError, ModelPackageError, OfflineError
from .argos_archive import DEFAULT_LIMITS, ArchiveLimits, _extract, validate_archive

#: What to install when a dependency of the argos engine is missing.
ARGOS_EXTRA_HINT = "pip install 'polyglot-press[argos]'"

__all__ = [
    "ARGOS_INDEX_URL",
    "ArchiveLimits",
    "ArgosPackage",
    "default_packages_dir",
    "install_from_index",
    "install_package",
    "list_packages",
    "validate_archive",
    "version_key",
]

ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"

#: What ``from_code``/``to_code`` in ``metadata.json`` must look like: a 2-3 letter
#: language code, optionally followed by subtags (``pt``, ``zh_Hant``, ``pt-BR``).
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Sort key for package versions: numeric parts compare as numbers.

    >>> sorted(["1.10", "1.9", "1.9.1", "2"], key=version_key)
    ['1.9', '1.9.1', '1.10', '2']
    """
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.split(r"[.\-_+]", str(version)) if part
    )


def default_packages_dir() -> Path:
    """Where argos-translate keeps installed packages (the same rules it uses)."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env)
    home = Path.home()
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    settings = config / "argos-translate" / "settings.json"
    if settings.is_file():
        try:
            value = json.loads(settings.read_text(encoding="utf-8")).get("ARGOS_PACKAGES_DIR")
        except (OSError, ValueError, AttributeError):
            value = None
        if isinstance(value, str) and value:
            return Path(value)
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return data / "argos-translate" / "packages"


@dataclass(frozen=True)
class ArgosPackage:
    """One installed argos package (read from its ``metadata.json``)."""

    path: Path
    source: str
    target: str
    version: str
    name: str = ""
    tokenizer: str = "sentencepiece"  # or "bpe"
    target_prefix: str = ""

    @property
    def pair(self) -> tuple[str, str]:
        """``(source, target)``."""
        return (self.source, self.target)

    @property
    def identity(self) -> str:
        """``source-target@version``: what a translation memory keys by."""
        return f"{self.source}-{self.target}@{self.version}"

    @classmethod
    def read(cls, path: str | os.PathLike[str], *, label: str | None = None) -> ArgosPackage:
        """Read the package folder at ``path``; :class:`ModelPackageError` if invalid.

        ``label`` names the folder in error messages (an archive being
        installed, say, rather than the temporary folder it is unpacked into).
        """
        folder = Path(path)
        where = label if label is not None else str(folder)
        meta_path = f"{where}/metadata.json"
        try:
            meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelPackageError(f"{where}: no metadata.json; not an argos package") from None
        except (OSError, ValueError) as exc:
            raise ModelPackageError(f"{meta_path}: unreadable metadata ({exc})") from None
        if not isinstance(meta, dict):
            raise ModelPackageError(f"{meta_path}: metadata must be a JSON object")
        source, target = meta.get("from_code"), meta.get("to_code")
        if not isinstance(source, str) or not isinstance(target, str) or not source or not target:
            raise ModelPackageError(f"{meta_path}: 'from_code' and 'to_code' are required")
        for key, code in (("from_code", source), ("to_code", target)):
            if not LANGUAGE_CODE.fullmatch(code):
                raise ModelPackageError(
                    f"{meta_path}: {key} {code!r} is not a language code (like 'en' or 'pt_BR')"
                )
        if (folder / "sentencepiece.model").is_file():
            tokenizer = "sentencepiece"
        elif (folder / "bpe.model").is_file():
            tokenizer = "bpe"
        else:
            raise ModelPackageError(f"{where}: no sentencepiece.model or bpe.model")
        if not (folder / "model" / "model.bin").is_file():
            raise ModelPackageError(f"{where}: no CTranslate2 model (model/model.bin)")
        return cls(
            path=folder,
            source=source,
            target=target,
            version=str(meta.get("package_version", "")) or "0",
            name=folder.name,
            tokenizer=tokenizer,
            target_prefix=str(meta.get("target_prefix", "") or ""),
        )


def list_packages(packages_dir: str | os.PathLike[str] | None = None) -> list[ArgosPackage]:
    """Installed translation packages, sorted by pair; broken folders give a warning."""
    root = Path(packages_dir) if packages_dir is not None else default_packages_dir()
    if not root.is_dir():
        _check_packages_dir(root)
        return []
    found: list[ArgosPackage] = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        if not (folder / "metadata.json").exists():
            continue
        try:
            meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
            if isinstance(meta, dict) and meta.get("type", "translate") != "translate":
                continue
            found.append(ArgosPackage.read(folder))
        except (ModelPackageError, OSError, ValueError) as exc:
            warnings.warn(f"skipping argos package {folder}: {exc}", stacklevel=2)
    return sorted(found, key=lambda p: (p.pair, version_key(p.version), p.name))


def _check_packages_dir(root: Path) -> None:
    """A packages folder that exists must be a folder (``--argos-dir`` given a file)."""
    if root.exists() and not root.is_dir():
        raise ModelPackageError(
            f"{root}: the argos packages folder is a file, not a folder; point "
            "--argos-dir (or ARGOS_PACKAGES_DIR) at a folder"
        )


def _load_tokenizer(
    package: ArgosPackage,
) -> tuple[Callable[[str], list[str]], Callable[[list[str]], str]]:
    """The package's ``(encode, decode)``; :class:`EngineError` naming it if unreadable."""
    if package.tokenizer == "sentencepiece":
        import sentencepiece

        model_file = package.path / "sentencepiece.model"
        try:
            processor = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
        except (RuntimeError, OSError, ValueError) as exc:
            raise EngineError(
                f"{model_file}: SentencePiece cannot read the tokenizer model ({exc}); "
                "reinstall the package"
            ) from None
        return (
            lambda text: list(processor.encode(text, out_type=str)),
            lambda pieces: str(processor.decode_pieces(pieces)),
        )
    try:
        from argostranslate.tokenizer import BPETokenizer
    except ImportError as exc:
        raise MissingDependencyError(
            f"{package.path}: BPE packages need argostranslate's tokenizer: {ARGOS_EXTRA_HINT}"
        ) from exc
    bpe = BPETokenizer(package.path / "bpe.model", package.source, package.target)
    said = io.StringIO()
    try:
        # reads the codes file and builds the Moses tools now; argostranslate's
        # BPE reader calls sys.exit on a bad line after writing why to stderr
        with contextlib.redirect_stderr(said):
            bpe.lazy_load()
    except (OSError, ValueError, IndexError, UnicodeDecodeError, ImportError, SystemExit) as exc:
        why = " ".join(said.getvalue().split()) or str(exc) or type(exc).__name__
        raise EngineError(
            f"{package.path / 'bpe.model'}: cannot read the BPE codes ({why}); "
            "reinstall the package"
        ) from None
    lock = threading.Lock()  # sacremoses objects are not documented thread-safe

    def encode(text: str) -> list[str]:
        with lock:
            return list(bpe.encode(text))

    def decode(pieces: list[str]) -> str:
        with lock:
            return str(bpe.decode(pieces))

    return encode, decode


def _check_loads(package: ArgosPackage, source: Path, top: str) -> None:
    """Load the package's tokenizer and CTranslate2 model once, so a broken
    package fails at install time rather than when used.

    The error names the archive and the member (``a.argosmodel: top/bpe.model:
    ...``), never the temporary folder the archive is unpacked into.
    """

    def relabel(message: str) -> str:
        staged = str(package.path)
        message = message.replace(staged + os.sep, f"{top}/").replace(staged, top)
        staging = str(package.path.parent)
        return message.replace(staging + os.sep, "").replace(staging, "")

    try:
        _load_tokenizer(package)
    except EngineError as exc:
        raise ModelPackageError(f"{source}: {relabel(str(exc))}") from None
    except MissingDependencyError as exc:
        raise MissingDependencyError(f"{source}: {relabel(str(exc))}") from None
    import ctranslate2

    try:
        translator = ctranslate2.Translator(str(package.path / "model"), device="cpu")
    except (RuntimeError, ValueError, OSError) as exc:
        raise ModelPackageError(
            f"{source}: {top}/model/: CTranslate2 cannot load the model ({relabel(str(exc))})"
        ) from None
    del translator


def install_package(
    path: str | os.PathLike[str],
    packages_dir: str | os.PathLike[str] | None = None,
    *,
    limits: ArchiveLimits = DEFAULT_LIMITS,
    expected_pair: tuple[str, str] | None = None,
) -> ArgosPackage:
    """Validate and install a local ``.argosmodel``; return the installed package.

    The archive is checked (:func:`validate_archive`), unpacked into a
    temporary folder next to the packages, its contents checked (metadata
    with real language codes; the tokenizer and the CTranslate2 model load),
    and moved into place in one step, replacing an older copy of the same
    package. With ``expected_pair``, a package for another pair is refused.
    """
    source = Path(path)
    if not source.is_file():
        raise ModelPackageError(f"{source}: no such file")
    top = validate_archive(source, limits)
    root = Path(packages_dir) if packages_dir is not None else default_packages_dir()
    _check_packages_dir(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
    except OSError as exc:
        raise ModelPackageError(
            f"{root}: cannot create the argos packages folder ({exc.strerror or exc})"
        ) from None
    try:
        _extract(source, staging, limits)
        label = f"{source} ({top}/)"
        package = ArgosPackage.read(staging / top, label=label)  # validates the contents
        if expected_pair is not None and package.pair != expected_pair:
            raise ModelPackageError(
                f"{label}: the package translates {package.source}->{package.target}, "
                f"not the {expected_pair[0]}->{expected_pair[1]} asked for"
            )
        _check_loads(package, source, top)
        final = root / top
        if final.exists():
            old = root / f".old-{top}-{os.getpid()}"
            os.replace(final, old)
            os.replace(staging / top, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging / top, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ArgosPackage.read(root / package.name)


def install_from_index(
    source: str,
    target: str,
    packages_dir: str | os.PathLike[str] | None = None,
    *,
    index_url: str = ARGOS_INDEX_URL,
    timeout: float = 20.0,
    limits: ArchiveLimits = DEFAULT_LIMITS,
    max_index_bytes: int = 64 * 1024**2,
) -> ArgosPackage:
    """Download the ``source -> target`` package from argos's index and install it.

    The newest version (compared numerically: 1.10 is newer than 1.9) is
    chosen. Downloads are streamed to disk and stopped as soon as they pass
    ``limits.max_total_bytes`` (the index: ``max_index_bytes``). The package
    must translate the pair asked for. Raises :class:`OfflineError` when the
    index or the package cannot be reached.
    """

    def fetch(url: str, out: Any, cap: int) -> None:
        import urllib.error  # here, not at start-up: only an install downloads
        import urllib.request

        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                declared = response.headers.get("Content-Length") if response.headers else None
                if declared and declared.isdigit() and int(declared) > cap:
                    raise ModelPackageError(
                        f"{url}: {declared} bytes, over the download limit of {cap}"
                    )
                size = 0
                while chunk := response.read(1 << 20):
                    size += len(chunk)
                    if size > cap:
                        raise ModelPackageError(
                            f"{url}: download passed the limit of {cap} bytes; stopped"
                        )
                    out.write(chunk)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise OfflineError(
                f"cannot reach {url} ({exc}); polyglot-press is offline. Download the "
                f".argosmodel for {source}->{target} on a machine with network access and "
                "run `polyglot-press models install PATH`"
            ) from None

    buffer = io.BytesIO()
    fetch(index_url, buffer, max_index_bytes)
    try:
        index = json.loads(buffer.getvalue())
    except ValueError as exc:
        raise ModelPackageError(f"{index_url}: the package index is not JSON ({exc})") from None
    matches = [
        entry for entry in index
        if isinstance(entry, dict) and entry.get("from_code") == source
        and entry.get("to_code") == target and entry.get("links")
    ]
    if not isinstance(index, list) or not matches:
        raise ModelPackageError(
            f"argos's package index has no {source}->{target} package; "
            f"pivoting through English needs {source}->en and en->{target}"
        )
    entry = max(matches, key=lambda e: version_key(str(e.get("package_version", ""))))
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / f"translate-{source}_{target}.argosmodel"
        with open(archive, "wb") as out:
            fetch(str(entry["links"][0]), out, limits.max_total_bytes)
        return install_package(
            archive, packages_dir, limits=limits, expected_pair=(source, target)
        )
