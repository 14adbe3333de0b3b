#!/usr/bin/env python3
"""Regenerate ``src/polyglot_press/scripts/_data/plausibility.py``: word-likelihood data.

Build-time only. Whole-script confusable detection must tell a spoof ("ѕсоре",
"аррӏе" in English text) from a real foreign word that happens to be written
with lookalike letters ("Саша", "Вера", "СССР" in English text; "iPhone" in
Russian text). Two offline sources are read here:

- letter n-gram profiles (1- to 3-grams with counts, built by langdetect from
  Wikipedia) for Latin, Cyrillic and Greek languages, from the installed
  ``langdetect`` package (``langdetect/profiles/<lang>``); lowercased and merged;
- the Russian word forms of the OpenCorpora dictionary shipped by
  ``pymorphy3-dicts-ru`` and the Ukrainian ones (VESUM) shipped by
  ``pymorphy3-dicts-uk``, restricted to words every letter of which has a Latin
  lookalike in upper or lower case (the only such words that can be read as
  Latin ones: "саша", "вера", "ссср", "тасс", "новое", "ехо", "ріс"...).

The header names the package versions and the SHA-256 of every source file plus
a checksum of the body. Usage::

    python tools/generate_script_plausibility.py           # rewrite the module
    python tools/generate_script_plausibility.py --check   # exit 1 if out of date
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import zlib
from collections import Counter
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "src/polyglot_press/scripts/_data/plausibility.py"
# language -> script of its n-gram profile
LANGS = {
    "en": "Latn",
    "de": "Latn",
    "fr": "Latn",
    "es": "Latn",
    "it": "Latn",
    "pt": "Latn",
    "nl": "Latn",
    "ru": "Cyrl",
    "uk": "Cyrl",
    "bg": "Cyrl",
    "mk": "Cyrl",
    "el": "Grek",
}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _profiles() -> tuple[str, dict[str, dict[str, int]], list[str]]:
    try:
        import langdetect
    except ImportError:
        sys.exit("this generator needs langdetect: pip install langdetect")
    from importlib.metadata import version

    folder = Path(langdetect.__file__).resolve().parent / "profiles"
    out: dict[str, dict[str, int]] = {}
    sources = []
    for lang in LANGS:
        path = folder / lang
        data = json.loads(path.read_text(encoding="utf-8"))
        counts: Counter[str] = Counter()
        for gram, n in data["freq"].items():
            gram = gram.lower()
            if all(c == " " or c.isalpha() for c in gram) and gram.strip():
                counts[gram] += int(n)
        out[lang] = dict(sorted(counts.items()))
        sources.append(f"langdetect/profiles/{lang} sha256={_sha(path)}")
    return version("langdetect"), out, sources


def _cyrillic_lookalike_words() -> tuple[str, dict[str, list[str]], list[str]]:
    try:
        import pymorphy3
    except ImportError:
        sys.exit("this generator needs pymorphy3-dicts-ru and -uk: pip install 'polyglot-press[morphology]'")
    from importlib.metadata import version

    from polyglot_press.scripts.confusables import counterpart

    def latin(ch: str) -> bool:
        other = counterpart(ch, "Latn")
        return other is not None and other.isascii()

    alphabet = "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя"
    look = frozenset(c for c in alphabet if latin(c) or latin(c.upper()))
    words: dict[str, set[str]] = {}
    sources: list[str] = []
    versions: list[str] = []
    for lang in ("ru", "uk"):
        morph = pymorphy3.MorphAnalyzer(lang=lang)
        found = words.setdefault(lang, set())
        for word, *_ in morph.dictionary.iter_known_words():
            word = word.replace("ё", "е")
            if len(word) > 1 and all(c in look for c in word):
                found.add(word)
        folder = Path(morph.dictionary.path)
        dawgs = sorted(folder.glob("words.dawg"))
        sources += [f"pymorphy3-dicts-{lang}/{p.name} sha256={_sha(p)}" for p in dawgs]
        versions.append(f"pymorphy3-dicts-{lang} {version(f'pymorphy3-dicts-{lang}')}")
    words["uk"] -= words["ru"]
    return "; ".join(versions), {lang: sorted(found) for lang, found in words.items()}, sources


def render() -> str:
    ld_version, profiles, ld_sources = _profiles()
    dict_versions, words, dict_sources = _cyrillic_lookalike_words()
    body_lines = [
        f"LANG_SCRIPT: dict[str, str] = {LANGS!r}",
        "",
        "# letter 1-3-gram counts per language (lowercased; ' ' marks a word boundary)",
        "NGRAMS: dict[str, dict[str, int]] = {",
    ]
    for lang, counts in profiles.items():
        body_lines.append(f"    {lang!r}: {{")
        for gram, n in counts.items():
            body_lines.append(f"        {gram!r}: {n},")
        body_lines.append("    },")
    body_lines.append("}")
    body_lines.append("")
    names = {"ru": "RUSSIAN", "uk": "UKRAINIAN"}
    body_lines.append(
        "# Word forms (lowercase, ё as е) spelled only with Latin-lookalike letters, sorted, one per"
    )
    body_lines.append(
        "# line, zlib-compressed and base85-encoded; the Ukrainian list omits the Russian forms"
    )
    for lang, found in words.items():
        packed = base64.b85encode(zlib.compress("\n".join(found).encode("utf-8"), 9)).decode("ascii")
        body_lines.append(f"{names[lang]}_WORD_COUNT = {len(found)}")
        body_lines.append(f"{names[lang]}_LOOKALIKE_WORDS_Z85: str = (")
        for i in range(0, len(packed), 100):
            body_lines.append(f"    {packed[i : i + 100]!r}")
        body_lines.append(")")
    body = "\n".join(body_lines) + "\n"
    checksum = hashlib.sha256(body.encode("utf-8")).hexdigest()
    header = [
        "# GENERATED FILE, DO NOT EDIT. Regenerate with: python tools/generate_script_plausibility.py",
        "# ruff: noqa: E501",
        f"# Source: langdetect {ld_version} n-gram profiles; {dict_versions} (OpenCorpora, VESUM)",
        *(f"# Source data: {s}" for s in ld_sources + dict_sources),
        f"# Table body sha256={checksum}",
        '"""Letter n-gram profiles and a Cyrillic lookalike-word list (generated; see the header)."""',
        "",
        "from __future__ import annotations",
        "",
        f"LANGDETECT_VERSION = {ld_version!r}",
        f"DICTIONARIES = {dict_versions!r}",
        f"BODY_SHA256 = {checksum!r}",
        "",
    ]
    return "\n".join(header) + "\n" + body


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _generated import write_or_check

    return write_or_check(TARGET, render(), Path(__file__).name, __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
