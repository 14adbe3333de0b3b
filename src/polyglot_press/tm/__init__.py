"""Translation memory: translated segments kept in SQLite and reused before the engine.

Two kinds of rows:

- **machine** rows (``entries``): engine output, keyed by the engine identity
  (engine name and model versions), the language pair, a glossary digest
  (``""`` when no glossary applies) and the normalized segment (NFC, runs of
  whitespace folded to one space, ends stripped). A different model, pair or
  glossary never returns a stale translation.
- **human** rows (``human``): translations people made, imported from TMX,
  XLIFF (``state="final"``) or PO (not fuzzy) with :func:`import_file`, keyed
  by language pair and segment only. :class:`CachedEngine` uses them first,
  as exact matches; :meth:`TranslationMemory.fuzzy` offers similar ones
  (rapidfuzz), never applied.

The database lives in ``platformdirs.user_cache_dir("polyglot_press")``
(``tm.sqlite3``), or in ``$POLYGLOT_PRESS_CACHE_DIR``, or at the path given.
It runs in WAL mode with a busy timeout, so several processes and threads on
one machine can read and write it at once. Every write also holds a
cross-process file lock (``tm.sqlite3.lock``, :mod:`filelock`) that
:meth:`TranslationMemory.rebuild` takes for its whole run.

Damage: a file that cannot be opened at all (not a database, a damaged first
page) is moved aside as ``tm.sqlite3.corrupt-<time>-<pid>``, named in a
:class:`TranslationMemoryWarning`, and a fresh memory is started. Damage met
later (a read or write hitting a bad page) raises
:class:`~polyglot_press.errors.TranslationMemoryError` saying to run
``polyglot-press tm rebuild``, which recovers what can be read with SQLite's own
means (:func:`recover`: the ``sqlite3`` shell's ``.recover``, ``iterdump``, row
by row). ``PRAGMA quick_check`` reads every page, too slow for every open; it
runs on demand (:meth:`TranslationMemory.check`).

Many machines never write one SQLite file: they read a
:meth:`TranslationMemory.snapshot`, write :class:`DeltaWriter` files, and
:func:`merge_deltas` folds those in (see :mod:`polyglot_press.tm.delta`).

>>> import tempfile, os
>>> tm = TranslationMemory(os.path.join(tempfile.mkdtemp(), "tm.sqlite3"))
>>> tm.store("demo[v1]", "en", "pt", [("The cat.", "O gato.")])
1
>>> tm.lookup("demo[v1]", "en", "pt", ["The   cat.", "A dog."])
['O gato.', None]
>>> tm.store_human("en", "pt-BR", [("The black cat.", "O gato preto.")], origin="desk")
1
>>> tm.lookup_human("en", "pt", ["The black cat."])
['O gato preto.']
>>> [(m.source, round(m.score, 1)) for m in tm.fuzzy("en", "pt", ["The black cats."])[0]]
[('The black cat.', 96.6)]
>>> tm.stats().entries, tm.stats().human
(1, 1)
>>> tm.close()
"""

from __future__ import annotations

from .._files import default_cache_dir
from ._schema import (
    DEFAULT_MAX_ENTRIES,
    SCHEMA_VERSION,
    default_tm_path,
    normalize_segment,
)
from .cached import CachedEngine, MemoryLike
from .delta import DeltaWriter, MergeResult, merge_deltas, read_delta
from .hook import FUZZY_THRESHOLD, MemoryMatches, memory_matches
from .human import FuzzyMatch
from .memory import TMStats, TranslationMemory, TranslationMemoryWarning
from .recover import Recovered, RecoveryMethod, recover, sqlite_shell
from .tmx import ExportResult, ImportResult, export_tmx, import_file, read_tmx

__all__ = [
    "DEFAULT_MAX_ENTRIES",
    "FUZZY_THRESHOLD",
    "SCHEMA_VERSION",
    "CachedEngine",
    "DeltaWriter",
    "ExportResult",
    "FuzzyMatch",
    "ImportResult",
    "MemoryLike",
    "MemoryMatches",
    "MergeResult",
    "Recovered",
    "RecoveryMethod",
    "TMStats",
    "TranslationMemory",
    "TranslationMemoryWarning",
    "default_cache_dir",
    "default_tm_path",
    "export_tmx",
    "import_file",
    "memory_matches",
    "merge_deltas",
    "normalize_segment",
    "read_delta",
    "read_tmx",
    "recover",
    "sqlite_shell",
]
