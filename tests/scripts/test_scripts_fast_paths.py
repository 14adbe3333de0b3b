"""The shortcuts of the scanner's word walk give the same answers as the plain computations."""

from __future__ import annotations

import random

import pytest

from polyglot_press.scripts import controls, scan, walk


def test_rare_triggers_match_only_characters_the_high_run_pass_finds() -> None:
    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    for trigger in walk.RARE_TRIGGERS:
        hits = trigger.findall(every)
        assert len(hits) > 100
        assert all(len(h) == 1 and walk.HIGH_RUN_RE.fullmatch(h) for h in hits), trigger.pattern
    either = sorted({c for t in walk.RARE_TRIGGERS for c in t.findall(every)})
    assert walk.RARE_RE.findall(every) == either


_ODD = ["٣", "𝐀", "ℝ", "１", "a", "Ａ", "α", "ꙮ", "١٢", "𝟙", "ﬀ", "Ⅻ", "—", "«", "ℓ", "中", "५", "\U0001fbf1"]


@pytest.mark.parametrize("script", sorted(walk.LOW_SCRIPTS))
def test_word_walk_with_the_high_run_prefilter_finds_the_same_words(script: str) -> None:
    base = {
        "Cyrl": "Новые данные — «по оценке» экспертов, 2024 год № 5 ",
        "Grek": "Η νέα έκθεση — «σύμφωνα» με τους ειδικούς, 2024 ",
        "Armn": "Նոր տվյալներ — «ըստ» փորձագետների, 2024 ",
        "Hebr": "נתונים חדשים — «לפי» המומחים, 2024 ",
    }[script]
    rng = random.Random(5)
    chars = list(base * 40)
    for _ in range(120):
        i = rng.randrange(len(chars))
        chars[i] = rng.choice(_ODD) + (chars[i] if rng.random() < 0.5 else "")
    text = "".join(chars)
    triggers = walk.triggers_for(script)
    plain = list(walk.words_sparse(text, triggers))
    assert len(plain) > 50
    assert list(walk.words_sparse(text, triggers, low=True)) == plain


@pytest.mark.parametrize(
    "text",
    [
        "a" * 980 + "ж" * 20,  # exactly at the share: dense
        "a" * 981 + "ж" * 19,  # 19 two-byte characters: just below
        "a" * 993 + "中" * 7,  # 14 extra bytes: below
        "a" * 990 + "中" * 10,  # 20 extra bytes: dense, though only 1% non-ASCII
        "a" * 995 + "\U0001d400" * 5,  # four-byte characters: 15 extra bytes
        "a" * 993 + "\U0001d400" * 7,  # 21 extra bytes
        "",
        "ж",
    ],
)
def test_density_bounds_agree_with_the_utf8_length(text: str) -> None:
    non_ascii = sum(1 for c in text if not c.isascii())
    exact = len(text.encode("utf-8")) - len(text) >= walk.DENSE * len(text)
    assert walk.is_dense(text, non_ascii) is exact


def test_russian_text_with_rare_characters_is_still_reported() -> None:
    text = "Курс вырос на ٣ процента, а индекс 𝐀𝐁𝐂 упал; Новая цена — 1２3 рубля. " * 20
    found = scan(text)
    assert len(found) == 60
    assert {(f.kind, f.text) for f in found} == {
        ("compatibility", "２"),
        ("compatibility", "𝐀𝐁𝐂"),
        ("mixed-numbers", "1２3"),
    }


def test_every_default_ignorable_is_high_or_one_of_the_low_ones() -> None:
    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    ignorable = {c for run in controls.SPECIAL_RE.findall(every) for c in run}
    assert len(ignorable) > 4000
    assert sorted(c for c in ignorable if ord(c) < 0x0660) == sorted(controls.LOW_IGNORABLES)


@pytest.mark.parametrize(
    "text",
    [
        # runs sparse enough to stay within the budget
        ("Новый\u200bдом — «дом»\u200d и\u200f ещё " + "обычный текст без них " * 60) * 20,
        "Новый\u00ad\u200bдом — «дом»\u034f\u200d и\u061c\u200f ещё " * 60,  # low ignorables: one pass
        "\u00adначало и конец\u00ad",
        "ab\u200b" * 3000,  # more runs than the budget: one pass over the rest
        "नमस्ते दुनिया\u200c " * 500 + "x\u202eab\u202c",
        "flag 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f\u00ad end " * 40,
        ("flag 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f end " + "plain words " * 100)
        * 5,
        "short\u200b",
        "",
    ],
)
def test_special_spans_are_those_of_one_pass(text: str) -> None:
    plain = [m.span() for m in controls.SPECIAL_RE.finditer(text)]
    assert list(controls.special_spans(text)) == plain
    if text:
        assert plain
