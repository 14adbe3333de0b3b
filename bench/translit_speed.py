"""Transliteration speed on names, against the peers, in the same run.

Two measurements per standard, each against ``transliterate`` with a cached
``get_translit_function`` (the peer) on the same names in the same run:

* **first sight** ("cold"): about 4,000 two-word names per language built from
  the distinct words of the FLORES-200 devtest (``../shared/eval/``), each word
  used once, title-cased. Every name and every word is new to the engine: its
  remembered renderings are dropped (``Scheme.forget()``) before each pass.
* **steady state**: every combination of 40 given names and 40 surnames
  (1,600 distinct names from 80 distinct words), as a glossary or an archive
  has them; the engine remembers what it rendered, so this mostly measures that.

Calls go through the public ``transliterate()``; one call per name, the peer
and ours alternate, the best of five passes is kept. iuliia (the Russian
schemas' source) is timed on the first-sight names, one pass. FLORES has no
Georgian: for ``ka`` both columns use the 26 Georgian public figures of
``tests/translit/*.tsv`` (a small set; steady state = the same names again).

Usage: ``python bench/translit_speed.py``
"""

from __future__ import annotations

import itertools
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

FLORES = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "flores200_devtest"
FLORES_FILES = {"ru": ("rus_Cyrl", "\u0400", "\u04ff"), "kk": ("kaz_Cyrl", "\u0400", "\u04ff"),
                "uk": ("ukr_Cyrl", "\u0400", "\u04ff"), "hy": ("hye_Armn", "\u0531", "\u0587")}
