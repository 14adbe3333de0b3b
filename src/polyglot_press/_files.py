"""Files: reading, decoding, atomic writes and the cache folder, for every package.

Documents, glossaries, the CLI, the translation memory and the placeholder
calibrations all read and write files the same way, so that every error names
the file and a crash never leaves a half-written one:

- :func:`read_file_bytes` reads a whole file, and a missing file, a folder
  or an unreadable file becomes a :class:`~polyglot_press.errors.FileAccessError`.
- :func:`decode_bytes` decodes UTF-8 (a BOM is remembered) and names the line
  and column of the first bad byte.
- :func:`atomic_write_bytes` writes through a temporary file in the same
  folder, ``fsync`` and an atomic rename. Its temporary files are named
  ``.<name>.<pid>.pp-tmp``; one left behind by a process that was killed is
  removed by the next write into that folder (only when that process no
  longer runs).
- :func:`default_cache_dir` is where caches live.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write_text(folder / "note.txt", "héllo\\n")
>>> decode_bytes(read_file_bytes(folder / "note.txt"))
('héllo\\n', False)
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from .errors import FileAccessError, InputError

__all__ = [
    "TEMPORARY_SUFFIX",
    "atomic_write_bytes",
    "atomic_write_text",
    "decode_bytes",
    "default_cache_dir",
    "likely_encoding",
    "read_file_bytes",
    "remove_stale_temporaries",
]

#: every temporary file :func:`atomic_write_bytes` makes ends with this
TEMPORARY_SUFFIX = ".pp-tmp"
# .<target name>.<pid>.<random>.pp-tmp
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[^.]+" + re.escape(TEMPORARY_SUFFIX) + "$")


def read_file_bytes(path: str | os.PathLike[str], *, kind: str = "file") -> bytes:
    """The bytes of ``path``; a directory, a missing or an unreadable file raises
    :class:`~polyglot_press.errors.FileAccessError` naming it (``kind`` says what
    was expected there, for the message)."""
    file = Path(path)
    if file.is_dir():
        raise FileAccessError(f"{path}: is a directory, not a {kind}")
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise FileAccessError(f"{path}: no such file") from None
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot read: {exc.strerror or exc}") from None


def decode_bytes(data: bytes, *, path: str | None = None) -> tuple[str, bool]:
    """Decode UTF-8 ``data``; return (text without BOM, whether it had a BOM).

    Invalid bytes raise :class:`~polyglot_press.errors.InputError` naming the
    line and column of the first bad byte; so does UTF-16 or UTF-32 text with
    no byte-order mark (valid UTF-8 when its letters are ASCII, NULs between
    them), with the ``iconv`` command that converts it.

    >>> decode_bytes(b"\\xef\\xbb\\xbfhi\\r\\n")
    ('hi\\r\\n', True)
    """
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    wide = _wide_encoding(body)
    if wide is not None:
        raise InputError(
            f"this is {wide} text without a byte-order mark, not UTF-8 (NUL bytes between "
            f"the letters); convert it: iconv -f {wide} -t UTF-8",
            path=path, line=1, column=1,
        )
    try:
        return body.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        bad = body[exc.start : exc.end].hex(" ")
        hint = (
            "the file looks like UTF-16; convert it to UTF-8"
            if body[:2] in (b"\xff\xfe", b"\xfe\xff")
            else likely_encoding_hint(body)
        )
        raise InputError(
            f"invalid UTF-8 byte(s) {bad}: {hint}", path=path, line=line, column=column
        ) from None


def _wide_encoding(data: bytes) -> str | None:
    """``"UTF-16LE"``, ``"UTF-16BE"``, ``"UTF-32LE"`` or ``"UTF-32BE"`` when ``data``
    (with NUL bytes) is text in that encoding with no byte-order mark, else None.

    Such files are valid UTF-8 when their letters are ASCII, so without this
    check they would be read as letters with NULs between them (and a bidi
    control like U+202E would hide as ``.`` and a space).

    >>> _wide_encoding("Hi \\u202e!\\n".encode("utf-16-le"))
    'UTF-16LE'
    >>> _wide_encoding(b"plain") is None
    True
    """
    sample = data[:65536]
    if b"\0" not in sample or len(sample) < 4:
        return None
    # where the NUL bytes fall tells the width and the byte order; a stray NUL
    # or two in UTF-8 is not wide text (the document reader refuses NULs itself)
    nuls = [sample[i::4].count(0) for i in range(4)]
    total = sum(nuls)
    if total < 4 or total < 0.05 * len(sample):
        return None
    quarter = len(sample) // 4 or 1
    odd, even = nuls[1] + nuls[3], nuls[0] + nuls[2]
    if min(nuls[2], nuls[3]) > 0.9 * quarter:
        candidates = [("UTF-32LE", "utf-32-le", 4)]
    elif min(nuls[0], nuls[1]) > 0.9 * quarter:
        candidates = [("UTF-32BE", "utf-32-be", 4)]
    elif odd >= 0.95 * total:
        candidates = [("UTF-16LE", "utf-16-le", 2)]
    elif even >= 0.95 * total:
        candidates = [("UTF-16BE", "utf-16-be", 2)]
    else:
        return None
    for name, codec, width in candidates:
        usable = len(sample) - len(sample) % width
        try:
            decoded = sample[:usable].decode(codec)
        except UnicodeDecodeError:
            continue
        # real text in that encoding holds no NUL and next to no other C0 control
        if "\0" in decoded or not decoded:
            continue
        controls = sum(ch < " " and ch not in "\t\r\n\f" for ch in decoded)
        if controls <= len(decoded) * 0.05:
            return name
    return None


def _process_gone(pid: int) -> bool:
    """True when no live process has ``pid``.

    A process killed with -9 whose parent died too stays a zombie until init
    reaps it, and in a container init often never does. ``kill(pid, 0)``
    succeeds on a zombie, so ``/proc`` is asked for its state as well.
    """
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return _is_zombie(pid)
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            stat = stream.read()
    except OSError:  # no /proc (macOS) or the process just went
        return False
    # "pid (comm) state ...": comm may hold spaces and parentheses
    fields = stat[stat.rfind(b")") + 1:].split()
    return bool(fields) and fields[0] in (b"Z", b"X")


def remove_stale_temporaries(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files of writes into ``folder`` whose process is gone.

    A write killed between creating its temporary file and renaming it (kill
    -9, a power cut) leaves ``.<name>.<pid>.<random>.pp-tmp`` behind. Files of
    a process that still runs are kept: it may be writing. Returns what was
    removed; a file that cannot be removed is left alone.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None or not _process_gone(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    A directory at ``path`` or a missing folder raises
    :class:`~polyglot_press.errors.FileAccessError` before anything is written.
    An existing file keeps its mode; a new one gets the usual umask mode.
    """
    path = Path(path)
    if path.is_dir():
        raise FileAccessError(f"{path}: is a directory; give a file name to write")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileAccessError(f"{path}: folder {folder} does not exist")
    remove_stale_temporaries(folder)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=TEMPORARY_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise FileAccessError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (see :func:`atomic_write_bytes`).

    A character UTF-8 cannot hold (a lone surrogate) raises
    :class:`~polyglot_press.errors.InputError` before anything is written.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"cannot write character {exc.object[exc.start]!r} "
                         "(a lone surrogate) as UTF-8", path=str(path)) from None
    atomic_write_bytes(path, data)


