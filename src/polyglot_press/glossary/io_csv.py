"""CSV glossaries in the two layouts cloud translators take.

* **One column per language** with a header row of language tags (Amazon
  Translate custom terminology, Google's equivalent term sets, DeepL's
  multilingual glossaries). Google's optional ``pos`` and ``description``
  columns are read too, and a ``kind`` column (person, organization, place,
  brand, term). Each row is one concept.
* **Two columns** ``source,target`` (Google's unidirectional glossaries,
  DeepL's single-pair CSV and TSV). Without a header the languages are given,
  or else detected from the terms (``polyglot_press.langid``).
  Rows with the same target term (ignoring case) are one concept: the first
  row gives the preferred forms, the other source forms become variants.

>>> conv = loads_csv("en,de\\nOSCE,OSZE\\nCEC,ZWK\\n")
>>> [(c.id, c.term("de").preferred) for c in conv.glossary.concepts]
[('osce', 'OSZE'), ('cec', 'ZWK')]
>>> conv = loads_csv("chevre,goat cheese\\nChevre,Goat cheese\\n", source="fr", target="en")
>>> c = conv.glossary.concepts[0]
>>> c.term("fr").preferred, c.term("fr").variants
('chevre', ('Chevre',))
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import replace

from ..errors import GlossaryError
from . import _seams
from .model import Concept, ConceptKind, Glossary, LineTable, Location, Term
from .records import Converted, Loss
from .tags import ConceptIds, check_language_tag, is_language_tag, locale_to_bcp47

__all__ = ["dumps_csv", "escape_formula", "loads_csv", "unescape_formula"]

_SPECIAL = ("pos", "description", "kind")
# OWASP CSV injection: a cell starting with one of these opens as a formula
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(cell: str) -> str:
    """``cell`` made safe for spreadsheets (OWASP's CSV-injection advice): a
    ``'`` before a cell that starts with ``=``, ``+``, ``-``, ``@``, TAB or CR.
    A cell that already starts with quotes before such a character gets one
    more, so :func:`unescape_formula` undoes exactly this.

    >>> escape_formula("=cmd|' /C calc'!A0"), escape_formula("-5 %"), escape_formula("OSCE")
    ("'=cmd|' /C calc'!A0", "'-5 %", 'OSCE')
    >>> all(unescape_formula(escape_formula(s)) == s for s in ("=1", "'=1", "''+", "'x", "x"))
    True
    """
    if cell.lstrip("'").startswith(_FORMULA_START):
        return "'" + cell
    return cell


def unescape_formula(cell: str) -> str:
    """The cell :func:`escape_formula` was given.

    >>> unescape_formula("'=SUM(A1)"), unescape_formula("'quoted'")
    ('=SUM(A1)', "'quoted'")
    """
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_START):
        return cell[1:]
    return cell


def _sniff(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _rows(text: str, delimiter: str, path: str | None,
          unescape: bool) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if any(cell.strip() for cell in row):
                rows.append((start, [unescape_formula(c) for c in row] if unescape else row))
    except csv.Error as exc:
        raise GlossaryError(f"invalid CSV: {exc}", path=path, line=reader.line_num) from None
    if not rows:
        return rows
    width = max(len(r) for _, r in rows)
    # drop columns that are empty in every row (trailing commas)
    keep = [i for i in range(width) if any(i < len(r) and r[i].strip() for _, r in rows)]
    if keep == list(range(width)):
        return rows
    return [(line, [r[i] if i < len(r) else "" for i in keep]) for line, r in rows]


_KINDS = {k.value: k for k in ConceptKind} | {"organisation": ConceptKind.ORGANIZATION}


def _kind(value: str, path: str | None, line: int) -> ConceptKind | None:
    kind = _KINDS.get(value) or _KINDS.get(value.strip().lower())
    if kind is not None or not value.strip():
        return kind
    try:
        return ConceptKind(value)
    except ValueError:
        raise GlossaryError(f"unknown kind {value!r}; valid: "
                            + ", ".join(k.value for k in ConceptKind), path=path,
                            line=line) from None


def _check_header_like(cells: list[str], path: str | None, line: int) -> None:
    """A first row of language tags with one cell like ``../../etc`` is a header
    with a bad tag (said so), not a row of terms."""
    if not cells or not is_language_tag(cells[0]):
        return
    for cell in cells[1:]:
        if not is_language_tag(cell) and cell.lower() not in _SPECIAL and any(
                ch in cell for ch in "/\\.:;<>|*?"):
            check_language_tag(cell, path=path, line=line, what="language tag in the header")


def _column_languages(body: list[tuple[int, list[str]]], path: str | None,
                      line: int) -> tuple[str, str]:
    """The languages of a headerless two-column file, told by language detection."""
    found = []
    for i in (0, 1):
        sample = "\n".join(row[i] for _, row in body[:400] if i < len(row))
        found.append(_seams.guess_language(sample))
    if found[0] and found[1] and found[0] != found[1]:
        return found[0], found[1]
    told = " and ".join(f"column {i + 1} {lang or 'unknown'}" for i, lang in enumerate(found))
    raise GlossaryError(
        f"the file has no header of language tags and its languages could not be told "
        f"apart ({told}); add a header row (for example 'en,de') or give the two "
        "languages: `translate --glossary-langs en,de`, `glossary import --source en "
        "--target de`, or languages=('en', 'de') in the API", path=path, line=line)


def loads_csv(
    text: str,
    *,
    path: str | None = None,
    source: str | None = None,
    target: str | None = None,
    languages: tuple[str, str] | list[str] | None = None,
    two_column: bool | None = None,
    delimiter: str | None = None,
    name: str = "imported",
    kind: ConceptKind | str | None = None,
    unescape_formulas: bool = True,
) -> Converted:
    """Parse CSV text in either layout (detected from the header row).

    A two-column file without a header (DeepL's glossary files) takes its
    languages from ``languages`` (or ``source`` and ``target``); without them
    the languages are detected from the terms. A ``kind`` header column gives
    each concept its kind (person, organization, place, brand, term);
    ``kind`` gives it to the concepts that have none. Cells escaped against
    formula injection (``'=...``) are read back as written unless
    ``unescape_formulas=False``.

    >>> deepl = "polling station\\tassembleia de voto\\nthe election commission\\ta comissão eleitoral\\n"
    >>> g = loads_csv(deepl).glossary
    >>> g.languages, g.concepts[1].term("pt").preferred
    (('en', 'pt'), 'a comissão eleitoral')
    >>> g = loads_csv("en,pt,kind\\nOwen Murphy,Owen Murphy,person\\n").glossary
    >>> str(g.concepts[0].kind)
    'person\'
    """
    if languages is not None:
        if len(languages) != 2:
            raise GlossaryError(f"languages takes two tags (source, target), not {languages!r}",
                                path=path)
        source, target = languages[0], languages[1]
    for tag in (source, target):
        if tag is not None:
            check_language_tag(tag, path=path)
    default_kind = ConceptKind(kind) if kind is not None else None
    rows = _rows(text.removeprefix("\ufeff"), delimiter or _sniff(text), path,
                 unescape_formulas)
    if not rows:
        raise GlossaryError("the CSV file holds no terms", path=path, line=1)
    header_line, first = rows[0]
    cells = [c.strip() for c in first]
    while cells and not cells[-1]:
        cells.pop()
    tag_notes = []
    for i, cell in enumerate(cells):
        fixed = locale_to_bcp47(cell)
        if fixed != cell:
            tag_notes.append(f"line {header_line}: language {cell!r} read as {fixed!r} (BCP 47)")
            cells[i] = fixed
    has_header = all(is_language_tag(c) or c.lower() in _SPECIAL for c in cells) and any(
        is_language_tag(c) and c.lower() not in _SPECIAL for c in cells
    )
    notes: list[str] = []
    if has_header:
        columns = [c.lower() if c.lower() in _SPECIAL else c for c in cells]
        body = rows[1:]
    else:
        _check_header_like(cells, path, header_line)
        if len(cells) != 2:
            raise GlossaryError(
                f"the first row {first!r} is not a header of language tags; add a header "
                "(for example 'en,de')", path=path, line=header_line)
        if not (source and target):
            source, target = _column_languages(rows, path, header_line)
            notes.append(f"no header: the columns' languages were detected as {source} and "
                         f"{target}; give them (--glossary-langs, --source/--target) to be sure")
        columns = [source, target]
        body = rows
    for i, col in enumerate(columns):
        if not col:
            raise GlossaryError(f"column {i + 1} of the header is empty; name its language",
                                path=path, line=header_line)
    langs = [c for c in columns if c not in _SPECIAL]
    if len(set(columns)) != len(columns):
        raise GlossaryError(f"the header names a column twice: {columns}", path=path,
                            line=header_line)
    unidirectional = two_column if two_column is not None else len(langs) == 2 and len(
        columns) == 2
    result = (_two_column if unidirectional else _multi_column)(body, columns, path, name,
                                                                default_kind)
    if has_header and tag_notes:
        notes = tag_notes + notes
    if notes:
        result = replace(result, notes=(*notes, *result.notes))
    return result


def _check_width(line: int, row: list[str], columns: list[str], path: str | None) -> None:
    if len(row) > len(columns):
        raise GlossaryError(
            f"row has {len(row)} cells but the header names {len(columns)} columns",
            path=path, line=line,
        )


def _multi_column(body: list[tuple[int, list[str]]], columns: list[str], path: str | None,
                  name: str, default_kind: ConceptKind | None) -> Converted:
    ids = ConceptIds()
    concepts: list[Concept] = []
    lines: list[int] = []
    langs = [c for c in columns if c not in _SPECIAL]
    width = len(columns)
    lang_cells = [(i, c) for i, c in enumerate(columns) if c not in _SPECIAL]
    pos_at, description_at, kind_at = (columns.index(c) if c in columns else width
                                       for c in ("pos", "description", "kind"))
    term_kind = default_kind or ConceptKind.TERM
    for line, row in body:
        if len(row) > width:
            _check_width(line, row, columns, path)
        row_len = len(row)
        pos = (row[pos_at].strip() or None) if pos_at < row_len else None
        description = row[description_at].strip() if description_at < row_len else ""
        kind = (_kind(row[kind_at], path, line) or term_kind) if kind_at < row_len else term_kind
        terms = [Term(lang, row[i], part_of_speech=pos) for i, lang in lang_cells
                 if i < row_len and row[i] != ""]
        if not terms:
            continue
        index = len(concepts)
        lines.append(line)
        cid = ids.make(terms[0].preferred, f"c{index + 1}")
        concepts.append(Concept(cid, kind, tuple(terms),
                                notes=(description,) if description else ()))
    g = Glossary(name, languages=tuple(langs), concepts=tuple(concepts), path=path,
                 locations=LineTable(lines))
    return Converted(g)


def _two_column(body: list[tuple[int, list[str]]], columns: list[str], path: str | None,
                name: str, default_kind: ConceptKind | None) -> Converted:
    src, tgt = columns[0], columns[1]
    groups: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for line, row in body:
        _check_width(line, row, columns, path)
        s, t = [*row, "", ""][:2]
        if not s.strip() and not t.strip():
            continue
        target_key = unicodedata.normalize("NFC", t).casefold().strip()
        key = ("", target_key) if target_key else (
            unicodedata.normalize("NFC", s).casefold(), "")
        groups.setdefault(key, []).append((line, s, t))
    ids = ConceptIds()
    concepts: list[Concept] = []
    lines: list[int] = []
    locations: dict[Location, int] = {}
    notes: list[str] = []
    kind = default_kind or ConceptKind.TERM
    for rows in groups.values():
        index = len(concepts)
        line, s, t = rows[0]
        s_vars = tuple(dict.fromkeys(r[1] for r in rows[1:] if r[1] != s))
        t_vars = tuple(dict.fromkeys(r[2] for r in rows[1:] if r[2] != t))
        lines.append(line)  # the terms' line too (Glossary.line_of looks up)
        for i, r in enumerate(rows[1:]):
            locations[(index, src, "variants", i)] = r[0]
        if len(rows) > 1:
            notes.append(f"lines {', '.join(str(r[0]) for r in rows)}: rows with one "
                         "target term became one concept")
        concepts.append(Concept(ids.make(s, f"c{index + 1}"), kind,
                                terms=(Term(src, s, s_vars), Term(tgt, t, t_vars))))
    g = Glossary(name, languages=(src, tgt), concepts=tuple(concepts), path=path,
                 locations=LineTable(lines, locations))
    return Converted(g, notes=tuple(notes))


def _concept_losses(c: Concept, kept_langs: list[str], where: str,
                    kind_kept: bool) -> list[Loss]:
    losses: list[Loss] = []
    if c.kind != "term" and not kind_kept:
        losses.append(Loss(where, f"kind {c.kind!s}"))
    for label, values in (("note", c.notes), ("source", c.sources)):
        for v in values:
            losses.append(Loss(where, f"{label} {v!r}"))
    if c.definition:
        losses.append(Loss(where, f"definition {c.definition!r}"))
    if c.subject:
        losses.append(Loss(where, f"subject {c.subject!r}"))
    for t in c.terms:
        w = f"{where}/{t.lang}"
        if t.lang not in kept_langs:
            losses.append(Loss(w, f"term {t.preferred!r} (language not exported)"))
            continue
        for flag, value in (("do_not_translate", t.do_not_translate), ("indeclinable",
                                                                        t.indeclinable)):
            if value:
                losses.append(Loss(w, f"{flag}: true"))
        if t.case != "auto":
            losses.append(Loss(w, f"case policy {t.case!s}"))
        if t.gender:
            losses.append(Loss(w, f"gender {t.gender}"))
        if t.part_of_speech:
            losses.append(Loss(w, f"part of speech {t.part_of_speech}"))
        if t.note:
            losses.append(Loss(w, f"term note {t.note!r}"))
        for f in t.forbidden:
            losses.append(Loss(w, f"forbidden form {f!r}"))
    return losses


class _Writer:
    """``csv.writer`` with ``\n`` line ends that also quotes a cell holding a CR
    (the csv module quotes only the characters of its line terminator, so a
    bare CR in a term came back as a line break)."""

    def __init__(self, out: io.StringIO, delimiter: str) -> None:
        self.plain = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        self.quoted = csv.writer(out, delimiter=delimiter, lineterminator="\n",
                                 quoting=csv.QUOTE_ALL)

    def writerow(self, row: list[str]) -> None:
        (self.quoted if any("\r" in c for c in row) else self.plain).writerow(row)


def dumps_csv(
    glossary: Glossary,
    *,
    two_column: bool = False,
    source: str | None = None,
    target: str | None = None,
    languages: list[str] | None = None,
    delimiter: str = ",",
    header: bool = True,
    escape_formulas: bool = True,
    kind_column: bool = True,
) -> Converted:
    """Write CSV in either layout; ``losses`` lists what CSV could not hold.

    Cells that a spreadsheet would run as a formula are escaped
    (:func:`escape_formula`) unless ``escape_formulas=False``; the readers
    here undo it. With one column per language, a ``kind`` column is added
    when some concept is not a plain term (``kind_column=False`` leaves it out,
    for services that take language columns only).
    """
    out = io.StringIO()
    writer = _Writer(out, delimiter)
    cell = escape_formula if escape_formulas else str
    losses: list[Loss] = []
    all_langs = list(glossary.all_languages())
    if glossary.concepts:
        losses.append(Loss("*", "concept ids (CSV has no id column; import makes new ones)"))
    if two_column:
        src = source or (all_langs[0] if all_langs else "")
        tgt = target or (all_langs[1] if len(all_langs) > 1 else "")
        if not src or not tgt or src == tgt:
            raise GlossaryError("two-column CSV needs two different languages: give source "
                                f"and target (the glossary has {all_langs})")
        if header:
            writer.writerow([src, tgt])
        for c in glossary.concepts:
            s, t = c.term(src), c.term(tgt)
            if s is None or t is None:
                missing = src if s is None else tgt
                losses.append(Loss(c.id, f"no {missing} term, so no row"))
                continue
            writer.writerow([cell(s.preferred), cell(t.preferred)])
            for v in s.variants:
                writer.writerow([cell(v), cell(t.preferred)])
            for v in t.variants:
                losses.append(Loss(f"{c.id}/{tgt}", f"target variant {v!r} (a two-column "
                                   "glossary maps to one target form)"))
            losses.extend(_concept_losses(c, [src, tgt], c.id, False))
        return Converted(glossary, tuple(losses), out.getvalue())
    langs = languages or all_langs
    with_kind = kind_column and any(c.kind != "term" for c in glossary.concepts)
    writer.writerow([*langs, "kind"] if with_kind else langs)
    for c in glossary.concepts:
        row = []
        for lang in langs:
            t = c.term(lang)
            row.append(cell(t.preferred) if t is not None else "")
            if t is not None:
                for v in t.variants:
                    losses.append(Loss(f"{c.id}/{lang}",
                                       f"variant {v!r} (CSV holds one term per language)"))
        writer.writerow([*row, str(c.kind)] if with_kind else row)
        losses.extend(_concept_losses(c, langs, c.id, with_kind))
    return Converted(glossary, tuple(losses), out.getvalue())
