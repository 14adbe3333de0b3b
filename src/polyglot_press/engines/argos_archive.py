"""Model archives checked before anything is unpacked, and unpacked safely.

An ``.argosmodel`` file is a zip archive from outside. :func:`validate_archive`
refuses, naming the archive and the member: paths that escape the folder,
links and device files, a name that is both a file and a folder or appears
twice, over-long names, encrypted members, members or totals over the
:class:`ArchiveLimits`, and a compression ratio no real model has (a zip
bomb). :func:`_extract` then unpacks member by member, counting the bytes
actually written, so an archive that lies about its sizes is stopped too.

>>> ArchiveLimits().max_ratio
200.0
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import ModelPackageError

__all__ = ["DEFAULT_LIMITS", "ArchiveLimits", "validate_archive"]

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


#: the limits used when none are given
DEFAULT_LIMITS = ArchiveLimits()


def validate_archive(
    path: str | os.PathLike[str], limits: ArchiveLimits | None = None
) -> str:
    """Check an ``.argosmodel`` zip; return its top folder name.

    Rejects, each with a clear :class:`ModelPackageError`: files that are not
    zips, absolute paths, ``..`` components, links and other special files,
    members or totals over ``limits`` (sizes, compression ratio, name
    lengths), a name used twice or both as a file and as a folder, more than
    one top folder, a hidden top folder (its name starting with a dot: argos
    and this engine would never see it), and a missing ``metadata.json``.
    """
    limits = limits or DEFAULT_LIMITS
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
