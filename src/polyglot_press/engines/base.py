"""The translation engine contract, the base class engines share, and the pivot wrapper.

An engine translates *sentences* (the caller has already segmented the text)
between language pairs. Every engine:

* has a ``name`` (``"argos"``, ``"bergamot"``) and an ``identity``: a string
  naming the engine and the version of its models, used as the key of the
  translation memory and of any cache (it changes when a model changes);
* lists its ``pairs()`` (``(source, target)`` language codes) and ``languages()``;
* translates with ``translate_batch(sentences, source, target, *, n_best=1)``.

``translate_batch`` returns one result per input sentence, in order:

* ``n_best == 1`` (the default): a ``list[str]``, one translation per sentence;
* ``n_best > 1``: a ``list[list[str]]``, the hypotheses for each sentence, best
  first; at least one and at most ``n_best`` of them (an engine that cannot
  produce alternatives, such as bergamot, returns exactly one).

Blank sentences come back unchanged, leading and trailing whitespace of each
sentence is kept, and an empty batch gives an empty list without loading a
model. An unsupported pair raises :class:`~polyglot_press.errors.LanguagePairError`
naming the installed pairs.

Engines are thread-safe: one instance may serve many threads at once, and a
model is loaded once per instance, on first use.

>>> class Upper(BaseEngine):
...     name = "upper"
...     def pairs(self): return [("en", "xx")]
...     def _translate(self, sentences, source, target, n_best):
...         return [[s.upper()] for s in sentences]
>>> engine = Upper()
>>> engine.translate_batch(["the cat", "  ", "a dog "], "en", "xx")
['THE CAT', '  ', 'A DOG ']
>>> engine.translate_batch(["hi"], "en", "xx", n_best=3)
[['HI']]
>>> isinstance(engine, Engine)
True
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any, Literal, Protocol, overload, runtime_checkable

from ..errors import EngineError, LanguagePairError
from ..lang import lang_base
from ..text import keep_whitespace

__all__ = [
    "BaseEngine",
    "Engine",
    "PivotEngine",
    "as_engine",
    "normalize_language",
    "pair_identity",
    "pivot_pairs",
]


@runtime_checkable
class Engine(Protocol):
    """What the rest of the library needs from a translation engine.

    See the module documentation for the meaning of each member. Subclass
    :class:`BaseEngine` to get input handling (blank sentences, whitespace,
    pair checks, ``n_best`` shapes) for free.
    """

    @property
    def name(self) -> str:
        """Registry name of the engine (``"argos"``)."""
        ...

    @property
    def identity(self) -> str:
        """Engine name and model versions; changes whenever a model changes."""
        ...

    def pairs(self) -> list[tuple[str, str]]:
        """The ``(source, target)`` pairs this engine translates."""
        ...

    def languages(self) -> list[str]:
        """Every language code that appears in :meth:`pairs`."""
        ...

    def resolve_pair(self, source: str, target: str) -> tuple[str, str]:
        """The supported pair that serves ``source -> target`` (``pt-BR`` may be
        served by ``pt``), or :class:`~polyglot_press.errors.LanguagePairError`."""
        ...

    def identity_for(self, source: str, target: str) -> str:
        """The identity of the models one pair uses (the translation memory's key)."""
        ...

    def how_to_add_pair(self, source: str, target: str) -> str:
        """A sentence telling the user how to get ``source -> target``."""
        ...

    @overload
    def translate_batch(  # type: ignore[overload-overlap]
        self, sentences: Sequence[str], source: str, target: str, *, n_best: Literal[1] = 1
    ) -> list[str]: ...

    @overload
    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, n_best: int
    ) -> list[list[str]]: ...

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, n_best: int = 1
    ) -> list[str] | list[list[str]]:
        """Translate ``sentences``; see the module documentation for the shape."""
        ...


def normalize_language(code: str) -> str:
    """Canonical form of a language code for matching: lower case, ``-`` separator.

    >>> normalize_language("pt_BR")
    'pt-br'
    """
    return code.strip().replace("_", "-").lower()


def pivot_pairs(direct: Iterable[tuple[str, str]], via: str = "en") -> list[tuple[str, str]]:
    """Pairs reachable in two steps through ``via`` that are not direct pairs.

    >>> pivot_pairs([("xx", "en"), ("en", "yy")])
    [('xx', 'yy')]
    """
    direct_set = set(direct)
    into = {s for s, t in direct_set if t == via}
    out_of = {t for s, t in direct_set if s == via}
    return sorted(
        (s, t) for s in into for t in out_of if s != t and (s, t) not in direct_set
    )