GIVEN = {
    "ru": "Александр Алексей Анатолий Андрей Антон Борис Вадим Валентина Валерий Василий "
          "Виктор Виталий Владимир Вячеслав Георгий Дмитрий Евгений Екатерина Елена Иван "
          "Игорь Ирина Кирилл Константин Леонид Мария Максим Михаил Наталья Николай Олег "
          "Ольга Павел Пётр Роман Сергей Татьяна Юлия Юрий Ярослав",
    "kk": "Әлихан Асқар Айгүл Бақытжан Бауыржан Ғалым Дариға Дәурен Ерболат Ерлан Ержан "
          "Жанар Жомарт Қайрат Қасым Кәрім Мағжан Маулен Мұрат Мұхтар Нұрлан Нұрсұлтан "
          "Олжас Өмірзақ Роман Сәкен Серік Сұлтан Талғат Тимур Төлеген Ұлан Үміт Шерхан "
          "Ықылас Іңкәр Айдос Асель Бекзат Гүлнар",
    "uk": "Андрій Богдан Валерій Василь Віктор Віталій Володимир Галина Денис Дмитро "
          "Євген Ігор Ірина Кирило Костянтин Леонід Любов Марія Михайло Наталія Оксана "
          "Олег Олександр Олексій Олена Остап Павло Петро Роман Руслан Світлана Сергій "
          "Тарас Тетяна Юлія Юрій Ярослав Ганна Григорій Зиновій",
    "hy": "Նիկոլ Արարատ Ռոբերտ Սերժ Լևոն Արմեն Վահագն Ալեն Սուրեն Ռուբեն Արայիկ Տիգրան "
          "Մհեր Կարեն Գագիկ Սամվել Անի Աննա Մարիամ Լիլիթ Հայկ Դավիթ Գևորգ Հովհաննես "
          "Արտակ Աշոտ Վարդան Երվանդ Ոսկան Զարեհ Էդմոն Գոհար Նարեկ Արսեն Տաթև Սոնա "
          "Լուսինե Արամ Վաչե Համլետ",
}
SURNAMES = {
    "ru": "Путин Лавров Песков Шойгу Медведев Мишустин Навальный Пригожин Захарова "
          "Герасимов Набиуллина Собянин Кадыров Белоусов Ушаков Володин Матвиенко Силуанов "
          "Патрушев Горбачёв Ельцин Кириенко Орешкин Бортников Дмитриев Рябков Ходорковский "
          "Чубайс Нарышкин Кудрин Гергиев Абрамович Дерипаска Толстой Достоевский Чехов "
          "Щукин Жуков Воробьёв Соловьёв",
    "kk": "Тоқаев Назарбаев Бектенов Әблязов Мәсімов Назарбаева Мамин Қарин Әшімбаев "
          "Сүлейменов Тілеуберді Келімбетов Құлыбаев Сағынтаев Смайылов Досаев Қазыханов "
          "Абаев Скляр Жұманғарин Нұртілеу Жақсыбеков Ахметов Тасмағамбетов Мыңбаев "
          "Бозымбаев Сапарбаев Есімов Шөкеев Мусин Қошанов Ермекбаев Иманғали Оспанов "
          "Өтемісов Ұзақбаев Үсенов Ыбыраев Іңкәрбек Серікбаев",
    "uk": "Зеленський Шмигаль Кулеба Єрмак Сирський Буданов Умєров Свириденко Порошенко "
          "Тимошенко Кличко Янукович Ющенко Кравчук Кучма Федоров Клименко Стефанчук "
          "Зеленська Яценюк Подоляк Залужний Данилов Верещук Шевченко Франко Коваленко "
          "Бондаренко Ткаченко Кравченко Олійник Шевчук Поліщук Мельник Бойко Лисенко "
          "Руденко Савченко Петренко Марченко",
    "hy": "Փաշինյան Միրզոյան Քոչարյան Սարգսյան Տեր-Պետրոսյան Խաչատուրյան Սիմոնյան "
          "Պապիկյան Վարդանյան Հարությունյան Ավինյան Գրիգորյան Կարապետյան Ծառուկյան "
          "Մարուքյան Ղազարյան Պետրոսյան Հովհաննիսյան Մկրտչյան Աբրահամյան Ավետիսյան "
          "Բաղդասարյան Գասպարյան Դավթյան Եղիազարյան Զաքարյան Թորոսյան Իսրայելյան "
          "Լազարյան Մանուկյան Ներսիսյան Ոսկանյան Չոբանյան Ռոստոմյան Սահակյան Վասիլյան "
          "Տոնոյան Օհանյան Ֆարմանյան Ասատրյան",
}
PEER_CODES = {"ru": "ru", "uk": "uk", "hy": "hy", "ka": "ka"}
STANDARDS = {
    "ru": ["ru-icao", "ru-bgn", "ru-iso9", "ru-wikipedia", "ru-press"],
    "kk": ["kk-2021", "kk-press"],
    "uk": ["uk-kmu2010", "uk-press"],
    "hy": ["hy-bgn", "hy-iso9985", "hy-press"],
    # FLORES has no Georgian: the public figures of tests/translit/*.tsv (a small set)
    "ka": ["ka-national", "ka-press"],
}
TEST_NAMES = Path(__file__).resolve().parents[1] / "tests" / "translit"
IULIIA = {"ru-icao": "ICAO_DOC_9303", "ru-bgn": "BGN_PCGN", "ru-iso9": "GOST_779",
          "ru-wikipedia": "WIKIPEDIA"}


def names(language: str) -> list[str]:
    return [f"{g} {s}" for g, s in
            itertools.product(GIVEN[language].split(), SURNAMES[language].split())]


def first_sight_names(language: str) -> list[str]:
    """Two-word names from the distinct FLORES words of ``language``, each word once."""
    if language not in FLORES_FILES:
        import csv

        found: list[str] = []
        for name in ("press_names.tsv", "press_names_heldout.tsv"):
            with (TEST_NAMES / name).open(encoding="utf-8", newline="") as handle:
                found += [row["name"] for row in csv.DictReader(handle, delimiter="\t")
                          if row["language"] == language]
        return found
    stem, low, high = FLORES_FILES[language]
    text = (FLORES / f"{stem}.devtest").read_text(encoding="utf-8")
    words = sorted({w for w in re.findall(r"[^\W\d_]+", text)
                    if len(w) >= 3 and all(low <= c <= high for c in w)})
    words = [w[0].upper() + w[1:] for w in words]
    words = sorted({w for w in words if not any(c.isupper() for c in w[1:])})
    random.Random(5).shuffle(words)
    return [f"{a} {b}" for a, b in zip(words[::2], words[1::2], strict=False)]


