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

import re
from collections.abc import Iterable
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scanner import RoundTripScanner

from ..errors import GlossaryError
from .files import read_text
from .model import GENDERS, CasePolicy, Concept, ConceptKind, Glossary, Location, Term

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
    "indeclinable",
    "part_of_speech",
    "note",
)


#: the deepest nesting of mappings and lists accepted (a glossary needs five)
MAX_DEPTH = 64


class _LinearScanner(RoundTripScanner):
    """ruamel's round-trip scanner with comments read in one slice.

    ruamel builds a comment with ``comment += ch`` per character: quadratic
    when the interpreter cannot grow the string in place, as in a long-running
    process (a 1 MB comment line took 17 s per read in ``glossary lint --fix``).
    Here the comment's line is found with ``str.find`` and taken as a slice;
    the rest is ruamel's own code.
    """

    _BREAKS = re.compile("[\n\r\x85\u2028\u2029\0]")

    def scan_to_next_token(self) -> Any:
        reader = self.reader
        if reader.stream is None and reader.buffer:  # text given as one string
            srp = reader.peek
            white_space = " \t" if self.flow_level > 0 else " "
            if reader.index == 0 and srp() == "\ufeff":
                reader.forward()
            while srp() in white_space:
                reader.forward()
            if srp() == "#":
                start_mark = reader.get_mark()
                found = self._BREAKS.search(reader.buffer, reader.pointer)
                end = found.start() if found else len(reader.buffer)
                comment = reader.buffer[reader.pointer:end]
                # no line break inside: moving the reader is plain arithmetic
                length = end - reader.pointer
                reader.pointer += length
                reader.index += length
                reader.column += length - comment.count("\ufeff")
                if srp() == "\0":
                    comment += "\n"
                else:
                    ch = self.scan_line_break()
                    while ch:
                        comment += ch
                        ch = self.scan_line_break()
                end_mark = reader.get_mark()
                if not self.flow_level:
                    self.allow_simple_key = True
                return comment, start_mark, end_mark
        return super().scan_to_next_token()


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Scanner = _LinearScanner
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
    _check_characters(text, path)
    _check_depth(text, path)
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


# what YAML 1.2 allows in a stream (ruamel's Reader.NON_PRINTABLE)
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                            "\U00010000-\U0010ffff]")


def _check_characters(text: str, path: str | None) -> None:
    bad = _NOT_PRINTABLE.search(text)
    if bad is None:
        return
    line = text.count("\n", 0, bad.start()) + 1
    column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
    hint = ("; is the file UTF-16 or UTF-32 text? Save it as UTF-8" if bad.group() == "\0"
            else "; remove it or write it as an escape in a double-quoted string")
    raise GlossaryError(f"character U+{ord(bad.group()):04X} is not allowed in YAML{hint}",
                        path=path, line=line, column=column)


_FLOW_TOKENS = re.compile(r"""[\[\]{}"'#\n\\]""")


def _check_depth(text: str, path: str | None) -> None:
    """Refuse flow nesting (``[[[...`` or ``{a: {a: ...``) deeper than
    :data:`MAX_DEPTH` before ruamel recurses into it; brackets inside quotes
    and comments do not count. (Block nesting that deep needs thousands of
    columns of indentation; ruamel's RecursionError is caught for it.)
    """
    if "[" not in text and "{" not in text:
        return
    depth = 0
    quote = ""
    comment = False
    line = 1
    previous = "\n"
    for m in _FLOW_TOKENS.finditer(text):
        ch = m.group()
        before = text[m.start() - 1] if m.start() else "\n"
        if ch == "\n":
            line += 1
            comment = False
        elif comment:
            pass
        elif quote:
            if ch == "\\" and quote == '"':
                pass  # the escaped character is never a quote that ends it ...
            elif ch == quote and not (quote == '"' and previous == "\\"
                                      and before == "\\"):
                quote = ""
        elif ch in "\"'" and before in " ,[{:-\t\n":
            quote = ch
        elif ch == "#" and before in " \t\n":
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(path, line)
        elif ch in "]}":
            depth = max(0, depth - 1)
        previous = ch


def _too_deep(path: str | None, line: int) -> GlossaryError:
    return GlossaryError(f"nested more than {MAX_DEPTH} deep (a glossary needs about five "
                         "levels)", path=path, line=line)


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
        concepts = tuple(
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
        cid = self.string(node["id"], "concept id", self.value_line(node, "id"))
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
        )


def tree_to_glossary(root: Any, path: str | None = None) -> Glossary:
    """Build the model from a parsed tree, recording line numbers."""
    return _Reader(path).glossary(root)


def loads_yaml(text: str, path: str | None = None, *, locations: bool = True) -> Glossary:
    """Parse YAML text into a :class:`Glossary`; errors name ``path:line``.

    With ``locations=False`` a libyaml-backed YAML 1.2 reader is tried first (about
    ten times faster on big glossaries; no line numbers are kept). Anything it
    is unsure of (an error, a duplicate key, a value that is not text where text
    belongs) is read again by the round-trip reader, so results and error
    messages are the same either way.
    """
    if not locations:
        data = _fast_load(text)
        if data is not None:
            try:
                return _Reader(path).glossary(data)
            except GlossaryError:
                pass  # the round-trip reader gives the message with its line
    return tree_to_glossary(load_tree(text, path), path)


class _Unsure(Exception):
    """The fast reader met something only the round-trip reader should judge."""


_BOOL_KEYS = frozenset(("do_not_translate", "indeclinable"))


@lru_cache(maxsize=1)
def _fast_loader() -> Any:
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        return None
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Core12Loader(base):  # type: ignore[misc, valid-type]
        """YAML 1.2 core schema booleans and null (``no`` and ``on`` are text); numbers
        and dates stay text; no duplicate keys."""

        yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
            if len(keys) != len(set(map(repr, keys))):
                raise _Unsure("duplicate key")
            return super().construct_mapping(node, deep=deep)

    core = re.compile
    Core12Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                                       core(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                       list("tTfF"))
    Core12Loader.add_implicit_resolver("tag:yaml.org,2002:null",
                                       core(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    # no int, float or timestamp resolvers: those scalars stay text (_TextResolver)
    return Core12Loader


def _check_scalars(node: Any, key: Any = None, seen: set[int] | None = None) -> None:
    if isinstance(node, dict | list):
        # a container met twice is an alias: the round-trip reader takes the file
        # (walking aliases of aliases would take exponential time: a YAML bomb)
        seen = set() if seen is None else seen
        if id(node) in seen:
            raise _Unsure("an alias")
        seen.add(id(node))
    if isinstance(node, dict):
        for k, v in node.items():
            if not isinstance(k, str):
                raise _Unsure("a key that is not text")
            _check_scalars(v, k, seen)
    elif isinstance(node, list):
        for item in node:
            _check_scalars(item, key, seen)
    elif isinstance(node, bool):
        if key not in _BOOL_KEYS:
            raise _Unsure("a boolean where text belongs")
    elif node is not None and not isinstance(node, str):
        raise _Unsure("a number or date where text belongs")


def _fast_load(text: str) -> Any:
    loader = _fast_loader()
    if loader is None:
        return None
    import yaml

    try:
        data = yaml.load(text, Loader=loader)  # a SafeLoader subclass
        _check_scalars(data)
    except (_Unsure, yaml.YAMLError, RecursionError):
        return None
    return data


def read_yaml(path: str | Path, *, locations: bool = True) -> Glossary:
    """Read a YAML glossary file (see :func:`loads_yaml` for ``locations``)."""
    return loads_yaml(read_text(path), str(path), locations=locations)
