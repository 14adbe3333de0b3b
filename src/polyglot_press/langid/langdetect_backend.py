"""The ``langdetect`` backend, used the way its authors' own notes ask for.

* Never the module-level ``langdetect.detect()``: its global factory loads all
  55 profiles on first use and races when two threads start at once
  (langdetect issue #30), and unseeded it changes 3–8% of its answers between
  calls (#3, #13, #120).
* Each thread gets its own ``DetectorFactory`` with ``seed = 0`` for each set
  of candidates it is asked about, so every call starts its random sampling
  from the same state: the same text gets the same answer in any thread and
  any process.
* Only the configured languages' profiles are read, once, on first use (not at
  import), under a lock. The n-gram tables built from them are read-only and
  shared by the threads' factories.

A smaller candidate set is also a faster one: scoring costs one multiplication
per language per sampled n-gram.

>>> backend = LangdetectBackend(["en", "de", "fr", "kk"])
>>> sorted(backend.languages)  # no Kazakh profile in langdetect
['de', 'en', 'fr']
>>> backend.scores("Der Bundestag hat das Gesetz beschlossen.", ["en", "de", "fr"])[0][0]
'de'
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from typing import Any, ClassVar

__all__ = ["LangdetectBackend"]

#: our BCP 47 code -> langdetect profile names (their scores are added up)
PROFILE_NAMES: dict[str, tuple[str, ...]] = {"zh": ("zh-cn", "zh-tw")}
SEED = 0


def _profiles_directory() -> str:
    from langdetect.detector_factory import PROFILES_DIRECTORY

    directory: str = PROFILES_DIRECTORY
    return directory


class LangdetectBackend:
    """Rank candidates with langdetect's naive-Bayes n-gram profiles."""

    name: ClassVar[str] = "langdetect"

    def __init__(self, languages: Sequence[str]) -> None:
        directory = _profiles_directory()
        present = set(os.listdir(directory))
        self._directory = directory
        self._languages = frozenset(
            lang
            for lang in languages
            if all(name in present for name in PROFILE_NAMES.get(lang, (lang,)))
        )
        self._lock = threading.Lock()
        self._profiles: dict[str, Any] = {}
        # candidate set -> (langdetect language list, shared n-gram table)
        self._tables: dict[tuple[str, ...], tuple[list[str], dict[str, list[float]]]] = {}
        self._local = threading.local()

    @property
    def languages(self) -> frozenset[str]:
        return self._languages

    def load(self) -> None:
        """Read the configured profiles and build the table for all of them."""
        if len(self._languages) >= 2:
            self._table(tuple(sorted(self._languages)))

    def _profile(self, name: str) -> Any:
        # caller holds self._lock
        profile = self._profiles.get(name)
        if profile is None:
            from langdetect.utils.lang_profile import LangProfile

            path = os.path.join(self._directory, name)
            with open(path, encoding="utf-8") as fh:
                profile = LangProfile(**json.load(fh))
            self._profiles[name] = profile
        return profile

    def _table(self, key: tuple[str, ...]) -> tuple[list[str], dict[str, list[float]]]:
        table = self._tables.get(key)
        if table is not None:
            return table
        with self._lock:
            table = self._tables.get(key)
            if table is None:
                from langdetect.detector_factory import DetectorFactory

                names = [name for lang in key for name in PROFILE_NAMES.get(lang, (lang,))]
                builder = DetectorFactory()
                for index, name in enumerate(names):
                    builder.add_profile(self._profile(name), index, len(names))
                table = (list(builder.langlist), builder.word_lang_prob_map)
                self._tables[key] = table
        return table

    def _factory(self, key: tuple[str, ...]) -> Any:
        factories: dict[tuple[str, ...], Any] | None = getattr(self._local, "factories", None)
        if factories is None:
            factories = self._local.factories = {}
        factory = factories.get(key)
        if factory is None:
            from langdetect.detector_factory import DetectorFactory

            langlist, table = self._table(key)
            factory = DetectorFactory()
            factory.langlist = langlist
            factory.word_lang_prob_map = table
            factory.set_seed(SEED)
            factories[key] = factory
        return factory

    def scores(self, text: str, candidates: Sequence[str]) -> list[tuple[str, float]]:
        from langdetect.lang_detect_exception import LangDetectException

        key = tuple(sorted({c for c in candidates if c in self._languages}))
        if not key:
            return []
        if len(key) == 1:
            return [(key[0], 1.0)]
        factory = self._factory(key)
        detector = factory.create()
        # langdetect skips words in capitals; a heading in capitals is still text
        detector.append(text if any(ch.islower() for ch in text) else text.lower())
        try:
            detector.get_probabilities()
        except LangDetectException:  # no n-gram of the text is in any profile
            return []
        names: list[str] = factory.langlist
        totals: dict[str, float] = {}
        back = {name: lang for lang in key for name in PROFILE_NAMES.get(lang, (lang,))}
        for name, prob in zip(names, detector.langprob, strict=True):
            lang = back[name]
            totals[lang] = totals.get(lang, 0.0) + prob
        total = sum(totals.values())
        if total <= 0.0:
            return []
        return sorted(((lang, p / total) for lang, p in totals.items()), key=lambda x: (-x[1], x[0]))
