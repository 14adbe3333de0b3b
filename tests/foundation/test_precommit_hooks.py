"""The shipped pre-commit hooks, run by pre-commit itself (``pre-commit try-repo``)
on a throwaway git repository (issue 14 item 2).

pre-commit builds the hook's environment the way a user's first run does
(a new virtualenv with ``pip install`` of this repository, uncommitted changes
included): the core only, so it takes seconds and holds no torch.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPOOF = "Оwen Murphy met the OSCE.\n"


def _sample_repo(path: Path) -> Path:
    path.mkdir()
    (path / "spoof.txt").write_text(SPOOF, encoding="utf-8")
    (path / "latin1.txt").write_bytes("café\n".encode("latin-1"))
    (path / "clean.md").write_text("# Title\n\nAll fine.\n", encoding="utf-8")
    (path / "trojan.py").write_text('ok = "user\u202e // admin"\n', encoding="utf-8")
    (path / "digits.txt").write_text("Total: 12\u06634 votes\n", encoding="utf-8")  # not repairable
    env = _env(path)
    subprocess.run(["git", "init", "-q"], cwd=path, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=path, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "sample"], cwd=path, check=True, env=env)
    return path


def _env(path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org",
        "PRE_COMMIT_COLOR": "never", "PRE_COMMIT_HOME": str(path.parent / "pre-commit-home"),
        # pip in the hook's new environment uses this machine's pip settings and
        # package cache, as a user's first `pre-commit run` does (the test session
        # points the XDG folders elsewhere)
        "XDG_CONFIG_HOME": str(Path.home() / ".config"),
        "XDG_CACHE_HOME": str(Path.home() / ".cache"),
    })
    return env


def _try_repo(repo: Path) -> subprocess.CompletedProcess[str]:
    """Every hook of this repository; try-repo runs them sorted by id: bidi, repair, scan."""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files"],
        cwd=repo, capture_output=True, text=True, env=_env(repo), timeout=600,
    )


def _section(out: str, name: str) -> str:
    """The output of the hook whose name starts with ``name``."""
    start = out.index(name)
    end = out.find("polyglot-press ", out.index("\n", start))
    return out[start:end if end != -1 else None]


@pytest.mark.slow
def test_hooks_check_and_fix_files_one_by_one(tmp_path: Path) -> None:
    repo = _sample_repo(tmp_path / "sample")
    latin1 = (repo / "latin1.txt").read_bytes()
    done = _try_repo(repo)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out

    bidi = _section(out, "polyglot-press scan (bidi")
    assert "Failed" in bidi
    assert "trojan.py:1:11: error bidi" in bidi
    assert "spoof.txt" not in bidi  # --only bidi

    repair = _section(out, "polyglot-press repair")
    assert "Failed" in repair
    assert "files were modified by this hook" in repair
    assert "latin1.txt:1:4: invalid UTF-8 byte(s) e9" in repair  # reported, the others repaired
    assert "digits.txt:1:8: not repaired: mixed-numbers" in repair
    assert (repo / "spoof.txt").read_text(encoding="utf-8") == "Owen Murphy met the OSCE.\n"
    assert "\u202e" not in (repo / "trojan.py").read_text(encoding="utf-8")
    assert (repo / "latin1.txt").read_bytes() == latin1  # never rewritten
    assert (repo / "clean.md").read_text(encoding="utf-8") == "# Title\n\nAll fine.\n"

    scan = _section(out, "polyglot-press scan (homoglyphs")
    assert "Failed" in scan
    assert "- exit code: 2" in scan  # a file could not be read
    assert "latin1.txt:1:4: invalid UTF-8 byte(s) e9" in scan
    assert "digits.txt:1:8: warning mixed-numbers" in scan  # the files after it still scanned
    # pre-commit may split the files over parallel runs: each prints its own summary
    assert "1 file could not be scanned" in scan
    assert "1 finding in " in scan

    # once the unreadable file is converted, everything passes: the repaired
    # files are a fixed point of repair and clean for scan
    (repo / "latin1.txt").write_text("café\n", encoding="utf-8")
    (repo / "digits.txt").unlink()
    again = _try_repo(repo)
    out = again.stdout + again.stderr
    assert again.returncode == 0, out
    assert out.count("Passed") == 3, out
