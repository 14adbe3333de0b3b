"""CSV glossaries in the two layouts cloud translators take.

* **One column per language** with a header row of language tags (Amazon
  Translate custom terminology, Google's equivalent term sets, DeepL's
  multilingual glossaries). Google's optional ``pos`` and ``description``
  columns are read too. Each row is one concept.
* **Two columns** ``source,target`` (Google's unidirectional glossaries,
  DeepL's single-pair CSV). Without a header the languages must be given.
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
import re
import unicodedata
from dataclasses import replace

from ..errors import GlossaryError
from .convert import Converted, Loss
from .model import Concept, Glossary, Location, Term

__all__ = ["dumps_csv", "is_language_tag", "loads_csv", "locale_to_bcp47", "slug"]

# RFC 5646 language tag syntax. Primary subtags of 4-8 letters are reserved or
# unused in practice, so they are refused (a header cell "chevre" is a term).
_BCP47 = re.compile(
    r"^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3})"
    r"(?:-[a-z]{4})?"
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?$|^x(?:-[a-z0-9]{1,8})+$",
    re.IGNORECASE,
)
_SPECIAL = ("pos", "description")


def is_language_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP 47 language tag (RFC 5646 syntax,
    with a two- or three-letter primary language subtag).

    >>> is_language_tag("pt-BR"), is_language_tag("zh-Hant-TW"), is_language_tag("english")
    (True, True, False)
    """
    return bool(_BCP47.match(tag))


def locale_to_bcp47(tag: str) -> str:
    """``en_US`` (a locale name, as CAT tools and spreadsheets write it) as the
    BCP 47 tag ``en-US``; any other text unchanged.

    >>> locale_to_bcp47("en_US"), locale_to_bcp47("pt_br"), locale_to_bcp47("de")
    ('en-US', 'pt-BR', 'de')
    """
    if "_" not in tag or is_language_tag(tag):
        return tag
    parts = tag.replace("_", "-").split("-")
    fixed = "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 and p.isalpha() else
                                          p.title() if len(p) == 4 and p.isalpha() else p
                                          for p in parts[1:])])
    return fixed if is_language_tag(fixed) else tag


