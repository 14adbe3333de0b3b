"""Lint: every rule, with file:line, and the safe fixes as Change records."""

from __future__ import annotations

import shutil
from pathlib import Path

from polyglot_press.glossary import Glossary, fix_glossary, lint_glossary
from polyglot_press.text import apply_changes


def _by_rule(path: Path) -> dict[str, list[int | None]]:
    out: dict[str, list[int | None]] = {}
    for issue in lint_glossary(Glossary.load(path)):
        out.setdefault(issue.rule, []).append(issue.line)
    return out


def test_every_rule_fires_on_its_line(data: Path) -> None:
    rules = _by_rule(data / "dirty.yaml")
    assert rules["language-tag"] == [3, 3, 23]
    assert rules["whitespace"] == [8, 10, 14]
    assert rules["empty-term"] == [11]
    assert rules["duplicate-form"] == [12]
    assert rules["variant-forbidden"] == [14]
    assert rules["duplicate-id"] == [16]
    assert rules["script-mixed-script"] == [18]
    assert rules["script-invisible"] == [18]
    assert rules["not-nfc"] == [22]
    assert rules["undeclared-language"] == [23, 24]
    assert 5 in rules["missing-language"]


def test_term_conflict_names_both_places() -> None:
    from polyglot_press.glossary.io_yaml import loads_yaml

    g = loads_yaml("concepts:\n  - id: a\n    terms: {en: CEC}\n  - id: b\n    terms:\n"
                   "      en: {preferred: Commission, variants: [cec]}\n", "g.yaml")
    (issue,) = [i for i in lint_glossary(g) if i.rule == "term-conflict"]
    assert issue.line == 6
    assert "belongs to 'a' (line 3)" in issue.message
    assert str(issue).startswith("g.yaml:6: error:")


def test_clean_sample_has_no_issues(data: Path) -> None:
    assert lint_glossary(Glossary.load(data / "sample.yaml")) == []


def test_fixes_are_changes_that_replay(data: Path) -> None:
    g = Glossary.load(data / "dirty.yaml")
    for issue in lint_glossary(g):
        if issue.changes:
            fixed = apply_changes(issue.value, issue.changes)
            assert fixed != issue.value
    fixed, applied = fix_glossary(g)
    a = fixed.concepts[0].term("en")
    assert a is not None
    assert a.preferred == "OSCE"
    assert a.variants == ("Organization for Security",)
    assert a.forbidden == ("organization for security",)
    assert fixed.concepts[1].term("en").preferred == "OSCE"  # type: ignore[union-attr]
    assert fixed.concepts[2].term("en").preferred == "Café"  # type: ignore[union-attr]
    assert fixed.languages[2] == "en-GB"
    assert {f.issue.rule for f in applied} >= {"whitespace", "empty-term", "duplicate-form",
                                              "script-invisible", "not-nfc", "language-tag"}
    remaining = {i.rule for i in lint_glossary(fixed)}
    assert remaining.isdisjoint({"whitespace", "empty-term", "duplicate-form", "not-nfc",
                                 "script-invisible", "script-mixed-script"})
    assert "variant-forbidden" in remaining
    assert "duplicate-id" in remaining


def test_cli_lint_fix_writes_and_keeps_unrelated_text(data: Path, tmp_path: Path,
                                                      capsys) -> None:  # type: ignore[no-untyped-def]
    from polyglot_press.cli import main

    path = tmp_path / "dirty.yaml"
    shutil.copy(data / "dirty.yaml", path)
    assert main(["glossary", "lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:14: error:" in out
    assert "[variant-forbidden]" in out
    assert main(["glossary", "lint", "--fix", str(path), "--format", "json"]) == 1
    fixed_text = path.read_text(encoding="utf-8")
    assert "languages: [en, ru, en-GB, english]" in fixed_text
    assert "'OSCE'" in fixed_text
    assert "\\u200b" not in fixed_text
    assert main(["glossary", "lint", str(path), "--ignore", "language-tag",
                 "--ignore", "variant-forbidden", "--ignore", "duplicate-id"]) == 0
    clean = tmp_path / "clean.yaml"
    shutil.copy(data / "sample.yaml", clean)
    assert main(["glossary", "lint", "--strict", str(clean)]) == 0


def test_control_characters_are_errors_and_removed_by_fix() -> None:
    from polyglot_press.glossary.io_yaml import loads_yaml

    g = loads_yaml('concepts:\n  - id: a\n    terms:\n      en: "bad\\x01char\\x7f"\n'
                   "      de: Gut\n", "g.yaml")
    (issue,) = [i for i in lint_glossary(g) if i.rule == "control-character"]
    assert (issue.line, str(issue.severity)) == (4, "error")
    assert "U+0001, U+007F" in issue.message
    fixed, applied = fix_glossary(g)
    assert fixed.concept("a").term("en").preferred == "badchar"  # type: ignore[union-attr]
    assert [c.rule for fix in applied for c in fix.issue.changes] == ["glossary.control"] * 2
    assert not [i for i in lint_glossary(fixed) if i.rule == "control-character"]


def test_locale_style_language_tags_are_fixed_to_bcp47() -> None:
    from polyglot_press.glossary.io_yaml import loads_yaml

    g = loads_yaml("glossary:\n  languages: [en_us, de]\nconcepts:\n  - id: a\n    terms:\n"
                   "      en_us: x\n      de: y\n      english_US: z\n", "g.yaml")
    issues = [i for i in lint_glossary(g) if i.rule == "language-tag"]
    assert [(i.line, i.fixable) for i in issues] == [(2, True), (6, True), (8, False)]
    assert "write 'en-US'" in issues[0].message
    fixed, _ = fix_glossary(g)
    assert fixed.languages == ("en-US", "de")
    assert [t.lang for t in fixed.concept("a").terms] == ["en-US", "de", "english_US"]


def test_a_clean_fast_read_glossary_is_not_read_again(tmp_path: Path) -> None:
    # a glossary read without lines is linted as it is; only issues send the file
    # to the round-trip reader for their lines (a clean 100 MB file is read once)
    path = tmp_path / "g.yaml"
    clean = "glossary: {name: g, languages: [en]}\nconcepts:\n  - id: a\n    terms: {en: OSCE}\n"
    path.write_text(clean, encoding="utf-8")
    g = Glossary.load(path)
    assert g.locations == {}
    path.write_text("concepts: [\n", encoding="utf-8")  # a re-read would now fail or differ
    assert lint_glossary(g) == []
    dirty = clean + "  - id: b\n    terms: {en: ' ODIHR'}\n"
    path.write_text(dirty, encoding="utf-8")
    issues = lint_glossary(Glossary.load(path))
    assert [(i.rule, i.line) for i in issues if i.rule == "whitespace"] == [("whitespace", 6)]
