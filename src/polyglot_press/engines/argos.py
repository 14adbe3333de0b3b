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

import contextlib
import importlib.util
import io
import json
import os
import re
import shutil
import stat
import tempfile
import threading
import urllib.error
import urllib.request
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import EngineError, MissingDependencyError, ModelPackageError, OfflineError
from .base import BaseEngine, LazyValue, pivot_pairs

#: What to install when a dependency of the argos engine is missing.
ARGOS_EXTRA_HINT = "pip install 'polyglot-press[argos]'"



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


@dataclass(frozen=True)
class ArchiveLimits:
    """Limits an ``.argosmodel`` archive must respect to be installed.

    ``max_ratio`` is the largest compression ratio (unpacked / packed bytes)
    allowed for a member of at least ``ratio_floor_bytes`` unpacked, and for
    the whole archive past that size: a zip-bomb defence. Real argos models
    (int8 weights) pack about 1.1:1; DEFLATE at its best reaches about 1030:1.
    ``max_name_bytes`` bounds each path component (most file systems allow 255
    bytes), ``max_path_bytes`` a whole member name.
    """

    max_member_bytes: int = 2 * 1024**3
    max_total_bytes: int = 4 * 1024**3
    max_members: int = 10_000
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1024**2
    max_name_bytes: int = 255
    max_path_bytes: int = 1024

    def check_ratio(self, label: str, what: str, unpacked: int, packed: int) -> None:
        """Raise :class:`ModelPackageError` if ``unpacked / packed`` passes ``max_ratio``."""
        if unpacked >= self.ratio_floor_bytes and unpacked > self.max_ratio * max(packed, 1):
            raise ModelPackageError(
                f"{label}: {what} unpacks {unpacked} bytes from {packed} "
                f"(ratio {unpacked / max(packed, 1):.0f}:1, over the limit of "
                f"{self.max_ratio:.0f}:1); refused as a possible zip bomb"
            )


def validate_archive(
    path: str | os.PathLike[str], limits: ArchiveLimits = ArchiveLimits()
) -> str:
    """Check an ``.argosmodel`` zip; return its top folder name.

    Rejects, each with a clear :class:`ModelPackageError`: files that are not
    zips, absolute paths, ``..`` components, links and other special files,
    members or totals over ``limits`` (sizes, compression ratio, name
    lengths), a name used twice or both as a file and as a folder, more than
    one top folder, a hidden top folder (its name starting with a dot: argos
    and this engine would never see it), and a missing ``metadata.json``.
    """
    label = str(path)
    if not zipfile.is_zipfile(path):
        raise ModelPackageError(f"{label}: not a zip archive (.argosmodel files are zips)")
    total = 0
    packed = 0
    tops: set[str] = set()
    names: set[str] = set()
    files: set[str] = set()
    folders: set[str] = set()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ModelPackageError(f"{label}: unreadable zip archive ({exc})") from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise ModelPackageError(
                f"{label}: {len(members)} members, more than the limit of {limits.max_members}"
            )
        for info in members:
            name = info.filename
            if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
                raise ModelPackageError(f"{label}: member {name!r} has an absolute path")
            parts = PurePosixPath(name).parts
            if ".." in parts:
                raise ModelPackageError(f"{label}: member {name!r} escapes the folder ('..')")
            _check_member_name(label, name, parts, limits)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise ModelPackageError(f"{label}: member {name!r} is a symbolic link")
            if info.flag_bits & 0x1:
                raise ModelPackageError(
                    f"{label}: member {name!r} is encrypted; argos packages are not"
                )
            kind = stat.S_IFMT(mode)
            if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
                raise ModelPackageError(f"{label}: member {name!r} is not a regular file")
            if info.file_size > limits.max_member_bytes:
                raise ModelPackageError(
                    f"{label}: member {name!r} is {info.file_size} bytes, over the limit "
                    f"of {limits.max_member_bytes}"
                )
            limits.check_ratio(label, f"member {name!r}", info.file_size, info.compress_size)
            total += info.file_size
            packed += info.compress_size
            if total > limits.max_total_bytes:
                raise ModelPackageError(
                    f"{label}: unpacks to more than {limits.max_total_bytes} bytes"
                )
            if parts:
                tops.add(parts[0])
                joined = "/".join(parts)
                if joined in names:
                    raise ModelPackageError(f"{label}: member {joined!r} appears twice")
                names.add(joined)
                (folders if info.is_dir() else files).add(joined)
                folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
        limits.check_ratio(label, "the archive", total, packed)
    clash = sorted(files & folders)
    if clash:
        raise ModelPackageError(
            f"{label}: {clash[0]!r} is both a file and a folder in the archive; "
            "not an argos package"
        )
    if len(tops) != 1:
        raise ModelPackageError(
            f"{label}: an argos package holds exactly one top folder, found "
            f"{', '.join(sorted(tops)) or 'none'}"
        )
    (top,) = tops
    if top.startswith("."):
        raise ModelPackageError(
            f"{label}: the top folder {top!r} starts with a dot; installed, it would be "
            "hidden and never used (argos skips hidden folders). Rename the folder"
        )
    if top in {".", ""} or f"{top}/metadata.json" not in names:
        raise ModelPackageError(f"{label}: no {top}/metadata.json; not an argos package")
    return top


