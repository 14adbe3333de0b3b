"""The engine contract, written once; every engine's tests subclass it.

A subclass (``class TestArgosConformance(EngineConformance)``) provides these
fixtures:

* ``engine``: a ready engine instance;
* ``pair``: a ``(source, target)`` pair it translates;
* ``sentences``: a few distinct source sentences of that pair;
* ``missing_pair``: a pair it does not translate;
* ``many_sentences``: a few thousand sentences for the volume test.

The pattern follows fsspec's ``fsspec/tests/abstract``: the contract lives in
one place, each back-end brings its own fixtures.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from polyglot_press.engines import Engine, PivotEngine, pair_identity
from polyglot_press.errors import LanguagePairError, PolyglotPressError
from polyglot_press.tm import CachedEngine, TranslationMemory


class EngineConformance:
    """What every engine must do. Not collected itself (no ``Test`` prefix)."""

    def test_is_an_engine(self, engine: Engine) -> None:
        assert isinstance(engine, Engine)
        assert isinstance(engine.name, str)
        assert engine.name

    def test_identity_names_engine_and_is_stable(self, engine: Engine) -> None:
        assert isinstance(engine.identity, str)
        assert engine.name in engine.identity
        assert engine.identity == engine.identity
        assert hash(engine.identity) == hash(str(engine.identity))

    def test_pairs_and_languages(self, engine: Engine, pair: tuple[str, str]) -> None:
        pairs = engine.pairs()
        assert pair in pairs
        assert all(isinstance(s, str) and isinstance(t, str) and s != t for s, t in pairs)
        assert engine.languages() == sorted({code for p in pairs for code in p})

    def test_empty_batch(self, engine: Engine, pair: tuple[str, str]) -> None:
        assert engine.translate_batch([], *pair) == []
        assert engine.translate_batch([], *pair, n_best=3) == []

    def test_one_result_per_sentence_in_order(
        self, engine: Engine, pair: tuple[str, str], sentences: list[str]
    ) -> None:
        out = engine.translate_batch(sentences, *pair)
        assert len(out) == len(sentences)
        assert all(isinstance(t, str) and t.strip() for t in out)
        reversed_out = engine.translate_batch(sentences[::-1], *pair)
        assert reversed_out == out[::-1]

    def test_batch_equals_one_by_one(
        self, engine: Engine, pair: tuple[str, str], sentences: list[str]
    ) -> None:
        batch = engine.translate_batch(sentences, *pair)
        single = [engine.translate_batch([s], *pair)[0] for s in sentences]
        assert batch == single

    def test_deterministic(
        self, engine: Engine, pair: tuple[str, str], sentences: list[str]
    ) -> None:
        assert engine.translate_batch(sentences, *pair) == engine.translate_batch(
            sentences, *pair
        )

    def test_blank_sentences_and_outer_whitespace_kept(
        self, engine: Engine, pair: tuple[str, str], sentences: list[str]
    ) -> None:
        plain = engine.translate_batch([sentences[0]], *pair)[0]
        out = engine.translate_batch(["", "   ", f"  {sentences[0]}\n", "\t"], *pair)
        assert out == ["", "   ", f"  {plain}\n", "\t"]

    def test_n_best_shape(
        self, engine: Engine, pair: tuple[str, str], sentences: list[str]
    ) -> None:
        best = engine.translate_batch(sentences, *pair)
        nbest = engine.translate_batch(sentences, *pair, n_best=3)
        assert len(nbest) == len(sentences)
        for hyps, first in zip(nbest, best, strict=True):
            assert isinstance(hyps, list)
            assert 1 <= len(hyps) <= 3
            assert hyps[0] == first
        assert engine.translate_batch(["  "], *pair, n_best=2) == [["  "]]

    def test_bad_arguments(self, engine: Engine, pair: tuple[str, str]) -> None:
        with pytest.raises(ValueError, match="n_best"):
            engine.translate_batch(["x"], *pair, n_best=0)
        with pytest.raises(TypeError, match="sequence of sentences"):
            engine.translate_batch("a whole string", *pair)  # type: ignore[arg-type]

    def test_missing_pair_names_installed_pairs(
        self, engine: Engine, missing_pair: tuple[str, str]
    ) -> None:
        with pytest.raises(LanguagePairError) as info:
            engine.translate_batch(["hello"], *missing_pair)
        message = str(info.value)
        assert f"{missing_pair[0]}->{missing_pair[1]}" in message
        source, target = engine.pairs()[0]
        assert f"{source}->{target}" in message
        assert isinstance(info.value, PolyglotPressError)
        assert isinstance(info.value, LookupError)

    def test_thousands_of_sentences(
        self, engine: Engine, pair: tuple[str, str], many_sentences: list[str]
    ) -> None:
        assert len(many_sentences) >= 1000
        out = engine.translate_batch(many_sentences, *pair)
        assert len(out) == len(many_sentences)
        # identical inputs give identical outputs wherever they sit in the batch
        by_input: dict[str, str] = {}
        for source, translated in zip(many_sentences, out, strict=True):
            assert by_input.setdefault(source, translated) == translated

    def test_eight_threads_at_once(
        self, engine: Engine, pair: tuple[str, str], sentences: list[str]
    ) -> None:
        expected = engine.translate_batch(sentences, *pair)
        barrier = threading.Barrier(8)

        def work(i: int) -> list[str]:
            barrier.wait()
            rotated = sentences[i % len(sentences) :] + sentences[: i % len(sentences)]
            out = engine.translate_batch(rotated, *pair)
            k = i % len(sentences)
            return out[-k:] + out[:-k] if k else out

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(work, range(8)))
        assert all(r == expected for r in results)

    def test_cached_engine_composes(
        self, engine: Engine, pair: tuple[str, str], sentences: list[str], tmp_path: object
    ) -> None:
        memory = TranslationMemory(f"{tmp_path}/tm.sqlite3")
        cached = CachedEngine(engine, memory)
        direct = engine.translate_batch(sentences, *pair)
        assert cached.translate_batch(sentences, *pair) == direct
        assert (cached.hits, cached.misses) == (0, len(sentences))
        assert cached.translate_batch(sentences, *pair) == direct
        assert cached.hits == len(sentences)
        assert memory.stats().engines[0][0] == pair_identity(engine, *pair)
        memory.close()

    def test_pivot_wrapper_keeps_direct_pairs(
        self, engine: Engine, pair: tuple[str, str], sentences: list[str]
    ) -> None:
        pivot = PivotEngine(engine)
        assert set(engine.pairs()) <= set(pivot.pairs())
        assert pivot.translate_batch(sentences, *pair) == engine.translate_batch(
            sentences, *pair
        )
