"""The Snowball stemmers load one language at a time (start-up), and stem exactly as
``snowballstemmer`` itself does."""

from __future__ import annotations

import json
import subprocess
import sys

import snowballstemmer

from polyglot_press import morphology

WORDS = ("eleições", "parlamentares", "observadores", "elections", "observers", "Wahlen",
         "Beobachter", "élections", "observateurs", "выборы", "наблюдателей", "wybory",
         "volby", "seçimler", "vaalit", "választások", "ընտրություններ", "εκλογές", "run", "a")


def test_every_mapped_stemmer_stems_as_the_package_does() -> None:
    for lang, algorithm in morphology.SNOWBALL.items():
        alone = morphology._snowball_alone(algorithm)
        assert alone is not None, algorithm
        package = snowballstemmer.stemmer(algorithm)
        assert [alone.stemWord(w) for w in WORDS] == [package.stemWord(w) for w in WORDS], lang
        assert morphology._stemmer(lang).stemWord("eleições") == package.stemWord("eleições")


def test_a_run_in_one_language_imports_one_stemmer() -> None:
    code = ("import json, sys\n"
            "from polyglot_press.morphology import find_forms\n"
            "assert find_forms('observador', 'Os observadores chegaram', 'pt')\n"
            "print(json.dumps(sorted(m for m in sys.modules if 'snowball' in m)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    loaded = json.loads(out)
    assert "snowballstemmer" not in loaded
    assert [m for m in loaded if m.endswith("_stemmer")] == [
        "_polyglot_press_snowball.portuguese_stemmer"]