def pair_identity(engine: Engine, source: str, target: str) -> str:
    """The identity to key cached translations of ``source -> target`` by.

    The same as ``engine.identity_for(source, target)``; :class:`BaseEngine`
    answers with the engine-wide :attr:`Engine.identity`, and engines that
    name only the models one pair uses override it (so installing an
    unrelated model keeps the cache).
    """
    return str(engine.identity_for(source, target))


class BaseEngine(ABC):
    """Shared behaviour for engines: validation, whitespace, ``n_best`` shapes.

    Subclasses set :attr:`name`, implement :meth:`pairs` and
    :meth:`_translate` (which receives stripped, non-blank sentences and
    returns a non-empty list of hypotheses for each) and usually override
    :attr:`identity`.
    """

    name: str = "base"
    #: Place in the ``auto`` engine order (higher is tried first; see
    #: :mod:`polyglot_press.engines.routing`). Engines of equal priority go by name.
    priority: int = 0

    @property
    def identity(self) -> str:
        """Engine name and model version (override to add model versions)."""
        return self.name

    def identity_for(self, source: str, target: str) -> str:
        """The identity of the models ``source -> target`` uses (default: :attr:`identity`)."""
        return self.identity

    @abstractmethod
    def pairs(self) -> list[tuple[str, str]]:
        """The ``(source, target)`` pairs this engine translates."""

    def languages(self) -> list[str]:
        """Every language code that appears in :meth:`pairs`."""
        return sorted({code for pair in self.pairs() for code in pair})

    @abstractmethod
    def _translate(
        self, sentences: list[str], source: str, target: str, n_best: int
    ) -> list[list[str]]:
        """Translate stripped, non-blank ``sentences`` of a supported pair."""

    def resolve_pair(self, source: str, target: str) -> tuple[str, str]:
        """The supported pair for ``source -> target`` or a :class:`LanguagePairError`.

        Codes match case-insensitively; a regional code (``pt-BR``) falls back
        to its language (``pt``) when only that is supported.
        """
        pairs = self.pairs()
        wanted = (normalize_language(source), normalize_language(target))
        by_norm = {(normalize_language(s), normalize_language(t)): (s, t) for s, t in pairs}
        if wanted in by_norm:
            return by_norm[wanted]
        base = (lang_base(wanted[0]), lang_base(wanted[1]))
        if base in by_norm:
            return by_norm[base]
        raise LanguagePairError(self._missing_pair_message(source, target, pairs))

    def _missing_pair_message(
        self, source: str, target: str, pairs: list[tuple[str, str]]
    ) -> str:
        listed = ", ".join(f"{s}->{t}" for s, t in pairs) or "none"
        return (
            f"engine {self.name!r} cannot translate {source}->{target}; "
            f"installed pairs: {listed}. {self.how_to_add_pair(source, target)}"
        )

    def how_to_add_pair(self, source: str, target: str) -> str:
        """A sentence telling the user how to get ``source -> target``."""
        return "Use another engine (see `polyglot-press engines`)."

    @overload
    def translate_batch(  # type: ignore[overload-overlap]
        self, sentences: Sequence[str], source: str, target: str, *, n_best: Literal[1] = 1
    ) -> list[str]: ...

    @overload
    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, n_best: int
    ) -> list[list[str]]: ...

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, n_best: int = 1
    ) -> list[str] | list[list[str]]:
        """Translate ``sentences`` from ``source`` to ``target`` (see the module doc)."""
        if isinstance(sentences, str):
            raise TypeError("translate_batch takes a sequence of sentences, not one string")
        if not isinstance(n_best, int) or n_best < 1:
            raise ValueError(f"n_best must be a positive integer, not {n_best!r}")
        pair = self.resolve_pair(source, target)
        hypotheses = self._translate_kept_whitespace(list(sentences), pair, n_best)
        if n_best == 1:
            return [h[0] for h in hypotheses]
        return hypotheses

    def _translate_kept_whitespace(
        self, sentences: list[str], pair: tuple[str, str], n_best: int
    ) -> list[list[str]]:
        results: list[list[str]] = [[s] for s in sentences]
        todo: list[int] = []
        core: list[str] = []
        for i, sentence in enumerate(sentences):
            if not isinstance(sentence, str):
                raise TypeError(f"sentence {i} is {type(sentence).__name__}, not str")
            stripped = sentence.strip()
            if stripped:
                todo.append(i)
                core.append(stripped)
        if not core:
            return results
        translated = self._translate(core, pair[0], pair[1], n_best)
        if len(translated) != len(core):
            raise EngineError(
                f"engine {self.name!r} returned {len(translated)} results for "
                f"{len(core)} sentences"
            )
        for i, hyps in zip(todo, translated, strict=True):
            sentence = sentences[i]
            results[i] = [keep_whitespace(sentence, h) for h in hyps[:n_best]] or [sentence]
        return results

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.identity}>"


