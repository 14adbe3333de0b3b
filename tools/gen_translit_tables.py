"""Regenerate the transliteration tables in ``src/polyglot_press/translit/data/``.

The tables are not retyped: they are read from the maintained packages that
publish them (all MIT licensed) and written as JSON with a provenance header
(generator, source package and version, the source file's SHA-256):

* iuliia: Russian ICAO Doc 9303, BGN/PCGN, GOST 7.79 / ISO 9, Wikipedia;
* translitua: Ukrainian KMU 2010 (``UkrainianKMU``);
* tetrak-translit: Armenian BGN/PCGN and ISO 9985, Georgian national system.

iuliia writes the Cyrillic letter "ё" (U+0451) where its BGN/PCGN, ALA-LC and
GOST 7.79 tables mean the Latin "ë" (U+00EB); the generator writes "ë". It
also writes every rendering in NFC (iuliia's GOST 7.79 "ž" is decomposed).

Usage: ``python tools/gen_translit_tables.py [--check]`` (``--check`` exits 1
when a committed table differs from what the installed packages give).
Needs the ``bench`` extra (iuliia, translitua, tetrak-translit).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import inspect
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "src" / "polyglot_press" / "translit" / "data"
CYRILLIC_YO, LATIN_E_DIAERESIS = "\u0451", "\u00eb"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _header(package: str, path: Path, what: str) -> dict[str, str]:
    return {
        "generator": "tools/gen_translit_tables.py",
        "source": f"{package} {importlib.metadata.version(package)}: {what}",
        "source_file": path.name,
        "sha256": _sha256(path),
        "license": "MIT",
    }


def _fix_yo(mapping: dict[str, str] | None) -> dict[str, str]:
    """Latin ë for iuliia's Cyrillic ё, and every rendering in NFC (iuliia's GOST 7.79
    table writes ž decomposed, as z + U+030C)."""
    return {k: unicodedata.normalize("NFC", v.replace(CYRILLIC_YO, LATIN_E_DIAERESIS))
            for k, v in (mapping or {}).items()}


def iuliia_table(schema: str) -> dict[str, Any]:
    import iuliia

    path = Path(iuliia.__file__).parent / "schemas" / f"{schema}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    prev = _fix_yo(data.get("prev_mapping"))
    return {
        "_generated": _header("iuliia", path, f"schemas/{schema}.json ({data['description']})"),
        "letters": _fix_yo(data["mapping"]),
        "initial": {k: v for k, v in prev.items() if len(k) == 1},
        "after": {k: v for k, v in prev.items() if len(k) == 2},
        "before": _fix_yo(data.get("next_mapping")),
        "endings": _fix_yo(data.get("ending_mapping")),
    }


def translitua_kmu() -> dict[str, Any]:
    import importlib

    module = importlib.import_module("translitua.translit")

    kmu = module.UkrainianKMU
    path = Path(inspect.getfile(module))
    letters = dict(kmu._MAIN_TRANSLIT_TABLE)
    deleted = [c for c in kmu._DELETE_CASES if c == c.lower()]
    letters.update(dict.fromkeys(deleted, ""))
    after: dict[str, str] = {}
    for pair, out in kmu._SPECIAL_CASES.items():
        if pair != pair.lower():
            continue
        first, second = pair[0], pair[1:]
        prefix = letters[first]
        if not out.startswith(prefix):
            raise SystemExit(f"translitua special case {pair!r} is not prefix + rendering")
        after[first + second] = out[len(prefix):]
    return {
        "_generated": _header("translitua", path, "UkrainianKMU (KMU resolution 55, 2010)"),
        "letters": letters,
        "initial": dict(kmu._FIRST_CHARACTERS),
        "after": after,
        "word_chars": "".join(c for c in deleted if not c.isalpha()),
    }


def tetrak_table(script: str, module_name: str, attribute: str) -> dict[str, Any]:
    import importlib

    module = importlib.import_module(f"tetrak_translit.{script}.{module_name}")
    scheme = getattr(module, attribute)
    if scheme.after_vowel or scheme.rules or scheme.separator:
        raise SystemExit(f"{attribute}: rules this generator does not convert")
    path = Path(inspect.getfile(module))
    letters = dict(scheme.letters)
    letters.update(scheme.digraphs)
    letters.update(scheme.punctuation)
    return {
        "_generated": _header("tetrak-translit", path, f"{script}/{scheme.key} ({scheme.standard})"),
        "letters": letters,
        "initial": dict(scheme.initial),
        "word_chars": scheme.script.marks,
    }


def build() -> dict[str, dict[str, Any]]:
    return {
        "ru-icao.json": iuliia_table("icao_doc_9303"),
        "ru-bgn.json": iuliia_table("bgn_pcgn"),
        "ru-iso9.json": iuliia_table("gost_779"),
        "ru-wikipedia.json": iuliia_table("wikipedia"),
        "uk-kmu2010.json": translitua_kmu(),
        "hy-bgn.json": tetrak_table("hy", "bgn_pcgn", "BGN_PCGN"),
        "hy-iso9985.json": tetrak_table("hy", "iso_9985", "ISO_9985"),
        "ka-national.json": tetrak_table("ka", "national", "NATIONAL"),
    }


def _dump(table: dict[str, Any]) -> str:
    ordered = {k: (dict(sorted(v.items())) if isinstance(v, dict) and k != "_generated" else v)
               for k, v in table.items()}
    return json.dumps(ordered, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    stale = []
    for name, table in build().items():
        path = OUT / name
        text = _dump(table)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        print(f"wrote {path}")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
