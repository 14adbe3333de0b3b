"""``polyglot-press detect FILE``: the language of every segment of a document."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._common import EXIT_OK, add_document_options, add_format_option, emit_json, load_document


def register(subparsers: Any) -> None:
    """Add the ``detect`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "detect",
        help="detect the language of each segment",
        description="Read a document (plain text or Markdown) and print the language of "
        "each sentence segment, of each block and of the document. Short segments take "
        "their block's language. FILE may be - for standard input.",
    )
    parser.add_argument("file", metavar="FILE", help="document to read, or - for stdin")
    parser.add_argument(
        "--languages",
        metavar="LIST",
        help="comma-separated candidate languages, e.g. en,ru,kk "
        "(default: en ru kk hy cs uk de fr pt, and languages their script identifies)",
    )
    parser.add_argument(
        "--backend",
        default="auto",
        metavar="NAME",
        help="auto (default: langdetect, lingua for short text when installed), "
        "langdetect, lingua, or a registered backend",
    )
    add_document_options(parser)
    add_format_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the language of each segment of ``args.file``."""
    from ..errors import InputError
    from ..langid import LanguageDetector
    from ..langid.detector import DEFAULT_LANGUAGES
    from ..langid.documents import detect_languages_with_guesses

    languages: list[str] | tuple[str, ...] = DEFAULT_LANGUAGES
    if args.languages is not None:
        languages = [c.strip() for c in args.languages.split(",") if c.strip()]
        if not languages:
            raise InputError(
                f"--languages {args.languages!r} names no language; give codes separated by "
                "commas, e.g. --languages en,ru,kk (or leave the option out for the defaults)"
            )
    detector = LanguageDetector(languages, backend=args.backend)
    document, guesses = detect_languages_with_guesses(load_document(args.file, args),
                                                      detector=detector)
    if args.format == "json":
        emit_json(
            {
                "path": document.path,
                "lang": document.lang,
                "languages": list(detector.languages),
                "backend": detector.backend,
                "blocks": [
                    {"index": b.index, "kind": b.kind, "lang": b.lang} for b in document.blocks
                ],
                "segments": [
                    {
                        "index": s.index,
                        "block": s.block,
                        "span": [s.span.start, s.span.end],
                        "lang": s.lang,
                        "text": s.text,
                        "guess": guess.to_dict(),
                    }
                    for s, guess in zip(document.segments, guesses, strict=True)
                ],
            }
        )
        return EXIT_OK
    out = sys.stdout
    out.write(f"document: {document.lang}\n")
    for block in document.blocks:
        if not block.segments:
            continue
        out.write(f"[{block.index}] {block.kind} {block.lang}\n")
        for segment in block.segments:
            text = segment.text.replace("\r", "\\r").replace("\n", "\\n")
            out.write(f"  {segment.index:>4} {segment.lang:<3} {text}\n")
    return EXIT_OK
