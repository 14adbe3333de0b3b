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
* segments per second translating the format (and writing it), against the
  same sentences as a plain-text document (codes removed), same engine, same
  run, the two alternating ``--repeats`` times, the fastest of each counted
  (target: the format >= 0.8x plain text);
* peak memory and time to read and write a large file, each in a fresh
  process: a 50,000-unit XLIFF, an HTML page of 50,000 paragraphs and a
  200-page DOCX (4,000 paragraphs with bold and italic runs, a header, a
  footer, a table every 40 paragraphs, a page break every 20), made here
  with python-docx and never kept.

Held-out data: the speed rows use FLORES devtest lines from 0 (``--first``);
the placeholder form for codes was chosen looking at lines 506-1011 only.

With ``--peer-python PY`` (a Python where ``pip install argos-translate-files``
was run: it replaces ``argostranslate`` by its fork, so it needs its own
environment), ours and argos-translate-files translate the same small HTML
page and DOCX with the same toy model, and a table says what each keeps.

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


def sentences(limit: int, first: int = 0) -> list[str]:
    """FLORES devtest English lines ``first`` to ``first + limit``: lines 0-505 are the
    reported half, 506-1011 the half the placeholder form for codes was tuned on."""
    return (FLORES / "eng_Latn.devtest").read_text("utf-8").splitlines()[first:first + limit]


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


def held_out_docx(lines: list[str], path: Path, *, seed: int = 7, per_page: int = 0) -> None:
    """A Word file of ``lines`` (python-docx): one paragraph per sentence, a bold or
    italic run around words in most, a header and a footer, and a table every 40
    paragraphs; with ``per_page``, a page break after every ``per_page`` paragraphs."""
    import docx

    rng = random.Random(seed)
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "The news of the week"
    section.footer.paragraphs[0].text = "Published by the press office"
    for n, sentence in enumerate(lines, 1):
        words = sentence.split(" ")
        paragraph = document.add_paragraph()
        if len(words) < 6:
            paragraph.add_run(sentence)
        else:
            i = rng.randrange(1, len(words) - 3)
            j = min(len(words) - 1, i + rng.randrange(1, 3))
            paragraph.add_run(" ".join(words[:i]) + " ")
            run = paragraph.add_run(" ".join(words[i:j + 1]))
            run.bold, run.italic = (True, None) if n % 2 else (None, True)
            paragraph.add_run(" " + " ".join(words[j + 1:]))
        if n % 40 == 0:
            table = document.add_table(rows=2, cols=2)
            for k, cell in enumerate(table._cells):
                cell.text = lines[(n + k) % len(lines)].split(",")[0]
        if per_page and n % per_page == 0:
            paragraph.add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    document.save(str(path))


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


def run_codes_and_speed(engine: str, target: str, lines: list[str],
                        only: str = "", repeats: int = 3) -> list[dict[str, Any]]:
    from polyglot_press.document import Document
    from polyglot_press.errors import PolyglotPressError

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        press = make_press(engine, Path(folder))
        # calibrate once (terms and codes), outside the timings
        press.translate(Document.from_text("The cat sat on the <b>mat</b>.", "html"), [target])
        for kind in ("html", "xliff", "po", "json", "srt", "docx"):
            if only and kind not in only.split(","):
                continue
            if kind == "docx":
                held_out_docx(lines, Path(folder) / "held-out.docx")
                docs = [Document.read(Path(folder) / "held-out.docx")]
            else:
                docs = [Document.from_text(held_out(kind, lines), kind)]
            for path in public_files()[kind]:
                try:
                    doc = Document.read(path)
                except PolyglotPressError:
                    continue  # refused (counted in the round-trip table)
                declared = getattr(doc.origin, "target_lang", None)
                if declared and declared.lower() != target.lower():
                    continue  # a bilingual file made for another target language: refused on writing
                docs.append(doc)
            plain = [Document.from_text(plain_of(doc), "text") for doc in docs]
            segments = sum(len(doc.segments) for doc in docs)
            plain_segments = sum(len(doc.segments) for doc in plain)
            # format and plain runs alternate, the fastest of each counts: the machine is
            # shared, and a burst of other work should not decide the ratio
            elapsed = plain_elapsed = float("inf")
            for _ in range(repeats):
                start = time.perf_counter()
                results = []
                for doc in docs:
                    result = press.translate(doc, [target])
                    result[target].to_bytes()
                    results.append(result[target])
                elapsed = min(elapsed, time.perf_counter() - start)
                start = time.perf_counter()
                for doc in plain:
                    press.translate(doc, [target])
                plain_elapsed = min(plain_elapsed, time.perf_counter() - start)
            total = kept = 0
            for doc, translated in zip(docs, results, strict=True):
                t, k = codes_kept(doc, translated)
                total, kept = total + t, kept + k
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


