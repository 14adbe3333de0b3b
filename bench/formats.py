#!/usr/bin/env python3
"""Benchmark the document formats: round trips, inline codes kept, speed, memory.

Data: the public samples in ``tests/formats/data/public`` (Okapi filter tests,
the OASIS XLIFF 2 test suite; see the README there), and held-out text: the
first English sentences of FLORES-200 devtest (``../shared/eval``), wrapped
into HTML, XLIFF, PO, JSON and SRT with inline codes, which the tests never see.

Per format, one table row:

* files tried, and how many wrote back byte for byte untranslated;
* inline codes kept: of the protected spans (tags, placeholders, ICU syntax)
  of every translated segment, the share found again in its translation,
  with bergamot en->pt (a real model) and with the toy en->yy argos model;
* segments per second translating the format, against the same sentences as
  a plain-text document (codes removed), same engine, same run (target: the
  format >= 0.8x plain text);
* peak memory (tracemalloc) and time to read and write a large file: a
  50,000-unit XLIFF and an HTML page of 50,000 paragraphs.

Run: ``python bench/formats.py`` (``--sentences`` held-out sentences, default 300).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ROOT / "tests" / "formats" / "data" / "public"
FLORES = ROOT.parent / "shared" / "eval" / "flores200_devtest"
EN_YY = ROOT / "tests" / "data" / "argos" / "translate-en_yy-1_0.argosmodel"
SUFFIXES = {".html": "html", ".xlf": "xliff", ".po": "po", ".json": "json", ".srt": "srt",
            ".docx": "docx"}


def public_files() -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {}
    for path in sorted(PUBLIC.rglob("*")):
        if path.suffix in SUFFIXES:
            files.setdefault(SUFFIXES[path.suffix], []).append(path)
    return files


def sentences(limit: int) -> list[str]:
    return (FLORES / "eng_Latn.devtest").read_text("utf-8").splitlines()[:limit]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _coded(sentence: str, rng: random.Random, kind: str) -> str:
    """``sentence`` with one or two inline codes around words, in the syntax of ``kind``."""
    words = sentence.split(" ")
    if len(words) < 6:
        return _esc(sentence) if kind in ("html", "xliff") else sentence
    i = rng.randrange(1, len(words) - 3)
    j = min(len(words) - 1, i + rng.randrange(1, 3))
    if kind == "html":
        words = [_esc(w) for w in words]
        words[i] = "<b>" + words[i]
        words[j] = words[j] + "</b>"
    elif kind == "xliff":
        words = [_esc(w) for w in words]
        words[i] = '<g id="1">' + words[i]
        words[j] = words[j] + '</g> <x id="2"/>'
    elif kind == "po":
        words[i] = "%(name)s " + words[i]
    elif kind == "json":
        words[i] = "{count} " + words[i]
    return " ".join(words)


def held_out(kind: str, lines: list[str], seed: int = 7) -> str:
    """A document of format ``kind`` holding ``lines`` (with inline codes)."""
    rng = random.Random(seed)
    coded = [_coded(s, rng, kind) for s in lines]
    if kind == "html":
        body = "\n".join(f"<p>{c}</p>" for c in coded)
        return ('<!DOCTYPE html>\n<html lang="en">\n<head><title>News</title></head>\n'
                f"<body>\n{body}\n</body>\n</html>\n")
    if kind == "xliff":
        units = "\n".join(f'   <trans-unit id="{n}"><source>{c}</source></trans-unit>'
                          for n, c in enumerate(coded, 1))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n <file original="news" '
                f'source-language="en" datatype="html">\n  <body>\n{units}\n  </body>\n </file>\n</xliff>\n')
    if kind == "po":
        entries = "\n".join(f"#, python-format\nmsgid {json.dumps(c, ensure_ascii=False)}\nmsgstr \"\"\n"
                            for c in coded)
        return 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + entries
    if kind == "json":
        return json.dumps({f"s{n}": c for n, c in enumerate(coded)}, ensure_ascii=False, indent=2) + "\n"
    # srt: two cues per sentence, cut in the middle (a sentence over two cues)
    cues = []
    n = 1
    for sentence in coded:
        words = sentence.split(" ")
        half = max(1, len(words) // 2)
        for part in (" ".join(words[:half]), " ".join(words[half:])):
            if part:
                start = n * 3
                cues.append(f"{n}\n00:{start // 60:02d}:{start % 60:02d},000 --> "
                            f"00:{(start + 2) // 60:02d}:{(start + 2) % 60:02d},500\n{part}\n")
                n += 1
    return "\n".join(cues)


def codes_kept(source: Any, translated: Any) -> tuple[int, int]:
    """(codes in translated segments of the source, codes found again in their translations)."""
    total = kept = 0
    new = {s.index: s.text for s in translated.iter_segments()}
    for segment in source.iter_segments():
        if segment.index not in translated.replaced:
            continue
        wanted = Counter(p.span.slice(source.text) for p in segment.protected
                         if p.kind != "cue")
        if not wanted:
            continue
        found = Counter({code: new[segment.index].count(code) for code in wanted})
        total += sum(wanted.values())
        kept += sum(min(found[c], n) for c, n in wanted.items())
    return total, kept


def plain_of(doc: Any) -> str:
    """The document's segments as plain text, codes removed: the same sentences, no markup."""
    out = []
    for segment in doc.iter_segments():
        text = segment.text
        for protected in sorted(segment.protected, key=lambda p: p.span.start, reverse=True):
            start = protected.span.start - segment.span.start
            end = protected.span.end - segment.span.start
            text = text[:start] + " " + text[end:]
        out.append(" ".join(text.split()))
    return "\n\n".join(out) + "\n"


