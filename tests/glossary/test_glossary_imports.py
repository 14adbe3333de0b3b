"""The glossary modules and names import one way (issue 12): no module reaches,
directly or through other packages, a module that imports it. Lazy imports
inside functions count too (grimp reads them)."""

from __future__ import annotations

import grimp


def test_no_import_cycle_through_glossary_or_names() -> None:
    graph = grimp.build_graph("polyglot_press")
    ours = sorted(m for m in graph.modules
                  if m.startswith("polyglot_press.glossary.") or m.startswith("polyglot_press.names"))
    assert "polyglot_press.glossary.records" in ours
    cycles = []
    for module in ours:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported == "polyglot_press.glossary":  # the package itself: __init__ only
                continue
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain is not None:
                cycles.append((module, *chain))
    assert cycles == []


def test_readers_and_writers_sit_below_convert() -> None:
    graph = grimp.build_graph("polyglot_press")
    for low in ("model", "records", "tags", "files", "io_csv", "io_tbx", "yaml_read",
                "yaml_write", "tbx_tree", "tbx_basic", "tbx_write", "folding"):
        assert not graph.chain_exists(importer=f"polyglot_press.glossary.{low}",
                                      imported="polyglot_press.glossary.convert"), low
