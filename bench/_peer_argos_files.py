"""Run argos-translate-files (the peer) on files, offline, with a given argos package.

Run by ``bench/formats.py --peer-python PY`` in an environment that has
argos-translate-files installed (it replaces the ``argostranslate`` package by
its ``argos-translate-lt`` fork, so it cannot share the project's environment).
MiniSBD would download a sentence model: an offline splitter stands in.
Prints a JSON object: input path -> {"output", "seconds"} or {"error"}.
"""

import json
import re
import sys
import time

import argostranslate.package
import argostranslate.translate
from argostranslate import sbd
from argostranslate import translate as _t
from argostranslatefiles import argostranslatefiles


class Offline(sbd.ISentenceBoundaryDetectionModel):
    """Split after . ! ? and white space (MiniSBD would download a model)."""

    def __init__(self, pkg):
        self.pkg = pkg

    def split_sentences(self, text):
        return [p for p in re.split(r"(?<=[.!?])\s+", text) if p]


_t.MiniSBDSentencizer = Offline
_t.StanzaSentencizer = Offline
_t.SpacySentencizerSmall = Offline
model, files = sys.argv[1], sys.argv[2:]
argostranslate.package.install_from_path(model)  # type: ignore[attr-defined]
translation = argostranslate.translate.get_translation_from_codes("en", "yy")
out = {}
for f in files:
    start = time.perf_counter()
    try:
        path = argostranslatefiles.translate_file(translation, f)
        out[f] = {"output": path, "seconds": time.perf_counter() - start}
    except Exception as exc:
        out[f] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
print(json.dumps(out))
