"""What ``translate DIR`` and corpus runs share: output names, reading, and one manifest.

- :mod:`.manifest`: one JSON entry per finished document under
  ``OUT/.polyglot-press/manifest/`` (input hash, configuration digest,
  digest of the glossary concepts it mentions, outputs), and its report.
- :mod:`.plan`: :class:`BatchPlan` decides per document (skip or translate),
  reads it with the format its suffix names, and writes it atomically.
"""

from __future__ import annotations

from .manifest import STATE_FOLDER, Entry, Manifest, concepts_digest, config_digest, document_digest
from .plan import BatchPlan, ConceptIndex, Planned, inside, is_hidden, output_path

__all__ = [
    "STATE_FOLDER",
    "BatchPlan",
    "ConceptIndex",
    "Entry",
    "Manifest",
    "Planned",
    "concepts_digest",
    "config_digest",
    "document_digest",
    "inside",
    "is_hidden",
    "output_path",
]
