"""``polyglot-press glossary ...``: check, edit, convert and inspect glossaries.

Subcommands: ``lint [--fix]``, ``add``, ``remove``, ``set``, ``show``, ``fmt``,
``merge``, ``import``, ``export``, ``stats``. Edits hold a lock file beside the
glossary and write atomically; comments and order in the YAML survive.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    add_format_option,
    add_strict_option,
    emit_json,
    error,
    info,
)
from ._glossary_files import run_export, run_import, run_merge, run_stats


def _pairs(values: list[str] | None, option: str) -> list[tuple[str, str]]:
    from ..errors import InputError
    from ..glossary.tags import is_language_tag

    out = []
    for value in values or []:
        lang, sep, text = value.partition("=")
        lang = lang.strip()
        if not sep or not lang:
            raise InputError(f"{option} takes LANG=TEXT (for example en=OSCE), not {value!r}")
        if not is_language_tag(lang):
            raise InputError(f"{option}: {lang!r} is not a BCP 47 language tag "
                             "(for example en, pt-BR, sr-Latn)")
        if not text.strip():
            raise InputError(f"{option}: the {lang} term is empty in {value!r}")
        out.append((lang, text))
    return out


class _IntermixedParser(argparse.ArgumentParser):
    """Options may sit between positionals (``set FILE ID case --lang en exact``).

    Plain argparse stops at the first option once the positionals before it
    have matched (a ``*`` positional matches nothing) and then rejects the rest.
    """

    _intermixing = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        if self._intermixing:
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def register(subparsers: Any) -> None:
    """Add the ``glossary`` command and its subcommands."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "glossary",
        help="check, edit, convert and inspect glossaries",
        description="Glossaries live in git as YAML (docs/glossaries.md). These commands "
        "check them, edit them without losing comments, and convert from and to CSV and TBX.",
    )
    sub = parser.add_subparsers(dest="glossary_command", metavar="SUBCOMMAND",
                                parser_class=_IntermixedParser)

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return EXIT_USAGE

    parser.set_defaults(handler=usage)

    p = sub.add_parser("lint", help="check glossaries (exit 1 on errors)",
                       description="Report duplicate ids, conflicting terms, mixed scripts, "
                       "invisible and bidi characters, stray spaces, empty terms, bad language "
                       "tags, variants that are also forbidden and missing languages, each "
                       "with file:line. Exit 1 when there are errors (any issue with --strict).")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--fix", action="store_true", help="apply the safe fixes and save")
    p.add_argument("--ignore", action="append", default=[], metavar="RULE",
                   help="skip a rule (repeatable), e.g. --ignore missing-language")
    add_format_option(p)
    add_strict_option(p)
    p.set_defaults(handler=run_lint)

    p = sub.add_parser("add", help="add a concept",
                       description="Add a concept: polyglot-press glossary add FILE ID "
                       "--kind person en='Owen Murphy' ru='Оуэн Мерфи'")
    p.add_argument("file", metavar="FILE")
    p.add_argument("id", metavar="ID")
    p.add_argument("terms", nargs="+", metavar="LANG=TERM", help="preferred terms")
    p.add_argument("--kind", default="term",
                   choices=("person", "organization", "place", "term", "brand"))
    p.add_argument("--variant", action="append", metavar="LANG=TERM")
    p.add_argument("--forbidden", action="append", metavar="LANG=TERM")
    p.add_argument("--note", action="append", default=[])
    p.add_argument("--source", action="append", default=[])
    p.add_argument("--dnt", action="append", default=[], metavar="LANG",
                   help="mark the LANG term do-not-translate")
    p.add_argument("--create", action="store_true", help="create the file if it is missing")
    p.set_defaults(handler=run_add)

    p = sub.add_parser("remove", help="remove a concept (or one language of it)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("id", metavar="ID")
    p.add_argument("--lang", help="remove only this language's term")
    p.set_defaults(handler=run_remove)

    p = sub.add_parser("set", help="set a field of a concept or of one of its terms",
                       description="Concept fields: kind, definition, subject, notes, sources, "
                       "id. Term fields (with --lang): preferred, variants, forbidden, "
                       "do_not_translate, case, gender, number, no_article, indeclinable, "
                       "part_of_speech, note.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("id", metavar="ID")
    p.add_argument("field", metavar="FIELD")
    p.add_argument("values", nargs="*", metavar="VALUE")
    p.add_argument("--lang", help="the language of the term to change")
    p.add_argument("--append", action="store_true", help="add to a list field")
    p.set_defaults(handler=run_set)

    p = sub.add_parser("show", help="show a concept in every language",
                       description="Find TERM (an id or any form in any language; case, "
                       "diacritics and lookalike letters are ignored) and show its concepts.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("term", metavar="TERM")
    add_format_option(p)
    p.set_defaults(handler=run_show)

    p = sub.add_parser("fmt", help="rewrite in canonical order (stable diffs)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--check", action="store_true",
                   help="change nothing; exit 1 if a file is not formatted")
    p.set_defaults(handler=run_fmt)

    p = sub.add_parser("merge", help="merge glossary B into A",
                       description="Add B's new concepts, languages and forms to A. Where A "
                       "and B disagree nothing is written and the conflicts are listed (exit "
                       "1); --keep-ours writes the merge keeping A's values.")
    p.add_argument("ours", metavar="A")
    p.add_argument("theirs", metavar="B")
    p.add_argument("-o", "--output", help="write the result here instead of A")
    p.add_argument("--keep-ours", action="store_true")
    p.add_argument("--dry-run", action="store_true")
    add_format_option(p)
    p.set_defaults(handler=run_merge)

    p = sub.add_parser("import", help="convert CSV or TBX to a YAML glossary")
    p.add_argument("source_file", metavar="SRC")
    p.add_argument("-o", "--output", required=True, help="the YAML file to write")
    p.add_argument("--from", dest="fmt", choices=("csv", "csv2", "tsv", "tbx", "yaml"))
    p.add_argument("--source", help="source language of a two-column CSV without header "
                   "(detected from the terms when not given)")
    p.add_argument("--target", help="target language of a two-column CSV without header")
    p.add_argument("--kind", choices=("person", "organization", "place", "term", "brand"),
                   help="the kind of every concept that the file gives none (a CSV without "
                   "a kind column, a TBX concept without a person/organization/place subject)")
    p.add_argument("--keep-formulas", action="store_true",
                   help="read cells like '=1+1 as written (by default the quote that CSV "
                   "export puts before a formula character is taken off)")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    add_format_option(p)
    add_strict_option(p)
    p.set_defaults(handler=run_import)

    p = sub.add_parser("export", help="convert a glossary to CSV or TBX")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", required=True, help="file to write (- for stdout)")
    p.add_argument("--to", dest="fmt", choices=("csv", "csv2", "tsv", "tbx", "tbx2", "yaml"))
    p.add_argument("--source", help="source language (two-column CSV)")
    p.add_argument("--target", help="target language (two-column CSV)")
    p.add_argument("--no-formula-escape", dest="escape_formulas", action="store_false",
                   help="write CSV cells that start with = + - @ TAB or CR as they are "
                   "(by default a ' is put before them, so spreadsheets do not run them)")
    p.add_argument("--no-kind-column", dest="kind_column", action="store_false",
                   help="leave the kind column out of a CSV (for services that take "
                   "language columns only)")
    add_format_option(p)
    add_strict_option(p)
    p.set_defaults(handler=run_export)

    p = sub.add_parser("stats", help="counts by kind and language")
    p.add_argument("files", nargs="+", metavar="FILE")
    add_format_option(p)
    p.set_defaults(handler=run_stats)


# ---------------------------------------------------------------- handlers
# (merge, import, export and stats: polyglot_press.cli._glossary_files)


def run_lint(args: argparse.Namespace) -> int:
    """Lint each file; with --fix, apply the safe fixes."""
    from ..glossary.lint import fix_glossary, lint_glossary
    from ..glossary.model import Glossary
    from ..glossary.store import edit_glossary

    report: list[dict[str, Any]] = []
    worst = EXIT_OK
    for path in args.files:
        applied_out: list[Any] = []
        if args.fix:
            with edit_glossary(path) as edit:
                fixed, applied = fix_glossary(edit.glossary)
                edit.glossary = fixed
                applied_out = applied
            for fix in applied_out:
                info(str(fix))
        issues = [i for i in lint_glossary(Glossary.load(path)) if i.rule not in args.ignore
                  and not any(i.rule.startswith(r.rstrip("*")) for r in args.ignore
                              if r.endswith("*"))]
        if args.format == "json":
            report.append({"path": path, "issues": [i.to_dict() for i in issues],
                           "fixed": [{"rule": f.issue.rule, "line": f.issue.line,
                                      "before": f.before, "after": f.after,
                                      "changes": [c.to_dict() for c in f.issue.changes]}
                                     for f in applied_out]})
        else:
            for issue in issues:
                print(issue)
        errors = sum(1 for i in issues if i.severity == "error")
        if errors or (args.strict and issues):
            worst = EXIT_FINDINGS
        if args.format != "json":
            info(f"{path}: {errors} error(s), {len(issues) - errors} warning(s)"
                 + (f", {len(applied_out)} fixed" if args.fix else ""))
    if args.format == "json":
        emit_json(report)
    return worst


def run_add(args: argparse.Namespace) -> int:
    """Add a concept."""
    from ..errors import GlossaryError
    from ..glossary.model import Concept, Term
    from ..glossary.store import edit_glossary
    from ..glossary.tags import check_concept_id

    check_concept_id(args.id)
    preferred = _pairs(args.terms, "LANG=TERM")
    variants = _pairs(args.variant, "--variant")
    forbidden = _pairs(args.forbidden, "--forbidden")
    with edit_glossary(args.file, create=args.create) as edit:
        if edit.glossary.get(args.id) is not None:
            raise GlossaryError(f"concept {args.id!r} exists already; change it with "
                                "`glossary set`", path=args.file,
                                line=edit.glossary.line_of(edit.glossary.index_of(args.id)))
        terms = []
        langs = list(dict.fromkeys([lang for lang, _ in preferred]))
        for lang in langs:
            terms.append(Term(
                lang, next(t for g, t in preferred if g == lang),
                tuple(t for g, t in variants if g == lang),
                tuple(t for g, t in forbidden if g == lang),
                do_not_translate=lang in args.dnt))
        for lang in args.dnt:
            if lang not in langs:
                raise GlossaryError(f"--dnt {lang} needs a preferred {lang} term ({lang}=TERM)")
        for lang, _ in variants + forbidden:
            if lang not in langs:
                raise GlossaryError(f"--variant/--forbidden for {lang} needs a preferred "
                                    f"{lang} term too ({lang}=TERM)")
        concept = Concept(args.id, args.kind, tuple(terms), tuple(args.note), tuple(args.source))
        g = edit.glossary.with_concept(concept)
        new_langs = [lang for lang in langs if lang not in g.languages]
        if new_langs:
            from dataclasses import replace

            g = replace(g, languages=(*g.languages, *new_langs))
        edit.glossary = g
    info(f"{args.file}: added {args.id}")
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    """Remove a concept or one of its languages."""
    from ..glossary.store import edit_glossary

    with edit_glossary(args.file) as edit:
        if args.lang:
            concept = edit.glossary.concept(args.id)
            if concept.term(args.lang) is None:
                from ..errors import GlossaryError

                raise GlossaryError(f"concept {args.id!r} has no {args.lang} term")
            edit.glossary = edit.glossary.with_concept(concept.without_term(args.lang))
        else:
            edit.glossary = edit.glossary.without_concept(args.id)
    info(f"{args.file}: removed {args.id}" + (f" ({args.lang})" if args.lang else ""))
    return EXIT_OK


def run_set(args: argparse.Namespace) -> int:
    """Set a field."""
    from ..glossary.edit import set_field
    from ..glossary.store import edit_glossary

    with edit_glossary(args.file) as edit:
        edit.glossary = set_field(edit.glossary, args.id, args.field, list(args.values),
                                  args.lang, append=args.append)
    return EXIT_OK


def _describe(concept: Any) -> list[str]:
    lines = [f"{concept.id} ({concept.kind})"]
    for t in concept.terms:
        extra = []
        if t.variants:
            extra.append("variants: " + ", ".join(t.variants))
        if t.forbidden:
            extra.append("forbidden: " + ", ".join(t.forbidden))
        for flag in ("do_not_translate", "indeclinable"):
            if getattr(t, flag):
                extra.append(flag)
        if t.case != "auto":
            extra.append(f"case: {t.case}")
        if t.gender:
            extra.append(t.gender)
        lines.append(f"  {t.lang:<6} {t.preferred}" + (f"   [{'; '.join(extra)}]" if extra
                                                       else ""))
    for note in concept.notes:
        lines.append(f"  note: {note}")
    for source in concept.sources:
        lines.append(f"  source: {source}")
    return lines


def run_show(args: argparse.Namespace) -> int:
    """Show the concepts a term belongs to."""
    from ..glossary.matcher import fold
    from ..glossary.model import Glossary
    from ..names import NameNormalizer

    g = Glossary.load(args.file)
    found = g.find(args.term)
    key = fold(args.term, diacritics=True)
    if not found:
        found = [c for c in g.concepts if any(fold(f, diacritics=True) == key
                                              for t in c.terms for f, _ in t.forms())]
    if not found:  # a surname, a romanization, a misspelling
        ids = [r.concept_id for m in NameNormalizer(g).matcher.find(args.term)
               if m.span.start == 0 and m.span.end == len(args.term) for r in m.refs]
        found = [c for c in g.concepts if c.id in ids]
    if not found and key.strip():
        found = [c for c in g.concepts if any(key in fold(f, diacritics=True).split()
                                              for t in c.terms for f, _ in t.forms())]
    if args.format == "json":
        emit_json([c.to_dict() for c in found])
    else:
        for c in found:
            print("\n".join(_describe(c)))
    if not found:
        error(f"{args.file}: no concept has the term {args.term!r}")
        return EXIT_FINDINGS
    return EXIT_OK


def run_fmt(args: argparse.Namespace) -> int:
    """Put files in canonical order."""
    from ..glossary.io_yaml import dumps_yaml, read_yaml
    from ..glossary.store import edit_glossary, read_text

    unformatted = 0
    for path in args.files:
        if args.check:
            text = read_text(path)
            if dumps_yaml(read_yaml(path), base=text, canonical=True) != text:
                unformatted += 1
                info(f"{path}: would be reformatted")
            continue
        with edit_glossary(path) as edit:
            edit.canonical = True
    return EXIT_FINDINGS if unformatted else EXIT_OK
