"""Canonical YAML glossaries: read with line numbers, write keeping comments.

The file is read with ruamel.yaml's round-trip loader, so a machine edit
(:func:`sync_tree`) changes only the nodes whose meaning changed and keeps every
comment, key order and quoting style elsewhere. ``docs/glossaries.md`` is the
format reference.

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
>>> "# the organisation" in dumps_yaml(g, base=text)
True
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, MarkedYAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tokens import CommentToken

from ..errors import GlossaryError
from .model import GENDERS, NUMBERS, CasePolicy, Concept, ConceptKind, Glossary, Location, Term

__all__ = [
    "CONCEPT_KEYS",
    "HEADER_KEYS",
    "TERM_KEYS",
    "dumps_yaml",
    "load_tree",
    "loads_yaml",
    "read_yaml",
    "sync_tree",
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
    y = _yaml()
    y.Resolver = _TextResolver
    try:
        return y.load(text)
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


_BOOL_KEYS = frozenset(("do_not_translate", "indeclinable", "no_article"))


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
    from .store import read_text

    return loads_yaml(read_text(path), str(path), locations=locations)


# ---------------------------------------------------------------- writing


def _seq(items: Iterable[str]) -> CommentedSeq:
    return CommentedSeq(list(items))


def term_node(term: Term) -> Any:
    """The canonical node for a term: bare text when only ``preferred`` is set."""
    data = term.to_dict()
    if list(data) == ["preferred"]:
        return term.preferred
    node = CommentedMap()
    for key in TERM_KEYS:
        if key in data:
            value = data[key]
            node[key] = _seq(value) if isinstance(value, list) else value
    return node


def concept_node(concept: Concept, languages: Iterable[str] = ()) -> CommentedMap:
    """The canonical node for a concept (terms in ``languages`` order first)."""
    node = CommentedMap()
    data = concept.to_dict()
    for key in CONCEPT_KEYS:
        if key == "terms":
            terms = CommentedMap()
            for term in concept.terms:  # model order; `glossary fmt` makes it canonical
                terms[term.lang] = term_node(term)
            node["terms"] = terms
        elif key in data:
            value = data[key]
            node[key] = _seq(value) if isinstance(value, list) else value
    return node


def _parsed_term(node: Any, lang: str) -> Term | None:
    try:
        holder = CommentedMap()
        holder[lang] = node
        return _Reader(None).term(holder, lang, lang, 0, "?")
    except GlossaryError:
        return None


def _parsed_strings(node: Any, key: str) -> tuple[str, ...] | None:
    try:
        return _Reader(None).strings(node, key, key, ())
    except GlossaryError:
        return None


# --- comment bookkeeping: ruamel attaches the comment lines that precede
# sequence item i+1 to the last scalar of item i. To move, drop or sort
# concepts, detach those lines, then re-attach them around the new order.


def _tail_slot(node: Any) -> tuple[dict[Any, Any], Any, int] | None:
    """The comment slot after the deepest last scalar of ``node``."""
    if isinstance(node, CommentedMap) and len(node):
        key = list(node)[-1]
        value = node[key]
        if isinstance(value, CommentedMap | CommentedSeq) and len(value):
            return _tail_slot(value)
        return node.ca.items, key, 2
    if isinstance(node, CommentedSeq) and len(node):
        index = len(node) - 1
        value = node[index]
        if isinstance(value, CommentedMap | CommentedSeq) and len(value):
            return _tail_slot(value)
        return node.ca.items, index, 0
    return None


def _detach_tail(node: Any) -> str:
    slot = _tail_slot(node)
    if slot is None:
        return ""
    items, key, pos = slot
    entry = items.get(key)
    if not entry or len(entry) <= pos or entry[pos] is None:
        return ""
    token = entry[pos]
    value = str(token.value)
    newline = value.find("\n")
    if newline < 0:
        return ""
    inline, rest = value[: newline + 1], value[newline + 1 :]
    if inline.strip():
        token.value = inline
    else:
        entry[pos] = None
    return rest


def _attach_tail(node: Any, text: str) -> None:
    if not text:
        return
    slot = _tail_slot(node)
    if slot is None:
        return
    items, key, pos = slot
    entry = items.setdefault(key, [None, None, None, None])
    while len(entry) <= pos:
        entry.append(None)
    token = entry[pos]
    if token is None:
        entry[pos] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        value = str(token.value)
        token.value = (value if value.endswith("\n") else value + "\n") + text


def _head_token(root: CommentedMap) -> CommentToken | None:
    entry = root.ca.items.get("concepts")
    if entry and len(entry) > 3 and entry[3]:
        first: CommentToken = entry[3][0]
        return first
    return None


def _detach_all(root: CommentedMap, seq: CommentedSeq) -> tuple[dict[int, str], str]:
    """Take the comment lines between concepts off the items that hold them.

    Returns the lines that precede each item (by ``id()`` of the item) and the
    lines after the last item (end-of-file comments).
    """
    old = list(seq)
    pre: dict[int, str] = {}
    trailer = ""
    head = _head_token(root)
    if old:
        pre[id(old[0])] = str(head.value) if head is not None else ""
        for i, item in enumerate(old):
            rest = _detach_tail(item)
            if i + 1 < len(old):
                pre[id(old[i + 1])] = rest
            else:
                trailer = rest
    return pre, trailer


def _reattach_all(root: CommentedMap, seq: CommentedSeq, new_items: list[Any],
                  pre: dict[int, str], trailer: str) -> None:
    """Put ``new_items`` in ``seq`` and give each item its comment lines back."""
    if [id(x) for x in new_items] != [id(x) for x in seq]:
        list.__delitem__(seq, slice(None))
        list.extend(seq, new_items)
        seq.ca.items.clear()
    head = _head_token(root)
    first_pre = pre.get(id(new_items[0]), "") if new_items else ""
    if head is not None:
        head.value = first_pre
        if not first_pre:
            root.ca.items["concepts"][3] = None
            seq.ca.comment = None
    elif first_pre:
        token = CommentToken(first_pre, CommentMark(0), None)
        entry = root.ca.items.setdefault("concepts", [None, None, None, None])
        entry[3] = [token]
    for i in range(1, len(new_items)):
        _attach_tail(new_items[i - 1], pre.get(id(new_items[i]), ""))
    if new_items:
        _attach_tail(new_items[-1], trailer)
    elif trailer:
        root.ca.items.setdefault("concepts", [None, None, None, None])
        token = CommentToken("\n" + trailer, CommentMark(0), None)
        root.ca.items["concepts"][2] = token


def _sync_list(node: CommentedMap, key: str, values: tuple[str, ...], after: str | None) -> None:
    if values:
        if key in node and _parsed_strings(node, key) == values:
            return
        new = _seq(values)
        old = node.get(key)
        if isinstance(old, CommentedSeq) and old.fa.flow_style():
            new.fa.set_flow_style()
        _set_key(node, key, new, after)
    elif key in node:
        del node[key]


def _set_key(node: CommentedMap, key: str, value: Any, after: str | None) -> None:
    if key in node:
        node[key] = value
        return
    keys = list(node)
    position = keys.index(after) + 1 if after in keys else len(keys)
    node.insert(position, key, value)


def _previous(order: tuple[str, ...], key: str, node: CommentedMap) -> str | None:
    previous = None
    for k in order:
        if k == key:
            return previous
        if k in node:
            previous = k
    return previous


def _sync_term(terms_node: CommentedMap, term: Term) -> None:
    lang = term.lang
    current = terms_node.get(lang)
    if current is not None and _parsed_term(current, lang) == term:
        return
    wanted = term_node(term)
    if not isinstance(current, CommentedMap) or isinstance(wanted, str):
        terms_node[lang] = wanted
        return
    data = term.to_dict()
    for key in TERM_KEYS:
        after = _previous(TERM_KEYS, key, current)
        if key in ("variants", "forbidden"):
            _sync_list(current, key, tuple(data.get(key, ())), after)
        elif key in data:
            old = _parsed_term(current, lang)
            if key in current and old is not None and key in old.to_dict() \
                    and old.to_dict()[key] == data[key]:
                continue
            _set_key(current, key, data[key], after)
        elif key in current and key != "preferred":
            del current[key]


def _sync_concept(node: CommentedMap, concept: Concept, languages: tuple[str, ...]) -> None:
    data = concept.to_dict()
    for key in ("id", "kind", "subject", "definition"):
        after = _previous(CONCEPT_KEYS, key, node)
        if key == "kind" and key not in node and data[key] == "term":
            continue
        if key in data:
            if node.get(key) != data[key]:
                _set_key(node, key, data[key], after)
        elif key in node and key != "kind":
            del node[key]
    if "kind" in node and data["kind"] == "term" and node["kind"] != "term":
        node["kind"] = "term"
    for key in ("notes", "sources"):
        _sync_list(node, key, tuple(data.get(key, ())), _previous(CONCEPT_KEYS, key, node))
    terms_node = node.get("terms")
    if not isinstance(terms_node, CommentedMap):
        terms_node = CommentedMap()
        _set_key(node, "terms", terms_node, _previous(CONCEPT_KEYS, "terms", node))
    wanted = {t.lang for t in concept.terms}
    for lang in [k for k in terms_node if k not in wanted]:
        del terms_node[lang]
    for term in concept.terms:
        if term.lang not in terms_node:
            terms_node[term.lang] = term_node(term)
        else:
            _sync_term(terms_node, term)
    if list(terms_node) != [t.lang for t in concept.terms]:
        _reorder(terms_node, [t.lang for t in concept.terms])


def sync_tree(root: Any, glossary: Glossary, *, canonical: bool = False) -> CommentedMap:
    """Make the round-trip tree ``root`` say what ``glossary`` says.

    Nodes whose meaning is unchanged are left alone (comments, quoting, flow
    or block style); changed values are rewritten; new concepts are appended
    in canonical form; removed ones disappear together with their comments.
    With ``canonical=True`` keys, languages and concepts are put in canonical
    order (what ``glossary fmt`` does).
    """
    if not isinstance(root, CommentedMap):
        root = CommentedMap()
    header = root.get("glossary")
    if not isinstance(header, CommentedMap):
        header = CommentedMap()
        root.insert(0, "glossary", header)
    hdata = glossary.to_dict()["glossary"]
    for key in HEADER_KEYS:
        after = _previous(HEADER_KEYS, key, header)
        if key == "languages":
            _sync_list(header, key, glossary.languages, after)
        elif key in hdata:
            if key == "version" and key not in header and hdata[key] == "1":
                continue
            if str(header.get(key, "")) != str(hdata[key]):
                _set_key(header, key, hdata[key], after)
        elif key in header:
            del header[key]
    seq = root.get("concepts")
    if not isinstance(seq, CommentedSeq):
        seq = CommentedSeq()
        root["concepts"] = seq
    pre, trailer = _detach_all(root, seq)
    by_id: dict[str, list[Any]] = {}
    for item in seq:
        if isinstance(item, CommentedMap) and isinstance(item.get("id"), str):
            by_id.setdefault(str(item["id"]), []).append(item)
    concepts = list(glossary.concepts)
    if canonical:
        concepts.sort(key=lambda c: c.id)
    new_items: list[Any] = []
    for concept in concepts:
        nodes = by_id.get(concept.id)
        node = nodes.pop(0) if nodes else None
        if node is None:
            node = concept_node(concept, glossary.languages)
        else:
            _sync_concept(node, concept, glossary.languages)
        new_items.append(node)
    _reattach_all(root, seq, new_items, pre, trailer)
    if canonical:
        _canonical_order(root, glossary.languages)
    result: CommentedMap = root
    return result


def _reorder(node: CommentedMap, order: Iterable[str]) -> None:
    for key in order:
        if key in node:
            node.move_to_end(key)


def _canonical_order(root: CommentedMap, languages: tuple[str, ...]) -> None:
    header = root.get("glossary")
    if isinstance(header, CommentedMap):
        _reorder(header, HEADER_KEYS)
    _reorder(root, ("glossary", "concepts"))
    for node in root.get("concepts") or []:
        if not isinstance(node, CommentedMap):
            continue
        terms = node.get("terms")
        if isinstance(terms, CommentedMap):
            known = [lang for lang in languages if lang in terms]
            _reorder(terms, known + sorted(k for k in terms if k not in languages))
            for value in terms.values():
                if isinstance(value, CommentedMap):
                    _reorder(value, TERM_KEYS)
        _reorder(node, CONCEPT_KEYS)


_NEW_FILE_HEADER = (
    "# polyglot_press glossary (format reference: docs/glossaries.md).\n"
    "# Edit by hand or with `polyglot-press glossary add|set|remove`; comments survive both.\n"
)


def dumps_yaml(glossary: Glossary, *, base: str | None = None, canonical: bool = False) -> str:
    """Serialize ``glossary`` as YAML, on top of the existing text ``base`` if given."""
    root = load_tree(base, glossary.path) if base is not None and base.strip() else None
    if root is None:
        root = CommentedMap()
        root.yaml_set_start_comment(_NEW_FILE_HEADER.replace("# ", "", 1).rstrip("\n")
                                    .replace("\n# ", "\n"))
    root = sync_tree(root, glossary, canonical=canonical)
    out = io.StringIO()
    _yaml().dump(root, out)
    return out.getvalue()

