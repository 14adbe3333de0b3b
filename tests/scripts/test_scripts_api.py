"""scan / repair / helpers: behaviour beyond the labeled cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import polyglot_press as pp
from polyglot_press.errors import InputError
from polyglot_press.scripts import (
    RepairPolicy,
    RestrictionLevel,
    ScanContext,
    are_confusable,
    repair,
    resolved_scripts,
    restriction_level,
    scan,
    skeleton,
    walk,
)
from polyglot_press.scripts import scanner as scanner_module
from polyglot_press.text import Severity, Span, apply_changes

EXAMPLE = Path(__file__).resolve().parent.parent.parent / "examples" / "press-release.txt"


def test_seed_example_finds_exactly_the_cyrillic_o() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    findings = scan(text)
    assert len(findings) == 1
    (f,) = findings
    assert f.kind == "mixed-script"
    assert f.text == "\u041ewen"
    assert f.span.slice(text) == "\u041ewen"
    assert f.suggestion == "Owen"
    assert [(c.codepoint, c.name, c.script) for c in f.chars] == [
        ("U+041E", "CYRILLIC CAPITAL LETTER O", "Cyrillic")
    ]
    assert f.severity is Severity.ERROR
    assert 0.9 <= f.confidence <= 1.0

    fixed = repair(text)
    assert "\u041e" not in fixed.text
    assert fixed.text == text.replace("\u041ewen", "Owen")
    assert len(fixed.changes) == 1
    assert fixed.changes[0].before == "\u041e"
    assert fixed.changes[0].after == "O"
    assert fixed.undo() == text
    assert scan(fixed.text) == []


def test_public_api_exports() -> None:
    assert pp.repair("\u041ewen").text == "Owen"
    for name in (
        "scan",
        "repair",
        "Repaired",
        "RepairPolicy",
        "skeleton",
        "resolved_scripts",
        "restriction_level",
        "are_confusable",
    ):
        assert name in pp.__all__
        assert getattr(pp, name) is not None


def test_ascii_fast_path_does_no_per_character_work(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("per-character work on ASCII text")

    monkeypatch.setattr(scanner_module, "special_issues", boom)
    monkeypatch.setattr(scanner_module, "word_issues", boom)
    assert scan("Plain ASCII: Owen Murphy, 2023 & co. " * 1000) == []
    assert repair("Plain ASCII").changes == ()


def _case_texts() -> list[str]:
    import json

    folder = Path(__file__).resolve().parent.parent / "cases" / "scripts"
    texts = [
        json.loads(line)["text"]
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    texts += [
        "Оwen Murphy met Анна. Пpивет! Check the ѕсоре, ｐａｙ now, 12\u06634.",
        "Москва и Kазахстан; Officе и cлучаях, ΝΙΚΕ, ｐａｙ, 𝐁𝐚𝐧𝐤, 1２3, ١٢۳. " * 3,
        "I met Анна and Борис; the Russian word КОТ means cat; ΝΙΚΕ shoes",
    ]
    return texts


def test_word_walks_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The three ways of finding words (sparse, by main script, by type) give one answer."""
    texts = _case_texts()
    results = []
    for dense, share in ((10.0, 2.0), (0.0, 0.0), (0.0, 2.0)):
        monkeypatch.setattr(walk, "DENSE", dense)
        monkeypatch.setattr(walk, "MAIN_SHARE", share)
        results.append([scan(text) for text in texts])
    assert results[0] == results[1] == results[2]
    assert sum(map(len, results[0])) > 200


def test_finding_fields_and_json_round_trip() -> None:
    (f,) = scan("Log in to раураl now")  # all-Cyrillic except the Latin l
    assert f.kind == "mixed-script"
    assert f.suggestion == "paypal"
    assert {c.script for c in f.chars} == {"Cyrillic"}
    assert pp.Finding.from_dict(f.to_dict()) == f


