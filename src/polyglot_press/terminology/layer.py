"""The term layer: glossaries compiled once; protect, restore and verify around any engine."""

from __future__ import annotations

from collections.abc import Sequence

from ..glossary.matcher import GlossaryMatcher, compile_matcher
from ..glossary.model import Concept, Glossary
from .masking import _Protecting
from .verify import _Verifying


class TermLayer(_Protecting, _Verifying):
    """Glossaries compiled once; protect, restore and verify around any engine.

    ``repair_forbidden``: replace a forbidden target form the engine produced
    with the preferred one (reported as ``repaired``); when false it is
    reported as ``forbidden-variant-found``. ``protect=False`` audits an
    engine: no placeholders, every term is only looked for in the output.
    ``repair_aligned``: a missing term whose rendering by the engine (the
    source term translated alone, see :meth:`verify`) is found in the output
    is replaced there by the glossary's form (reported ``repaired``, method
    ``aligned``).
    """

    def __init__(self, glossaries: Sequence[Glossary], *, repair_forbidden: bool = True,
                 protect: bool = True, repair_aligned: bool = True) -> None:
        self.glossaries = tuple(glossaries)
        self.repair_forbidden = repair_forbidden
        self.repair_aligned = repair_aligned
        self.protect_terms = protect
        self._matchers: list[GlossaryMatcher] = [compile_matcher(g) for g in self.glossaries]
        self._concepts: dict[str, Concept] = {}
        for glossary in self.glossaries:
            for concept in glossary.concepts:
                self._concepts.setdefault(concept.id, concept)
        self._target_matchers: dict[str, list[GlossaryMatcher]] = {}

    def digest(self) -> str:
        """One digest for all glossaries (keys the translation memory)."""
        if not self.glossaries:
            return ""
        if len(self.glossaries) == 1:
            return self.glossaries[0].digest()
        import hashlib

        return hashlib.sha256("+".join(g.digest() for g in self.glossaries).encode()).hexdigest()

    def concept(self, concept_id: str) -> Concept | None:
        """The concept with this id in any of the glossaries."""
        return self._concepts.get(concept_id)

