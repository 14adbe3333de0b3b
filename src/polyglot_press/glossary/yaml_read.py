r"""Reading canonical YAML glossaries, with line numbers.

The file is read with ruamel.yaml's round-trip loader (so that
:mod:`~polyglot_press.glossary.yaml_write` can keep comments), or, when no
line numbers are wanted, with libyaml first. ``docs/glossaries.md`` is the
format reference. Hostile input gets a clear :class:`GlossaryError`: a NUL or
other character YAML forbids (often UTF-16/32 text without a byte order
mark), nesting deeper than :data:`MAX_DEPTH`, and a megabyte-long comment
line reads in linear time (ruamel's scanner builds comments a character at a
time, which is quadratic).

>>> text = '''
... glossary: {name: demo, languages: [en, ru]}
... concepts:
...   - id: osce   # the organisation
...     kind: organization
...     terms:
...       en: OSCE
...       ru: ОБСЕ
... '''
>>> g = loads_yaml(text)
>>> g.concept("osce").term("ru").preferred, g.line_of(0, "ru", "preferred")
('ОБСЕ', 8)
>>> loads_yaml("glossary: {name: d}\x00")
Traceback (most recent call last):
...
polyglot_press.errors.GlossaryError: 1:20: character U+0000 is not allowed in YAML; is the file UTF-16 ...
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from ..errors import GlossaryError
from .files import read_text
from .model import GENDERS, NUMBERS, CasePolicy, Concept, ConceptKind, Glossary, Location, Term
from .tags import check_concept_id
from .yaml_fast import fast_load
from .yaml_guard import MAX_DEPTH, LinearScanner, check_characters, check_depth

__all__ = [
    "CONCEPT_KEYS",
    "HEADER_KEYS",
    "MAX_DEPTH",
    "TERM_KEYS",
    "load_tree",
    "loads_yaml",
    "read_yaml",
    "tree_to_glossary",
]

HEADER_KEYS = ("name", "version", "description", "languages")
CONCEPT_KEYS = ("id", "kind", "subject", "definition", "notes", "sources", "terms")
TERM_KEYS = (
    "preferred",
    "variants",
    "forbidden",
    "do_not_translate",
    "case",
    "gender",
    "number",
    "no_article",
    "indeclinable",
    "part_of_speech",
    "note",
)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Scanner = LinearScanner
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    y.preserve_quotes = True
    y.allow_unicode = True
    return y


# ---------------------------------------------------------------- reading

_AS_TEXT = frozenset(("tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                      "tag:yaml.org,2002:timestamp"))


class _TextResolver(VersionedResolver):
    """Plain scalars that look like numbers or dates stay text, as written.

    Every value in a glossary is text except two flags, so ``version: 1.10``,
    ``en: 007`` or ``en: 1984`` mean those characters, not the numbers 1.1, 7
    and 1984 (which would lose what the file says). Booleans and null resolve
    as usual.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        tag = super().resolve(kind, value, implicit)
        if kind is ScalarNode and str(tag) in _AS_TEXT:
            return self.DEFAULT_SCALAR_TAG
        return tag


def load_tree(text: str, path: str | None = None) -> Any:
    """Parse YAML text into ruamel's round-trip tree; syntax errors name the line."""
    check_characters(text, path)
    check_depth(text, path)
    y = _yaml()
    y.Resolver = _TextResolver
    try:
        return y.load(text)
    except RecursionError:
        raise GlossaryError(f"nested too deep to read (a glossary needs about five levels, "
                            f"{MAX_DEPTH} are allowed)", path=path) from None
    except ReaderError as exc:  # a character YAML does not allow (checked above; kept safe)
        raise GlossaryError(f"invalid YAML: {exc}", path=path) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise GlossaryError(f"invalid YAML: {problem}", path=path, line=line,
                            column=column) from None


_E = TypeVar("_E", bound=Enum)


