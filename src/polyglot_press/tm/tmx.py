"""TMX 1.4b export and import, and importing human translations from XLIFF and PO.

Export writes every row (human rows first) as one ``<tu>`` with a source and
a target ``<tuv>``. ``<prop type="x-polyglot-press-origin">`` says ``human``
or ``machine``; machine rows also carry their engine identity and glossary
digest (``x-polyglot-press-engine``, ``x-polyglot-press-glossary``), so an
export is a backup that :func:`import_file` restores exactly. Machine output
made under a glossary holds the terminology layer's placeholders; ``human_only``
leaves machine rows out.

Import reads any TMX 1.4 file (lxml, streamed, no DTD or network access): the
``<tuv>`` in the unit's (or header's) ``srclang`` is the source, every other
``<tuv>`` a translation; inline codes (``<bpt>``, ``<ph>``, ...) keep their
native text. Units without our ``origin`` prop are human translations. XLIFF
1.2 and 2.x ``<target>`` with ``state="final"`` and non-fuzzy, non-obsolete PO
entries are human translations too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..errors import FormatError
from ..formats._guard import check_xml_prolog, xml_error
from ._schema import (
    HumanRow,
    MachineRow,
    human_row,
    is_machine,
    machine_key,
    normalize_segment,
    row_rank,
)
from .memory import TranslationMemory

__all__ = ["ExportResult", "ImportResult", "export_tmx", "import_file", "read_tmx"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PROP = "x-polyglot-press-"


@dataclass(frozen=True)
class ExportResult:
    """What :func:`export_tmx` wrote, and rows it could not (text XML cannot hold)."""

    path: str
    units: int
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_file` read and stored, and units it skipped (with why)."""

    path: str
    human: int
    machine: int
    skipped: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {"path": self.path, "human": self.human, "machine": self.machine,
                "skipped": list(self.skipped)}


def _tool_version() -> str:
    try:
        return version("polyglot-press")
    except PackageNotFoundError:
        return "unknown"


def _tmx_date(stamp: float) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(stamp))


def _parse_date(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return float(time.mktime(time.strptime(text, "%Y%m%dT%H%M%SZ")) - time.timezone)
    except ValueError:
        return None


def export_tmx(memory: TranslationMemory, path: str | os.PathLike[str], *,
               human_only: bool = False) -> ExportResult:
    """Write the memory as a TMX 1.4b file at ``path`` (written whole, then renamed into place)."""
    from lxml import etree

    target = Path(path)
    rows = [r for r in memory.iter_rows() if not (human_only and is_machine(r))]
    sources = {str(r[2] if is_machine(r) else r[1]) for r in rows}
    srclang = sources.pop() if len(sources) == 1 else "*all*"
    partial = target.with_name(f".{target.name}.part-{os.getpid()}")
    skipped: list[str] = []
    units = 0
    try:
        with etree.xmlfile(str(partial), encoding="UTF-8") as xf:
            xf.write_declaration()
            xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
            with xf.element("tmx", version="1.4"):
                xf.write(etree.Element(
                    "header", creationtool="polyglot_press",
                    creationtoolversion=_tool_version(), segtype="sentence",
                    attrib={"o-tmf": "polyglot_press"}, adminlang="en", srclang=srclang,
                    datatype="plaintext"), pretty_print=True)
                with xf.element("body"):
                    for row in rows:
                        try:
                            unit = _unit(row)
                        except ValueError as exc:
                            skipped.append(f"{row[5] if is_machine(row) else row[3]!r}: {exc}")
                            continue
                        xf.write(unit, pretty_print=True)
                        units += 1
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return ExportResult(str(target), units, tuple(skipped))


def _unit(row: MachineRow | HumanRow) -> object:
    from lxml import etree

    if is_machine(row):
        _, engine, source, tgt, glossary, segment, translation, created, _ = row
        props = {"origin": "machine", "engine": str(engine), "glossary": str(glossary)}
    else:
        _, source, tgt, segment, translation, origin, created, _, _ = row
        props = {"origin": "human", "source": str(origin)}
    tu = etree.Element("tu", srclang=str(source), creationdate=_tmx_date(float(created)),
                       creationtool="polyglot_press")
    for name, value in props.items():
        prop = etree.SubElement(tu, "prop", type=_PROP + name)
        prop.text = value
    for lang, text in ((source, segment), (tgt, translation)):
        tuv = etree.SubElement(tu, "tuv", attrib={_XML_LANG: str(lang)})
        etree.SubElement(tuv, "seg").text = str(text)  # ValueError for text XML cannot hold
    return tu


def _canonical_tag(tag: str) -> str:
    """``EN-us`` -> ``en-US``, ``zh-hant`` -> ``zh-Hant`` (BCP 47 case conventions)."""
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2
                   else part.lower())
    return "-".join(out)


