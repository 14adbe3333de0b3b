"""Verify: a term check for every term instance of a restored translation."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import regex

from ..glossary.matcher import GlossaryMatcher, compile_matcher
from ..glossary.model import Concept, Glossary, Role
from ..morphology import INFLECTING, find_forms, has_morphology
from ..text import Finding, Span
from .checks import TermCheck
from .masking import Masked, Restored, TermInstance, _lang_base, _term_for


@dataclass(frozen=True, slots=True)
class Verified:
    """The final segment text and a :class:`TermCheck` for every term instance."""

    text: str
    checks: tuple[TermCheck, ...]
    findings: tuple[Finding, ...] = ()



class _Verifying:
    """Verification (mixed into :class:`TermLayer`)."""

    glossaries: tuple[Glossary, ...]
    repair_forbidden: bool
    repair_aligned: bool
    _concepts: dict[str, Concept]
    _target_matchers: dict[str, list[GlossaryMatcher]]

    # -- verify --------------------------------------------------------------

    def _forbidden_matcher(self, target: str) -> list[GlossaryMatcher]:
        matchers = self._target_matchers.get(target)
        if matchers is None:
            matchers = []
            for glossary in self.glossaries:
                langs = [lang for lang in glossary.all_languages()
                         if _lang_base(lang) == _lang_base(target)]
                # no forbidden form in those languages: nothing to compile (a matcher
                # costs tenths of a second at start-up)
                if langs and any(t.forbidden for c in glossary.concepts for t in c.terms
                                 if t.lang in langs):
                    matchers.append(compile_matcher(glossary, langs, roles=(Role.FORBIDDEN,)))
            self._target_matchers[target] = matchers
        return matchers

    def verify(self, masked: Masked, restored: Restored, target: str,
               repaired: frozenset[int] = frozenset(),
               renderings: Mapping[str, str] | None = None) -> Verified:
        """A :class:`TermCheck` for every term of ``masked``; forbidden forms repaired.

        ``repaired`` lists slots that an n-best hypothesis brought back.
        ``renderings`` maps a source term (as written) to the engine's own
        translation of it alone: a missing term whose rendering is in the
        output is replaced there (``repair_aligned``). Text restored from
        protected spans (code, URLs, markup) is never searched or changed.
        """
        text = restored.text
        checks: list[TermCheck] = []
        findings = list(restored.findings)
        occupied = list(restored.spans.values()) + list(restored.guarded)
        # terms left to the engine (inflecting targets): find them, in order
        edits: list[tuple[Span, str]] = []
        pending: list[tuple[TermInstance, TermCheck | None]] = []
        for instance in masked.terms:
            if instance.slot is not None:
                state = restored.outcome.get(instance.slot, "lost")
                span = restored.spans.get(instance.slot)
                if state == "lost" or span is None:
                    pending.append((instance, None))
                    continue
                status = "repaired" if state == "recovered" or instance.slot in repaired else "exact"
                method = ("n-best" if instance.slot in repaired else
                          "placeholder-recovered" if state == "recovered" else "placeholder")
                pending.append((instance, TermCheck(
                    instance.concept, status, target, instance.expected, span.slice(text),
                    instance.source_lang, instance.text, None, instance.span, span, method)))
                continue
            pending.append((instance, None))
        for instance, check in pending:
            if check is not None:
                checks.append(check)
                continue
            found = self._find_unprotected(instance, text, target, occupied)
            if found is not None:
                span, status = found
                occupied.append(span)
                written = span.slice(text)
                cased = _case_fixed(written, instance.expected) if status == "exact" else None
                if cased is not None:
                    edits.append((span, cased))
                    checks.append(TermCheck(instance.concept, "repaired", target,
                                            instance.expected, cased, instance.source_lang,
                                            instance.text, None, instance.span, span, "case",
                                            f"{written!r} written as the glossary has it"))
                    continue
                checks.append(TermCheck(instance.concept, status, target, instance.expected,
                                        written, instance.source_lang, instance.text,
                                        None, instance.span, span, "morphology"))
                continue
            bad = self._find_forms(instance.forbidden, text, target, occupied)
            if bad is not None:
                span, _ = bad
                occupied.append(span)
                if self.repair_forbidden:
                    edits.append((span, instance.expected))
                    checks.append(TermCheck(instance.concept, "repaired", target, instance.expected,
                                            instance.expected, instance.source_lang, instance.text,
                                            None, instance.span, span, "replaced",
                                            f"forbidden {span.slice(text)!r} replaced"))
                else:
                    checks.append(TermCheck(instance.concept, "forbidden-variant-found", target,
                                            instance.expected, span.slice(text),
                                            instance.source_lang, instance.text, None,
                                            instance.span, span, "morphology"))
                continue
            rendering = (renderings or {}).get(instance.text)
            aligned = (self._find_rendering(rendering, instance, text, target, occupied)
                       if rendering and self.repair_aligned else None)
            if aligned is not None:
                occupied.append(aligned)
                engine_form = aligned.slice(text)
                new = instance.expected
                if engine_form[:1].isupper() and new[:1].islower():
                    new = new[0].upper() + new[1:]
                edits.append((aligned, new))
                checks.append(TermCheck(instance.concept, "repaired", target, instance.expected,
                                        new, instance.source_lang, instance.text, None,
                                        instance.span, aligned, "aligned",
                                        f"the engine's rendering {engine_form!r} replaced"))
                continue
            if instance.slot is not None:
                checks.append(TermCheck(
                    instance.concept, "missing", target, instance.expected, None,
                    instance.source_lang, instance.text, None, instance.span, None,
                    "placeholder", "the engine dropped the placeholder for this term"))
                continue
            message = "no form of the term in the translation"
            if _lang_base(target) in INFLECTING and has_morphology(target) is None:
                message += f" (no morphology back-end for {target}: inflected forms are not recognized)"
            checks.append(TermCheck(instance.concept, "missing", target, instance.expected, None,
                                    instance.source_lang, instance.text, None, instance.span,
                                    None, "morphology", message))
        # forbidden forms the engine produced for terms it was not asked about
        for matcher in self._forbidden_matcher(target):
            for match in matcher.find(text, target):
                if any(match.span.overlaps(s) for s in occupied):
                    continue
                concept = self._concepts.get(match.concept_id)
                term = _term_for(concept, target) if concept is not None else None
                if term is None:
                    continue
                occupied.append(match.span)
                if self.repair_forbidden:
                    edits.append((match.span, term.preferred))
                    checks.append(TermCheck(match.concept_id, "repaired", target, term.preferred,
                                            term.preferred, None, "", None, None, match.span,
                                            "replaced", f"forbidden {match.text!r} replaced"))
                else:
                    checks.append(TermCheck(match.concept_id, "forbidden-variant-found", target,
                                            term.preferred, match.text, None, "", None, None,
                                            match.span, "glossary"))
        if edits:
            text, checks = _apply_edits(text, edits, checks)
        return Verified(text, tuple(checks), tuple(findings))

    @staticmethod
    def _find_rendering(rendering: str, instance: TermInstance, text: str, target: str,
                        occupied: list[Span]) -> Span | None:
        """Where the engine's own rendering of a term is in ``text`` (string search, then
        morphology-aware), outside ``occupied``; ``None`` when it is not, or too weak to align."""
        core = rendering.strip().strip(".!?;:,\"'«»“”").strip()
        if len(core) < 2 or not any(c.isalpha() for c in core):
            return None
        pattern = regex.compile(r"(?<![\p{L}\p{N}])" + regex.escape(core) + r"(?![\p{L}\p{N}])",
                                regex.IGNORECASE)
        for match in pattern.finditer(text):
            span = Span(match.start(), match.end())
            if not any(span.overlaps(s) for s in occupied):
                return span
        for found in find_forms(core, text, target):
            if not any(found.span.overlaps(s) for s in occupied):
                return found.span
        return None

    def _find_unprotected(self, instance: TermInstance, text: str, target: str,
                          occupied: list[Span]) -> tuple[Span, str] | None:
        found = self._find_forms((instance.expected,), text, target, occupied)
        if found is not None:
            return found
        variant = self._find_forms(instance.variants, text, target, occupied)
        if variant is not None:
            return variant[0], "variant"
        return None

    @staticmethod
    def _find_forms(forms: Sequence[str], text: str, target: str,
                    occupied: list[Span]) -> tuple[Span, str] | None:
        best: tuple[Span, str] | None = None
        folded = text.casefold()
        for form in forms:
            head = form.casefold()[:2]
            if head.isalpha() and head not in folded:
                continue  # no word of the text can be a form of it (stems keep their start)
            for match in find_forms(form, text, target):
                if any(match.span.overlaps(s) for s in occupied):
                    continue
                if best is None or match.span.start < best[0].start:
                    best = (match.span, match.status)
                break
        return best


def _case_fixed(written: str, expected: str) -> str | None:
    """The glossary's form when ``written`` differs from it only in case (a name the
    engine lowered, an acronym it did not capitalize), else ``None``. A capital the
    engine gave the first letter (sentence start) is kept.

    >>> _case_fixed("cazaquistão", "Cazaquistão"), _case_fixed("Parlamento", "parlamento")
    ('Cazaquistão', None)
    """
    if written == expected or written.casefold() != expected.casefold():
        return None
    if written[:1].isupper() and expected[:1].islower() and written[1:] == expected[1:]:
        return None
    return expected


def _apply_edits(text: str, edits: list[tuple[Span, str]],
                 checks: list[TermCheck]) -> tuple[str, list[TermCheck]]:
    """Replace spans of ``text`` and move the checks' target spans to the new text."""
    edits = sorted(edits, key=lambda e: e[0].start)
    pieces: list[str] = []
    position = 0
    new_spans: dict[Span, Span] = {}
    shifts: list[tuple[int, int]] = []  # (old end, total delta after it)
    delta = 0
    for span, new in edits:
        pieces.append(text[position:span.start])
        new_spans[span] = Span(span.start + delta, span.start + delta + len(new))
        pieces.append(new)
        position = span.end
        delta += len(new) - len(span)
        shifts.append((span.end, delta))
    pieces.append(text[position:])

    def move(span: Span | None) -> Span | None:
        if span is None:
            return None
        if span in new_spans:
            return new_spans[span]
        shift = 0
        for end, after in shifts:
            if end <= span.start:
                shift = after
        return span.shift(shift)

    moved = [dataclasses.replace(c, target_span=move(c.target_span)) for c in checks]
    return "".join(pieces), moved