class PivotEngine(BaseEngine):
    """Translate through a pivot language when an engine has no direct pair.

    It composes around any engine (argostranslate's ``CompositeTranslation``
    idea): ``pairs()`` are the engine's pairs plus every ``s -> t`` reachable
    as ``s -> via -> t``. Direct pairs go straight to the engine. With
    ``n_best > 1`` the first step keeps its best hypothesis and the second
    step gives the alternatives.

    >>> class Step(BaseEngine):
    ...     name = "step"
    ...     def pairs(self): return [("xx", "en"), ("en", "yy")]
    ...     def _translate(self, sentences, source, target, n_best):
    ...         return [[f"{s}>{target}"] for s in sentences]
    >>> PivotEngine(Step()).translate_batch(["a"], "xx", "yy")
    ['a>en>yy']
    """

    def __init__(self, engine: Engine, via: str = "en") -> None:
        self.engine = engine
        self.via = via
        self.name = engine.name

    @property
    def identity(self) -> str:
        return f"{self.engine.identity}|pivot={self.via}"

    def identity_for(self, source: str, target: str) -> str:
        """Identity of the models a pair uses (both legs when pivoting)."""
        if (source, target) in set(self.engine.pairs()):
            return pair_identity(self.engine, source, target)
        first = pair_identity(self.engine, source, self.via)
        second = pair_identity(self.engine, self.via, target)
        return f"{first}+{second}"

    def pairs(self) -> list[tuple[str, str]]:
        direct = self.engine.pairs()
        return sorted({*direct, *pivot_pairs(direct, self.via)})

    def how_to_add_pair(self, source: str, target: str) -> str:
        return self.engine.how_to_add_pair(source, target)

    def _translate(
        self, sentences: list[str], source: str, target: str, n_best: int
    ) -> list[list[str]]:
        if (source, target) in set(self.engine.pairs()):
            return self._hypotheses(sentences, source, target, n_best)
        middle = self.engine.translate_batch(sentences, source, self.via)
        return self._hypotheses(middle, self.via, target, n_best)

    def _hypotheses(
        self, sentences: list[str], source: str, target: str, n_best: int
    ) -> list[list[str]]:
        if n_best == 1:
            return [[t] for t in self.engine.translate_batch(sentences, source, target)]
        return self.engine.translate_batch(sentences, source, target, n_best=n_best)


class _Completed(BaseEngine):
    """An engine written to the older, smaller contract, with the defaults of
    :class:`BaseEngine` for the members it lacks."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.name = str(engine.name)

    @property
    def identity(self) -> str:
        return str(self.engine.identity)

    def pairs(self) -> list[tuple[str, str]]:
        return list(self.engine.pairs())

    def _translate(
        self, sentences: list[str], source: str, target: str, n_best: int
    ) -> list[list[str]]:
        if n_best == 1:
            return [[t] for t in self.engine.translate_batch(sentences, source, target)]
        return [list(h) for h in self.engine.translate_batch(sentences, source, target,
                                                             n_best=n_best)]


def as_engine(engine: Any) -> Engine:
    """``engine`` itself when it has every member of :class:`Engine`; an engine
    written to the older contract (no ``resolve_pair``, ``identity_for``,
    ``how_to_add_pair``) wrapped to get :class:`BaseEngine`'s defaults for them.

    >>> class Old:  # name, identity, pairs, languages and translate_batch only
    ...     name = identity = "old"
    ...     def pairs(self): return [("en", "xx")]
    ...     def languages(self): return ["en", "xx"]
    ...     def translate_batch(self, sentences, source, target, *, n_best=1):
    ...         return [s.upper() for s in sentences]
    >>> engine = as_engine(Old())
    >>> engine.resolve_pair("EN", "xx"), engine.identity_for("en", "xx")
    (('en', 'xx'), 'old')
    >>> engine.translate_batch([" a "], "en", "xx")
    [' A ']
    """
    if isinstance(engine, Engine):
        return engine
    for member in ("name", "identity", "pairs", "translate_batch"):
        if not hasattr(engine, member):
            raise TypeError(f"{type(engine).__name__} is not a translation engine: "
                            f"it has no {member!r} (see polyglot_press.engines.Engine)")
    return _Completed(engine)


class LazyValue:
    """A value computed once, on first use, under a lock (for loaded models)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[Any, Any] = {}

    def get(self, key: Any, make: Any) -> Any:
        """The value for ``key``, calling ``make()`` the first time only."""
        value = self._values.get(key)
        if value is None:
            with self._lock:
                value = self._values.get(key)
                if value is None:
                    value = make()
                    self._values[key] = value
        return value

    def loaded(self) -> list[Any]:
        """Keys whose values have been made."""
        return list(self._values)