def read_tmx(path: str | os.PathLike[str]) -> Iterator[tuple[MachineRow | HumanRow | None, str]]:
    """Each unit of a TMX file as rows (one per target ``<tuv>``) or ``(None, why skipped)``.

    Raises :class:`~polyglot_press.errors.FormatError` (with the line) for XML that
    is not well formed or a root that is not ``<tmx>``.
    """
    from lxml import etree

    where = str(path)
    header_src = ""
    now = time.time()
    _check_prolog(Path(path), "TMX")
    try:
        for event, elem in etree.iterparse(where, events=("start", "end"), resolve_entities=False,
                                           no_network=True, load_dtd=False, huge_tree=True):
            if event == "start":
                if elem.getparent() is None and elem.tag != "tmx":
                    raise FormatError(f"root element is <{elem.tag}>, not <tmx>", path=where,
                                      line=elem.sourceline)
                continue
            if elem.tag == "header":
                header_src = elem.get("srclang", "")
            elif elem.tag == "tu":
                yield from _rows_of_unit(elem, header_src, now, where)
                elem.clear(keep_tail=False)
    except etree.XMLSyntaxError as exc:
        raise xml_error(str(exc.msg), None, where, exc.lineno or None) from None
    except OSError as exc:
        raise FormatError(f"cannot read ({exc})", path=where) from None


