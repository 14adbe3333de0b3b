r"""Canonical YAML glossaries: :mod:`~polyglot_press.glossary.yaml_read` reads
them with line numbers, :mod:`~polyglot_press.glossary.yaml_write` writes them
keeping comments. This module gathers both under one name.

>>> g = loads_yaml("glossary: {name: demo, languages: [en]}\n"
...                "concepts:\n  - id: osce\n    terms: {en: OSCE}\n")
>>> g.line_of(0, "en", "preferred")
4
"""

from __future__ import annotations

from .yaml_read import (
    CONCEPT_KEYS,
    HEADER_KEYS,
    MAX_DEPTH,
    TERM_KEYS,
    load_tree,
    loads_yaml,
    read_yaml,
    tree_to_glossary,
)
from .yaml_write import concept_node, dumps_yaml, save_yaml, sync_tree, term_node

__all__ = [
    "CONCEPT_KEYS",
    "HEADER_KEYS",
    "MAX_DEPTH",
    "TERM_KEYS",
    "concept_node",
    "dumps_yaml",
    "load_tree",
    "loads_yaml",
    "read_yaml",
    "save_yaml",
    "sync_tree",
    "term_node",
    "tree_to_glossary",
]
