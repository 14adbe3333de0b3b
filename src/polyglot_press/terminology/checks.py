"""Term checks: how each glossary term instance came through translation.

:class:`TermCheck`, :data:`STATUSES` and :func:`consistency` live in the core
types (:mod:`polyglot_press.records`); this module re-exports them for the
terminology package.

>>> TermCheck("osce", "exact", "pt", "OSCE", "OSCE").ok
True
"""

from __future__ import annotations

from ..records import STATUSES, TermCheck, consistency

__all__ = ["STATUSES", "TermCheck", "consistency"]