def slug(text: str) -> str:
    """An ASCII id made from ``text`` ('' when nothing Latin is left).

    >>> slug("Crème brulée"), slug("OSCE/ODIHR")
    ('creme-brulee', 'osce-odihr')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60]


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, text: str, fallback: str) -> str:
        base = slug(text) or fallback
        candidate, n = base, 2
        while candidate in self.used:
            candidate = f"{base}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate


def _sniff(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _rows(text: str, delimiter: str, path: str | None) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if any(cell.strip() for cell in row):
                rows.append((start, row))
    except csv.Error as exc:
        raise GlossaryError(f"invalid CSV: {exc}", path=path, line=reader.line_num) from None
    if not rows:
        return rows
    width = max(len(r) for _, r in rows)
    # drop columns that are empty in every row (trailing commas)
    keep = [i for i in range(width) if any(i < len(r) and r[i].strip() for _, r in rows)]
    return [(line, [r[i] if i < len(r) else "" for i in keep]) for line, r in rows]


def loads_csv(
    text: str,
    *,
    path: str | None = None,
    source: str | None = None,
    target: str | None = None,
    two_column: bool | None = None,
    delimiter: str | None = None,
    name: str = "imported",
) -> Converted:
    """Parse CSV text in either layout (detected from the header row)."""
    rows = _rows(text.removeprefix("\ufeff"), delimiter or _sniff(text), path)
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
    if has_header:
        columns = cells
        body = rows[1:]
    else:
        if len(cells) != 2 or not (source and target):
            raise GlossaryError(
                f"the first row {first!r} is not a header of language tags; add a header "
                "(for example 'en,de') or, for a two-column file, give the languages "
                "(--source and --target)",
                path=path, line=header_line,
            )
        columns = [source, target]
        body = rows
    for i, col in enumerate(columns):
        if not col:
            raise GlossaryError(f"column {i + 1} of the header is empty; name its language",
                                path=path, line=header_line)
    langs = [c for c in columns if c.lower() not in _SPECIAL]
    if len(set(langs)) != len(langs):
        raise GlossaryError(f"the header names a language twice: {columns}", path=path,
                            line=header_line)
    unidirectional = two_column if two_column is not None else len(langs) == 2 and len(
        columns) == 2
    result = (_two_column if unidirectional else _multi_column)(body, columns, path, name)
    if has_header and tag_notes:
        result = replace(result, notes=(*tag_notes, *result.notes))
    return result


def _check_width(line: int, row: list[str], columns: list[str], path: str | None) -> None:
    if len(row) > len(columns):
        raise GlossaryError(
            f"row has {len(row)} cells but the header names {len(columns)} columns",
            path=path, line=line,
        )


def _multi_column(body: list[tuple[int, list[str]]], columns: list[str], path: str | None,
                  name: str) -> Converted:
    ids = _Ids()
    concepts: list[Concept] = []
    locations: dict[Location, int] = {}
    langs = [c for c in columns if c.lower() not in _SPECIAL]
    for line, row in body:
        _check_width(line, row, columns, path)
        values = dict(zip(columns, row, strict=False))
        pos = values.get("pos", "").strip() or None
        description = values.get("description", "").strip()
        index = len(concepts)
        terms = []
        for lang in langs:
            cell = values.get(lang, "")
            if cell == "":
                continue
            terms.append(Term(lang, cell, part_of_speech=pos))
            locations[(index, lang, "preferred")] = line
        if not terms:
            continue
        locations[(index,)] = line
        cid = ids.make(terms[0].preferred, f"c{index + 1}")
        concepts.append(Concept(cid, terms=tuple(terms), notes=(description,) if description else ()))
    g = Glossary(name, languages=tuple(langs), concepts=tuple(concepts), path=path,
                 locations=locations)
    return Converted(g)


def _two_column(body: list[tuple[int, list[str]]], columns: list[str], path: str | None,
                name: str) -> Converted:
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
    ids = _Ids()
    concepts: list[Concept] = []
    locations: dict[Location, int] = {}
    notes: list[str] = []
    for rows in groups.values():
        index = len(concepts)
        line, s, t = rows[0]
        s_vars = tuple(dict.fromkeys(r[1] for r in rows[1:] if r[1] != s))
        t_vars = tuple(dict.fromkeys(r[2] for r in rows[1:] if r[2] != t))
        locations[(index,)] = line
        locations[(index, src, "preferred")] = line
        locations[(index, tgt, "preferred")] = line
        for i, r in enumerate(rows[1:]):
            locations[(index, src, "variants", i)] = r[0]
        if len(rows) > 1:
            notes.append(f"lines {', '.join(str(r[0]) for r in rows)}: rows with one "
                         "target term became one concept")
        concepts.append(Concept(ids.make(s, f"c{index + 1}"),
                                terms=(Term(src, s, s_vars), Term(tgt, t, t_vars))))
    g = Glossary(name, languages=(src, tgt), concepts=tuple(concepts), path=path,
                 locations=locations)
    return Converted(g, notes=tuple(notes))


def _concept_losses(c: Concept, kept_langs: list[str], where: str) -> list[Loss]:
    losses: list[Loss] = []
    if c.kind != "term":
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


def dumps_csv(
    glossary: Glossary,
    *,
    two_column: bool = False,
    source: str | None = None,
    target: str | None = None,
    languages: list[str] | None = None,
    delimiter: str = ",",
    header: bool = True,
) -> Converted:
    """Write CSV in either layout; ``losses`` lists what CSV could not hold."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
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
            writer.writerow([s.preferred, t.preferred])
            for v in s.variants:
                writer.writerow([v, t.preferred])
            for v in t.variants:
                losses.append(Loss(f"{c.id}/{tgt}", f"target variant {v!r} (a two-column "
                                   "glossary maps to one target form)"))
            losses.extend(_concept_losses(c, [src, tgt], c.id))
        return Converted(glossary, tuple(losses), out.getvalue())
    langs = languages or all_langs
    writer.writerow(langs)
    for c in glossary.concepts:
        row = []
        for lang in langs:
            t = c.term(lang)
            row.append(t.preferred if t is not None else "")
            if t is not None:
                for v in t.variants:
                    losses.append(Loss(f"{c.id}/{lang}",
                                       f"variant {v!r} (CSV holds one term per language)"))
        writer.writerow(row)
        losses.extend(_concept_losses(c, langs, c.id))
    return Converted(glossary, tuple(losses), out.getvalue())
