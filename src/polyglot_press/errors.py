"""Errors raised by polyglot_press.

Every error derives from :class:`PolyglotPressError`, and each child also
derives from the builtin exception a caller would expect (``ValueError``,
``OSError``, ``LookupError``, ...), so ``except ValueError`` keeps working for
code that does not know this library.

Messages name the place (file, line, column or character span) and say how to
fix the problem.

>>> err = InputError("unexpected byte 0xff", path="a.txt", line=3, column=7)
>>> str(err)
'a.txt:3:7: unexpected byte 0xff'
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

from os import PathLike

__all__ = [
    "ChangeConflictError",
    "EngineError",
    "FileAccessError",
    "FormatError",
    "GlossaryError",
    "InputError",
    "LanguagePairError",
    "MissingDependencyError",
    "ModelPackageError",
    "OfflineError",
    "PolyglotPressError",
    "TranslationMemoryError",
    "UnknownFormatError",
]


class PolyglotPressError(Exception):
    """Root of every error this library raises on purpose."""


def _location(
    path: str | PathLike[str] | None, line: int | None, column: int | None
) -> str:
    parts: list[str] = []
    if path is not None:
        parts.append(str(path))
    if line is not None:
        parts.append(str(line))
        if column is not None:
            parts.append(str(column))
    return ":".join(parts)


class InputError(PolyglotPressError, ValueError):
    """Input that cannot be used as given: bad bytes, bad syntax, bad values.

    ``path``, ``line`` (1-based) and ``column`` (1-based) say where; the
    message is prefixed with ``path:line:column`` when they are known.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.column = column
        where = _location(path, line, column)
        super().__init__(f"{where}: {message}" if where else message)


class FormatError(InputError):
    """A document that its format's reader cannot parse."""


class UnknownFormatError(InputError, LookupError):
    """A format name or file suffix no reader is registered for."""


class GlossaryError(InputError):
    """A glossary file or entry that is invalid (message names file:line)."""


class FileAccessError(PolyglotPressError, OSError):
    """A file that cannot be opened, read or written (missing, a directory, ...)."""


class ChangeConflictError(PolyglotPressError, ValueError):
    """Changes that overlap or do not match the text they are applied to."""


class MissingDependencyError(PolyglotPressError, ImportError):
    """An optional dependency is not installed; the message says what to install."""


class EngineError(PolyglotPressError, RuntimeError):
    """A translation engine failed or is misconfigured."""


class LanguagePairError(EngineError, LookupError):
    """No installed model translates the requested language pair."""


class ModelPackageError(EngineError, ValueError):
    """A model package (for example an ``.argosmodel`` archive) is invalid or unsafe."""


class OfflineError(PolyglotPressError, ConnectionError):
    """An operation needs the network and the network is not reachable."""


class TranslationMemoryError(PolyglotPressError, RuntimeError):
    """The translation memory database is unusable (corrupt, locked, unwritable)."""