def test_whole_script_judged_against_context() -> None:
    assert [f.kind for f in scan("Buy ΝΙΚΕ shoes today")] == ["whole-script"]
    assert scan("The Greek word ΝΙΚΕ is the goddess of victory") == []
    assert scan("I met Анна and Борис") == []
    # the cue must introduce the word: here it does not
    assert [f.kind for f in scan("Russian hackers registered аррӏе.com")] == ["link", "whole-script"]
    # in Russian text a Cyrillic word is at home
    assert scan("Вот соре и всё", context="ru") == []
    # one-letter words: a lowercase Cyrillic lookalike is a spoof, a capital is a mention
    assert [f.kind for f in scan("Use а pen")] == ["whole-script"]
    assert scan('Replace "О" by "O" in names') == []
    assert scan("In the old system ყ is written k") == []
    # the caller can say the text is English even when the string is short ("соԁе": no Russian
    # word; "соре" itself is one, the locative of "сор", so it is no longer rewritten)
    assert [f.kind for f in scan("соԁе", context="en")] == ["whole-script"]


def test_context_kinds_and_bad_kind() -> None:
    text = "Оwen\u200b and \u202e"
    assert {f.kind for f in scan(text, context=ScanContext(kinds=frozenset({"bidi"})))} == {"bidi"}
    with pytest.raises(InputError, match="unknown finding kind"):
        ScanContext(kinds=frozenset({"spoof"}))


def test_bidi_only_regions() -> None:
    text = "Оwen\n```\nname = 'Оwen\u200b\u202e'\n```\n"
    code = pp.Span(text.index("```"), len(text) - 1)
    findings = scan(text, context=ScanContext(bidi_only=(code,)))
    assert [(f.kind, f.span.start < code.start) for f in findings] == [
        ("mixed-script", True),
        ("bidi", False),
    ]


def test_repair_policies() -> None:
    text = "file\u202etxt.exe and pass\u200bword and \u041ewen"
    default = repair(text)
    assert default.text == "filetxt.exe and password and Owen"
    escaped = repair(text, RepairPolicy(bidi="escape"))
    assert "file<U+202E>txt.exe" in escaped.text
    kept = repair(text, RepairPolicy(bidi="keep", invisibles="keep", homoglyphs=False))
    assert kept.text == text
    assert kept.changes == ()
    for result in (default, escaped, kept):
        assert result.undo() == text
        assert apply_changes(text, result.changes) == result.text
    with pytest.raises(InputError):
        RepairPolicy(invisibles="escape")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        RepairPolicy(min_confidence=2.0)


def test_mixed_numbers_are_reported_not_repaired() -> None:
    (f,) = scan("Total: 12\u06634")
    assert f.kind == "mixed-numbers"
    assert f.suggestion is None
    assert repair("Total: 12\u06634").changes == ()


def test_unrepairable_mixed_word_is_reported_without_suggestion() -> None:
    (f,) = scan("Москваcity")
    assert f.kind == "mixed-script"
    assert f.suggestion is None
    assert f.confidence < 0.75
    assert repair("Москваcity").changes == ()


def test_tag_smuggling_message_reveals_hidden_text() -> None:
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore")
    (f,) = scan(f"Hello{hidden} world")
    assert f.kind == "invisible"
    assert f.rule == "tag-characters"
    assert "'ignore'" in f.message
    assert f.severity is Severity.ERROR


def test_helpers() -> None:
    assert skeleton("ѕсоре") == skeleton("scope") == "scope"
    assert are_confusable("Оwen", "Owen")
    assert not are_confusable("Owen", "Olen")
    assert resolved_scripts("Оwen") == frozenset()
    assert resolved_scripts("Owen") == frozenset({"Latn"})
    assert resolved_scripts("かな漢字") == frozenset({"Jpan"})
    assert resolved_scripts("한국어漢字") == frozenset({"Kore"})
    assert restriction_level("Owen") is RestrictionLevel.ASCII
    assert restriction_level("Привет") is RestrictionLevel.SINGLE_SCRIPT
    assert restriction_level("iPhoneを") is RestrictionLevel.HIGHLY_RESTRICTIVE
    assert restriction_level("Latinաբգ") is RestrictionLevel.MODERATELY_RESTRICTIVE
    assert restriction_level("Оwen") is RestrictionLevel.MINIMALLY_RESTRICTIVE
    assert restriction_level("a\u200bb") is RestrictionLevel.UNRESTRICTED


