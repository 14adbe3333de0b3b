"""Transliteration speed on names, against the peers, in the same run.

Names: every combination of 40 given names and 40 surnames per language
(1,600 distinct full names, as a glossary or a news archive has them: the
parts repeat, the combinations do not). Each function is called once per name;
the best of five passes is kept. Peers: ``transliterate`` with a cached
``get_translit_function`` (and, for scale, its plain ``translit()``, which
rebuilds the pack on every call), and iuliia for the Russian schemas.

Every rule looks no further than its word, so the engine remembers each
word's rendering: "first sight" is a freshly built table on the 80 distinct
words (each rendered for the first time, the slow path); "names" is the
steady state over the 1,600 names.

Usage: ``python bench/translit_speed.py``
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Callable

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
PEER_CODES = {"ru": "ru", "uk": "uk", "hy": "hy"}
STANDARDS = {
    "ru": ["ru-icao", "ru-bgn", "ru-iso9", "ru-wikipedia", "ru-press"],
    "kk": ["kk-2021", "kk-press"],
    "uk": ["uk-kmu2010", "uk-press"],
    "hy": ["hy-bgn", "hy-iso9985", "hy-press"],
}
IULIIA = {"ru-icao": "ICAO_DOC_9303", "ru-bgn": "BGN_PCGN", "ru-iso9": "GOST_779",
          "ru-wikipedia": "WIKIPEDIA"}


def names(language: str) -> list[str]:
    return [f"{g} {s}" for g, s in
            itertools.product(GIVEN[language].split(), SURNAMES[language].split())]


def rate(function: Callable[[str], str], items: list[str], repeat: int = 5) -> float:
    chars = sum(map(len, items))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            function(item)
        best = min(best, time.perf_counter() - start)
    return chars / best


def first_sight(make: Callable[[], Callable[[str], str]], words: list[str],
                rounds: int = 40) -> float:
    """Chars/s when every word is new to the function (``make`` builds a fresh one)."""
    chars = sum(map(len, words)) * rounds
    total = 0.0
    for _ in range(rounds):
        function = make()
        start = time.perf_counter()
        for word in words:
            function(word)
        total += time.perf_counter() - start
    return chars / total


def main() -> int:
    import iuliia
    import transliterate as upstream

    from polyglot_press.translit import transliterate
    from polyglot_press.translit._engine import Scheme
    from polyglot_press.translit.standards import scheme_for

    print("| language | standard | names M chars/s | peer | peer M chars/s | ratio "
          "| first sight M chars/s | peer first sight | ratio |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|")
    for language in STANDARDS:
        items = names(language)
        assert len(set(items)) == 1600
        words = GIVEN[language].split() + SURNAMES[language].split()
        peer_name, peer_rate, peer_first = "-", 0.0, 0.0
        if language in PEER_CODES:
            cached = upstream.get_translit_function(PEER_CODES[language])
            peer_name = f"transliterate, cached ({language})"
            peer_rate = rate(lambda x, f=cached: f(x, reversed=True), items)
            peer_first = first_sight(
                lambda f=cached: (lambda x: f(x, reversed=True)), words)
        for standard in STANDARDS[language]:
            _, compiled = scheme_for(language, standard, "Latn")
            assert isinstance(compiled, Scheme)
            ours = rate(lambda x, s=standard, lang=language: transliterate(x, lang, standard=s),
                        items)
            ours_first = first_sight(
                lambda t=compiled.table, s=standard: Scheme(s, t).apply, words)
            cells = [language, standard, f"{ours / 1e6:.2f}"]
            if peer_rate:
                cells += [peer_name, f"{peer_rate / 1e6:.2f}", f"{ours / peer_rate:.2f}×",
                          f"{ours_first / 1e6:.2f}", f"{peer_first / 1e6:.2f}",
                          f"{ours_first / peer_first:.2f}×"]
            else:
                cells += ["(no peer for kk)", "-", "-", f"{ours_first / 1e6:.2f}", "-", "-"]
            print("| " + " | ".join(cells) + " |")
            if standard in IULIIA:
                schema = getattr(iuliia, IULIIA[standard])
                iul = rate(schema.translate, items, repeat=2)
                print(f"| {language} | {standard} | | iuliia {IULIIA[standard]} | "
                      f"{iul / 1e6:.2f} | {ours / iul:.2f}× | | | |")
    plain = rate(lambda x: upstream.translit(x, "ru", reversed=True), names("ru")[:400], 2)
    print(f"\ntransliterate.translit() without caching (ru): {plain / 1e6:.2f} M chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
