"""Build the 1 MB benchmark texts for the script-analysis benchmarks.

English: the Wikinews articles in ``../shared/eval/news`` and FLORES-200
``eng_Latn`` devtest, repeated to 1 MB, with about 0.1% of the words given one
homoglyph (a Cyrillic or Greek lookalike letter). Russian: FLORES-200
``rus_Cyrl`` devtest repeated to 1 MB. Deterministic (fixed seed).
"""

from __future__ import annotations

import random
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
SIZE = 1_000_000

# Latin letter -> lookalike (Cyrillic, Greek)
LOOKALIKES = {
    "a": "\u0430",
    "e": "\u0435",
    "o": "\u043e",
    "p": "\u0440",
    "c": "\u0441",
    "y": "\u0443",
    "x": "\u0445",
    "i": "\u0456",
    "s": "\u0455",
    "A": "\u0391",
    "B": "\u0412",
    "E": "\u0395",
    "H": "\u041d",
    "K": "\u039a",
    "M": "\u041c",
    "O": "\u039f",
    "P": "\u0420",
    "T": "\u03a4",
}


def _repeat(text: str, size: int = SIZE) -> str:
    """``text`` repeated and cut at a space to about ``size`` bytes of UTF-8."""
    chars = int(size * len(text) / len(text.encode("utf-8")))
    out = (text * (chars // len(text) + 1))[:chars]
    return out[: out.rfind(" ")]


def english_news(rate: float = 0.001, seed: int = 7) -> tuple[str, int]:
    """1 MB of English news with ``rate`` of its words spoofed; returns (text, spoofed words)."""
    parts = [p.read_text(encoding="utf-8") for p in sorted((EVAL / "news").glob("*.txt"))]
    parts.append((EVAL / "flores200_devtest" / "eng_Latn.devtest").read_text(encoding="utf-8"))
    text = _repeat("\n\n".join(parts))
    words = text.split(" ")
    rng = random.Random(seed)
    spoofed = 0
    for i, word in enumerate(words):
        if rng.random() < rate:
            spots = [k for k, ch in enumerate(word) if ch in LOOKALIKES]
            if spots:
                k = rng.choice(spots)
                words[i] = word[:k] + LOOKALIKES[word[k]] + word[k + 1 :]
                spoofed += 1
    return " ".join(words), spoofed


def russian_news() -> str:
    """1 MB of Russian news (FLORES-200 rus_Cyrl devtest, repeated)."""
    return _repeat((EVAL / "flores200_devtest" / "rus_Cyrl.devtest").read_text(encoding="utf-8"))
