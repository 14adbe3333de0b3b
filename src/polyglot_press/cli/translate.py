"""``polyglot-press translate``: translate documents with verified glossary terms.

Offline: every engine runs locally. Translations are written next to each
other in ``-o DIR`` (``release.pt.txt``, ``release.ru.txt``); without ``-o``
and with one document and one target, the translation goes to stdout. The
term summary goes to stderr; ``--report`` writes the full JSON report;
``--strict`` exits 1 when any term is missing or a forbidden form remains.
Everything that can be checked before translating is checked first: output
names that would collide, the report's folder, and every language pair.
A document with nothing to translate (no letters) is copied through.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_document_options,
    add_strict_option,
    info,
    load_document,
)


def register(subparsers: Any) -> None:
    """Add the ``translate`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "translate",
        help="translate documents, keeping glossary terms, with a per-term report",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="documents to translate ('-' for stdin)")
    parser.add_argument("--to", required=True, metavar="LANGS",
                        help="target languages, comma-separated (pt,ru)")
    parser.add_argument("--from", dest="source", metavar="LANG",
                        help="source language (default: detected per segment)")
    parser.add_argument("--glossary", "-g", action="append", default=[], metavar="FILE",
                        help="glossary file (YAML, CSV, TBX); repeat for several")
    parser.add_argument("--glossary-langs", metavar="SRC,TGT",
                        help="the two languages of a headerless two-column glossary (DeepL's "
                        "TSV or CSV), e.g. en,pt; detected from its terms when not given")
    parser.add_argument("--engine", default="auto",
                        help="translation engine (see `polyglot-press engines`; default: auto)")
    parser.add_argument("-o", "--output-dir", metavar="DIR",
                        help="write translations into DIR as NAME.<lang>.<suffix>")
    parser.add_argument("--report", metavar="FILE", help="write the JSON report to FILE")
    parser.add_argument("--no-memory", action="store_true",
                        help="neither read nor fill the translation memory")
    parser.add_argument("--no-repair", action="store_true",
                        help="do not fix homoglyphs, invisibles and bidi controls first")
    parser.add_argument("--no-names", action="store_true",
                        help="do not normalize name variants to the glossary's form")
    parser.add_argument("--stages", metavar="NAMES",
                        help="stages to run, comma-separated, 'translate' among them (default: "
                             "repair,detect,normalize_names,translate; see polyglot_press.stages)")
    parser.add_argument("--verify-only", action="store_true",
                        help="audit the engine: no placeholders and no repairs, only check the terms")
    parser.add_argument("--alternatives", type=int, default=0, metavar="N",
                        help="also give up to N other translations of each segment (the "
                        "engine's n-best hypotheses, as LibreTranslate's alternatives): in the "
                        "--report, and on stderr when the translation goes to stdout")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="no progress bar and no summary on stderr")
    add_strict_option(parser)
    add_document_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Translate every file into every target language."""
    from .._files import atomic_write_bytes
    from ..errors import InputError
    from ..press import Press, PressConfig
    from ..report import Report

    if args.alternatives < 0:
        raise InputError(f"--alternatives {args.alternatives}: give 0 or more")
    targets = [t.strip() for t in args.to.split(",") if t.strip()]
    if not targets:
        raise InputError("--to needs at least one language, e.g. --to pt,ru")
    out_dir = Path(args.output_dir) if args.output_dir else None
    if out_dir is not None and not out_dir.is_dir():
        raise InputError(f"{out_dir}: output folder does not exist (create it first)")
    if out_dir is None and (len(args.files) > 1 or len(targets) > 1):
        raise InputError("several files or target languages need -o DIR to write into")
    if args.report:
        report_path = Path(args.report)
        if report_path.is_dir():
            raise InputError(f"{report_path}: --report names a folder, not a file")
        if not report_path.parent.is_dir():
            raise InputError(f"{report_path}: the report's folder {report_path.parent} does not exist "
                             "(create it first)")
    documents = [load_document(f, args) for f in args.files]
    names = [_output_name(doc) for doc in documents]
    if out_dir is not None:
        seen: dict[str, str] = {}
        for name, source in zip(names, args.files, strict=True):
            if name in seen:
                raise InputError(f"{source} and {seen[name]} would both be written to {out_dir} as "
                                 f"{Path(name).stem}.<lang>{Path(name).suffix}; translate them "
                                 "into different -o folders, or rename one")
            seen[name] = source
    glossaries: list[Any] = list(args.glossary)
    if args.glossary_langs:
        from ..glossary import Glossary

        pair = tuple(t.strip() for t in args.glossary_langs.split(","))
        if len(pair) != 2 or not all(pair):
            raise InputError(f"--glossary-langs takes two languages, e.g. en,pt, not "
                             f"{args.glossary_langs!r}")
        glossaries = [Glossary.load(g, languages=pair) for g in args.glossary]
    press = Press(
        glossaries=glossaries, engine=args.engine, source=args.source,
        memory=not args.no_memory, repair=not args.no_repair, normalize_names=not args.no_names,
        stages=args.stages,
        protect=not args.verify_only, replace_forbidden=not args.verify_only,
        replace_aligned=not args.verify_only, n_best=1 if args.verify_only else PressConfig().n_best,
    )
    total = sum(len(d.segments) for d in documents) * len(targets)
    bar = None
    if not args.quiet and total:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="seg", desc="translating", file=sys.stderr,
                   disable=None, leave=False)
    report = Report()
    try:
        with press:
            for name, result in zip(names, press.pipe(documents, targets,
                                                      progress=bar.update if bar else None,
                                                      alternatives=args.alternatives),
                                    strict=True):
                report.documents.extend(result.report.documents)
                if out_dir is not None:
                    for path in result.write(out_dir, name=name):
                        if not args.quiet:
                            info(f"wrote {path}")
                else:
                    data = result[targets[0]].to_bytes()
                    sys.stdout.buffer.write(data)
                    sys.stdout.flush()
                    if not args.quiet:
                        for number, text in enumerate(result.alternatives(targets[0]), 1):
                            info(f"alternative {number}: {text}")
    finally:
        if bar is not None:
            bar.close()
    if args.report:
        atomic_write_bytes(Path(args.report), (report.to_json() + "\n").encode("utf-8"))
    if not args.quiet:
        info(report.summary())
    bad = [c for c in report.term_checks() if not c.ok]
    if args.strict and bad:
        return EXIT_FINDINGS
    return EXIT_OK


def _output_name(doc: Any) -> str:
    """The file name a document's translations are written under (before ``.<lang>``)."""
    if doc.path and doc.path != "<stdin>":
        return Path(doc.path).name
    return "stdin.md" if doc.format == "markdown" else "stdin.txt"