def _check_prolog(path: Path, kind: str) -> None:
    """Refuse a DTD internal subset (entities: XXE, bombs) before the XML parser sees it."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024**2)
    except OSError as exc:
        raise FormatError(f"cannot read ({exc.strerror or exc})", path=path) from None
    check_xml_prolog(head, str(path), kind)


def _rows_of_unit(tu: object, header_src: str, now: float,
                  where: str) -> Iterator[tuple[MachineRow | HumanRow | None, str]]:
    line = getattr(tu, "sourceline", None)
    props = {p.get("type", ""): (p.text or "") for p in tu.findall("prop")}  # type: ignore[attr-defined]
    variants: list[tuple[str, str]] = []
    for tuv in tu.findall("tuv"):  # type: ignore[attr-defined]
        lang = tuv.get(_XML_LANG) or tuv.get("lang") or ""
        seg = tuv.find("seg")
        if lang and seg is not None:
            variants.append((_canonical_tag(lang), "".join(seg.itertext())))
    srclang = tu.get("srclang") or header_src  # type: ignore[attr-defined]
    if not variants:
        yield None, f"{where}:{line}: a unit without <tuv><seg>"
        return
    if srclang and srclang != "*all*":
        wanted = _canonical_tag(srclang)
        found = [v for v in variants if v[0].lower() == wanted.lower()]
        if not found:
            yield None, f"{where}:{line}: no <tuv> in the source language {srclang}"
            return
        source_lang, source_text = found[0]
    else:
        source_lang, source_text = variants[0]
    segment = normalize_segment(source_text)
    if not segment:
        yield None, f"{where}:{line}: an empty source segment"
        return
    created = _parse_date(tu.get("creationdate")) or now  # type: ignore[attr-defined]
    targets = [v for v in variants if v[0].lower() != source_lang.lower()]
    if not targets:
        yield None, f"{where}:{line}: no translation (one <tuv> only)"
        return
    for lang, text in targets:
        if not text.strip():
            yield None, f"{where}:{line}: an empty translation into {lang}"
        elif props.get(_PROP + "origin") == "machine" and _PROP + "engine" in props:
            engine, glossary = props[_PROP + "engine"], props.get(_PROP + "glossary", "")
            yield (machine_key(engine, source_lang, lang, glossary, segment), engine, source_lang,
                   lang, glossary, segment, text, created, created), ""
        else:
            origin = props.get(_PROP + "source") or f"tmx:{Path(where).name}"
            yield human_row(source_lang, lang, segment, text, origin, created), ""


def _xliff_rows(path: Path) -> Iterator[tuple[HumanRow | None, str]]:
    from lxml import etree

    _check_prolog(path, "XLIFF")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise xml_error(str(exc.msg), None, str(path), exc.lineno or None) from None

    def local(elem: object) -> str:
        tag = getattr(elem, "tag", "")
        return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""

    now = time.time()
    origin = f"xliff:{path.name}"
    if local(root) != "xliff":
        raise FormatError(f"root element is <{local(root)}>, not <xliff>", path=path, line=1)
    if root.get("version", "").startswith("2"):
        source, target = root.get("srcLang", ""), root.get("trgLang", "")
        for seg in root.iter():
            if local(seg) != "segment":
                continue
            src = next((c for c in seg if local(c) == "source"), None)
            tgt = next((c for c in seg if local(c) == "target"), None)
            if src is None or tgt is None or seg.get("state") != "final":
                continue
            yield _human(source, target, src, tgt, origin, now, path, seg.sourceline)
        return
    for file_elem in (e for e in root if local(e) == "file"):
        source, target = file_elem.get("source-language", ""), file_elem.get("target-language", "")
        for unit in file_elem.iter():
            if local(unit) != "trans-unit" or unit.get("translate") == "no":
                continue
            src = next((c for c in unit if local(c) == "source"), None)
            tgt = next((c for c in unit if local(c) == "target"), None)
            if src is None or tgt is None or tgt.get("state") != "final":
                continue
            yield _human(source, target, src, tgt, origin, now, path, unit.sourceline)


def _human(source: str, target: str, src: object, tgt: object, origin: str, now: float,
           path: Path, line: int | None) -> tuple[HumanRow | None, str]:
    if not source or not target:
        return None, f"{path}:{line}: no source or target language on the file"
    segment = normalize_segment("".join(src.itertext()))  # type: ignore[attr-defined]
    text = "".join(tgt.itertext())  # type: ignore[attr-defined]
    if not segment or not text.strip():
        return None, f"{path}:{line}: an empty source or target"
    return human_row(_canonical_tag(source), _canonical_tag(target), segment, text, origin,
                     now), ""


def _po_rows(path: Path, source: str | None, target: str | None
             ) -> Iterator[tuple[HumanRow | None, str]]:
    import polib

    from ..formats.po import check_syntax

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read ({exc.strerror or exc})", path=path) from None
    check_syntax(data.decode("latin-1"), str(path))  # quotes, backslashes and keywords are ASCII
    try:
        catalog = polib.pofile(str(path))
    except (OSError, ValueError) as exc:
        raise FormatError(f"cannot read as PO ({exc})", path=path) from None
    target = target or catalog.metadata.get("Language", "").strip()
    if not target:
        raise FormatError("no target language (no Language header); give one", path=path)
    source = source or "en"
    now = time.time()
    origin = f"po:{path.name}"
    for entry in catalog:
        if entry.obsolete or entry.fuzzy or not entry.msgid:
            continue
        if entry.msgid_plural:
            yield None, f"{path}:{entry.linenum}: plural entry left out (one key per segment)"
            continue
        if not entry.msgstr.strip():
            continue
        segment = normalize_segment(entry.msgid)
        if segment:
            yield human_row(_canonical_tag(source), _canonical_tag(target), segment,
                            entry.msgstr, origin, now), ""


def _memory_rows(path: Path) -> Iterator[tuple[MachineRow | HumanRow | None, str]]:
    """The rows of another memory file (a moved-aside one: damaged rows are left out)."""
    from .recover import recover

    if not path.is_file():
        raise FormatError("no such file", path=path)
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise FormatError("not a TMX, XLIFF, PO or SQLite memory file (nothing in it "
                              "can be read as memory rows)", path=path)
    found = recover(path)
    for machine in found.entries:
        yield machine, ""
    for human in found.human:
        yield human, ""
    if found.damaged:
        yield None, f"{path}: damaged; read with {found.method}, unreadable rows left out"


def import_file(memory: TranslationMemory, path: str | os.PathLike[str], *,
                source: str | None = None, target: str | None = None) -> ImportResult:
    """Import a TMX, XLIFF (``.xlf``/``.xliff``), PO or another memory file into ``memory``.

    Human translations go to the human rows, used first as exact matches;
    machine units of our own TMX exports go back to the machine rows. The
    rows of another memory file (such as one moved aside as unopenable) are
    read with :func:`~polyglot_press.tm.recover` and merged. The
    whole file is read before anything is stored, so a malformed file
    (:class:`~polyglot_press.errors.FormatError`) stores nothing. ``source``
    and ``target`` give a PO file's languages (default ``en`` and its
    ``Language`` header).
    """
    where = Path(path)
    suffix = where.suffix.lower()
    if suffix == ".tmx":
        produced: Iterator[tuple[MachineRow | HumanRow | None, str]] = read_tmx(where)
    elif suffix in (".xlf", ".xliff"):
        produced = iter(_xliff_rows(where))
    elif suffix in (".po", ".pot"):
        produced = iter(_po_rows(where, source, target))
    else:
        produced = _memory_rows(where)
    machine: dict[bytes, MachineRow] = {}
    human: dict[bytes, HumanRow] = {}
    skipped: list[str] = []
    for row, why in produced:
        if row is None:
            skipped.append(why)
            continue
        kept: dict[bytes, MachineRow] | dict[bytes, HumanRow] = (
            machine if is_machine(row) else human)
        old = kept.get(row[0])
        if old is None or row_rank(row) > row_rank(old):  # the merge's rule, within one file too
            kept[row[0]] = row  # type: ignore[assignment]
    memory.merge_rows([*machine.values(), *human.values()])
    return ImportResult(str(where), len(human), len(machine), tuple(skipped))