def one_pass(function: Callable[[str], str], items: list[str],
             before: Callable[[], None] | None = None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    for item in items:
        function(item)
    return time.perf_counter() - start


def race(ours: Callable[[str], str], peer: Callable[[str], str] | None, items: list[str],
         forget: Callable[[], None] | None = None, repeat: int = 5) -> tuple[float, float]:
    """Best chars/s of ours and of the peer, alternating passes."""
    chars = sum(map(len, items))
    best_ours = best_peer = float("inf")
    repeat = max(repeat, 20_000 // len(items))  # small sets: more passes, the same best-of
    for _ in range(repeat):
        if peer is not None:
            best_peer = min(best_peer, one_pass(peer, items))
        best_ours = min(best_ours, one_pass(ours, items, forget))
    return chars / best_ours, (chars / best_peer if peer is not None else 0.0)


def main() -> int:
    import iuliia
    import transliterate as upstream

    from polyglot_press.translit import transliterate
    from polyglot_press.translit._engine import Scheme
    from polyglot_press.translit.standards import scheme_for

    rows = []
    iuliia_rows = []
    for language in STANDARDS:
        cold_items = first_sight_names(language)
        warm_items = names(language) if language in GIVEN else cold_items
        assert language not in GIVEN or len(set(warm_items)) == 1600
        distinct = {w for n in cold_items for w in n.split()}
        peer: Callable[[str], str] | None = None
        if language in PEER_CODES:
            cached = upstream.get_translit_function(PEER_CODES[language])
            peer = lambda x, f=cached: f(x, reversed=True)  # noqa: E731
        for standard in STANDARDS[language]:
            _, compiled = scheme_for(language, standard, "Latn")
            assert isinstance(compiled, Scheme)
            ours = lambda x, s=standard, lang=language: transliterate(x, lang, standard=s)  # noqa: E731
            cold, peer_cold = race(ours, peer, cold_items, compiled.forget)
            ours(warm_items[0])
            warm, peer_warm = race(ours, peer, warm_items)
            rows.append((language, standard, len(cold_items), len(distinct), cold, peer_cold,
                         warm, peer_warm))
            if standard in IULIIA:
                schema = getattr(iuliia, IULIIA[standard])
                part = cold_items[:1000]
                rate = sum(map(len, part)) / one_pass(schema.translate, part)
                iuliia_rows.append((standard, IULIIA[standard], rate, cold))

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}×" if b else "-"

    print("| language | standard | first-sight names (distinct words) | first sight M chars/s "
          "| peer | ratio | steady M chars/s | peer | ratio |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for language, standard, n, d, cold, pc, warm, pw in rows:
        peer_cells = (f"{pc / 1e6:.2f}", ratio(cold, pc)) if pc else ("(no peer for kk)", "-")
        warm_cells = (f"{pw / 1e6:.2f}", ratio(warm, pw)) if pw else ("-", "-")
        print(f"| {language} | {standard} | {n:,} ({d:,}) | {cold / 1e6:.2f} | "
              f"{peer_cells[0]} | {peer_cells[1]} | {warm / 1e6:.2f} | "
              f"{warm_cells[0]} | {warm_cells[1]} |")
    print("\n| standard | iuliia schema | iuliia M chars/s (first-sight names) | ours first sight |")
    print("|---|---|---:|---:|")
    for standard, schema_name, rate, cold in iuliia_rows:
        print(f"| {standard} | {schema_name} | {rate / 1e6:.2f} | {ratio(cold, rate)} |")
    plain_items = first_sight_names("ru")[:400]
    plain = sum(map(len, plain_items)) / one_pass(
        lambda x: upstream.translit(x, "ru", reversed=True), plain_items)
    print(f"\ntransliterate.translit() without caching (ru): {plain / 1e6:.2f} M chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
