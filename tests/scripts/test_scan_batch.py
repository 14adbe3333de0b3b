"""scan and repair on many files (issue 14 item 3, issue 18 item 4): SARIF 2.1.0
validated against the public schema, unreadable files as error entries while the
others are still handled, repair --diff/--check/--in-place, and the same reading
as translate (UTF-16/32 without a byte-order mark refused, never read as 8-bit)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from polyglot_press.cli import main

DATA = Path(__file__).resolve().parent.parent / "data" / "sarif"
SPOOF = "Оwen Murphy met the observers.\n"
TROJAN = "access = \"user\u202e \u2066// admin\u2069 \u2066\"\n"


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "spoof": tmp_path / "spoof.txt",
        "latin1": tmp_path / "latin1.txt",
        "utf16": tmp_path / "utf16.txt",
        "clean": tmp_path / "dir with space" / "clean.md",
        "trojan": tmp_path / "trojan.py",
    }
    files["clean"].parent.mkdir()
    files["spoof"].write_text(SPOOF, encoding="utf-8")
    files["latin1"].write_bytes("café\n".encode("latin-1"))
    files["utf16"].write_bytes(("Hi" + TROJAN).encode("utf-16-le"))  # no BOM
    files["clean"].write_text("# Title\n\nPlain text.\n", encoding="utf-8")
    files["trojan"].write_text(TROJAN, encoding="utf-8")
    return files


def test_sarif_output_validates_and_keeps_going(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sarif_validator: jsonschema.protocols.Validator
) -> None:
    f = _files(tmp_path)
    argv = ["scan", "--format", "sarif", *(str(p) for p in f.values())]
    assert main(argv) == 2  # two files could not be read: the exit status says so
    out, err = capsys.readouterr()
    log = json.loads(out)
    sarif_validator.validate(log)
    (run,) = log["runs"]
    assert log["version"] == "2.1.0"
    located = [
        (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in run["results"]
    ]
    assert ("mixed-script", "error", f["spoof"].as_uri()) in located
    assert {rule for rule, _, _ in located} == {"mixed-script", "bidi"}
    assert {uri for _, _, uri in located} == {f["spoof"].as_uri(), f["trojan"].as_uri()}
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["mixed-script", "bidi"]
    spoof = next(r for r in run["results"] if r["ruleId"] == "mixed-script")
    assert spoof["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 5}
    replacement = spoof["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "Owen"
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes] == [
        f["latin1"].as_uri(), f["utf16"].as_uri()]
    assert "not UTF-8" in notes[0]["message"]["text"]
    assert "UTF-16LE" in notes[1]["message"]["text"]
    assert err.count("polyglot-press: error:") == 2


def test_sarif_relative_paths_are_uri_references(
    tmp_path: Path, sarif_validator: jsonschema.protocols.Validator
) -> None:
    f = _files(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "polyglot_press", "scan", "--format", "sarif", "--strict",
         "spoof.txt", "dir with space/clean.md"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1, done.stderr
    log = json.loads(done.stdout)
    sarif_validator.validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "spoof.txt"
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert f["clean"].exists()


def test_a_broken_sarif_log_fails_validation(sarif_validator: jsonschema.protocols.Validator) -> None:
    """The validator is not a rubber stamp: a log missing what 2.1.0 requires is refused."""
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator.validate({"version": "2.1.0", "runs": [{"results": []}]})  # no tool
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator.validate({"version": "2.0.0", "runs": []})


def test_json_batch_keeps_findings_of_good_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _files(tmp_path)
    assert main(["scan", "--format", "json", str(f["latin1"]), str(f["spoof"])]) == 2
    data = json.loads(capsys.readouterr().out)
    assert [entry["file"] for entry in data] == [str(f["latin1"]), str(f["spoof"])]
    assert "invalid UTF-8 byte(s) e9" in data[0]["error"]
    assert data[0]["findings"] == []
    assert [x["kind"] for x in data[1]["findings"]] == ["mixed-script"]
    assert "error" not in data[1]


@pytest.mark.parametrize(("codec", "name"), [
    ("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE"),
    ("utf-32-le", "UTF-32LE"), ("utf-32-be", "UTF-32BE"),
])
def test_wide_text_without_bom_is_refused_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codec: str, name: str
) -> None:
    """A bidi override in UTF-16 without a BOM once passed scan --strict with exit 0."""
    path = tmp_path / "wide.txt"
    path.write_bytes(("Привет " + TROJAN).encode(codec))
    for command in (["scan", "--strict"], ["repair", "--check"], ["segments"], ["detect"]):
        assert main([*command, str(path)]) == 2, command
        err = capsys.readouterr().err
        assert f"{name} text without a byte-order mark" in err, (command, err)
        assert f"iconv -f {name} -t UTF-8" in err
    assert path.read_bytes() == ("Привет " + TROJAN).encode(codec)


def test_repair_diff_check_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _files(tmp_path)
    spoof, clean, trojan = f["spoof"], f["clean"], f["trojan"]
    before = {p: p.read_bytes() for p in (spoof, clean, trojan)}

    assert main(["repair", "--check", str(clean)]) == 0
    assert main(["repair", "--check", str(spoof), str(clean)]) == 1
    assert main(["repair", "--check", "--diff", str(spoof), str(clean), str(trojan)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"--- a/{spoof}\n+++ b/{spoof}\n@@ -1 +1 @@\n-{SPOOF}+Owen Murphy")
    assert f"--- a/{trojan}" in out
    assert f"a/{clean}" not in out  # unchanged files give no diff
    assert "2 of 3 files would change" in err
    assert {p: p.read_bytes() for p in before} == before  # --check writes nothing

    assert main(["repair", "--in-place", "--diff", str(spoof), str(clean), str(trojan)]) == 0
    out, err = capsys.readouterr()
    assert "-Оwen" in out
    assert "+Owen" in out
    assert "2 of 3 files changed" in err
    assert spoof.read_text(encoding="utf-8") == "Owen Murphy met the observers.\n"
    assert clean.read_bytes() == before[clean]
    assert "\u202e" not in trojan.read_text(encoding="utf-8")
    # fixed files are a fixed point: checking again finds nothing to change
    assert main(["repair", "--check", str(spoof), str(clean), str(trojan)]) == 0


def test_repair_batch_reports_bad_files_and_repairs_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _files(tmp_path)
    latin1_before = f["latin1"].read_bytes()
    assert main(["repair", "--in-place", str(f["latin1"]), str(f["utf16"]), str(f["spoof"])]) == 2
    err = capsys.readouterr().err
    assert f"{f['latin1']}:1:4: invalid UTF-8 byte(s) e9" in err
    assert f"{f['utf16']}:1:1: this is UTF-16LE text" in err
    assert f["spoof"].read_text(encoding="utf-8").startswith("Owen")
    assert f["latin1"].read_bytes() == latin1_before

    assert main(["repair", "--format", "json", str(f["latin1"]), str(f["trojan"])]) == 2
    data = json.loads(capsys.readouterr().out)
    assert "invalid UTF-8" in data[0]["error"]
    assert data[1]["changed"] is True
    assert "\u202e" not in data[1]["text"]


def test_repair_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _files(tmp_path)
    assert main(["repair", str(f["spoof"]), str(f["clean"])]) == 2
    assert "choose --in-place" in capsys.readouterr().err
    assert main(["repair", "-o", str(tmp_path / "o.txt"), str(f["spoof"]), str(f["clean"])]) == 2
    assert "-o/--output takes one FILE" in capsys.readouterr().err
    assert main(["repair", "--check", "--in-place", str(f["spoof"])]) == 2
    assert main(["repair", "--in-place", "-"]) == 2


def test_a_stray_nul_in_utf8_is_not_taken_for_wide_text(tmp_path: Path) -> None:
    """UTF-8 with a NUL or two is refused as NUL (binary), not called UTF-16."""
    path = tmp_path / "nul.txt"
    path.write_bytes(b"ok line\nab\x00cd and more text here\n")
    assert main(["scan", str(path)]) == 2
    short = tmp_path / "short16.txt"
    short.write_bytes("Hi\n".encode("utf-16-le"))  # too short to tell: refused as NULs
    assert main(["scan", str(short)]) == 2