def default_cache_dir() -> Path:
    """``$POLYGLOT_PRESS_CACHE_DIR``, else the user cache folder of polyglot_press.

    Everything polyglot_press caches (the translation memory, placeholder
    calibrations) lives there.
    """
    env = os.environ.get("POLYGLOT_PRESS_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("polyglot_press"))


# single-byte encodings in the order a tie is broken (the most common first)
_SINGLE_BYTE = ("cp1252", "cp1251", "cp1250", "koi8_r", "cp1253", "cp1254", "cp1257", "cp1256",
                "cp1255", "iso8859_15")


_EAST_ASIAN = {"CJK": "CJK", "HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK",
               "HALFWIDTH": "CJK", "FULLWIDTH": "CJK", "IDEOGRAPHIC": "CJK"}


def _script(char: str) -> str:
    import unicodedata

    first = unicodedata.name(char, " ").split(" ")[0]
    return _EAST_ASIAN.get(first, first)


def _plausibility(text: str) -> int:
    """How much ``text`` looks like words: an accented Latin letter inside an ASCII word,
    or a letter of another script among letters of its own script, counts for;
    symbols, controls, and runs of accented Latin letters (mis-decoded Cyrillic or
    Greek) count against."""
    import unicodedata

    score = 0
    for index, char in enumerate(text):
        if char.isascii() or char.isspace():
            continue
        if not char.isalpha():
            score -= 2 if unicodedata.category(char)[0] in "CS" else 1
            continue
        near = [text[j] for j in (index - 1, index + 1) if 0 <= j < len(text)]
        ascii_near = any(c.isascii() and c.isalpha() for c in near)
        if _script(char) == "LATIN":
            score += 1 if ascii_near else -1
        else:
            own = any(c.isalpha() and not c.isascii() and _script(c) == _script(char)
                      for c in near)
            score += 1 if own and not ascii_near else -1
    return score


def likely_encoding(data: bytes) -> str | None:
    """The encoding ``data`` (not UTF-8) most likely is in; None when nothing fits.

    The candidates are the common single-byte encodings and charset-normalizer's
    three best guesses; the one whose decoding reads most like words wins (on a
    tie, the most common). charset-normalizer alone tells single-byte encodings
    apart poorly on short text (a short French Latin-1 file came out as
    mac_latin2).

    >>> likely_encoding("Le café est très bon, à côté de la gare.".encode("latin-1"))
    'cp1252'
    >>> likely_encoding("Привет, как дела? Это тест.".encode("cp1251"))
    'cp1251'
    """
    from charset_normalizer import from_bytes

    sample = data[:200_000]
    guesses = [str(m.encoding) for m in from_bytes(sample)][:3]
    candidates = list(dict.fromkeys([*_SINGLE_BYTE, *guesses]))
    scores: list[tuple[int, int, str]] = []
    for rank, encoding in enumerate(candidates):
        try:
            text = sample.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scores.append((_plausibility(text), -rank, encoding))
    return max(scores)[2] if scores else None


def likely_encoding_hint(data: bytes) -> str:
    """What to tell about bytes that are not UTF-8: the likely encoding and how to read it."""
    guess = likely_encoding(data)
    if guess is None or guess in ("utf_8", "ascii"):
        return "the file is not UTF-8 and its encoding could not be told; pass --encoding"
    name = {"latin_1": "latin-1", "koi8_r": "koi8-r", "iso8859_15": "iso-8859-15"}.get(guess, guess)
    return (f"the file is not UTF-8; it looks like {name}: pass --encoding {name} "
            f"(or convert it: iconv -f {name} -t utf-8)")
