r"""The fast path of YAML reading: libyaml through PyYAML, without line numbers.

:func:`fast_load` parses with a YAML 1.2 core-schema ``CSafeLoader`` and
returns None for anything only the round-trip reader should judge (an error,
a duplicate key, an alias, a value that is not text where text belongs), so
results and messages are the same either way.

>>> fast_load("concepts:\n  - id: a\n    terms: {en: 1.10, de: no}\n")
{'concepts': [{'id': 'a', 'terms': {'en': '1.10', 'de': 'no'}}]}
>>> fast_load("a: &x [b]\nc: *x\n") is None  # an alias: the round-trip reader decides
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, ClassVar

__all__ = ["fast_load"]


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


def fast_load(text: str) -> Any:
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