def test_skeleton_is_cached() -> None:
    skeleton.cache_clear()
    skeleton("Оwen Murphy")
    skeleton("Оwen Murphy")
    assert skeleton.cache_info().hits >= 1


_TEXT = st.text(
    alphabet=st.sampled_from(
        [
            *list("Owen Мурфи аеорсху ΑΒΕΚΟ ｐａ𝐁 ١٢3 "),
            "\u200b",
            "\u200c",
            "\u200d",
            "\u202e",
            "\u2066",
            "\u2069",
            "\u200f",
            "\ufe0f",
            "\U0001f468",
            "\U000e0067",
            "\u00ad",
            "ש",
            "\n",
        ]
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_repair_round_trips_and_spans_are_exact(text: str) -> None:
    for f in scan(text):
        assert f.span.slice(text) == f.text
    result = repair(text)
    assert result.undo() == text
    assert apply_changes(text, result.changes) == result.text
    # repairing twice changes nothing new on the parts already repaired
    again = repair(result.text, RepairPolicy(bidi="keep"))
    assert again.undo() == result.text


def test_bad_input_gets_clear_errors() -> None:
    with pytest.raises(InputError, match=r"lone surrogate U\+D800 at offset 3"):
        scan("abc\ud800")
    with pytest.raises(InputError, match=r"^2:2: repair\(\): lone surrogate U\+DCFF at offset 4"):
        repair("ab\nc\udcff")
    with pytest.raises(TypeError, match=r"got bytes.*decode"):
        scan(b"\xd0\x9ewen")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got NoneType"):
        scan(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="repair"):
        repair(b"x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"the only field is \{cp\}"):
        RepairPolicy(escape_format="{x}")
    with pytest.raises(ValueError, match="escape_format"):
        RepairPolicy(escape_format="{cp:q}")
    fixed = repair("a\u202eb", RepairPolicy(bidi="escape", escape_format="\\u{cp:04x}"))
    assert fixed.text == "a\\u202eb"


def test_whole_script_plausibility_and_local_context() -> None:
    # genuine Russian names and abbreviations in English text are left alone
    for text in ("I met Саша yesterday", "Вера and Маша", "Тарас came", "the СССР, ТАСС and an ОАО"):
        assert scan(text) == [], text
        assert repair(text).changes == ()
    # a spoof is caught, and a genuine Cyrillic name far away does not hide it
    spoof = "Log in at аррӏе.com to confirm."
    far = spoof + " The weather was fine." * 250 + " Then Дмитрий Песков spoke."
    for text in (spoof, far):
        link, finding = scan(text)
        assert (link.kind, link.rule, link.text) == ("link", "link-whole-script", "аррӏе")
        # judged a strong spoof, but inside a link: reported, never rewritten
        assert (finding.kind, finding.text, finding.suggestion) == ("whole-script", "аррӏе", None)
        assert finding.confidence >= RepairPolicy().min_confidence
    assert repair(far).changes == ()
    # the same word outside a link is repaired
    prose = "Check the аррӏе pie." + " The weather was fine." * 250 + " Then Дмитрий Песков spoke."
    assert repair(prose).text.startswith("Check the apple pie.")
    # weak evidence next to genuine Cyrillic words: reported for review, below the repair threshold
    text = "Дмитрий Песков said it was an еріс game for the whole team, and all agreed."
    (finding,) = scan(text)
    assert finding.confidence < RepairPolicy().min_confidence
    assert repair(text).text == text
    # host-name context is evidence only when it looks like one
    for text in ("Go to https://аррӏе.com now", "Use login.аррӏе.com", "Write to help@аррӏе.com"):
        assert {(f.kind, f.text) for f in scan(text)} == {("whole-script", "аррӏе"), ("link", "аррӏе")}, text
    assert scan("I met Саша.Then we left.") == []  # a missing space, not a domain
    # letters that look Latin only in italic or loosely make no whole-word reading
    assert scan("The Kazakh guests said үш and шаш at dinner, then left.") == []
    assert scan("Саша/Маша went home") == []
    # capitals next to capitals of the main script: "ТОР SECRET"; a known word alone is left
    assert [f.suggestion for f in scan("This file is ТОР SECRET.")] == ["TOP"]
    assert scan("The ТОР was closed.") == []
    # the other direction: Latin lookalikes spelling a Russian word in Russian text
    (finding,) = scan("Они купили HOBOE платье")
    assert (finding.kind, finding.suggestion) == ("whole-script", "НОВОЕ")
    assert scan("Они купили iPhone и ABBA, HOME, TOYOTA") == []


def test_letterlike_compatibility_letters() -> None:
    assert [(f.kind, f.text, f.suggestion) for f in scan("ℍello")] == [("compatibility", "ℍ", "H")]
    assert repair("The ℭompany").text == "The Company"
    assert scan("the sets ℝ and ℕ, 5 ℓ") == []  # lone Letterlike symbols are notation


def test_span_set_matches_naive_overlap() -> None:
    import random

    from polyglot_press.scripts.repairer import SpanSet

    rng = random.Random(4)
    for _ in range(200):
        taken = SpanSet()
        naive: list[Span] = []
        for _ in range(30):
            start = rng.randrange(0, 60)
            span = Span(start, start + rng.randrange(0, 4))
            expected = any(span.overlaps(s) for s in naive)
            assert taken.overlaps(span) == expected
            if not expected:
                taken.add(span)
                naive.append(span)


def test_repair_checks_overlaps_in_near_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each change is checked against its neighbours only, not against every change taken."""
    calls = 0
    original = Span.overlaps

    def counting(self: Span, other: Span) -> bool:
        nonlocal calls
        calls += 1
        return original(self, other)

    monkeypatch.setattr(Span, "overlaps", counting)
    n = 2000
    fixed = repair("Оwen\u200b met Оlga. " * n)
    assert len(fixed.changes) == 3 * n
    assert calls < 10 * len(fixed.changes)  # the old all-pairs check made ~n² / 2 calls


def test_scan_of_many_distinct_foreign_words_is_one_pass() -> None:
    """Dense text with many distinct foreign words: no per-word search of the whole text."""

    class Counting(str):
        finds = 0

        def find(self, *args: object, **kwargs: object) -> int:  # type: ignore[override]
            Counting.finds += 1
            return super().find(*args, **kwargs)  # type: ignore[arg-type]

    words = [f"слово{chr(0x430 + i % 32)}{chr(0x430 + i // 32 % 32)}" for i in range(300)]
    text = Counting(" ".join(f"the quick brown fox jumps over {w} and the ѕсоре" for w in words))
    assert walk.estimate_dominant(text)[0] == "Latn"  # dense, mostly Latin: the by-type walk
    findings = scan(text)
    assert Counting.finds <= 4  # the link pass looks for "." and "@" once each, never per word
    assert [f.text for f in findings] == ["ѕсоре"] * len(words)


def test_words_inside_one_non_ascii_run_are_all_found() -> None:
    # "«Оwen—Оlga»" is one run of non-ASCII characters holding two words
    findings = scan("Names: «Оwen—Оlga» and «Оscar».")
    assert [(f.kind, f.text) for f in findings] == [
        ("mixed-script", "Оwen"),
        ("mixed-script", "Оlga"),
        ("mixed-script", "Оscar"),
    ]
