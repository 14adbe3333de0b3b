"""The ``polyglot-press glossary`` subcommands, end to end on real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from polyglot_press.cli import main
from polyglot_press.glossary import Glossary


def test_add_set_remove_keep_comments(sample_copy: Path) -> None:
    path = str(sample_copy)
    assert main(["glossary", "add", path, "cec", "--kind", "organization", "en=CEC", "ru=ЦИК",
                 "kk=ОСК", "--variant", "en=Central Election Commission", "--dnt", "en"]) == 0
    assert main(["glossary", "set", path, "cec", "variants", "C.E.C.", "--lang", "en",
                 "--append"]) == 0
    assert main(["glossary", "set", path, "osce", "notes", "Vienna.", "OSCE."]) == 0
    assert main(["glossary", "set", path, "tokayev", "case", "exact", "--lang", "en"]) == 0
    # an option between the field and its value (argparse alone rejects "exact")
    assert main(["glossary", "set", path, "tokayev", "gender", "--lang", "en", "masculine"]) == 0
    assert main(["glossary", "remove", path, "copenhagen-document"]) == 0
    assert main(["glossary", "remove", path, "osce", "--lang", "de"]) == 0
    g = Glossary.load(path)
    cec = g.concept("cec")
    assert cec.term("en").variants == ("Central Election Commission", "C.E.C.")  # type: ignore[union-attr]
    assert cec.term("en").do_not_translate  # type: ignore[union-attr]
    assert g.languages == ("en", "ru", "de", "kk")
    assert g.concept("osce").notes == ("Vienna.", "OSCE.")
    assert g.concept("tokayev").term("en").gender == "masculine"  # type: ignore[union-attr]
    assert g.concept("osce").term("de") is None
    assert g.get("copenhagen-document") is None
    text = sample_copy.read_text(encoding="utf-8")
    assert "# keep the acronym" in text
    assert "# a person" in text


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["add", "{p}", "osce", "en=OSCE"], "exists already"),
        (["add", "{p}", "x", "en"], "LANG=TEXT"),
        (["set", "{p}", "osce", "colour", "red"], "unknown concept field"),
        (["set", "{p}", "osce", "preferred", "X"], "term fields need --lang"),
        (["set", "{p}", "osce", "case", "loud", "--lang", "en"], "unknown case policy"),
        (["set", "{p}", "nope", "kind", "person"], "no concept with id 'nope'"),
        (["remove", "{p}", "osce", "--lang", "fr"], "has no fr term"),
        (["add", "{p}", "x", "en_US=Foo"], "'en_US' is not a BCP 47 language tag"),
        (["add", "{p}", "x", "en= "], "the en term is empty"),
        (["add", "{p}", "x", "en=Foo", "--variant", "en="], "the en term is empty"),
        (["add", "{p}", "x", "en=Foo", "--dnt", "ru"], "--dnt ru needs a preferred ru term"),
        (["set", "{p}", "osce", "preferred", " ", "--lang", "en"], "cannot be empty"),
        (["set", "{p}", "osce", "variants", "OK", "", "--lang", "en"], "cannot be empty"),
        (["set", "{p}", "osce", "id", ""], "id cannot be empty"),
        (["lint", "{d}"], "is a directory"),
        (["show", "{d}", "OSCE"], "is a directory"),
        (["import", "{d}", "-o", "{d}/x.yaml"], "is a directory"),
        (["export", "{p}", "-o", "{d}"], "is a directory"),
        # filelock would create the missing folders for its lock file
        (["import", "{p}", "-o", "{d}/typo/x.yaml"], "no such folder"),
        (["merge", "{p}", "{p}", "-o", "{d}/typo/x.yaml"], "no such folder"),
        (["add", "{d}/typo/x.yaml", "x", "en=X", "--create"], "no such folder"),
    ],
)
def test_bad_edits_exit_2_with_a_message(sample_copy: Path, capsys: pytest.CaptureFixture[str],
                                          argv: list[str], needle: str) -> None:
    before = sample_copy.read_bytes()
    argv = [a.format(p=sample_copy, d=sample_copy.parent) for a in argv]
    assert main(["glossary", *argv]) == 2
    assert not (sample_copy.parent / "typo").exists()
    assert needle in capsys.readouterr().err
    assert sample_copy.read_bytes() == before


def test_show_finds_ids_forms_surnames_and_misspellings(data: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = str(data / "sample.yaml")
    for query in ("tokayev", "Касым-Жомарт Токаев", "Toqajew", "kassym-jomart tokayev"):
        assert main(["glossary", "show", path, query]) == 0
        assert "tokayev (person)" in capsys.readouterr().out
    assert main(["glossary", "show", path, "OSZE", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == "osce"
    assert main(["glossary", "show", path, "nothing"]) == 1


def test_fmt_and_check(sample_copy: Path) -> None:
    assert main(["glossary", "fmt", "--check", str(sample_copy)]) == 1
    assert main(["glossary", "fmt", str(sample_copy)]) == 0
    assert main(["glossary", "fmt", "--check", str(sample_copy)]) == 0
    assert "# a person" in sample_copy.read_text(encoding="utf-8")


def test_merge_reports_conflicts_and_writes_nothing(sample_copy: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        "glossary: {name: other, languages: [en, fr]}\nconcepts:\n"
        "  - id: osce\n    kind: organization\n    terms:\n      en: O.S.C.E.\n      fr: OSCE\n"
        "  - id: cec\n    terms: {en: CEC, fr: CEC}\n", encoding="utf-8")
    before = sample_copy.read_bytes()
    assert main(["glossary", "merge", str(sample_copy), str(other)]) == 1
    out = capsys.readouterr()
    assert "osce/en preferred: 'OSCE' here, 'O.S.C.E.' in the other glossary" in out.out
    assert sample_copy.read_bytes() == before
    assert main(["glossary", "merge", str(sample_copy), str(other), "--keep-ours"]) == 1
    g = Glossary.load(sample_copy)
    assert g.concept("osce").term("en").preferred == "OSCE"  # type: ignore[union-attr]
    assert "O.S.C.E." not in g.concept("osce").term("en").variants  # type: ignore[union-attr]
    assert g.concept("osce").term("fr").preferred == "OSCE"  # type: ignore[union-attr]
    assert g.get("cec") is not None
    assert "fr" in g.languages


def test_import_export_stats(data: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pairs.yaml"
    assert main(["glossary", "import", str(data / "pairs.csv"), "-o", str(out), "--source", "fr",
                 "--target", "en"]) == 0
    assert [c.id for c in Glossary.load(out).concepts] == ["chevre", "creme-brulee",
                                                           "bouillabaisse"]
    assert main(["glossary", "import", str(data / "pairs.csv"), "-o", str(out), "--source",
                 "fr", "--target", "en"]) == 2  # exists: nothing overwritten silently
    capsys.readouterr()
    tbx = tmp_path / "s.tbx"
    assert main(["glossary", "export", str(data / "sample.yaml"), "-o", str(tbx),
                 "--strict"]) == 1  # case policies are lost, and said so; kinds are kept
    err = capsys.readouterr().err
    assert "lost: osce/en: case policy exact" in err
    assert "kind" not in err
    back = Glossary.load(tbx)
    assert [str(c.kind) for c in back.concepts] == [str(c.kind) for c in
                                                     Glossary.load(data / "sample.yaml").concepts]
    assert main(["glossary", "export", str(data / "sample.yaml"), "-o", "-", "--to",
                 "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "en,ru,de,kind"
    assert main(["glossary", "stats", str(data / "sample.yaml"), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)[0]
    assert stats["concepts"] == 3
    assert stats["kinds"] == {"organization": 1, "person": 1, "term": 1}
    assert stats["languages"]["de"] == {"concepts": 3, "forms": 3, "forbidden": 1}


def test_import_errors_exit_2(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "import", str(data / "invalid_basic.tbx"), "-o",
                 str(tmp_path / "x.yaml")]) == 2
    assert "invalid_basic.tbx:7: 5 TBX-Basic violation(s)" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def test_bundled_glossary_is_clean_and_formatted(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    path = tmp_path / "k.yaml"
    shutil.copy(root / "glossaries" / "kazakhstan-elections.yaml", path)
    assert main(["glossary", "lint", str(path), "--strict"]) == 0
    g = Glossary.load(path)
    assert all(t.gender for c in g.concepts for t in c.terms if t.lang in ("pt", "de", "fr"))
    assert main(["glossary", "fmt", "--check", str(path)]) == 0
