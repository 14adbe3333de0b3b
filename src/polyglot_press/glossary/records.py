"""What a conversion returns: the glossary or the written text, and its losses.

This module sits below every reader and writer (``io_csv``, ``io_tbx``,
``io_yaml``) and below :mod:`~polyglot_press.glossary.convert`, which picks
among them, so none of them imports another to share these records.

>>> from polyglot_press.glossary.model import Glossary
>>> print(Loss("osce/en", "variant 'O.S.C.E.'", 3))
osce/en: variant 'O.S.C.E.'
>>> Converted(Glossary("d")).losses
()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Glossary

__all__ = ["Converted", "Loss"]


@dataclass(frozen=True, slots=True)
class Loss:
    """Something a conversion could not carry over, and where it was."""

    where: str
    what: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"where": self.where, "what": self.what, "line": self.line}


@dataclass(frozen=True, slots=True)
class Converted:
    """The result of an import (``glossary``) or export (``text``) plus its losses."""

    glossary: Glossary
    losses: tuple[Loss, ...] = ()
    text: str = ""
    notes: tuple[str, ...] = field(default=())
