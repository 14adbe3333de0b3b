"""The rule engine: context rules, capitals, and explanations that replay exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_press import apply_changes, undo_changes
from polyglot_press.translit import standards, transliterate, transliterate_explain
from polyglot_press.translit._engine import RuleTable, Scheme

ALPHABETS = {
    "kk": "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'’",
    "hy": "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆև՞",
    "ka": "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    "el": "αάβγδεέζηήθιίϊκλμνξοόπρσςτυύϋφχψωώ",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "mn": "абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя",
}
SCHEMES = [(s.language, s.name) for s in standards()
           if s.target_script == "Latn" and not s.name.endswith("-transliterate")]


def _text(alphabet: str) -> st.SearchStrategy[str]:
    letters = alphabet + alphabet.upper()
    return st.text(st.sampled_from([*letters, " ", "-", ".", "1", "«", "X"]), max_size=24)


@pytest.mark.parametrize(("language", "standard"), SCHEMES)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_explanation_replays_to_the_same_text(language: str, standard: str,
                                              data: st.DataObject) -> None:
    text = data.draw(_text(ALPHABETS[language]))
    fast = transliterate(text, language, standard=standard)
    explained = transliterate_explain(text, language, standard=standard)
    assert explained.text == fast
    assert apply_changes(text, explained.changes) == fast
    assert undo_changes(fast, explained.changes) == text
    for change in explained.changes:
        assert change.rule.startswith(f"translit:{standard}:")


def _names(alphabet: str) -> st.SearchStrategy[str]:
    """Words in lower or Title case only: the fast path (no capital inside a word)."""
    word = st.text(st.sampled_from(alphabet), min_size=1, max_size=9)
    cased = st.tuples(word, st.booleans()).map(lambda p: p[0].capitalize() if p[1] else p[0])
    return st.lists(cased, min_size=1, max_size=4).map(" ".join)


@pytest.mark.parametrize(("language", "standard"), SCHEMES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_first_sight_fast_path_equals_the_explained_path(language: str, standard: str,
                                                         data: st.DataObject) -> None:
    from polyglot_press.translit.standards import scheme_for

    text = data.draw(_names(ALPHABETS[language]))
    scheme = scheme_for(language, standard, "Latn")[1]
    engine = getattr(scheme, "scheme", scheme)
    assert isinstance(engine, Scheme)
    fresh = Scheme(standard, engine.table)  # nothing remembered: every unit resolved now
    explained = transliterate_explain(text, language, standard=standard)
    assert fresh.apply(text) == explained.text
    assert fresh.apply(text) == explained.text  # and again, from what it remembered


def test_the_word_memo_gives_the_same_answer_cold_and_warm() -> None:
    table = RuleTable(letters={"е": "e", "л": "l", "н": "n", "а": "a"},
                      initial={"е": "ye"}, after={"ае": "ye"})
    cold = Scheme("demo", table)
    words = "Елена ЕЛЕНА елена Алена аеа Е"
    first = cold.apply(words)
    assert first == "Yelena YELENA yelena Alena ayea Ye"
    assert cold.apply(words) == first  # now from the memo
    assert Scheme("demo", table).apply(words) == first  # and cold again


def test_context_rules() -> None:
    # word start, after a vowel, word end, letters taken together
    assert transliterate("Елена Сергеевна", "ru", standard="ru-bgn") == "Yelena Sergeyevna"
    assert transliterate("Красный Великий", "ru", standard="ru-wikipedia") == "Krasny Veliky"
    assert transliterate("Զգուշություն", "hy", standard="hy-bgn") == "Zgushut'yun"
    assert transliterate("ευτυχία ευλογία", "el") == "eftychia evlogia"


def test_capitals_of_digraphs() -> None:
    assert transliterate("Щукин", "ru") == "Shchukin"
    assert transliterate("ЩУКИН", "ru") == "SHCHUKIN"
    assert transliterate("Щ.", "ru") == "Shch."
    assert transliterate("ЩЮ", "ru") == "SHCHIU"
    assert transliterate("ЮЩ", "ru") == "IUSHCH"
    assert transliterate("Юрий ЮРИЙ", "ru", standard="ru-wikipedia") == "Yury YURY"


def test_explain_names_the_rule_and_the_place() -> None:
    result = transliterate_explain("Назарбаев", "kk", standard="kk-press")
    assert result.text == "Nazarbayev"
    assert result.standard == "kk-press"
    after = [c for c in result.changes if c.rule.endswith(":after")]
    assert [(c.span.start, c.before, c.after) for c in after] == [(7, "е", "ye")]
    assert "after the previous letter" in after[0].reason
    assert result.to_dict()["changes"][0]["span"] == [0, 1]


def test_decomposed_latin_input_is_explained_as_one_change() -> None:
    result = transliterate_explain("A\u0308bla", "kk", target="Cyrl")
    assert result.text == "Әбла"
    assert apply_changes("A\u0308bla", result.changes) == "Әбла"