class _Reader:
    def __init__(self, path: str | None) -> None:
        self.path = path
        self.locations: dict[Location, int] = {}

    def fail(self, message: str, line: int | None) -> GlossaryError:
        return GlossaryError(message, path=self.path, line=line)

    @staticmethod
    def key_line(node: Any, key: Any) -> int | None:
        try:
            return int(node.lc.key(key)[0]) + 1
        except (AttributeError, KeyError, TypeError):
            return None

    @staticmethod
    def value_line(node: Any, key: Any) -> int | None:
        try:
            if isinstance(node, CommentedSeq):
                return int(node.lc.item(key)[0]) + 1
            return int(node.lc.value(key)[0]) + 1
        except (AttributeError, KeyError, TypeError, IndexError):
            return None

    def string(self, value: Any, what: str, line: int | None) -> str:
        if isinstance(value, str):
            return str(value)
        if isinstance(value, bool) or value is None:
            raise self.fail(f"{what} must be text, got {value!r}; quote it", line)
        if type(value) is int:
            return str(value)  # a plain decimal integer reads back as written
        if isinstance(value, int | float):
            # 1.10, 007, 0x1F, 1_000, .inf: the number's text is not what the file says
            raise self.fail(f"{what} must be text; YAML reads this as the number {value!r}, "
                            "which is not how it is written: put it in quotes", line)
        kind = {"CommentedSeq": "a list", "CommentedMap": "a mapping"}.get(
            type(value).__name__, f"a {type(value).__name__}")
        raise self.fail(f"{what} must be text, got {kind}", line)

    def strings(self, node: Any, key: str, what: str, loc: Location) -> tuple[str, ...]:
        value = node[key]
        line = self.value_line(node, key)
        if isinstance(value, str):
            if line is not None:
                self.locations[(*loc, 0)] = line
            return (str(value),)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(f"{what} must be a list of text", line)
        out = []
        for i, item in enumerate(value):
            item_line = self.value_line(value, i) or line
            if item_line is not None:
                self.locations[(*loc, i)] = item_line
            out.append(self.string(item, f"{what}[{i}]", item_line))
        return tuple(out)

    def boolean(self, value: Any, what: str, line: int | None) -> bool:
        if isinstance(value, bool):
            return value
        raise self.fail(f"{what} must be true or false, got {value!r}", line)

    def choice(self, enum: type[_E], node: Any, key: str, default: str, what: str) -> _E:
        """``node[key]`` as a member of ``enum``; an unknown value names its line."""
        raw = node.get(key, default)
        try:
            return enum(str(raw))
        except ValueError:
            raise self.fail(f"{what} {raw!r}; valid: " + ", ".join(str(m.value) for m in enum),
                            self.value_line(node, key)) from None

    def check_keys(self, node: Any, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key in node:
            if key not in allowed:
                raise self.fail(
                    f"unknown key {key!r} in {what}; valid keys: {', '.join(allowed)}",
                    self.key_line(node, key),
                )

    def glossary(self, root: Any) -> Glossary:
        if root is None:
            raise self.fail("empty file: a glossary needs 'glossary:' and 'concepts:'", 1)
        if not isinstance(root, dict):
            raise self.fail("a glossary file is a mapping with 'glossary:' and 'concepts:'", 1)
        self.check_keys(root, ("glossary", "concepts"), "the file")
        header = root.get("glossary") or CommentedMap()
        if not isinstance(header, dict):
            raise self.fail("'glossary:' must be a mapping (name, version, languages)",
                            self.value_line(root, "glossary"))
        self.check_keys(header, HEADER_KEYS, "'glossary:'")
        header_line = self.key_line(root, "glossary")
        if header_line is not None:
            self.locations[()] = header_line
        name = self.string(header.get("name", Path(self.path).stem if self.path else "glossary"),
                           "glossary name", self.value_line(header, "name"))
        version = self.string(header.get("version", "1"), "glossary version",
                              self.value_line(header, "version"))
        description = self.string(header.get("description", ""), "description",
                                  self.value_line(header, "description"))
        languages: tuple[str, ...] = ()
        if "languages" in header:
            languages = self.strings(header, "languages", "languages", ("languages",))
        concepts_node = root.get("concepts")
        if concepts_node is None:
            concepts_node = []
        if not isinstance(concepts_node, list):
            raise self.fail("'concepts:' must be a list of concepts",
                            self.value_line(root, "concepts"))
        concepts = tuple(  # the fast path hands over concepts it already built
            item if item.__class__ is Concept else
            self.concept(item, i, self.value_line(concepts_node, i))
            for i, item in enumerate(concepts_node)
        )
        return Glossary(name, version, languages, concepts, description, path=self.path,
                        locations=dict(self.locations))

    def concept(self, node: Any, index: int, line: int | None) -> Concept:
        if not isinstance(node, dict):
            raise self.fail(f"concept #{index + 1} must be a mapping with id, kind and terms",
                            line)
        self.check_keys(node, CONCEPT_KEYS, f"concept #{index + 1}")
        if line is not None:
            self.locations[(index,)] = line
        if "id" not in node:
            raise self.fail(f"concept #{index + 1} has no 'id'", line)
        id_line = self.value_line(node, "id")
        cid = check_concept_id(self.string(node["id"], "concept id", id_line), path=self.path,
                               line=id_line)
        kind = self.choice(ConceptKind, node, "kind", "term", f"concept {cid!r}: unknown kind")
        notes = self.strings(node, "notes", "notes", (index, "notes")) if "notes" in node else ()
        sources = (self.strings(node, "sources", "sources", (index, "sources"))
                   if "sources" in node else ())
        definition = self.string(node.get("definition", ""), "definition",
                                 self.value_line(node, "definition"))
        subject = self.string(node.get("subject", ""), "subject", self.value_line(node, "subject"))
        terms_node = node.get("terms") or {}
        if not isinstance(terms_node, dict):
            raise self.fail(f"concept {cid!r}: 'terms:' must map language tags to terms",
                            self.value_line(node, "terms"))
        terms = []
        for lang in terms_node:
            lang_line = self.key_line(terms_node, lang)
            lang_str = self.string(lang, "language tag", lang_line)
            if lang_line is not None:
                self.locations[(index, lang_str)] = lang_line
            terms.append(self.term(terms_node, lang, lang_str, index, cid))
        return Concept(cid, kind, tuple(terms), notes, sources, definition, subject)

    def term(self, parent: Any, key: Any, lang: str, index: int, cid: str) -> Term:
        node = parent[key]
        line = self.value_line(parent, key)
        loc: Location = (index, lang)
        if node is None or (isinstance(node, str | int | float) and not isinstance(node, bool)):
            if line is not None:
                self.locations[(*loc, "preferred")] = line
            return Term(lang, "" if node is None else self.string(node, "term", line))
        if not isinstance(node, dict):
            raise self.fail(f"concept {cid!r}, {lang}: a term is text or a mapping "
                            "with 'preferred'", line)
        self.check_keys(node, TERM_KEYS, f"concept {cid!r}, {lang}")
        if "preferred" not in node:
            raise self.fail(f"concept {cid!r}, {lang}: no 'preferred' term", line)
        for k in node:
            kl = self.value_line(node, k)
            if kl is not None:
                self.locations[(*loc, str(k))] = kl
        preferred = self.string(node["preferred"] if node["preferred"] is not None else "",
                                "preferred term", self.value_line(node, "preferred"))
        variants = (self.strings(node, "variants", "variants", (*loc, "variants"))
                    if "variants" in node else ())
        forbidden = (self.strings(node, "forbidden", "forbidden", (*loc, "forbidden"))
                     if "forbidden" in node else ())
        case = self.choice(CasePolicy, node, "case", "auto",
                           f"concept {cid!r}, {lang}: unknown case policy")
        gender = node.get("gender")
        if gender is not None and str(gender) not in GENDERS:
            raise self.fail(f"concept {cid!r}, {lang}: unknown gender {gender!r}; valid: "
                            + ", ".join(GENDERS), self.value_line(node, "gender"))
        number = node.get("number")
        if number is not None and str(number) not in NUMBERS:
            raise self.fail(f"concept {cid!r}, {lang}: unknown number {number!r}; valid: "
                            + ", ".join(NUMBERS), self.value_line(node, "number"))
        return Term(
            lang,
            preferred,
            variants,
            forbidden,
            do_not_translate=self.boolean(node.get("do_not_translate", False), "do_not_translate",
                                          self.value_line(node, "do_not_translate")),
            case=case,
            gender=None if gender is None else str(gender),
            indeclinable=self.boolean(node.get("indeclinable", False), "indeclinable",
                                      self.value_line(node, "indeclinable")),
            part_of_speech=(None if node.get("part_of_speech") is None else
                            self.string(node["part_of_speech"], "part_of_speech",
                                        self.value_line(node, "part_of_speech"))),
            note=self.string(node.get("note", ""), "note", self.value_line(node, "note")),
            number=None if number is None else str(number),
            no_article=self.boolean(node.get("no_article", False), "no_article",
                                    self.value_line(node, "no_article")),
        )


class _FastReader(_Reader):
    """The same checks on the fast path's plain dicts and lists, which carry no
    line numbers (an error sends the file to the round-trip reader for its line)."""

    @staticmethod
    def key_line(node: Any, key: Any) -> int | None:
        return None

    @staticmethod
    def value_line(node: Any, key: Any) -> int | None:
        return None

    def concept_item(self, node: Any, index: int) -> Any:
        """``node`` as a :class:`Concept` when it is a mapping (else as it is,
        for :meth:`glossary` to refuse)."""
        return self.concept(node, index, None) if isinstance(node, dict) else node


def tree_to_glossary(root: Any, path: str | None = None) -> Glossary:
    """Build the model from a parsed tree, recording line numbers."""
    return _Reader(path).glossary(root)


def loads_yaml(text: str, path: str | None = None, *, locations: bool = True) -> Glossary:
    """Parse YAML text into a :class:`Glossary`; errors name ``path:line``.

    With ``locations=False`` a libyaml-backed YAML 1.2 reader is tried first
    (:func:`~polyglot_press.glossary.yaml_fast.fast_load`: concepts are built
    as the parser completes them; no line numbers are kept). Anything it
    is unsure of (an error, a duplicate key, a value that is not text where text
    belongs) is read again by the round-trip reader, so results and error
    messages are the same either way.
    """
    if not locations:
        reader = _FastReader(path)
        try:
            # each concept is checked and built as libyaml completes it
            data = fast_load(text, reader.concept_item)
            if data is not None:
                return reader.glossary(data)
        except GlossaryError:
            pass  # the round-trip reader gives the message with its line
    return tree_to_glossary(load_tree(text, path), path)


def read_yaml(path: str | Path, *, locations: bool = True) -> Glossary:
    """Read a YAML glossary file (see :func:`loads_yaml` for ``locations``)."""
    return loads_yaml(read_text(path), str(path), locations=locations)