def make_press(engine: str, cache: Path) -> Any:
    from polyglot_press.press import Press

    if engine == "toy":
        from polyglot_press.engines.argos import ArgosEngine, install_package

        packages = cache / "argos"
        if not packages.exists():
            install_package(EN_YY, packages)
        return Press(engine=ArgosEngine(packages_dir=packages), source="en", memory=False,
                     cache_dir=cache, detect=False, normalize_names=False)
    return Press(engine="bergamot", source="en", memory=False, cache_dir=cache, detect=False,
                 normalize_names=False)


def run_codes_and_speed(engine: str, target: str, lines: list[str]) -> list[dict[str, Any]]:
    from polyglot_press.document import Document
    from polyglot_press.errors import PolyglotPressError

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        press = make_press(engine, Path(folder))
        # calibrate once, outside the timings
        press.translate(Document.from_text("The cat sat on the mat."), [target])
        for kind in ("html", "xliff", "po", "json", "srt"):
            docs = [Document.from_text(held_out(kind, lines), kind)]
            for path in public_files()[kind]:
                try:
                    docs.append(Document.read(path))
                except PolyglotPressError:
                    continue  # refused (counted in the round-trip table)
            total = kept = segments = 0
            start = time.perf_counter()
            for doc in docs:
                result = press.translate(doc, [target])
                t, k = codes_kept(doc, result[target])
                total, kept = total + t, kept + k
                segments += len(doc.segments)
                result[target].to_bytes()
            elapsed = time.perf_counter() - start
            plain = [Document.from_text(plain_of(doc), "text") for doc in docs]
            start = time.perf_counter()
            plain_segments = 0
            for doc in plain:
                press.translate(doc, [target])
                plain_segments += len(doc.segments)
            plain_elapsed = time.perf_counter() - start
            rate = segments / elapsed if elapsed else 0.0
            plain_rate = plain_segments / plain_elapsed if plain_elapsed else 0.0
            rows.append({"format": kind, "engine": engine, "codes": total, "kept": kept,
                         "share": kept / total if total else 1.0, "segments": segments,
                         "seg_per_s": rate, "plain_seg_per_s": plain_rate,
                         "ratio": rate / plain_rate if plain_rate else 0.0})
    return rows


def run_round_trips() -> list[dict[str, Any]]:
    from polyglot_press.document import Document
    from polyglot_press.errors import PolyglotPressError

    rows = []
    for kind, paths in public_files().items():
        exact = errors = 0
        for path in paths:
            try:
                exact += Document.read(path).to_bytes() == path.read_bytes()
            except PolyglotPressError:
                errors += 1
        rows.append({"format": kind, "files": len(paths), "exact": exact, "refused": errors})
    return rows


def run_memory() -> list[dict[str, Any]]:
    from polyglot_press.document import Document

    rows = []
    lines = sentences(1012)
    for kind, units in (("xliff", 50_000), ("html", 50_000)):
        text = held_out(kind, [lines[i % len(lines)] for i in range(units)])
        tracemalloc.start()
        start = time.perf_counter()
        doc = Document.from_text(text, kind)
        doc.replace_segments({s.index: s.text.upper() for s in doc.iter_segments()}).to_bytes()
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append({"format": kind, "units": units, "mb": len(text.encode()) / 1e6,
                     "segments": len(doc.segments), "seconds": elapsed, "peak_mb": peak / 1e6})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--skip-bergamot", action="store_true")
    args = parser.parse_args()
    print("## Round trips (public samples, untranslated)\n")
    print("| format | files | byte-exact | refused with a clear error |\n|---|---|---|---|")
    for row in run_round_trips():
        print(f"| {row['format']} | {row['files']} | {row['exact']} | {row['refused']} |")
    lines = sentences(args.sentences)
    engines = [("toy", "yy")] + ([] if args.skip_bergamot else [("bergamot", "pt")])
    for engine, target in engines:
        print(f"\n## Inline codes and speed: {engine} en->{target} "
              f"({args.sentences} held-out FLORES sentences per format + the public samples)\n")
        print("| format | codes | kept | share | segments | seg/s | plain seg/s | ratio |\n"
              "|---|---|---|---|---|---|---|---|")
        for row in run_codes_and_speed(engine, target, lines):
            print(f"| {row['format']} | {row['codes']} | {row['kept']} | {row['share']:.1%} | "
                  f"{row['segments']} | {row['seg_per_s']:.0f} | {row['plain_seg_per_s']:.0f} | "
                  f"{row['ratio']:.2f}x |")
            sys.stdout.flush()
    print("\n## Large files: read, replace every segment, write (tracemalloc peak)\n")
    print("| format | units | size MB | segments | seconds | peak MB |\n|---|---|---|---|---|---|")
    for row in run_memory():
        print(f"| {row['format']} | {row['units']} | {row['mb']:.1f} | {row['segments']} | "
              f"{row['seconds']:.1f} | {row['peak_mb']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
