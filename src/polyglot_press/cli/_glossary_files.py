"""``polyglot-press glossary merge|import|export|stats``: the subcommands that
read one glossary file and write another (or report on it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ._common import EXIT_FINDINGS, EXIT_OK, emit_json, info

__all__ = ["run_export", "run_import", "run_merge", "run_stats"]


def run_merge(args: argparse.Namespace) -> int:
    """Merge B into A."""
    from ..glossary.edit import merge_glossaries
    from ..glossary.model import Glossary
    from ..glossary.store import edit_glossary, replace_glossary

    theirs = Glossary.load(args.theirs)
    target = args.output or args.ours
    if args.output:
        merged = merge_glossaries(Glossary.load(args.ours), theirs)
        write = not args.dry_run and (args.keep_ours or not merged.conflicts)
        if write:
            replace_glossary(merged.glossary, target)
    else:
        with edit_glossary(args.ours) as edit:
            merged = merge_glossaries(edit.glossary, theirs)
            write = not args.dry_run and (args.keep_ours or not merged.conflicts)
            if write:
                edit.glossary = merged.glossary
    if args.format == "json":
        emit_json({"added": list(merged.added), "written": write, "target": target,
                   "conflicts": [c.to_dict() for c in merged.conflicts]})
    else:
        for conflict in merged.conflicts:
            print(f"conflict: {conflict}")
        info(f"{len(merged.added)} concept(s) added, {len(merged.conflicts)} conflict(s); "
             + (f"written to {target}" if write else "nothing written"
                + ("" if args.dry_run else " (resolve the conflicts or use --keep-ours)")))
    return EXIT_FINDINGS if merged.conflicts else EXIT_OK


def _print_losses(result: Any, fmt: str, extra: dict[str, Any]) -> None:
    if fmt == "json":
        emit_json({**extra, "losses": [loss.to_dict() for loss in result.losses],
                   "notes": list(result.notes)})
        return
    for note in result.notes:
        info(f"note: {note}")
    kinds: dict[str, int] = {}
    for loss in result.losses:
        info(f"lost: {loss}" + (f" (line {loss.line})" if loss.line else ""))
        what = loss.what
        kind = what[: what.index(">") + 1] if what.startswith("<") and ">" in what else (
            what.split(" ")[0])
        kinds[kind] = kinds.get(kind, 0) + 1
    if len(result.losses) > 10:
        info("losses by kind: " + ", ".join(f"{k} {n}" for k, n in
                                            sorted(kinds.items(), key=lambda kv: -kv[1])))


def run_import(args: argparse.Namespace) -> int:
    """Convert CSV/TBX to YAML."""
    from ..errors import FileAccessError
    from ..glossary.convert import import_glossary
    from ..glossary.files import same_file
    from ..glossary.store import replace_glossary

    out = Path(args.output)
    if same_file(out, args.source_file):
        raise FileAccessError(f"{out}: is the file being imported; write the YAML glossary "
                              "to another file (-o)")
    if out.exists() and not args.force:
        raise FileAccessError(f"{out}: exists; use --force to replace it, or `glossary merge`")
    options: dict[str, Any] = {}
    if args.source:
        options["source"] = args.source
    if args.target:
        options["target"] = args.target
    if args.kind:
        options["kind"] = args.kind
    if args.keep_formulas:
        options["unescape_formulas"] = False
    result = import_glossary(args.source_file, format=args.fmt, **options)
    replace_glossary(result.glossary, out)
    _print_losses(result, args.format, {"output": str(out),
                                        "concepts": len(result.glossary.concepts)})
    if args.format != "json":
        info(f"{out}: {len(result.glossary.concepts)} concept(s), "
             f"{len(result.losses)} loss(es) reported")
    return EXIT_FINDINGS if args.strict and result.losses else EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    """Convert a glossary to CSV/TBX."""
    from ..errors import FileAccessError
    from ..glossary.convert import export_glossary, export_text, format_for
    from ..glossary.files import same_file
    from ..glossary.model import Glossary

    if args.output != "-" and same_file(args.output, args.file):
        raise FileAccessError(f"{args.output}: is the glossary being exported; write to "
                              "another file (-o)")
    g = Glossary.load(args.file)
    options: dict[str, Any] = {}
    fmt = args.fmt or format_for(args.output if args.output != "-" else "x.csv")
    if fmt in ("csv", "csv2", "tsv"):
        options["escape_formulas"] = args.escape_formulas
        if fmt != "csv2":
            options["kind_column"] = args.kind_column
    if fmt == "csv2":
        options.update(source=args.source, target=args.target)
    if args.output == "-":
        result = export_text(g, fmt, **options)
        sys.stdout.write(result.text)
        if args.format == "json":
            args.format = "text"
    else:
        result = export_glossary(g, args.output, format=fmt, **options)
    _print_losses(result, args.format, {"output": args.output})
    if args.format != "json":
        info(f"{args.output}: {len(g.concepts)} concept(s) as {fmt}, "
             f"{len(result.losses)} loss(es) reported")
    return EXIT_FINDINGS if args.strict and result.losses else EXIT_OK


def run_stats(args: argparse.Namespace) -> int:
    """Counts by kind and language."""
    from ..glossary.model import Glossary

    out = []
    for path in args.files:
        g = Glossary.load(path)
        kinds: dict[str, int] = {}
        langs: dict[str, dict[str, int]] = {}
        for c in g.concepts:
            kinds[str(c.kind)] = kinds.get(str(c.kind), 0) + 1
            for t in c.terms:
                entry = langs.setdefault(t.lang, {"concepts": 0, "forms": 0, "forbidden": 0})
                entry["concepts"] += 1
                entry["forms"] += 1 + len(t.variants)
                entry["forbidden"] += len(t.forbidden)
        out.append({"path": path, "name": g.name, "version": g.version,
                    "concepts": len(g.concepts), "kinds": kinds,
                    "languages": {lang: langs.get(lang, {"concepts": 0, "forms": 0,
                                                         "forbidden": 0})
                                  for lang in g.all_languages()},
                    "digest": g.digest()})
    if args.format == "json":
        emit_json(out)
        return EXIT_OK
    for s in out:
        print(f"{s['path']}: {s['name']} v{s['version']}, {s['concepts']} concepts "
              f"({', '.join(f'{k} {n}' for k, n in sorted(s['kinds'].items()))})")
        for lang, e in s["languages"].items():
            print(f"  {lang:<6} {e['concepts']:>5} concepts  {e['forms']:>5} forms  "
                  f"{e['forbidden']:>4} forbidden")
        print(f"  digest {s['digest']}")
    return EXIT_OK
