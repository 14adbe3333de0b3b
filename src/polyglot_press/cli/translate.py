"""``polyglot-press translate``: translate documents with verified glossary terms.

Offline: every engine runs locally. Translations are written next to each
other in ``-o DIR`` (``release.pt.txt``, ``release.ru.txt``); without ``-o``
and with one document and one target, the translation goes to stdout.
A folder is walked (a glob such as ``'docs/**/*.html'`` is expanded) and
``-o`` mirrors its tree; files done before and unchanged are skipped (the
manifest in ``-o/.polyglot-press/manifest/``, which ``corpus translate`` shares,
keeps their hashes and reports). A file
that fails is reported and the others go on; the run then exits 1 with a
summary of the failures. The
term summary goes to stderr; ``--report`` writes the full JSON report;
``--strict`` exits 1 when any term is missing or a forbidden form remains, or a
QA check after translation found an error (a number not carried over, a URL
changed, a leaked placeholder); the summary lists the checks that fired.
Everything that can be checked before translating is checked first: output
names that would collide, the report's folder, and every language pair.
A document with nothing to translate (no letters) is copied through.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_document_options,
    add_strict_option,
    error,
    info,
    load_document,
    read_options,
)

if TYPE_CHECKING:
    from ..batch import BatchPlan, Planned
    from ..press import Result


def register(subparsers: Any) -> None:
    """Add the ``translate`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "translate",
        help="translate documents, keeping glossary terms, with a per-term report",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="documents, folders (walked) or glob patterns ('docs/**/*.html'); "
                        "'-' for stdin")
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
                        help="write translations into DIR (created) as NAME.<lang>.<suffix>, "
                        "mirroring the folders of the input")
    parser.add_argument("--line-length", type=int, metavar="N",
                        help="longest subtitle line written (SRT, WebVTT; default 42)")
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
    """Translate every file (folders walked, globs expanded) into every target language."""
    from .._files import atomic_write_bytes
    from ..batch import STATE_FOLDER
    from ..errors import InputError, PolyglotPressError
    from ..press import Failure, Press, PressConfig
    from ..report import Report
    from ..text import Severity

    if args.alternatives < 0:
        raise InputError(f"--alternatives {args.alternatives}: give 0 or more")
    targets = [t.strip() for t in args.to.split(",") if t.strip()]
    if not targets:
        raise InputError("--to needs at least one language, e.g. --to pt,ru")
    out_dir = Path(args.output_dir) if args.output_dir else None
    inputs, skipped_names = _expand(args.files, args)
    if not inputs:
        raise InputError(f"no documents to translate in {', '.join(args.files)}"
                         + (f" ({len(skipped_names)} files with no reader)" if skipped_names else ""))
    if out_dir is None and (len(inputs) > 1 or len(targets) > 1):
        raise InputError("several files or target languages need -o DIR to write into")
    if args.report:
        report_path = Path(args.report)
        if report_path.is_dir():
            raise InputError(f"{report_path}: --report names a folder, not a file")
        if not report_path.parent.is_dir():
            raise InputError(f"{report_path}: the report's folder {report_path.parent} does not exist "
                             "(create it first)")
    if out_dir is not None:
        seen: dict[Path, str] = {}
        for source, relative in inputs:
            if relative in seen:
                raise InputError(f"{source} and {seen[relative]} would both be written to {out_dir} as "
                                 f"{relative.parent / relative.stem}.<lang>{relative.suffix}; "
                                 "translate them into different -o folders, or rename one")
            seen[relative] = source
        if out_dir.exists() and not out_dir.is_dir():
            raise InputError(f"{out_dir}: -o names a file, not a folder")
        out_dir.mkdir(parents=True, exist_ok=True)
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
    plan = None
    if out_dir is not None:
        from ..batch import BatchPlan

        plan = BatchPlan(out_dir, targets, press.config, press.glossaries, read_options(args),
                         extra={"alternatives": args.alternatives} if args.alternatives else None)
        assert plan.manifest is not None
        note = plan.manifest.prepare()
        if note and not args.quiet:
            info(note)
    failures: list[str] = []
    documents: list[tuple[Any, Planned | None]] = []
    names: dict[str, Path] = {}
    reports: dict[Path, list[Any]] = {}  # by input, so the report keeps the inputs' order
    done = 0
    for source, relative in inputs:
        try:
            if plan is None or source == "-":
                doc = load_document(source, args)
                documents.append((doc, None))
                names[doc.path or source] = relative
                continue
            planned = _plan(plan, source, relative, args)
        except PolyglotPressError as exc:
            failures.append(str(exc))
            continue
        if planned.document is None:
            done += 1
            if planned.report is not None:  # the report of a resumed run is whole
                reports[relative] = Report.from_json(planned.report).documents
            continue
        documents.append((planned.document, planned))
        names[planned.document.path or source] = relative
    total = sum(len(d.segments) for d, _ in documents) * len(targets)
    bar = None
    if not args.quiet and total:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="seg", desc="translating", file=sys.stderr,
                   disable=None, leave=False)
    by_path = {doc.path: planned for doc, planned in documents}
    try:
        with press:
            for item in press.pipe([d for d, _ in documents], targets, errors="yield",
                                   progress=bar.update if bar else None,
                                   alternatives=args.alternatives):
                if isinstance(item, Failure):
                    failures.append(str(item))
                    continue
                result = item
                relative = names[result.source.path or "-"]
                reports[relative] = result.report.documents
                if out_dir is not None:
                    try:
                        written = _write(result, out_dir, relative, by_path.get(result.source.path), plan)
                    except (PolyglotPressError, OSError) as exc:
                        failures.append(f"{result.source.path}: {exc}")
                        continue
                    if not args.quiet:
                        for path in written:
                            info(f"wrote {path}")
                else:
                    sys.stdout.buffer.write(result[targets[0]].to_bytes())
                    sys.stdout.flush()
                    if not args.quiet:
                        for number, text in enumerate(result.alternatives(targets[0]), 1):
                            info(f"alternative {number}: {text}")
    finally:
        if bar is not None:
            bar.close()
    report = Report()
    for _, relative in inputs:
        report.documents.extend(reports.get(relative, ()))
    if args.report:
        atomic_write_bytes(Path(args.report), (report.to_json() + "\n").encode("utf-8"))
    if not args.quiet:
        if report.documents:
            info(report.summary())
        if done:
            info(f"{done} file(s) already translated and unchanged: skipped (see "
                 f"{out_dir}/{STATE_FOLDER}/manifest)")
        if skipped_names:
            info(f"{len(skipped_names)} file(s) with no reader left alone")
    if failures:
        error(f"{len(failures)} of {len(inputs)} file(s) failed:")
        for failure in failures:
            info(f"  {failure}")
        return EXIT_FINDINGS
    bad = [c for c in report.term_checks() if not c.ok]
    errors = [f for d in report.documents for stage in d.stages
              if stage.stage.startswith("translate:") for f in stage.findings
              if f.severity is Severity.ERROR]
    if args.strict and (bad or errors):
        return EXIT_FINDINGS
    return EXIT_OK


_GLOB = set("*?[")


def _expand(arguments: list[str], args: argparse.Namespace) -> tuple[list[tuple[str, Path]], list[str]]:
    """(source, path under -o) for every document the arguments name, and the files
    in walked folders that no reader takes."""
    import glob

    from ..batch import is_hidden
    from ..errors import InputError, UnknownFormatError
    from ..formats import format_for_path

    given_format = getattr(args, "input_format", None)
    out_dir = Path(args.output_dir).resolve() if args.output_dir else None
    found: list[tuple[str, Path]] = []
    skipped: list[str] = []

    def readable(path: Path) -> bool:
        if given_format:
            return True
        try:
            format_for_path(path)
        except UnknownFormatError:
            return False
        return True

    def walk(root: Path, files: list[Path]) -> None:
        for path in sorted(files):
            relative = path.relative_to(root)
            if is_hidden(relative.as_posix()):
                continue  # hidden files and folders (.git, the manifest)
            if out_dir is not None and (path.resolve() == out_dir
                                        or out_dir in path.resolve().parents):
                continue  # the output folder inside the input folder
            if readable(path):
                found.append((str(path), relative))
            else:
                skipped.append(str(path))

    for argument in arguments:
        path = Path(argument)
        if argument == "-":
            found.append(("-", Path("stdin.md" if given_format == "markdown" else "stdin.txt")))
        elif path.is_dir():
            walk(path, [p for p in path.rglob("*") if p.is_file()])
        elif not path.exists() and _GLOB & set(argument):
            parts = path.parts
            static = next((i for i, part in enumerate(parts) if _GLOB & set(part)), len(parts))
            root = Path(*parts[:static]) if static else Path(".")
            matches = [Path(m) for m in glob.glob(argument, recursive=True) if Path(m).is_file()]
            if not matches:
                raise InputError(f"{argument}: no file matches this pattern")
            walk(root, matches)
        elif not path.exists():
            from ..errors import FileAccessError

            raise FileAccessError(f"{argument}: no such file")
        else:
            found.append((argument, Path(path.name)))
    return found, skipped


def _plan(plan: BatchPlan, source: str, relative: Path, args: argparse.Namespace) -> Planned:
    """Read ``source`` and ask the manifest whether it is done (the same reading as a corpus run)."""
    from .._files import read_file_bytes
    from ..formats import format_for_path, get_format

    fmt = (get_format(args.input_format) if args.input_format else format_for_path(source)).name
    data = read_file_bytes(source, kind="document file")
    return plan.plan(relative.as_posix(), data, fmt, None, plan.reader(data, fmt, source))


def _write(result: Result, out_dir: Path, relative: Path, planned: Planned | None,
           plan: BatchPlan | None) -> list[Path]:
    """Write a result's translations under ``out_dir``; then, for a file, its manifest entry."""
    if planned is not None and plan is not None:
        return plan.finish(planned.entry, result, result.report.to_json(indent=None))
    folder = out_dir / relative.parent  # standard input: no manifest entry
    folder.mkdir(parents=True, exist_ok=True)
    return result.write(folder, name=relative.name)