def _check_member_name(
    label: str, name: str, parts: tuple[str, ...], limits: ArchiveLimits
) -> None:
    """Refuse member names the file system would refuse (ENAMETOOLONG) or that hide NULs."""
    if "\x00" in name:
        raise ModelPackageError(f"{label}: member {name!r} has a NUL character in its name")
    if len(name.encode("utf-8", "surrogatepass")) > limits.max_path_bytes:
        raise ModelPackageError(
            f"{label}: member name {name[:60]!r}... is longer than "
            f"{limits.max_path_bytes} bytes"
        )
    for part in parts:
        size = len(part.encode("utf-8", "surrogatepass"))
        if size > limits.max_name_bytes:
            raise ModelPackageError(
                f"{label}: member {name[:60]!r}...: the name {part[:40]!r}... is {size} bytes "
                f"long, over the limit of {limits.max_name_bytes} bytes per file or folder name"
            )


def _extract(path: str | os.PathLike[str], into: Path, limits: ArchiveLimits) -> None:
    """Extract a validated archive, counting real bytes (declared sizes may lie).

    A member that cannot be read (bad CRC, truncated or corrupt data, an
    encryption or compression method zipfile does not handle) is a
    :class:`ModelPackageError` naming the archive and the member.
    """
    total = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            dest = into.joinpath(*PurePosixPath(info.filename).parts)
            written = 0
            try:
                if info.is_dir():
                    dest.mkdir(parents=True, exist_ok=True)
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, open(dest, "wb") as out:
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        total += len(chunk)
                        if written > limits.max_member_bytes or total > limits.max_total_bytes:
                            raise ModelPackageError(
                                f"{path}: member {info.filename!r} unpacks past the size limit"
                            )
                        limits.check_ratio(
                            str(path), f"member {info.filename!r}", written, info.compress_size
                        )
                        out.write(chunk)
            except ModelPackageError:
                raise
            except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError,
                    NotImplementedError, ValueError) as exc:
                raise ModelPackageError(
                    f"{path}: member {info.filename!r} cannot be read ({exc})"
                ) from None
            except OSError as exc:  # validate_archive refuses what we know; a last guard
                raise ModelPackageError(
                    f"{path}: member {info.filename!r} cannot be unpacked here "
                    f"({exc.strerror or type(exc).__name__})"
                ) from None


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
    limits: ArchiveLimits = ArchiveLimits(),
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
    limits: ArchiveLimits = ArchiveLimits(),
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
