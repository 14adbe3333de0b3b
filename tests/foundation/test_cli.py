"""The polyglot-press command: segments, exit codes, stdout/stderr discipline."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from polyglot_press.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "press-release.txt"


def test_console_script_is_installed_and_runs() -> None:
    exe = shutil.which("polyglot-press") or str(Path(sys.executable).parent / "polyglot-press")
    result = subprocess.run(
        [exe, "segments", str(EXAMPLE), "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "text"
    segments = [s for b in data["blocks"] for s in b["segments"]]
    assert len(segments) == 29
    assert segments[0]["span"] == [0, 61]


def test_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "polyglot_press", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("polyglot-press ")


def test_segments_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segments", str(EXAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "   0 0-61  Experts Praised Parliamentary Elections Results in Kazakhstan" in out
    assert "Оwen Murphy noted" in out


def test_segments_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"# Hi\n\nOne. Two.\n")))
    assert main(["segments", "-", "--input-format", "markdown", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [b["kind"] for b in data["blocks"]] == ["heading", "paragraph"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "bad.txt", b"ok\n\xff"), "bad.txt:2:1: invalid UTF-8"),
        (lambda d: _write(d / "doc.pdf", b"%PDF"), "no reader for files ending in '.pdf'"),
    ],
)
def test_input_errors_exit_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, message: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    assert main(["segments", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["segments"]) == 2
    assert main(["no-such-command"]) == 2
    assert main(["--help"]) == 0


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