def _large_file(kind: str, units: int, folder: Path) -> Path:
    lines = sentences(1012)
    many = [lines[i % len(lines)] for i in range(units)]
    path = folder / f"large.{'xlf' if kind == 'xliff' else kind}"
    if kind == "docx":  # 20 paragraphs a page
        held_out_docx(many, path, per_page=20)
    else:
        path.write_text(held_out(kind, many), "utf-8")
    return path


def _high_water_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def _memory_child(path: str, traced: bool) -> None:
    """In a fresh process: read ``path``, replace every segment, write; print the peaks.

    The resident peak is the kernel's high-water mark (``VmHWM``), reset first: a
    child inherits its parent's ``ru_maxrss`` across exec, so that cannot serve."""
    from polyglot_press.document import Document

    Path("/proc/self/clear_refs").write_text("5")  # reset the high-water mark to the current RSS
    before = _high_water_kb()
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    doc = Document.read(path)
    out = doc.replace_segments({s.index: s.text.upper() for s in doc.iter_segments()}).to_bytes()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    after = _high_water_kb()
    print(json.dumps({"segments": len(doc.segments), "seconds": elapsed, "traced_mb": peak / 1e6,
                      "rss_mb": (after - before) / 1e3, "out_mb": len(out) / 1e6}))


def run_memory(only: str = "") -> list[dict[str, Any]]:
    """Large files, each in a fresh process: the peak of Python allocations (tracemalloc,
    which slows Python several times and does not see lxml's C allocations) and, in a
    second run without it, the growth of the process's peak resident memory."""
    import subprocess

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for kind, units in (("xliff", 50_000), ("html", 50_000), ("docx", 4_000)):
            if only and kind not in only.split(","):
                continue
            path = _large_file(kind, units, Path(folder))
            row: dict[str, Any] = {"format": kind, "units": units,
                                   "mb": path.stat().st_size / 1e6}
            for traced in (True, False):
                child = subprocess.run(
                    [sys.executable, __file__, "--memory-child", str(path)]
                    + (["--traced"] if traced else []),
                    capture_output=True, text=True, check=True)
                found = json.loads(child.stdout.strip().splitlines()[-1])
                row.update({k: v for k, v in found.items() if traced or k != "traced_mb"})
                if not traced:
                    row["plain_seconds"] = found["seconds"]
            if kind == "docx":
                import zipfile

                with zipfile.ZipFile(path) as package:
                    row["xml_mb"] = package.getinfo("word/document.xml").file_size / 1e6
            rows.append(row)
    return rows


PEER_HTML = """<!DOCTYPE html>
<html lang="en">
<head><title>the cat report</title></head>
<body>
<h1>the cat and the dog</h1>
<p>the <b>big</b> cat went to <a href="/house.html" title="the house">the house</a> &amp; the dog.
<code>the cat</code></p>
<p class="notranslate">the cat</p>
<img src="cat.png" alt="the cat">
</body>
</html>
"""


def _peer_docx(path: Path) -> None:
    """The Word file of the format tests (bold words, a tab, a table, header, footer, comment)."""
    sys.path.insert(0, str(ROOT))
    from tests.formats.test_formats import _word_file

    _word_file(path)


