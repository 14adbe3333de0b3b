"""``polyglot-press corpus translate``: translate a whole corpus on Dask.

INPUT is a folder, a glob or an fsspec URL (several may be given). The output
folder mirrors the input tree (``2024/a.md`` → ``OUT/2024/a.pt.md``) for every
format ``translate DIR`` reads (DOCX included), keeps the manifest ``translate
DIR`` keeps (so a rerun of either command skips finished documents), and gets
the combined report in ``OUT/.polyglot-press/report.json``. ``--scheduler local`` (the default)
starts a local cluster of ``--workers`` processes; an address
(``tcp://host:8786``) uses a running Dask scheduler. The progress bar counts
documents; the Dask dashboard shows the tasks. Exit 1 when a document
failed (the others are still written), 2 on a usage or input error.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._common import EXIT_FINDINGS, EXIT_OK, info


def register(subparsers: Any) -> None:
    """Add the ``corpus`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "corpus", help="corpus runs on Dask", description="Corpus runs on Dask.")
    commands = parser.add_subparsers(dest="corpus_command", metavar="SUBCOMMAND", required=True)
    run = commands.add_parser("translate", help="translate a folder, glob or fsspec URL",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("inputs", nargs="+", metavar="INPUT")
    run.add_argument("--to", required=True, metavar="LANGS", help="target languages (pt,de)")
    run.add_argument("-o", "--output-dir", required=True, metavar="OUT", help="output folder (created)")
    run.add_argument("--from", dest="source", metavar="LANG", help="source language (default: detected)")
    run.add_argument("--glossary", "-g", action="append", default=[], metavar="FILE")
    run.add_argument("--engine", default="auto")
    run.add_argument("--scheduler", default="local", metavar="ADDRESS|local",
                     help="a Dask scheduler address, or 'local' for a local cluster (default)")
    run.add_argument("--workers", type=int, default=None, metavar="N",
                     help="worker processes of the local cluster (default: one per core)")
    run.add_argument("--partitions", type=int, default=None, metavar="N",
                     help="partitions (default: about 16 documents each)")
    run.add_argument("--no-memory", action="store_true", help="do not use the translation memory")
    run.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    run.set_defaults(handler=_translate)


def _translate(args: argparse.Namespace) -> int:
    import os

    from ..dask import CorpusResult, translate_corpus
    from ..errors import InputError, MissingDependencyError

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MissingDependencyError("corpus runs need Dask: pip install 'polyglot-press[dask]'") from None
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers must be at least 1, not {args.workers}")
    options: dict[str, Any] = {"memory": not args.no_memory}
    if args.source:
        options["source"] = args.source
    if args.scheduler == "local":
        cluster = LocalCluster(n_workers=args.workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        cluster = None
        try:
            client = Client(args.scheduler)
        except (OSError, ValueError, TypeError) as exc:  # refused, timed out, not an address
            raise InputError(f"cannot reach the Dask scheduler at {args.scheduler} ({exc}); start one "
                             "(dask scheduler) or use --scheduler local") from None
    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(unit="doc", desc="corpus", file=sys.stderr)
    try:
        result = translate_corpus(args.inputs, args.to, glossaries=args.glossary, engine=args.engine,
                                  output=args.output_dir, partitions=args.partitions, client=client,
                                  progress=bar.update if bar is not None else None, **options)
    finally:
        if bar is not None:
            bar.close()
        client.close()
        if cluster is not None:
            cluster.close()
    assert isinstance(result, CorpusResult)
    if not args.quiet:
        for note in result.notes:
            info(note)
        info(result.report.summary())
    return EXIT_FINDINGS if result.report.failures else EXIT_OK
