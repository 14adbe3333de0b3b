"""Kill -9 trials: a write killed at any moment leaves a whole file, loses nothing, and no debris.

For each operation (``glossary add``, ``glossary lint --fix``, ``glossary fmt``,
``glossary merge -o``, ``translate`` of a DOCX, ``translate DIR`` of a folder
of HTML, PO, SRT, JSON and DOCX files, ``tm import`` of a TMX file) the CLI is
started on a copy of real files and killed with SIGKILL after a random delay,
many times. After each kill the target must be either the old file or the new
one, whole (it parses, no concept of the old glossary is lost, a translated
document reads and has every segment of its source), and the translation
memory must open with no row lost (an import stores all of its rows or none).
After the last trial one more run goes to completion in the same folders, and
no temporary file may be left.

Translations read held-out FLORES-200 sentences (``../shared/eval``), new
ones in every trial, so the memory never already holds them and every run
translates (the earlier trial's run, whose memory answered, ended before
most kills). Kills fall between 15% and 70% of a clean run's
time, so they land while the run works.

    python bench/kill_trials.py --trials 10
    python bench/kill_trials.py --trials 10 --only "translate DIR" "tm import"
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "polyglot_press"]
GLOSSARY = ROOT / "glossaries" / "kazakhstan-elections.yaml"
FLORES = ROOT.parent / "shared" / "eval" / "flores200_devtest" / "eng_Latn.devtest"
TEMPORARY_SUFFIX = ".pp-tmp"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: sentences per translated document, per trial
SENTENCES = 40
#: units per imported TMX file
TMX_UNITS = 100_000


@dataclass
class Outcome:
    operation: str
    trials: int = 0
    killed_mid_run: int = 0
    partial_files: int = 0
    lost_terms: int = 0
    lost_rows: int = 0
    partial_imports: int = 0
    debris_after_next_run: int = 0


def _concepts(path: Path) -> set[str] | None:
    """Concept ids of a glossary file, or None if it does not load (a partial file)."""
    sys.path.insert(0, str(ROOT / "src"))
    from polyglot_press.errors import PolyglotPressError
    from polyglot_press.glossary import Glossary

    try:
        return {c.id for c in Glossary.load(path).concepts}
    except PolyglotPressError:
        return None


def _sentences() -> list[str]:
    return [line.strip() for line in FLORES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _docx(paragraphs: list[str]) -> bytes:
    """A Word package of ``paragraphs``, some runs bold."""
    from xml.sax.saxutils import escape

    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p[: len(p) // 2])}</w:t></w:r>'
                   f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{escape(p[len(p) // 2:])}'
                   "</w:t></w:r></w:p>" for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                         'openxmlformats.org/package/2006/content-types"/>')
        package.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?>'
                         f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def _folder_files(sentences: list[str]) -> dict[str, bytes]:
    """A folder of documents in five formats sharing ``sentences`` out."""
    from xml.sax.saxutils import escape

    parts = [sentences[i::5] for i in range(5)]
    po = "".join(f'msgid {json.dumps(s, ensure_ascii=False)}\nmsgstr ""\n\n' for s in parts[1])
    srt = "".join(f"{n}\n00:00:{n:02d},000 --> 00:00:{n:02d},900\n{s}\n\n"
                  for n, s in enumerate(parts[2], 1))
    return {
        "page.html": ("<html><body>" + "".join(f"<p>{escape(s)}</p>\n" for s in parts[0])
                      + "</body></html>\n").encode(),
        "ui/strings.po": ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                          + po).encode(),
        "video/talk.srt": srt.encode(),
        "ui/app.json": json.dumps({f"k{n}": s for n, s in enumerate(parts[3])}, indent=2,
                                  ensure_ascii=False).encode(),
        "report.docx": _docx(parts[4]),
    }


def _tmx(trial: int) -> bytes:
    from xml.sax.saxutils import escape

    units = "".join(f'<tu><tuv xml:lang="en"><seg>Trial {trial} sentence {n}.</seg></tuv>'
                    f'<tuv xml:lang="pt"><seg>{escape(f"Frase {n} da tentativa {trial}.")}</seg>'
                    "</tuv></tu>\n" for n in range(TMX_UNITS))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
            'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="bench" '
            f'creationtoolversion="1" o-tmf="x"/><body>\n{units}</body></tmx>\n').encode()


def _whole(path: Path, source: Path) -> bool:
    """A translated document is whole: it reads, with every unit, cue or paragraph of its
    source (counted by the format's own markers, as sentence counts may change)."""
    from polyglot_press.document import Document
    from polyglot_press.errors import PolyglotPressError

    try:
        document = Document.read(path)
    except PolyglotPressError:
        return False
    data, original = path.read_bytes(), source.read_bytes()
    marker = {".srt": b"-->", ".po": b"\nmsgid ", ".html": b"</p>"}.get(path.suffix)
    if marker is not None:
        return data.count(marker) == original.count(marker) and data.endswith(b"\n")
    if path.suffix == ".json":
        return set(json.loads(data)) == set(json.loads(original))
    return len(document.blocks) == len(Document.read(source).blocks)


def _old_or_whole(outputs: list[tuple[Path, Path]]) -> Callable[[], str | None]:
    """After a kill each output is absent, the very file it was before the run, or whole."""
    before = {out: out.read_bytes() if out.exists() else None for out, _ in outputs}

    def check() -> str | None:
        for out, source in outputs:
            if out.exists() and out.read_bytes() != before[out] and not _whole(out, source):
                return "partial"
        return None

    return check


def _memory_rows(path: Path) -> int | None:
    """Rows (machine and human) of a memory file, or None when it does not open."""
    from polyglot_press.errors import PolyglotPressError
    from polyglot_press.tm import TranslationMemory

    if not path.exists():
        return 0
    try:
        memory = TranslationMemory(path)
        stats = memory.stats()
        memory.close()
    except PolyglotPressError:
        return None
    return stats.entries + stats.human


@dataclass
class Trial:
    """One run to kill: its command, and what must hold after the kill."""

    argv: list[str]
    #: None when every target is the old file or the new one, whole; else "partial" (it
    #: does not parse) or "lost" (it parses, but lost what the old one held)
    check: Callable[[], str | None]
    memory: Path | None = None  # the memory the run writes, if any
    atomic_rows: int = 0  # an import stores this many rows or none


def _operations(folder: Path, sentences: list[str]) -> dict[str, Callable[[int], Trial]]:
    """name -> trial number -> the trial (fresh input where the run would otherwise be
    answered from the memory)."""
    sys.path.insert(0, str(ROOT / "src"))
    g = folder / "g.yaml"
    other = folder / "other.yaml"
    merged = folder / "merged.yaml"
    out = folder / "out"
    out.mkdir(exist_ok=True)
    memory = folder / "cache" / "memory.sqlite"
    before = _concepts(GLOSSARY) or set()

    def whole_glossary(path: Path) -> str | None:
        if not path.exists():
            return None
        ids = _concepts(path)
        return "partial" if ids is None else None if before <= ids else "lost"


    def fresh(trial: int, count: int) -> list[str]:
        start = (trial * count) % max(len(sentences) - count, 1)
        return sentences[start:start + count]

    def translate(trial: int) -> Trial:
        source = folder / "docx" / "report.docx"
        source.parent.mkdir(exist_ok=True)
        source.write_bytes(_docx(fresh(trial, SENTENCES)))
        target = out / "report.pt.docx"
        return Trial(["translate", str(source), "--to", "pt", "--from", "en", "-g", str(g),
                      "-o", str(out)], _old_or_whole([(target, source)]), memory)

    def translate_dir(trial: int) -> Trial:
        tree = folder / "tree"
        for name, data in _folder_files(fresh(trial + 1000, 2 * SENTENCES)).items():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            (tree / name).write_bytes(data)
        mirror = folder / "mirror"
        outputs = [(mirror / Path(name).with_suffix(f".pt{Path(name).suffix}"), tree / name)
                   for name in _folder_files(sentences[:5])]
        files = _old_or_whole(outputs)
        entries = mirror / ".polyglot-press" / "manifest"

        def check() -> str | None:
            # every manifest entry (one JSON file per finished document) is whole
            for entry in entries.glob("*.json") if entries.is_dir() else ():
                try:
                    if not isinstance(json.loads(entry.read_text(encoding="utf-8")), dict):
                        return "partial"
                except ValueError:
                    return "partial"
            return files()

        return Trial(["translate", str(tree), "--to", "pt", "--from", "en", "-o", str(mirror)],
                     check, memory)

    def tm_import(trial: int) -> Trial:
        source = folder / "import.tmx"
        source.write_bytes(_tmx(trial))
        return Trial(["tm", "import", str(source), "--path", str(memory)], lambda: None, memory,
                     atomic_rows=TMX_UNITS)

    def glossary(argv: list[str], target: Path) -> Callable[[int], Trial]:
        return lambda trial: Trial(argv, lambda: whole_glossary(target))

    return {
        "glossary add": lambda trial: Trial(
            ["glossary", "add", str(g), f"trial-{random.getrandbits(32)}", "en=Trial Concept"],
            lambda: whole_glossary(g)),
        "glossary fmt": glossary(["glossary", "fmt", str(g)], g),
        "glossary lint --fix": glossary(["glossary", "lint", "--fix", str(g)], g),
        "glossary merge": glossary(["glossary", "merge", str(g), str(other), "-o", str(merged)],
                                   merged),
        "translate": translate,
        "translate DIR": translate_dir,
        "tm import": tm_import,
    }


def _debris(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.name.endswith(TEMPORARY_SUFFIX))


def trial_run(trials: int, seed: int, only: list[str] | None = None) -> list[Outcome]:
    random.seed(seed)
    sentences = _sentences()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "POLYGLOT_PRESS_CACHE_DIR": str(folder / "cache")}
        names = list(_operations(folder, sentences))
        for name in only or names:
            shutil.copy(GLOSSARY, folder / "g.yaml")
            shutil.copy(GLOSSARY, folder / "other.yaml")
            operations = _operations(folder, sentences)
            outcome = Outcome(name)
            # how long one whole run takes (on input the memory does not hold)
            trial = operations[name](trials + 1)
            started = time.monotonic()
            subprocess.run([*CLI, *trial.argv], env=env, capture_output=True, check=False)
            duration = time.monotonic() - started
            for number in range(trials):
                trial = operations[name](number)
                rows_before = _memory_rows(trial.memory) if trial.memory else None
                process = subprocess.Popen([*CLI, *trial.argv], env=env, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
                time.sleep(random.uniform(0.15, 0.7) * duration)
                if process.poll() is None:
                    os.kill(process.pid, signal.SIGKILL)
                    outcome.killed_mid_run += 1
                process.wait()
                outcome.trials += 1
                state = trial.check()
                outcome.partial_files += state == "partial"
                outcome.lost_terms += state == "lost"
                if trial.memory is not None and rows_before is not None:
                    rows_after = _memory_rows(trial.memory)
                    if rows_after is None:
                        outcome.lost_rows += rows_before  # the memory no longer opens
                    else:
                        outcome.lost_rows += max(rows_before - rows_after, 0)
                        if trial.atomic_rows and rows_after - rows_before not in (0, trial.atomic_rows):
                            outcome.partial_imports += 1
            # one more full run in the same folders removes what the killed ones left
            trial = operations[name](trials + 2)
            subprocess.run([*CLI, *trial.argv], env=env, capture_output=True, check=False)
            outcome.debris_after_next_run = _debris(folder)
            outcomes.append(outcome)
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--trials", type=int, default=20, help="kills per operation")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", help="operations to run (default: all)")
    args = parser.parse_args()
    rows = trial_run(args.trials, args.seed, args.only)
    print("| operation | trials | killed mid-run | partial files | lost terms | lost memory rows "
          "| partial imports | temporary files after the next run |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.operation} | {r.trials} | {r.killed_mid_run} | {r.partial_files} | {r.lost_terms} "
              f"| {r.lost_rows} | {r.partial_imports} | {r.debris_after_next_run} |")
    bad = any(r.partial_files or r.lost_terms or r.lost_rows or r.partial_imports
              or r.debris_after_next_run for r in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
