"""Hand-written tables: standards no maintained package publishes, and press profiles.

Tables generated from other packages live in ``data/*.json`` (see
``tools/gen_translit_tables.py``). The ones here are either short official
alphabets (Kazakh 2021, Mongolian MNS 5217, Greek ELOT 743) or *profiles*:
the spelling English-language wire services use, written as changes on top of
a standard so that every difference from the standard is visible here.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "EL_ELOT743",
    "HY_PRESS",
    "KA_PRESS",
    "KK_2021",
    "KK_2021_REVERSE",
    "KK_PRESS",
    "MN_MNS5217",
    "RU_PRESS",
    "RU_VARIANTS",
    "UK_PRESS",
    "UK_TO_RUSSIAN",
    "UK_VARIANTS",
]

# -- Kazakh: official Latin alphabet, 2021 (31 letters) ------------------------
# A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z; letters that
# occur only in Russian loans follow the mapping published with turkic-translit.
KK_2021: Final[dict[str, str]] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ж": "j", "з": "z", "и": "i", "й": "i", "і": "ı", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ш": "ş",
    "ы": "y",
    # Russian loan letters
    "ё": "yo", "э": "e", "ц": "ts", "ч": "ch", "щ": "şç", "ю": "yu", "я": "ya",
    "ъ": "", "ь": "",
}
KAZAKH_VOWELS: Final = "аәеёиіоөуұүыэюя"

# Latin -> Cyrillic: the 31 letters one to one. Ambiguous by the standard's own
# design: "i" is и or й (й after a vowel), "h" is х or һ (х). Ŋ, accepted on
# input, is the 2018 draft's letter for ң.
KK_2021_REVERSE: Final[dict[str, str]] = {
    "a": "а", "ä": "ә", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "ğ": "ғ",
    "h": "х", "ı": "і", "i": "и", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н",
    "ñ": "ң", "ŋ": "ң", "o": "о", "ö": "ө", "p": "п", "q": "қ", "r": "р", "s": "с",
    "ş": "ш", "t": "т", "u": "у", "ū": "ұ", "ü": "ү", "v": "в", "y": "ы", "z": "з",
    # loan-letter digraphs written by the forward table
    "ya": "я", "yu": "ю", "yo": "ё", "ch": "ч",
}
KK_2021_REVERSE_AFTER: Final[dict[str, str]] = {
    v + "i": "й" for v in ("a", "ä", "e", "ı", "o", "ö", "u", "ū", "ü", "y")
}
# Turkic case pairs: İ/i and I/ı
KK_LOWER: Final = {"İ": "i", "I": "ı"}

# -- Kazakh press profile --------------------------------------------------------
# Tokayev, Nazarbayev, Ablyazov, Bektenov, Suleimenov: Kazakh-only letters lose
# their marks (ә a, ғ g, қ k, ң ng, ө o, ұ ү u, і i), е is "ye" at the start of
# a word and after a vowel, й after a vowel is "i".
KK_PRESS: Final[dict[str, dict[str, str]]] = {
    "letters": {
        "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e",
        "ё": "yo", "ж": "zh", "з": "z", "и": "i", "й": "y", "і": "i", "к": "k", "қ": "k",
        "л": "l", "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "yu", "я": "ya",
    },
    "initial": {"е": "ye"},
    "after": {
        **{v + "е": "ye" for v in KAZAKH_VOWELS + "ъь"},
        **{v + "й": "i" for v in KAZAKH_VOWELS},
    },
}

# -- Russian press profile (on iuliia's Wikipedia schema) -----------------------
# Sergei, Nikolai, Alexei, Shoigu: й after a vowel is "i" (but -ий/-ый is "y":
# Dmitry, Zelensky, Navalny; -ой is "oy": Tolstoy); -ия at the end is "ia"
# (Maria, Yulia); ё after ж ч ш щ is "e" (Gorbachev, Khrushchev); the Алекс-
# and Макс- of given names are Alex- and Max-; -андр is -ander.
RUSSIAN_VOWELS: Final = "аеёиоуыэюя"
RU_PRESS: Final[dict[str, dict[str, str]]] = {
    "initial": {"алекс": "alex", "макс": "max", "ё": "yo"},
    "after": {
        **{v + "й": "i" for v in RUSSIAN_VOWELS},
        **{s + "ё": "e" for s in "жчшщ"},
        **{v + "ё": "yo" for v in RUSSIAN_VOWELS + "ъь"},
    },
    "endings": {"ия": "ia", "ой": "oy", "андр": "ander"},
}

# -- Ukrainian press profile (on KMU 2010) --------------------------------------
# Andriy, Yulia: -ій at the end is "iy", -ія at the end is "ia".
UK_PRESS: Final[dict[str, dict[str, str]]] = {
    "endings": {"ій": "iy", "ія": "ia"},
}

# -- romanization_variants: spellings in use besides the named standards --------
# Each list is one choice; every combination of one entry per list, applied on
# top of the base standard, is one more spelling of the whole name.
# Russian, on ru-wikipedia: Zelenskiy / Zelensky / Yuri / Dmitrii / Zelenskij /
# Navalnyy; Khodorkovsky / Hodorkovsky; Yulia / Iulia.
RU_VARIANTS: Final[list[list[dict[str, dict[str, str]]]]] = [
    [
        {"endings": {"ий": "iy", "ый": "iy"}},
        {},  # -y, -y: Zelensky, Navalny
        {"endings": {"ий": "i"}},
        {"endings": {"ий": "ii", "ый": "yi"}},
        {"endings": {"ий": "ij", "ый": "yj"}},
        {"endings": {"ий": "iy", "ый": "yy"}},
    ],
    [{}, {"letters": {"х": "h"}}],
    [{}, {"letters": {"я": "ia", "ю": "iu"}}],
]
# Ukrainian, on uk-kmu2010: -ий as Zelenskyy (AP, his own), Zelenskiy (Reuters),
# Zelensky, Zelenskyj; -ій as Oleksiy, Vitali, Andrij; я ю є ї after a consonant
# as ya yu ye yi (Podolyak, Yatsenyuk) rather than KMU's ia iu ie i.
UK_VARIANTS: Final[list[list[dict[str, dict[str, str]]]]] = [
    [{}, {"endings": {"ий": "yy"}}, {"endings": {"ий": "iy"}}, {"endings": {"ий": "y"}},
     {"endings": {"ий": "yj"}}],
    [{}, {"endings": {"ій": "iy"}}, {"endings": {"ій": "i"}}, {"endings": {"ій": "ij"}}],
    [{}, {"letters": {"я": "ya", "ю": "yu", "є": "ye", "ї": "yi"}}],
]
# Ukrainian names also reach print in their Russian spelling, romanized by the
# Russian standards (Гройсман as Groysman, Умєров as Umerov): the letters
# Russian lacks become the Russian ones, apostrophes go (п'ять, пять).
UK_TO_RUSSIAN: Final = str.maketrans({"і": "и", "І": "И", "ї": "и", "Ї": "И", "є": "е",
                                      "Є": "Е", "ґ": "г", "Ґ": "Г", "'": None, "’": None,
                                      "ʼ": None})

# -- Armenian press profile (on BGN/PCGN) ----------------------------------------
# Pashinyan, Kocharyan, Ter-Petrosyan, Harutyunyan: no aspiration apostrophes,
# ռ is "r", ո is "vo" only at the start of a word, և is "ev" ("yev" initially),
# the classical spelling եւ is read as և.
HY_PRESS: Final[dict[str, dict[str, str]]] = {
    "letters": {
        "թ": "t", "չ": "ch", "ց": "ts", "փ": "p", "ք": "k", "ռ": "r", "եւ": "ev",
    },
    "initial": {"եւ": "yev"},
}

# -- Georgian press profile (on the national system) -----------------------------
# Kobakhidze, Kavelashvili, Kvirikashvili: no ejective apostrophes, ყ is "k";
# Georgian has no case, so every word is written as a name.
KA_PRESS: Final[dict[str, dict[str, str]]] = {
    "letters": {
        "კ": "k", "პ": "p", "ტ": "t", "ყ": "k", "წ": "ts", "ჭ": "ch",
    },
}

# -- Greek: ELOT 743 (= ISO 843 type 1 transcription, Greek passports) -----------
_GREEK_VOICED: Final = "αάεέηήιίϊΐοόυύϋΰωώβγδζλμνρ"
_GREEK_VOICELESS: Final = "θκξπστφχψ"
EL_ELOT743: Final[dict[str, dict[str, str]]] = {
    "letters": {
        "α": "a", "ά": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "έ": "e", "ζ": "z",
        "η": "i", "ή": "i", "θ": "th", "ι": "i", "ί": "i", "ϊ": "i", "ΐ": "i", "κ": "k",
        "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "ό": "o", "π": "p", "ρ": "r",
        "σ": "s", "ς": "s", "τ": "t", "υ": "y", "ύ": "y", "ϋ": "y", "ΰ": "y", "φ": "f",
        "χ": "ch", "ψ": "ps", "ω": "o", "ώ": "o",
        "ου": "ou", "ού": "ou", "γγ": "ng", "γξ": "nx", "γχ": "nch",
        "μπ": "mp", "ντ": "nt", "γκ": "nk",
        "αυ": "af", "αύ": "af", "ευ": "ef", "εύ": "ef", "ηυ": "if", "ηύ": "if",
    },
    "initial": {"μπ": "b", "ντ": "d", "γκ": "g"},
    "before": {
        **{d + c: v for d, v in (("αυ", "av"), ("αύ", "av"), ("ευ", "ev"), ("εύ", "ev"),
                                 ("ηυ", "iv"), ("ηύ", "iv")) for c in _GREEK_VOICED},
    },
}

# -- Mongolian: MNS 5217:2012 (the national standard) ----------------------------
MN_MNS5217: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "ye", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "ü", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "i", "ы": "y", "ь": "i",
    "э": "e", "ю": "yu", "я": "ya",
}
