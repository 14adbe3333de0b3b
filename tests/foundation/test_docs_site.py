"""The documentation site (issue 14 item 6): ``mkdocs build --strict`` passes (a
broken link or an unresolved reference fails it), the API reference is generated
from the docstrings, and the README links the pages a reader starts from."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
         str(ROOT / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    # generated from the docstrings: a method, its docstring, and doctests as code blocks
    assert "translate_text" in api
    assert "Translate the string" in api
    assert '<span class="gp">&gt;&gt;&gt; </span>' in api  # highlighted as a console session
    for page in ("getting-started", "uses/press-office", "uses/localization-engineer",
                 "uses/pipeline-developer", "checking-text", "install", "benchmarks"):
        assert (site / page / "index.html").is_file(), page


def test_strict_build_would_fail_on_a_broken_link(tmp_path: Path) -> None:
    """The check above can fail: the same configuration refuses a page with a dead link."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [nowhere](nowhere.md).\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\ndocs_dir: docs\nstrict: true\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
         "-d", str(tmp_path / "site")],
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert done.returncode != 0
    assert "nowhere.md" in done.stderr


def test_readme_links_the_starting_pages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = set(re.findall(r"\]\(([^)#]+)", readme))
    for page in ("docs/getting-started.md", "docs/uses/press-office.md",
                 "docs/uses/localization-engineer.md", "docs/uses/pipeline-developer.md",
                 "docs/benchmarks.md", "docs/install.md"):
        assert page in links, page
    for link in links:
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link


def test_doctest_examples_become_code_blocks() -> None:
    spec = importlib.util.spec_from_file_location(
        "griffe_doctest_blocks", ROOT / "tools" / "griffe_doctest_blocks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = "Prose.\n\n>>> f([1])\n[('a', 1)]\n>>> g()\n\nMore prose.\n\n```python\n>>> x\n```"
    assert module.fence_doctests(text) == (
        "Prose.\n\n```pycon\n>>> f([1])\n[('a', 1)]\n>>> g()\n```\n\nMore prose.\n\n"
        "```python\n>>> x\n```")
    assert module.fence_doctests(">>> 1\n1") == "```pycon\n>>> 1\n1\n```"
