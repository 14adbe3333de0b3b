"""Unicode script analysis: mixed scripts, confusables, invisible and bidi characters.

The public face of this package: :func:`scan` finds problems, :func:`repair`
fixes the safe ones and returns every :class:`~polyglot_press.text.Change`, and
the helpers :func:`skeleton`, :func:`are_confusable`, :func:`resolved_scripts`
and :func:`restriction_level` expose UTS #39. Data: Unicode 17 tables generated
from ICU 78 by ``tools/generate_unicode_data.py``; no ICU at run time.

>>> from polyglot_press.scripts import scan, repair
>>> [f.kind for f in scan("Оwen Murphy")]
['mixed-script']
>>> repair("Оwen Murphy").text
'Owen Murphy'
"""

from __future__ import annotations

from ._ucd import UNICODE_VERSION
from .confusables import are_confusable, counterpart, skeleton
from .context import (
    BIDI,
    COMPATIBILITY,
    INVISIBLE,
    KINDS,
    LINK,
    MIXED_NUMBERS,
    MIXED_SCRIPT,
    WHOLE_SCRIPT,
    ScanContext,
)
from .repairer import Repaired, RepairPolicy, repair
from .resolve import RestrictionLevel, resolved_scripts, restriction_level
from .scanner import scan

__all__ = [
    "BIDI",
    "COMPATIBILITY",
    "INVISIBLE",
    "KINDS",
    "LINK",
    "MIXED_NUMBERS",
    "MIXED_SCRIPT",
    "UNICODE_VERSION",
    "WHOLE_SCRIPT",
    "RepairPolicy",
    "Repaired",
    "RestrictionLevel",
    "ScanContext",
    "are_confusable",
    "counterpart",
    "repair",
    "resolved_scripts",
    "restriction_level",
    "scan",
    "skeleton",
]
