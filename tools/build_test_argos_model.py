#!/usr/bin/env python3
"""Build the tiny, deterministic argos packages the tests translate with.

The packages are real argos packages (a zip with one top folder holding
``metadata.json``, a CTranslate2 ``model/`` and a ``sentencepiece.model``) that
``argostranslate`` and :mod:`polyglot_press.engines.argos` install and load
like any downloaded one. Their transformer is *constructed*, not trained: the
weights are set with numpy so that the model translates a toy vocabulary word
by word and copies every other token, which makes its output exact and
checkable on machines that cannot download a real model.

Two pairs are built so tests can prove pivoting through English:

* ``xx -> en``: "xx" words are English words spelled backwards
  (``"eht tac"`` -> ``"the cat"``);
* ``en -> yy``: "yy" words are English words in capitals
  (``"the cat"`` -> ``"THE CAT"``).

A third, ``en -> zz`` (capitals again), is tokenized the other way argos
packages can be: Moses tokenization plus subword-nmt BPE codes in
``bpe.model`` instead of a SentencePiece model. Its codes merge a few words
whole (``the``, ``cat``, ``president``) and leave every other word in
characters (``d@@ o@@ g``); capitals map token by token whatever the
segmentation, so the output is exact.

Words outside the toy vocabulary are copied through CTranslate2's
``replace_unknowns`` (names such as ``Tokayev`` survive), punctuation is copied.

How the network does it (one encoder layer, one decoder layer, one head, pre-norm):

* the residual stream has three blocks: the token one-hot ``T`` (vocabulary
  size), a "copied source token" block ``C`` (vocabulary size) and a position
  one-hot ``P`` (``MAX_POSITIONS``); embeddings and learned position
  encodings write ones into ``T`` and ``P``;
* every self-attention and feed-forward sublayer has zero output weights, so
  the residual passes through unchanged;
* the decoder's cross-attention matches decoder position ``t`` with encoder
  position ``t`` (query and key read only ``P``, scaled so the softmax is
  one-hot) and writes the source token's ``T`` one-hot into ``C``;
* the output projection maps ``C[i]`` to the target token ``f(i)``, where ``f``
  is the toy dictionary (identity for every other token). The source gets an
  ``</s>`` appended (``add_source_eos``), and ``f(</s>) = </s>`` ends decoding.

Run ``python tools/build_test_argos_model.py`` to rebuild
``tests/data/argos/*.argosmodel``; ``--check`` rebuilds into a temporary
directory and fails if the bytes differ from the committed files. The archives
are byte-for-byte reproducible (fixed zip timestamps, sorted members, a
single-threaded SentencePiece training on a fixed corpus).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import string
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ctranslate2
import numpy as np
import sentencepiece as spm
from ctranslate2.converters.converter import Converter
from ctranslate2.specs import transformer_spec

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tests" / "data" / "argos"
PACKAGE_VERSION = "1.0"
SEED = 20260101
TOKEN_WIDTH = 96  # width of the random +-1 token codes
POSITION_WIDTH = 128  # width of the random +-1 position codes
MAX_POSITIONS = 1024  # longest input, in pieces, the toy model accepts
CODE_MARGIN = 0.5  # any two codes agree on at most this share of their width, net
FFN_DIM = 4
# Scale of the position match in cross-attention: with codes of width 128 the
# aligned position scores at least ~25 nats above any other.
ATTENTION_SCALE = 4.0
ZIP_DATE = (2026, 1, 1, 0, 0, 0)

ENGLISH_WORDS: tuple[str, ...] = (
    "a", "after", "and", "big", "bird", "blue", "book", "cat", "city", "day",
    "dog", "eats", "fish", "green", "has", "house", "in", "is", "it", "likes",
    "man", "new", "night", "of", "old", "on", "one", "president", "red",
    "reads", "sees", "small", "the", "three", "to", "today", "two", "water",
    "with", "woman",
)  # fmt: skip
ALPHABET: tuple[str, ...] = tuple(string.ascii_letters + string.digits + ".,!?:;()\"'-")


def xx_word(english: str) -> str:
    """The toy "xx" language: English spelled backwards (``cat`` -> ``tac``)."""
    return english[::-1]


def yy_word(english: str) -> str:
    """The toy "yy" language: English in capitals (``cat`` -> ``CAT``)."""
    return english.upper()


def train_sentencepiece(words: list[str]) -> bytes:
    """A BPE SentencePiece model in which every toy word is one piece.

    Every ASCII letter, digit and common punctuation mark is a piece too, so
    other words fall apart into known pieces that the model copies.
    """
    corpus = [" ".join(words)] * 3 + [" ".join(ALPHABET)]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus),
        model_writer=model,
        model_type="bpe",
        vocab_size=8000,
        hard_vocab_limit=False,
        character_coverage=1.0,
        normalization_rule_name="identity",
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def vocabulary(model_proto: bytes) -> list[str]:
    processor = spm.SentencePieceProcessor(model_proto=model_proto)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _codes(rng: np.random.Generator, count: int, width: int) -> np.ndarray:
    """``count`` random +-1 codes of ``width``; checks that no two are alike."""
    codes = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=(count, width))
    overlap = np.abs(codes @ codes.T - width * np.eye(count, dtype=np.float32))
    if overlap.max() > CODE_MARGIN * width:
        raise SystemExit(f"codes too similar ({overlap.max()} of {width}); change the seed")
    return codes


def _layer_norm(spec: Any, dim: int) -> None:
    spec.gamma = np.ones(dim, dtype=np.float32)
    spec.beta = np.zeros(dim, dtype=np.float32)


def _linear(spec: Any, out_dim: int, in_dim: int, weight: np.ndarray | None = None) -> None:
    spec.weight = np.zeros((out_dim, in_dim), dtype=np.float32) if weight is None else weight
    spec.bias = np.zeros(out_dim, dtype=np.float32)


def _silent_attention(spec: Any, dim: int) -> None:
    """A self-attention sublayer whose output is zero (the residual passes through)."""
    _layer_norm(spec.layer_norm, dim)
    _linear(spec.linear[0], 3 * dim, dim)
    _linear(spec.linear[1], dim, dim)


def _silent_ffn(spec: Any, dim: int) -> None:
    _layer_norm(spec.layer_norm, dim)
    _linear(spec.linear_0, FFN_DIM, dim)
    _linear(spec.linear_1, dim, FFN_DIM)


def build_spec(vocab: list[str], mapping: dict[str, str]) -> transformer_spec.TransformerSpec:
    """The word-by-word transformer for ``vocab`` translating with ``mapping``.

    Residual layout: ``T`` (token code, ``TOKEN_WIDTH``), ``C`` (copied source
    token code, ``TOKEN_WIDTH``), ``P`` (position code, ``POSITION_WIDTH``).
    """
    size = len(vocab)
    index = {piece: i for i, piece in enumerate(vocab)}
    rng = np.random.default_rng(SEED)
    tokens = _codes(rng, size, TOKEN_WIDTH)
    places = _codes(rng, MAX_POSITIONS, POSITION_WIDTH)
    t_block = slice(0, TOKEN_WIDTH)
    c_block = slice(TOKEN_WIDTH, 2 * TOKEN_WIDTH)
    p_block = slice(2 * TOKEN_WIDTH, 2 * TOKEN_WIDTH + POSITION_WIDTH)
    dim = 2 * TOKEN_WIDTH + POSITION_WIDTH
    eye_t = np.eye(TOKEN_WIDTH, dtype=np.float32)
    eye_p = np.eye(POSITION_WIDTH, dtype=np.float32)

    spec = transformer_spec.TransformerSpec.from_config((1, 1), 1, pre_norm=True)
    spec.config.add_source_eos = True

    embeddings = np.zeros((size, dim), dtype=np.float32)
    embeddings[:, t_block] = tokens
    positions = np.zeros((MAX_POSITIONS, dim), dtype=np.float32)
    positions[:, p_block] = places

    encoder = spec.encoder
    encoder.scale_embeddings = False
    encoder.embeddings[0].weight = embeddings
    encoder.position_encodings.encodings = positions
    _layer_norm(encoder.layer_norm, dim)
    (layer,) = encoder.layer
    _silent_attention(layer.self_attention, dim)
    _silent_ffn(layer.ffn, dim)

    decoder = spec.decoder
    decoder.scale_embeddings = False
    decoder.embeddings.weight = embeddings.copy()
    decoder.position_encodings.encodings = positions.copy()
    _layer_norm(decoder.layer_norm, dim)
    (dlayer,) = decoder.layer
    _silent_attention(dlayer.self_attention, dim)
    _silent_ffn(dlayer.ffn, dim)

    # Cross-attention: decoder position t attends to encoder position t and
    # copies that token's code into the C block.
    cross = dlayer.attention
    _layer_norm(cross.layer_norm, dim)
    query = np.zeros((dim, dim), dtype=np.float32)
    query[p_block, p_block] = ATTENTION_SCALE * eye_p
    _linear(cross.linear[0], dim, dim, query)
    key_value = np.zeros((2 * dim, dim), dtype=np.float32)
    key_value[p_block, p_block] = eye_p  # keys read the position code
    key_value[dim:][t_block, t_block] = eye_t  # values read the token code
    _linear(cross.linear[1], 2 * dim, dim, key_value)
    output = np.zeros((dim, dim), dtype=np.float32)
    output[c_block, t_block] = eye_t
    _linear(cross.linear[2], dim, dim, output)

    # Output projection: the copied code of source token i votes for f(i).
    projection = np.zeros((size, dim), dtype=np.float32)
    for source_id, piece in enumerate(vocab):
        projection[index[mapping.get(piece, piece)], c_block] += tokens[source_id]
    _linear(decoder.projection, size, dim, projection)
    decoder.projection.bias[index["<s>"]] = -1e4  # never restart a sentence

    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


class _SpecConverter(Converter):
    def __init__(self, make_spec: Callable[[], transformer_spec.TransformerSpec]) -> None:
        self._make_spec = make_spec

    def _load(self) -> transformer_spec.TransformerSpec:
        return self._make_spec()


def _metadata(source: str, source_name: str, target: str, target_name: str) -> dict[str, object]:
    return {
        "package_version": PACKAGE_VERSION,
        "argos_version": "1.11",
        "from_code": source,
        "from_name": source_name,
        "to_code": target,
        "to_name": target_name,
        "type": "translate",
        "links": [],
        "description": (
            "Toy word-by-word test model built by tools/build_test_argos_model.py "
            f"(ctranslate2 {ctranslate2.__version__}, sentencepiece {spm.__version__}); "
            "not a real translation model."
        ),
    }


def _zip_directory(folder: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder.parent).as_posix()
            if path.is_dir():
                info = zipfile.ZipInfo(name + "/", date_time=ZIP_DATE)
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes(), compresslevel=9)


def build_package(
    work: Path, out_dir: Path, source: tuple[str, str], target: tuple[str, str],
    mapping: dict[str, str], words: list[str],
) -> Path:
    """Build one ``.argosmodel`` for ``source -> target``; return its path."""
    name = f"translate-{source[0]}_{target[0]}-{PACKAGE_VERSION.replace('.', '_')}"
    folder = work / name
    folder.mkdir(parents=True)
    proto = train_sentencepiece(words)
    (folder / "sentencepiece.model").write_bytes(proto)
    vocab = vocabulary(proto)
    piece_mapping = {"▁" + s: "▁" + t for s, t in mapping.items()}
    _SpecConverter(lambda: build_spec(vocab, piece_mapping)).convert(str(folder / "model"))
    metadata = _metadata(source[0], source[1], target[0], target[1])
    (folder / "metadata.json").write_text(
        json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    (folder / "README.md").write_text(
        f"# {source[1]} -> {target[1]} (toy)\n\n{metadata['description']}\n", encoding="utf-8"
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / f"{name}.argosmodel"
    _zip_directory(folder, archive)
    return archive


BPE_WORDS: tuple[str, ...] = ("the", "cat", "president")
# Moses escapes ' " & < > | [ ] as entities; their characters must be tokens too.
BPE_EXTRA_CHARACTERS = "&<>|[]"


def bpe_codes(words: tuple[str, ...]) -> tuple[str, list[str]]:
    """subword-nmt (v0.2) codes merging each of ``words`` whole, left to right,
    and every token the codes can produce (so the vocabulary covers them)."""
    merges: list[str] = []
    tokens: list[str] = []
    for word in words:
        left = word[0]
        for i, char in enumerate(word[1:], start=1):
            last = i == len(word) - 1
            right = char + ("</w>" if last else "")
            merge = f"{left} {right}"
            if merge not in merges:
                merges.append(merge)
            left += char
            tokens.append(left if last else left + "@@")
    return "#version: 0.2\n" + "".join(m + "\n" for m in merges), tokens


def build_bpe_package(work: Path, out_dir: Path) -> Path:
    """Build ``en -> zz`` (capitals) with Moses + BPE tokenization; return its path."""
    name = f"translate-en_zz-{PACKAGE_VERSION.replace('.', '_')}"
    folder = work / name
    folder.mkdir(parents=True)
    codes, merged = bpe_codes(BPE_WORDS)
    (folder / "bpe.model").write_text(codes, encoding="utf-8")
    characters = list(dict.fromkeys([*ALPHABET, *BPE_EXTRA_CHARACTERS]))
    lower = [*characters, *(c + "@@" for c in characters), *merged]
    extra = [t.upper() for t in merged if t.upper() not in lower]
    vocab = ["<unk>", "<s>", "</s>", *lower, *extra]
    known = set(vocab)
    mapping = {t: t.upper() for t in vocab[3:] if t.upper() in known and t.upper() != t}
    _SpecConverter(lambda: build_spec(vocab, mapping)).convert(str(folder / "model"))
    metadata = _metadata("en", "English", "zz", "Capitals (BPE)")
    (folder / "metadata.json").write_text(
        json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    (folder / "README.md").write_text(
        f"# English -> Capitals (toy, BPE)\n\n{metadata['description']}\n", encoding="utf-8"
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / f"{name}.argosmodel"
    _zip_directory(folder, archive)
    return archive


def build_all(out_dir: Path) -> list[Path]:
    """Build the xx->en, en->yy and (BPE) en->zz packages into ``out_dir``."""
    english = list(ENGLISH_WORDS)
    xx = [xx_word(w) for w in english]
    yy = [yy_word(w) for w in english]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        return [
            build_package(
                work / "xx", out_dir, ("xx", "Backwards"), ("en", "English"),
                {xx_word(w): w for w in english}, xx + english,
            ),
            build_package(
                work / "yy", out_dir, ("en", "English"), ("yy", "Capitals"),
                {w: yy_word(w) for w in english}, english + yy,
            ),
            build_bpe_package(work / "zz", out_dir),
        ]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    parser.add_argument(
        "--check", action="store_true",
        help="rebuild into a temporary directory and compare with the files in --out",
    )
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = build_all(Path(tmp))
            differ = [p.name for p in fresh if _digest(p) != _digest(args.out / p.name)]
        if differ:
            print(f"out of date: {', '.join(differ)}", file=sys.stderr)
            return 1
        print("test argos packages are up to date", file=sys.stderr)
        return 0
    for path in build_all(args.out):
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  "
              f"{path.stat().st_size} bytes  sha256 {_digest(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
