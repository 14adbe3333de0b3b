"""Fixtures for corpus runs: a small corpus, the toy argos package, a Dask LocalCluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from polyglot_press.engines.argos import install_package

ARGOS = Path(__file__).resolve().parent.parent / "data" / "argos" / "translate-en_yy-1_0.argosmodel"

SENTENCES = [
    "The OSCE mission presented its findings on Monday.",
    "Owen Murphy thanked the observers in Kazakhstan.",
    "The election results were published at noon.",
    "Experts praised the work of the commission.",
    "The report will be discussed in Vienna next week.",
    "Voters waited in long lines in the capital.",
]


def write_corpus(root: Path, documents: int) -> list[str]:
    """``documents`` small text files in two sub-folders; returns their ids."""
    ids = []
    for i in range(documents):
        folder = root / ("2023" if i % 2 else "2024")
        folder.mkdir(parents=True, exist_ok=True)
        lines = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 3)]
        (folder / f"doc{i:03d}.txt").write_text(" ".join(lines) + "\n", encoding="utf-8")
        ids.append(f"{folder.name}/doc{i:03d}.txt")
    return sorted(ids)


@pytest.fixture
def argos_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The toy en->yy argos package installed; ARGOS_PACKAGES_DIR points at it (workers inherit it)."""
    root = tmp_path / "argos-packages"
    install_package(ARGOS, root)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(root))
    return root


@pytest.fixture
def cluster() -> Iterator[object]:
    """A local Dask cluster of two single-threaded worker processes, and its client."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as local, Client(local) as client:
        yield client
