"""The shape of the package: no import cycles, a bottom layer, no hand-cut language tags."""

from __future__ import annotations

import graphlib
import re
from pathlib import Path

import grimp

SRC = Path(__file__).resolve().parents[2] / "src" / "polyglot_press"
BOTTOM = {"polyglot_press.errors", "polyglot_press.text", "polyglot_press.lang",
          "polyglot_press._lang_data", "polyglot_press._files", "polyglot_press._gc"}


def _graph() -> grimp.ImportGraph:
    # imports under `if TYPE_CHECKING:` are annotations only; function-level
    # (lazy) imports count: a cycle hidden by a lazy import is still a cycle
    return grimp.build_graph("polyglot_press", exclude_type_checking_imports=True)


def test_no_import_cycles() -> None:
    graph = _graph()
    sorter = graphlib.TopologicalSorter(
        {m: graph.find_modules_directly_imported_by(m) for m in graph.modules})
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        raise AssertionError(f"import cycle: {' -> '.join(exc.args[1])}") from None


def test_the_bottom_layer_imports_nothing_above_it() -> None:
    graph = _graph()
    for module in BOTTOM:
        above = graph.find_modules_directly_imported_by(module) - BOTTOM
        assert not above, f"{module} imports {sorted(above)}"


def test_readers_and_the_document_model_do_not_reach_up() -> None:
    graph = _graph()
    assert not graph.chain_exists("polyglot_press.document", "polyglot_press.langid", as_packages=True)
    for module in graph.find_children("polyglot_press.formats"):
        assert not graph.chain_exists(module, "polyglot_press.document"), module


def test_language_tags_are_cut_only_in_lang_py() -> None:
    pattern = re.compile(r"""split\(\s*["']-["']\s*(?:,\s*1\s*)?\)\s*\[0\]"""
                         r"""|partition\(\s*["']-["']\s*\)\s*\[0\]""")
    offenders = [f"{path.relative_to(SRC)}:{number}"
                 for path in SRC.rglob("*.py") if path.name != "lang.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []


def test_no_hand_written_module_over_500_lines() -> None:
    long = []
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if text.startswith("# GENERATED") or "_data" in path.parts:
            continue
        lines = text.count("\n")
        if lines > 500:
            long.append(f"{path.relative_to(SRC)} ({lines})")
    assert long == []
