"""Glossaries people keep in git: model, formats, lint, matcher, safe edits.

>>> from polyglot_press.glossary import Glossary, Concept, Term, compile_matcher
>>> g = Glossary("demo", languages=("en",), concepts=(Concept("osce", terms=(Term("en", "OSCE"),)),))
>>> [m.concept_id for m in compile_matcher(g).find("The OSCE mission")]
['osce']
"""

from __future__ import annotations

from .convert import Converted, Loss, export_glossary, import_glossary
from .lint import LintIssue, fix_glossary, lint_glossary
from .matcher import GlossaryMatcher, Match, TermRef, compile_matcher
from .model import CasePolicy, Concept, ConceptKind, Glossary, Role, Term
from .store import edit_glossary

__all__ = [
    "CasePolicy",
    "Concept",
    "ConceptKind",
    "Converted",
    "Glossary",
    "GlossaryMatcher",
    "LintIssue",
    "Loss",
    "Match",
    "Role",
    "Term",
    "TermRef",
    "compile_matcher",
    "edit_glossary",
    "export_glossary",
    "fix_glossary",
    "import_glossary",
    "lint_glossary",
]
