"""Check a glossary for the mistakes people and imports make; fix the safe ones.

Rules (``LintIssue.rule``):

==================== ======== ==========================================================
rule                 severity what
==================== ======== ==========================================================
duplicate-id         error    two concepts share an id
concept-id           error    an id with a slash, a space, ``..`` or a control character
term-conflict        error    one term belongs to two concepts in one language
script-*             warning  mixed scripts, invisible or bidi characters in a term
                              (``polyglot_press.scripts.scan``); fixed when the finding
                              has a safe suggestion
whitespace           warning  leading/trailing, double or odd spaces (fixed)
control-character    error    a control character such as U+0001 in a term (removed)
empty-term           error    an empty term (empty variants and forbidden forms are
                              removed by ``--fix``)
not-nfc              warning  a term not in Unicode NFC (fixed)
language-tag         error    a language tag that is not BCP 47 (``en_US`` is fixed to
                              ``en-US``; wrong letter case is a warning and fixed)
variant-forbidden    error    a form both accepted and forbidden
duplicate-form       warning  a form listed twice in one language (fixed)
missing-language     warning  a concept without a term in a declared language
undeclared-language  warning  a concept uses a language the header does not declare
==================== ======== ==========================================================

>>> from polyglot_press.glossary.model import Concept, Glossary, Term
>>> g = Glossary("d", languages=("en",), concepts=(Concept("a", terms=(Term("en", "OSCE "),)),))
>>> [(i.rule, i.changes[0].before) for i in lint_glossary(g)]
[('whitespace', ' ')]
>>> fixed, applied = fix_glossary(g)
>>> fixed.concept("a").term("en").preferred
'OSCE'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ..text import Change, Severity, Span, apply_changes
from . import _seams
from .model import Concept, Glossary, Term
from .tags import is_concept_id, is_language_tag

__all__ = ["AppliedFix", "LintIssue", "fix_glossary", "lint_glossary"]

_SPACES = re.compile(r"^\s+|\s+$|\s{2,}|[^\S ]")
_CONTROL = re.compile(r"(?![\t\n\r\x0b\x0c\x1c-\x1f\x85])[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class LintIssue:
    """One problem in a glossary, where it is, and (when safe) how to fix it.

    ``location`` is ``(concept_index, lang, field, item_index)`` or a prefix;
    ``changes`` edit the term text ``value`` (empty when there is no safe fix);
    ``remove`` means the fix drops the form altogether.
    """

    rule: str
    severity: Severity
    message: str
    path: str | None
    line: int | None
    concept_id: str = ""
    lang: str = ""
    location: tuple[Any, ...] = ()
    value: str = ""
    changes: tuple[Change, ...] = ()
    remove: bool = False

    @property
    def fixable(self) -> bool:
        """Whether ``--fix`` can repair this issue."""
        return bool(self.changes) or self.remove

    @property
    def where(self) -> str:
        """``path:line`` for messages."""
        path = self.path or "<glossary>"
        return f"{path}:{self.line}" if self.line is not None else path

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message} [{self.rule}]"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "concept": self.concept_id,
            "lang": self.lang,
            "value": self.value,
            "fixable": self.fixable,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class AppliedFix:
    """A fix ``--fix`` made: the issue and the changes applied to the term text."""

    issue: LintIssue
    before: str
    after: str | None

    def __str__(self) -> str:
        after = "(removed)" if self.after is None else repr(self.after)
        return f"{self.issue.where}: fixed {self.issue.rule}: {self.before!r} -> {after}"


def _forms(term: Term) -> Iterable[tuple[str, Any, str]]:
    yield "preferred", None, term.preferred
    for i, v in enumerate(term.variants):
        yield "variants", i, v
    for i, f in enumerate(term.forbidden):
        yield "forbidden", i, f


def _key(form: str) -> str:
    return " ".join(unicodedata.normalize("NFC", form).casefold().split())


def _canonical_tag(tag: str) -> str:
    parts = tag.split("-")
    out = [parts[0].lower()]
    for p in parts[1:]:
        if len(p) == 4 and p.isalpha():
            out.append(p.title())
        elif len(p) == 2 and p.isalpha():
            out.append(p.upper())
        else:
            out.append(p.lower())
    return "-".join(out)


class _Linter:
    def __init__(self, glossary: Glossary) -> None:
        self.g = glossary
        self.issues: list[LintIssue] = []

    def add(self, rule: str, severity: Severity, message: str, location: tuple[Any, ...],
            concept: Concept | None = None, lang: str = "", value: str = "",
            changes: tuple[Change, ...] = (), remove: bool = False) -> None:
        self.issues.append(LintIssue(
            rule, severity, message, self.g.path, self.g.line_of(*location),
            concept.id if concept is not None else "", lang, location, value, changes, remove))

    def run(self) -> list[LintIssue]:
        g = self.g
        for i, tag in enumerate(g.languages):
            self.check_tag(tag, ("languages", i), None)
        seen_ids: dict[str, int] = {}
        owners: dict[tuple[str, str], tuple[int, Concept]] = {}
        for ci, concept in enumerate(g.concepts):
            if concept.id in seen_ids:
                first = g.line_of(seen_ids[concept.id])
                self.add("duplicate-id", Severity.ERROR,
                         f"concept id {concept.id!r} is used again (first at line {first})",
                         (ci,), concept)
            else:
                seen_ids[concept.id] = ci
            if not concept.id.strip():
                self.add("duplicate-id", Severity.ERROR, "concept without an id", (ci,), concept)
            elif not is_concept_id(concept.id):
                self.add("concept-id", Severity.ERROR,
                         f"concept id {concept.id[:80]!r} is not a safe id (letters, digits "
                         "and . _ : -; a letter, digit or _ first and last; no '..')",
                         (ci,), concept)
            for lang in g.languages:
                if concept.term(lang) is None:
                    self.add("missing-language", Severity.WARNING,
                             f"concept {concept.id!r} has no {lang} term", (ci,), concept, lang)
            for term in concept.terms:
                self.check_term(ci, concept, term, owners)
        return self.issues

    def check_tag(self, tag: str, location: tuple[Any, ...], concept: Concept | None) -> None:
        if not is_language_tag(tag):
            hyphen = tag.replace("_", "-")
            if is_language_tag(hyphen):  # en_US, a locale name: BCP 47 writes en-US
                fixed = _canonical_tag(hyphen)
                self.add("language-tag", Severity.ERROR,
                         f"{tag!r} is not a BCP 47 language tag; write {fixed!r}", location,
                         concept, tag, value=tag, changes=(Change(
                             Span(0, len(tag)), tag, fixed, "glossary.language-tag",
                             "BCP 47 separates subtags with hyphens"),))
                return
            self.add("language-tag", Severity.ERROR,
                     f"{tag!r} is not a BCP 47 language tag (for example en, pt-BR, sr-Latn)",
                     location, concept, tag)
        elif _canonical_tag(tag) != tag:
            fixed = _canonical_tag(tag)
            self.add("language-tag", Severity.WARNING,
                     f"language tag {tag!r} is usually written {fixed!r}", location, concept,
                     tag, value=tag, changes=(Change(Span(0, len(tag)), tag, fixed,
                                                     "glossary.language-tag",
                                                     "canonical BCP 47 letter case"),))

    def check_term(self, ci: int, concept: Concept, term: Term,
                   owners: dict[tuple[str, str], tuple[int, Concept]]) -> None:
        lang = term.lang
        self.check_tag(lang, (ci, lang), concept)
        if self.g.languages and lang not in self.g.languages:
            self.add("undeclared-language", Severity.WARNING,
                     f"concept {concept.id!r} uses {lang!r}, which the header does not declare",
                     (ci, lang), concept, lang)
        accepted: dict[str, str] = {}
        seen: dict[str, set[str]] = {"accepted": set(), "forbidden": set()}
        labels = {"preferred": "preferred", "variants": "variant", "forbidden": "forbidden form"}
        for field_name, index, form in _forms(term):
            loc: tuple[Any, ...] = (ci, lang, field_name) + ((index,) if index is not None else ())
            label = f"{concept.id!r} {lang} {labels[field_name]}"
            if not form.strip():
                removable = field_name != "preferred"
                self.add("empty-term", Severity.ERROR, f"{label} is empty", loc, concept, lang,
                         form, remove=removable)
                continue
            self.check_text(loc, concept, lang, form, label)
            key = _key(form)
            group = "forbidden" if field_name == "forbidden" else "accepted"
            if field_name == "forbidden" and key in accepted:
                self.add("variant-forbidden", Severity.ERROR,
                         f"{form!r} is both {accepted[key]} and forbidden in "
                         f"{concept.id!r} {lang}", loc, concept, lang, form)
                continue
            if key in seen[group]:
                self.add("duplicate-form", Severity.WARNING,
                         f"{label} {form!r} is listed twice", loc, concept, lang, form,
                         remove=field_name != "preferred")
                continue
            seen[group].add(key)
            if field_name == "forbidden":
                continue
            accepted[key] = labels[field_name]
            owner = owners.get((lang, key))
            if owner is None:
                owners[(lang, key)] = (ci, concept)
            elif owner[1].id != concept.id:
                self.add("term-conflict", Severity.ERROR,
                         f"{lang} term {form!r} belongs to {owner[1].id!r} (line "
                         f"{self.g.line_of(owner[0], lang)}) and to {concept.id!r}",
                         loc, concept, lang, form)

    def check_text(self, loc: tuple[Any, ...], concept: Concept, lang: str, form: str,
                   label: str) -> None:
        if not unicodedata.is_normalized("NFC", form):
            fixed = unicodedata.normalize("NFC", form)
            self.add("not-nfc", Severity.WARNING, f"{label} {form!r} is not in NFC", loc,
                     concept, lang, form, (Change(Span(0, len(form)), form, fixed,
                                                  "glossary.not-nfc", "Unicode NFC"),))
            return
        spaces = []
        for m in _SPACES.finditer(form):
            at_edge = m.start() == 0 or m.end() == len(form)
            after = "" if at_edge else " "
            if m.group() != after:
                spaces.append(Change(Span(m.start(), m.end()), m.group(), after,
                                     "glossary.whitespace",
                                     "trim" if at_edge else "single plain space"))
        if spaces:
            self.add("whitespace", Severity.WARNING,
                     f"{label} {form!r} has leading, trailing, double or odd spaces", loc,
                     concept, lang, form, tuple(spaces))
        controls = tuple(Change(Span(m.start(), m.end()), m.group(), "", "glossary.control",
                                f"control character U+{ord(m.group()):04X}")
                         for m in _CONTROL.finditer(form))
        if controls:
            codes = ", ".join(dict.fromkeys(c.reason.split()[-1] for c in controls))
            self.add("control-character", Severity.ERROR,
                     f"{label} {form!r} holds control characters ({codes}); XML (TBX) "
                     "cannot hold most of them", loc, concept, lang, form, controls)
        for finding in _seams.scan(form):
            before = finding.span.slice(form)
            changes: tuple[Change, ...] = ()
            if finding.suggestion is not None and finding.suggestion != before and (
                    finding.kind in ("invisible", "bidi") or _same_length_fold(before,
                                                                               finding.suggestion)):
                changes = (Change(finding.span, before, finding.suggestion,
                                  f"glossary.script-{finding.kind}", finding.message),)
            severity = Severity(str(finding.severity)) if str(finding.severity) in (
                "info", "warning", "error") else Severity.WARNING
            self.add(f"script-{finding.kind}", severity,
                     f"{label} {form!r}: {finding.message}", loc, concept, lang, form, changes)


def _same_length_fold(before: str, after: str) -> bool:
    # a mixed-script suggestion is safe when it swaps lookalike letters one for one
    return len(before) == len(after)


def _with_lines(glossary: Glossary) -> Glossary:
    # a YAML glossary read without line numbers (the fast reader) is read again
    # with them, so that every issue names its line
    path = glossary.path
    if path is None or glossary.locations or not path.lower().endswith((".yaml", ".yml")):
        return glossary
    from .io_yaml import read_yaml

    try:
        located = read_yaml(path)
    except (OSError, ValueError):
        return glossary
    return located if located == glossary else glossary


def lint_glossary(glossary: Glossary) -> list[LintIssue]:
    """Every issue in ``glossary``, in file order.

    A YAML glossary read without line numbers (the fast reader) is linted as it
    is first; only when there are issues is it read again with line numbers
    (the round-trip reader, several times slower) and linted again, so that
    each issue names its line. A clean big file is never read twice.
    """
    issues = _Linter(glossary).run()
    if issues:
        located = _with_lines(glossary)
        if located is not glossary:
            glossary = located
            issues = _Linter(glossary).run()
    issues.sort(key=lambda i: (i.line if i.line is not None else 0))
    return issues


def _edit(glossary: Glossary, issue: LintIssue, new: str | None) -> Glossary:
    loc = issue.location
    if loc and loc[0] == "languages":
        langs = list(glossary.languages)
        if new is not None:
            langs[loc[1]] = new
        return replace(glossary, languages=tuple(langs))
    ci, lang = loc[0], loc[1]
    concept = glossary.concepts[ci]
    term = concept.term(lang)
    if term is None:
        return glossary
    if len(loc) == 2:  # language tag of a term record
        if new is None or concept.term(new) is not None:
            return glossary
        terms = tuple(replace(t, lang=new) if t.lang == lang else t for t in concept.terms)
        concept = replace(concept, terms=terms)
    else:
        field_name = loc[2]
        if field_name == "preferred":
            if new is None:
                return glossary
            term = replace(term, preferred=new)
        else:
            items = list(getattr(term, field_name))
            if new is None:
                del items[loc[3]]
            else:
                items[loc[3]] = new
            term = replace(term, **{field_name: tuple(items)})
        concept = concept.with_term(term)
    concepts = list(glossary.concepts)
    concepts[ci] = concept
    return replace(glossary, concepts=tuple(concepts))


def fix_glossary(glossary: Glossary, issues: Iterable[LintIssue] | None = None,
                 *, max_passes: int = 5) -> tuple[Glossary, list[AppliedFix]]:
    """Apply every safe fix; return the fixed glossary and what was done.

    Fixes run in passes (lint, fix, lint again) so that fixes of one string
    never overlap; removals run last in a pass, from the end, so positions stay valid.
    """
    applied: list[AppliedFix] = []
    current = glossary
    pending = list(issues) if issues is not None else None
    for _ in range(max_passes):
        found = pending if pending is not None else lint_glossary(current)
        pending = None
        fixable = [i for i in found if i.fixable]
        if not fixable:
            break
        by_location: dict[tuple[Any, ...], list[LintIssue]] = {}
        for issue in fixable:
            by_location.setdefault(issue.location, []).append(issue)
        edits: list[tuple[LintIssue, str, str | None]] = []
        for _loc, group in by_location.items():
            removal = next((i for i in group if i.remove), None)
            if removal is not None:
                edits.append((removal, removal.value, None))
                continue
            value = group[0].value
            changes: list[Change] = []
            used: list[LintIssue] = []
            for issue in group:
                if any(c.span.overlaps(o.span) or c.span == o.span for c in issue.changes
                       for o in changes):
                    continue
                changes.extend(issue.changes)
                used.append(issue)
            new = apply_changes(value, changes)
            for issue in used:
                edits.append((issue, value, apply_changes(value, issue.changes)))
            current = _edit(current, used[0], new)
        removals = [e for e in edits if e[2] is None]
        removals.sort(key=lambda e: e[0].location, reverse=True)
        for issue, _value, _new in removals:
            current = _edit(current, issue, None)
        applied.extend(AppliedFix(i, before, after) for i, before, after in edits)
    return current, applied