def _html_checks(source: bytes, output: bytes) -> dict[str, bool]:
    from lxml import html as lxml_html

    a, b = lxml_html.document_fromstring(source), lxml_html.document_fromstring(output)
    return {
        "same elements": [e.tag for e in a.iter()] == [e.tag for e in b.iter()],
        "layout kept (lines)": output.count(b"\n") == source.count(b"\n"),
        "links kept": [e.get("href") for e in a.iter("a")] == [e.get("href") for e in b.iter("a")],
        "bold kept": len(list(b.iter("b"))) == len(list(a.iter("b"))),
        "images kept": len(list(b.iter("img"))) == len(list(a.iter("img"))),
        "alt translated": [e.get("alt") for e in b.iter("img")] != [e.get("alt") for e in a.iter("img")],
        "lang set": b.get("lang") == "yy",
        "code untouched": [e.text for e in a.iter("code")] == [e.text for e in b.iter("code")],
        "notranslate untouched": b"notranslate\">the cat<" in output,
        "text translated": b"THE CAT" in output.upper() and b"CAT" in output,
    }


def _docx_checks(source: Path, output: Path) -> dict[str, bool]:
    import zipfile

    import docx

    a = docx.Document(str(source))
    try:
        b = docx.Document(str(output))
        b.paragraphs  # noqa: B018 (python-docx parses the body here)
    except Exception:  # the peer's file (it drops the XML namespaces): nothing else to check
        return {"opens in python-docx": False}
    bold = [r.text for p in b.paragraphs for r in p.runs if r.bold and r.text.strip()]
    old_zip, new_zip = zipfile.ZipFile(source), zipfile.ZipFile(output)
    return {
        "opens in python-docx": True,
        "paragraphs kept": len(a.paragraphs) == len(b.paragraphs),
        "bold on the right words": bold == ["THE DOG"],
        "tab kept": "\t" in b.paragraphs[1].text,
        "table translated": [c.text for c in b.tables[0].rows[0].cells] == ["THE CAT", "THE DOG"],
        "header translated": b.sections[0].header.paragraphs[0].text == "THE HOUSE",
        "footer translated": b.sections[0].footer.paragraphs[0].text == "THE DOG",
        "comment translated": [c.text for c in b.comments] == ["THE CAT"],
        "styles part untouched": old_zip.read("word/styles.xml") == new_zip.read("word/styles.xml"),
        "body translated": b.paragraphs[0].text == "THE CAT",
    }


