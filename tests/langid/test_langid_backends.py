"""Every backend passes the same contract; the registry finds them and explains failures."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import pytest

from polyglot_press.errors import InputError, MissingDependencyError
from polyglot_press.langid import KNOWN_BACKENDS, available_backends, get_backend_class
from polyglot_press.langid.backends import Backend, register_backend

LANGS = ["en", "de", "fr", "pt", "cs", "ru", "uk"]
TEXTS = {
    "en": "The parliament approved the new election law on Monday.",
    "de": "Das Parlament hat am Montag das neue Wahlgesetz beschlossen.",
    "fr": "Le parlement a adopté lundi la nouvelle loi électorale.",
    "pt": "O parlamento aprovou na segunda-feira a nova lei eleitoral.",
    "ru": "Парламент в понедельник принял новый закон о выборах.",
    "uk": "Парламент у понеділок ухвалив новий закон про вибори.",
}


class BackendContract:
    """The contract; a subclass names the backend."""

    name: str

    @pytest.fixture(scope="class")
    @classmethod
    def backend(cls) -> Backend:
        if cls.name not in available_backends():
            pytest.importorskip(cls.name)
        backend = get_backend_class(cls.name)(LANGS)
        backend.load()
        return backend

    def test_is_a_backend(self, backend: Backend) -> None:
        assert isinstance(backend, Backend)
        assert backend.name == self.name
        assert backend.languages <= set(LANGS)

    @pytest.mark.parametrize("lang", sorted(TEXTS))
    def test_ranks_the_right_language_first(self, backend: Backend, lang: str) -> None:
        candidates = sorted(backend.languages)
        scores = backend.scores(TEXTS[lang], candidates)
        assert scores[0][0] == lang
        assert [p for _, p in scores] == sorted((p for _, p in scores), reverse=True)
        assert math.isclose(sum(p for _, p in scores), 1.0, abs_tol=1e-6)
        assert {c for c, _ in scores} <= set(candidates)

    def test_answers_only_among_candidates(self, backend: Backend) -> None:
        scores = backend.scores(TEXTS["de"], ["en", "fr"])
        assert {c for c, _ in scores} <= {"en", "fr"}

    def test_one_candidate(self, backend: Backend) -> None:
        assert backend.scores(TEXTS["de"], ["fr"]) == [("fr", 1.0)]

    def test_unknown_candidates_are_ignored(self, backend: Backend) -> None:
        assert backend.scores(TEXTS["de"], ["hy", "ka"]) == []

    def test_same_numbers_every_time_and_in_threads(self, backend: Backend) -> None:
        first = [backend.scores(t, sorted(backend.languages)) for t in TEXTS.values()]
        with ThreadPoolExecutor(max_workers=8) as pool:
            runs = list(pool.map(
                lambda _: [backend.scores(t, sorted(backend.languages)) for t in TEXTS.values()],
                range(8),
            ))
        assert all(run == first for run in runs)

    def test_load_twice_is_harmless(self, backend: Backend) -> None:
        backend.load()
        assert backend.scores(TEXTS["fr"], ["en", "fr"])[0][0] == "fr"


class TestLangdetect(BackendContract):
    name = "langdetect"

    def test_text_in_capitals(self, backend: Backend) -> None:
        assert backend.scores("DAS PARLAMENT HAT DAS GESETZ BESCHLOSSEN", ["en", "de"])[0][0] == "de"

    def test_no_features(self, backend: Backend) -> None:
        assert backend.scores("12345 !!!", ["en", "de"]) == []


class TestLingua(BackendContract):
    name = "lingua"


def test_unknown_backend_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="known: langdetect, lingua"):
        get_backend_class("nope")


def test_missing_dependency_says_what_to_install() -> None:
    register_backend("ghost", "ghost_pkg_not_installed.backend:Ghost",
                     requires="ghost_pkg_not_installed", install="pip install ghost-pkg")
    try:
        assert "ghost" not in available_backends()
        with pytest.raises(MissingDependencyError, match="pip install ghost-pkg"):
            get_backend_class("ghost")
        with pytest.raises(ImportError):  # also the builtin a caller expects
            get_backend_class("ghost")
    finally:
        del KNOWN_BACKENDS["ghost"]


def test_bad_target() -> None:
    with pytest.raises(InputError, match="module:Class"):
        register_backend("bad", "no_colon_here")
