r"""Writing canonical YAML glossaries, keeping the comments of the file.

A machine edit (:func:`sync_tree`) changes only the nodes whose meaning
changed and keeps every comment, key order and quoting style elsewhere.

>>> from polyglot_press.glossary.yaml_read import loads_yaml
>>> text = ("glossary: {name: demo, languages: [en]}\nconcepts:\n"
...         "  - id: osce   # the organisation\n    terms: {en: OSCE}\n")
>>> "# the organisation" in dumps_yaml(loads_yaml(text), base=text)
True
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from ..errors import GlossaryError
from .files import atomic_write_text, read_text
from .model import Concept, Glossary, Term
from .yaml_read import CONCEPT_KEYS, HEADER_KEYS, TERM_KEYS, _Reader, _yaml, load_tree

__all__ = ["concept_node", "dumps_yaml", "save_yaml", "sync_tree", "term_node"]


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


def save_yaml(glossary: Glossary, path: str | Path, *, canonical: bool = False) -> None:
    """Write ``glossary`` to ``path`` as YAML, atomically.

    When ``path`` exists its comments, key order and styles are kept: only the
    nodes whose meaning changed are rewritten.
    """
    p = Path(path)
    base = read_text(p) if p.exists() else None
    atomic_write_text(p, dumps_yaml(glossary, base=base, canonical=canonical))