def run_peer(peer_python: str) -> list[tuple[str, str, dict[str, bool], float]]:
    """Ours and argos-translate-files on the same HTML and DOCX with the same toy model."""
    import os
    import subprocess

    from polyglot_press.document import Document

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        html_path, docx_path = base / "page.html", base / "report.docx"
        html_path.write_text(PEER_HTML, "utf-8")
        _peer_docx(docx_path)
        press = make_press("toy", base / "cache")
        for path in (html_path, docx_path):
            start = time.perf_counter()
            result = press.translate(Document.read(path), ["yy"])
            out = base / f"ours-{path.name}"
            result["yy"].write(out)
            elapsed = time.perf_counter() - start
            checks = (_html_checks(path.read_bytes(), out.read_bytes()) if path.suffix == ".html"
                      else _docx_checks(path, out))
            rows.append(("polyglot-press", path.suffix, checks, elapsed))
        home = base / "peer-home"
        env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home),
               "XDG_CACHE_HOME": str(home), "ARGOS_PACKAGES_DIR": str(home / "packages")}
        peer = subprocess.run([peer_python, str(Path(__file__).with_name("_peer_argos_files.py")),
                               str(EN_YY), str(html_path), str(docx_path)],
                              capture_output=True, text=True, env=env, timeout=600, check=False)
        outputs = json.loads(peer.stdout.strip().splitlines()[-1])
        for path in (html_path, docx_path):
            entry = outputs[str(path)]
            if "error" in entry:
                rows.append(("argos-translate-files", path.suffix, {"error: " + entry["error"]: False},
                             0.0))
                continue
            out = Path(entry["output"])
            checks = (_html_checks(path.read_bytes(), out.read_bytes()) if path.suffix == ".html"
                      else _docx_checks(path, out))
            rows.append(("argos-translate-files", path.suffix, checks, entry["seconds"]))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--skip-bergamot", action="store_true")
    parser.add_argument("--peer-python", metavar="PY",
                        help="a Python with argos-translate-files installed: compare on HTML and "
                        "DOCX (it replaces argostranslate by a fork, so give it its own venv)")
    parser.add_argument("--peer-only", action="store_true", help="only the comparison")
    parser.add_argument("--memory-only", metavar="KINDS", default="",
                        help="only the large-file rows, of these formats (e.g. docx,xliff)")
    parser.add_argument("--memory-child", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--formats", default="",
                        help="only these formats in the codes and speed rows (e.g. html,docx)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="format and plain runs alternate this many times; the fastest "
                        "of each counts (default 3)")
    parser.add_argument("--first", type=int, default=0,
                        help="first FLORES line of the held-out sentences (default 0: the "
                        "reported half; the code form was tuned on lines 506-1011)")
    args = parser.parse_args()
    if args.memory_child:
        _memory_child(args.memory_child, args.traced)
        return 0
    if args.memory_only:
        _print_memory(run_memory(args.memory_only))
        return 0
    if args.peer_python:
        print("## Side by side with argos-translate-files (toy en->yy model)\n")
        rows = run_peer(args.peer_python)
        for suffix in (".html", ".docx"):
            mine = next(r for r in rows if r[0] == "polyglot-press" and r[1] == suffix)
            theirs = next(r for r in rows if r[0] != "polyglot-press" and r[1] == suffix)
            print(f"| {suffix[1:]} | polyglot-press | argos-translate-files |\n|---|---|---|")
            for check in list(dict.fromkeys([*mine[2], *theirs[2]])):
                print(f"| {check} | {'yes' if mine[2].get(check) else 'no'} | "
                      f"{'yes' if theirs[2].get(check) else 'no'} |")
            print(f"| seconds | {mine[3]:.2f} | {theirs[3]:.2f} |\n")
        if args.peer_only:
            return 0
    print("## Round trips (public samples, untranslated)\n")
    print("| format | files | byte-exact | refused with a clear error |\n|---|---|---|---|")
    for row in run_round_trips():
        print(f"| {row['format']} | {row['files']} | {row['exact']} | {row['refused']} |")
    lines = sentences(args.sentences, args.first)
    engines = [("toy", "yy")] + ([] if args.skip_bergamot else [("bergamot", "pt")])
    for engine, target in engines:
        print(f"\n## Inline codes and speed: {engine} en->{target} "
              f"({args.sentences} held-out FLORES sentences per format + the public samples)\n")
        print("| format | codes | kept | share | segments | seg/s | plain seg/s | ratio |\n"
              "|---|---|---|---|---|---|---|---|")
        for row in run_codes_and_speed(engine, target, lines, args.formats, args.repeats):
            print(f"| {row['format']} | {row['codes']} | {row['kept']} | {row['share']:.1%} | "
                  f"{row['segments']} | {row['seg_per_s']:.0f} | {row['plain_seg_per_s']:.0f} | "
                  f"{row['ratio']:.2f}x |")
            sys.stdout.flush()
    _print_memory(run_memory())
    return 0


def _print_memory(rows: list[dict[str, Any]]) -> None:
    print("\n## Large files: read, replace every segment, write (fresh process each)\n")
    print("| format | units | file MB | segments | seconds | peak MB (tracemalloc) | "
          "peak RSS growth MB |\n|---|---|---|---|---|---|---|")
    for row in rows:
        size = f"{row['mb']:.1f}" + (f" ({row['xml_mb']:.1f} XML)" if "xml_mb" in row else "")
        print(f"| {row['format']} | {row['units']} | {size} | {row['segments']} | "
              f"{row['plain_seconds']:.1f} | {row['traced_mb']:.0f} | {row['rss_mb']:.0f} |")


if __name__ == "__main__":
    sys.exit(main())
