"""_files: atomic writes, and the debris a killed write leaves behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polyglot_press._files import (
    TEMPORARY_SUFFIX,
    atomic_write_bytes,
    atomic_write_text,
    remove_stale_temporaries,
)
from polyglot_press.errors import FileAccessError, InputError


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_stale_temporary_is_removed_by_the_next_write(tmp_path: Path) -> None:
    stale = tmp_path / f".report.json.{_dead_pid()}.abc123{TEMPORARY_SUFFIX}"
    stale.write_bytes(b"half")
    atomic_write_bytes(tmp_path / "other.txt", b"new")
    assert not stale.exists()
    assert (tmp_path / "other.txt").read_bytes() == b"new"


def test_a_temporary_of_a_running_process_is_kept(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        live = tmp_path / f".g.yaml.{sleeper.pid}.xyz{TEMPORARY_SUFFIX}"
        live.write_bytes(b"in progress")
        own = tmp_path / f".g.yaml.{os.getpid()}.xyz{TEMPORARY_SUFFIX}"
        own.write_bytes(b"mine")
        foreign = tmp_path / ".g.yaml.tmp"  # not ours: never touched
        foreign.write_bytes(b"x")
        assert remove_stale_temporaries(tmp_path) == []
        assert live.exists()
        assert own.exists()
        assert foreign.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_temporary_of_a_killed_process_left_a_zombie_is_removed(tmp_path: Path) -> None:
    # A worker killed with -9 whose parent died too stays a zombie when init does
    # not reap it (common in containers); kill(pid, 0) still succeeds on it.
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # exited, not yet reaped: a zombie
            state = Path(f"/proc/{child.pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
            if state == b"Z":
                break
            time.sleep(0.02)
        assert state == b"Z"
        stale = tmp_path / f".doc013.yy.txt.{child.pid}.u3o9xh66{TEMPORARY_SUFFIX}"
        stale.write_bytes(b"half")
        assert remove_stale_temporaries(tmp_path) == [stale]
    finally:
        child.wait()


_WRITER = """
import sys
from polyglot_press._files import atomic_write_bytes
data = bytes([int(sys.argv[2])]) * 50_000_000
print("ready", flush=True)
while True:
    atomic_write_bytes(sys.argv[1], data)
"""


def test_kill_9_during_writes_leaves_a_whole_file_and_the_next_write_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"\x01" * 10)
    for trial in range(3):
        writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(target), str(65 + trial)],
                                  stdout=subprocess.PIPE)
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == b"ready"
        time.sleep(0.3 + 0.2 * trial)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        data = target.read_bytes()
        assert len(set(data)) == 1, "the target holds one whole write, never a mix"
        assert data in (b"\x01" * 10, bytes([65 + trial]) * 50_000_000)
    atomic_write_text(tmp_path / "next.txt", "ok")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(TEMPORARY_SUFFIX)]
    assert leftovers == []


def test_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="does not exist"):
        atomic_write_bytes(tmp_path / "missing" / "x.txt", b"")
    with pytest.raises(FileAccessError, match="is a directory"):
        atomic_write_bytes(tmp_path, b"")
    with pytest.raises(InputError, match="lone surrogate"):
        atomic_write_text(tmp_path / "s.txt", "bad \ud800")
    assert not (tmp_path / "s.txt").exists()
