"""Import and export in every supported format, with every loss reported.

A conversion returns a :class:`Converted` that holds the glossary (or the
written text) and the :class:`Loss` records: what the target format could not
express. Nothing is dropped silently.

>>> from polyglot_press.glossary.model import Concept, Glossary, Term
>>> g = Glossary("d", languages=("en", "de"), concepts=(
...     Concept("osce", terms=(Term("en", "OSCE", variants=("O.S.C.E.",)), Term("de", "OSZE"))),))
>>> out = export_text(g, "csv")
>>> out.text.splitlines()
['en,de', 'OSCE,OSZE']
>>> for loss in out.losses: print(loss)
*: concept ids (CSV has no id column; import makes new ones)
osce/en: variant 'O.S.C.E.' (CSV holds one term per language)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._gc import paused_gc
from ..errors import FileAccessError, GlossaryError
from . import model
from .files import atomic_write_text, read_bytes, read_text
from .model import Glossary
from .records import Converted, Loss
from .yaml_read import read_yaml
from .yaml_write import dumps_yaml, save_yaml

__all__ = [
    "FORMATS",
    "Converted",
    "Loss",
    "export_glossary",
    "export_text",
    "format_for",
    "import_glossary",
]

#: format name -> description
FORMATS = {
    "yaml": "canonical YAML (docs/glossaries.md)",
    "csv": "CSV, one column per language with a header row (Amazon, Google, DeepL)",
    "csv2": "CSV, two columns source,target; without a header (DeepL) the languages are "
            "given or detected",
    "tsv": "TSV, one column per language with a header row, or two columns (DeepL)",
    "tbx": "TBX v3, TBX-Basic dialect (ISO 30042:2019)",
    "tbx2": "TBX v2, martif (ISO 30042:2008)",
}


def format_for(path: str | Path, format: str | None = None) -> str:
    """The format name for ``path`` (from its suffix unless ``format`` is given)."""
    if format is not None:
        if format not in FORMATS:
            raise GlossaryError(f"unknown glossary format {format!r}; valid: {', '.join(FORMATS)}")
        return format
    if Path(path).is_dir():
        raise FileAccessError(f"{path}: is a directory, not a glossary file")
    suffix = Path(path).suffix.lower()
    mapping = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tsv": "tsv", ".tbx": "tbx",
               ".xml": "tbx"}
    if suffix not in mapping:
        raise GlossaryError(
            f"cannot tell the glossary format of {path}; use a suffix "
            ".yaml, .csv, .tsv or .tbx, or name the format (valid: " + ", ".join(FORMATS) + ")"
        )
    return mapping[suffix]


def import_glossary(path: str | Path, *, format: str | None = None, **options: Any) -> Converted:
    """Read a glossary file of any supported format.

    Options: ``languages=(source, target)`` (or ``source``/``target``) for a
    two-column CSV or TSV without a header (detected from the terms when not
    given), ``kind`` for the concepts of a CSV or TBX file that name none,
    ``name`` for the glossary name, ``delimiter`` for CSV, ``locations=True``
    to keep line numbers of a YAML file (CSV and TBX always keep them;
    :func:`~polyglot_press.glossary.lint_glossary` reads them when it needs them).
    """
    fmt = format_for(path, format)
    # millions of acyclic model objects: full collections while they are made cost
    # more than the reading (a 16 MB CSV: 6.5 s of CPU with them, 3.5 s without)
    with paused_gc():
        return _import(path, fmt, options)


def _import(path: str | Path, fmt: str, options: dict[str, Any]) -> Converted:
    if fmt == "yaml":
        unused = sorted(set(options) - {"locations", "languages"})
        if unused:
            raise GlossaryError(f"{', '.join(unused)}: only for CSV and TBX imports",
                                path=str(path))
        return Converted(read_yaml(path, locations=bool(options.get("locations", False))))
    options.pop("locations", None)
    options.setdefault("name", Path(path).stem)
    # the CSV and TBX readers (the TBX one pulls in the XML stack) load when needed
    if fmt in ("csv", "csv2", "tsv"):
        from .io_csv import loads_csv

        text = read_text(path)
        if fmt == "tsv":
            options.setdefault("delimiter", "\t")
        return loads_csv(text, path=str(path), two_column=True if fmt == "csv2" else None,
                         **options)
    for name in ("languages", "source", "target", "unescape_formulas"):
        options.pop(name, None)  # CSV options: a TBX file names its languages
    from .io_tbx import loads_tbx

    return loads_tbx(read_bytes(path), path=str(path), **options)


def export_text(glossary: Glossary, format: str, **options: Any) -> Converted:
    """Serialize ``glossary`` in ``format``; ``text`` holds the result."""
    fmt = format_for("", format)
    if fmt == "yaml":
        return Converted(glossary, text=dumps_yaml(glossary))
    if fmt in ("csv", "tsv", "csv2"):
        from .io_csv import dumps_csv

        if fmt == "tsv":
            options.setdefault("delimiter", "\t")
        return dumps_csv(glossary, two_column=fmt == "csv2", **options)
    from .io_tbx import dumps_tbx

    return dumps_tbx(glossary, version=3 if fmt == "tbx" else 2, **options)


def export_glossary(glossary: Glossary, path: str | Path, *, format: str | None = None,
                    **options: Any) -> Converted:
    """Write ``glossary`` to ``path`` atomically in the format of its suffix."""
    fmt = format_for(path, format)
    if fmt == "yaml":
        save_yaml(glossary, path)
        return Converted(glossary)
    result = export_text(glossary, fmt, **options)
    atomic_write_text(path, result.text)
    return result


def _load(path: str | Path, format: str | None = None, **options: Any) -> Glossary:
    return import_glossary(path, format=format, **options).glossary


# Glossary.load and Glossary.save read and write through these (the model
# module imports no reader or writer; see model.register_io)
model.register_io(_load, save_yaml)
