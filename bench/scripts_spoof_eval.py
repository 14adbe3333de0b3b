"""Script analysis on spoofs made by another method: confusables substituted into FLORES sentences.

Run: ``python bench/scripts_spoof_eval.py`` (needs the ``bench`` extra for ICU and
``../shared/eval``). Nothing here was used to write the detector's rules.

Cases. For each of the 9 FLORES-200 devtest languages (ces deu eng fra por
Latin; kaz rus ukr Cyrillic; hye Armenian), every sentence is used untouched
(a negative: any finding is a false alarm) and, seeded, in a few spoofed
copies. The lookalikes come from Unicode's confusables.txt through ICU's
``SpoofChecker.getSkeleton`` (two characters are confusable when their
skeletons are equal), not from this project's tables. Classes:

- ``in-word/<script>``: one or two letters of a word of 3 or more letters
  replaced by a lookalike of another script (Cyrillic, Greek, Armenian, Latin,
  or any other script: Cherokee, Lisu, Coptic, Arabic...);
- ``whole-word``: every letter of a word replaced by lookalikes of one other script;
- ``one-letter``: a one-letter word replaced by its lookalike in another script;
- ``compat/<form>``: a letter replaced by a fullwidth, mathematical or
  Roman-numeral form of itself (NFKC-equivalent);
- ``phonetic``: a letter replaced by an IPA, small-capital or modifier letter
  whose skeleton it is (ɡ for g, ᴀ for a, ᵃ for a).

A spoof counts as found when a finding overlaps the substituted span.
Sentences are split in two halves by a seeded hash of their index: the
``tune`` half was the only one looked at while changing thresholds; the
``test`` half is reported. Domain cases (one group per rule of the IDN policy,
written here from the rules, not taken from any browser's tests) are reported
per rule.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLORES = ROOT.parent / "shared" / "eval" / "flores200_devtest"
LANGS = {
    "ces_Latn": "Latn",
    "deu_Latn": "Latn",
    "eng_Latn": "Latn",
    "fra_Latn": "Latn",
    "por_Latn": "Latn",
    "kaz_Cyrl": "Cyrl",
    "rus_Cyrl": "Cyrl",
    "ukr_Cyrl": "Cyrl",
    "hye_Armn": "Armn",
}
SEED = 20261203


def half(lang: str, index: int) -> str:
    digest = hashlib.sha256(f"{SEED}:{lang}:{index}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "test"


class Confusables:
    """Lookalike groups from ICU's skeletons of every letter (confusables.txt)."""

    def __init__(self) -> None:
        import icu

        self.checker = icu.SpoofChecker()
        groups: dict[str, list[str]] = defaultdict(list)
        for cp in range(0x20, 0x30000):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            ch = chr(cp)
            cat = unicodedata.category(ch)
            if cat.startswith("L") or cat == "Nl":
                groups[self.checker.getSkeleton(0, ch)].append(ch)
        self.groups = groups

    def skeleton(self, s: str) -> str:
        return str(self.checker.getSkeleton(0, s))

    def lookalikes(self, ch: str) -> list[str]:
        return [c for c in self.groups.get(self.skeleton(ch), []) if c != ch]


def script_of(ch: str) -> str:
    from polyglot_press.scripts import _ucd

    return _ucd.main_script(ch) or "Zyyy"


def is_compat(ch: str) -> str | None:
    """The compatibility form class of ``ch`` (fullwidth, mathematical, roman), or None."""
    decomposition = unicodedata.decomposition(ch)
    if decomposition.startswith("<wide>"):
        return "fullwidth"
    if decomposition.startswith("<font>"):
        return "mathematical"
    if 0x2160 <= ord(ch) <= 0x217F:
        return "roman"
    return None


def is_phonetic(ch: str) -> bool:
    from polyglot_press.scripts import _ucd

    cp = ord(ch)
    blocks = ((0x0250, 0x02FF), (0x1D00, 0x1DBF), (0xA720, 0xA7FF))
    return any(a <= cp <= b for a, b in blocks) and not _ucd.is_allowed(ch)


class Case:
    __slots__ = ("cls", "half", "lang", "span", "text")

    def __init__(self, lang: str, part: str, cls: str, text: str, span: tuple[int, int]) -> None:
        self.lang, self.half, self.cls, self.text, self.span = lang, part, cls, text, span


def words_of(sentence: str) -> list[tuple[int, int]]:
    import regex

    return [m.span() for m in regex.finditer(r"\p{L}+", sentence)]


def make_cases(
    conf: Confusables, lang: str, script: str, index: int, sentence: str, rng: random.Random
) -> list[Case]:
    part = half(lang, index)
    words = words_of(sentence)
    cases: list[Case] = []

    def options(ch: str, want: Callable[[str], bool]) -> list[str]:
        return [c for c in conf.lookalikes(ch) if want(c)]

    def substitute(cls: str, span: tuple[int, int], positions: list[int], picks: list[str]) -> None:
        chars = list(sentence)
        for p, c in zip(positions, picks, strict=True):
            chars[p] = c
        new = "".join(chars)
        # spans shift when a replacement is longer (astral characters are one str index: no shift)
        cases.append(Case(lang, part, cls, new, span))

    # in-word: one or two letters of a 3+ letter word, by the lookalike's script
    long_words = [w for w in words if w[1] - w[0] >= 3]
    for target in ("Cyrl", "Grek", "Armn", "Latn", "other"):
        rng.shuffle(long_words)
        for a, b in long_words[:6]:
            word = sentence[a:b]
            slots = []
            for i, ch in enumerate(word):
                found = options(
                    ch,
                    lambda c, ch=ch, target=target: (
                        is_compat(c) is None
                        and not is_phonetic(c)
                        and script_of(c) not in (script_of(ch), "Zyyy", "Zinh")
                        and (
                            script_of(c) == target
                            or (target == "other" and script_of(c) not in ("Cyrl", "Grek", "Armn", "Latn"))
                        )
                    ),
                )
                if found:
                    slots.append((a + i, found))
            if slots:
                picked = rng.sample(slots, min(len(slots), rng.choice((1, 2))))
                substitute(
                    f"in-word/{target}", (a, b), [p for p, _ in picked], [rng.choice(f) for _, f in picked]
                )
                break
    # whole word: every letter from one other script
    rng.shuffle(long_words)
    for a, b in long_words[:10]:
        word = sentence[a:b]
        for target in rng.sample(["Cyrl", "Grek", "Armn", "Latn"], 4):
            if target == script:
                continue
            per_letter = [
                options(
                    ch,
                    lambda c, target=target: (
                        script_of(c) == target and is_compat(c) is None and not is_phonetic(c)
                    ),
                )
                for ch in word
            ]
            if all(per_letter):
                substitute("whole-word", (a, b), list(range(a, b)), [rng.choice(f) for f in per_letter])
                break
        else:
            continue
        break
    # one-letter words
    singles = [w for w in words if w[1] - w[0] == 1]
    rng.shuffle(singles)
    for a, b in singles:
        found = options(
            sentence[a],
            lambda c: (
                script_of(c) not in (script, "Zyyy", "Zinh") and is_compat(c) is None and not is_phonetic(c)
            ),
        )
        if found:
            substitute("one-letter", (a, b), [a], [rng.choice(found)])
            break
    # compatibility forms and phonetic letters (Latin-script sentences: the forms are of Latin letters)
    if script == "Latn":
        for form in ("fullwidth", "mathematical", "roman"):
            rng.shuffle(long_words)
            for a, b in long_words[:8]:
                slots = [
                    (
                        a + i,
                        options(
                            ch,
                            lambda c, form=form, ch=ch: (
                                is_compat(c) == form and unicodedata.normalize("NFKC", c) == ch
                            ),
                        ),
                    )
                    for i, ch in enumerate(sentence[a:b])
                ]
                slots = [s for s in slots if s[1]]
                if slots:
                    p, f = rng.choice(slots)
                    substitute(f"compat/{form}", (a, b), [p], [rng.choice(f)])
                    break
        rng.shuffle(long_words)
        for a, b in long_words[:8]:
            slots = [(a + i, options(ch, is_phonetic)) for i, ch in enumerate(sentence[a:b])]
            slots = [s for s in slots if s[1]]
            if slots:
                p, f = rng.choice(slots)
                substitute("phonetic", (a, b), [p], [rng.choice(f)])
                break
    return cases


# ---------------------------------------------------------------- domain cases, one group per rule

BRANDS = [
    "paypal",
    "apple",
    "google",
    "amazon",
    "microsoft",
    "facebook",
    "netflix",
    "example",
    "reuters",
    "osce",
]


def domain_cases() -> list[tuple[str, str, str]]:
    """(group, text, host) cases written from the IDN policy's rules."""
    cyr = {
        "a": "а",
        "c": "с",
        "e": "е",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "i": "і",
        "s": "ѕ",
        "l": "ӏ",
        "j": "ј",
    }
    grk = {"o": "ο", "a": "α", "i": "ι", "k": "κ", "n": "η", "p": "ρ", "t": "τ", "u": "υ", "v": "ν"}
    cases: list[tuple[str, str, str]] = []

    def add(group: str, host: str, tmpl: str = "Log in at {} to confirm your account.") -> None:
        cases.append((group, tmpl.format(host), host))

    for brand in BRANDS:
        for table in (cyr, grk):
            letters = [i for i, c in enumerate(brand) if c in table]
            if letters:
                i = letters[len(letters) // 2]
                add("mixed-script", brand[:i] + table[brand[i]] + brand[i + 1 :] + ".com")
        if all(c in cyr for c in brand):
            for tld in ("com", "net", "org"):
                add("whole-script", "".join(cyr[c] for c in brand) + "." + tld)
    for word in ("scope", "cosy", "sex", "yes", "pay", "soap", "copy", "easy", "epic", "race"):
        if all(c in cyr for c in word):
            add("whole-script", "".join(cyr[c] for c in word) + ".com")
    for brand in BRANDS[:6]:
        for dash in ("\u2212", "\u2013", "\u2010", "\u2011", "\u2014", "\ufe63", "\uff0d"):
            add("lookalike-punctuation", f"{brand}{dash}login.com")
        add("lookalike-punctuation", f"{brand}\u00b7support.com")
        add("lookalike-punctuation", f"{brand}\u2024com.net")
        add("invisible", f"{brand[:2]}\u00ad{brand[2:]}.com")
        add("invisible", f"{brand[:3]}\u200b{brand[3:]}.com")
        add("deviation", f"{brand}stra\u00dfe.com")
        add("deviation", f"{brand[:2]}\u200d{brand[2:]}.com")
        add("deviation", f"{brand}\u03c2.com")
        add("compatibility", "".join(chr(ord(c) + 0xFEE0) for c in brand[:3]) + brand[3:] + ".com")
        add(
            "compatibility",
            "\U0001d41a" + brand[1:] + ".com" if brand[0] == "a" else "\U0001d428" + brand + ".com",
        )
        add("compatibility", brand + ".\u217dom")  # small Roman numeral one hundred for the c of .com
        add("tld-character", f"{brand}\u00fe.com")
        add("tld-character", f"{brand}\u0259.com")
        add(
            "restricted-character",
            "\u0261oogle.com" if brand == "google" else f"{brand[:1]}\u1d00{brand[1:]}.com",
        )
        add("restricted-character", f"\u0299{brand}.com")
        add("dangerous-pattern", f"{brand}i\u0307.com")
        add("dangerous-pattern", f"{brand}\u0131\u0307.com")
        add("dangerous-pattern", f"{brand}\u30ce{brand}.com")
        add("dangerous-pattern", f"{brand}\u4e00{brand}.com")
    for label in ("з1", "1з3", "θ0", "12з", "зз", "0θ0", "ҙ2"):
        add("digit-lookalike", f"{label}.com")
    for brand in BRANDS:
        if "l" in brand or "o" in brand:
            spoof = brand.replace("l", "1", 1) if "l" in brand else brand.replace("o", "0", 1)
            add(
                "skeleton-match (same document)",
                f"Visit {brand}.com today, then confirm at {spoof}.com.",
                "{}",
            )
    for host in (
        "paypa1.com",
        "rnicrosoft.com",
        "g00gle.com",
        "arnazon.com",
        "faceb00k.com",
        "netfIix.com",
        "pàypal.com",
        "gооgle.co",
    ):
        add("top-domain list only", host)
    return cases


def main() -> int:
    from polyglot_press.scripts import scan

    start_all = time.perf_counter()
    conf = Confusables()
    cases: list[Case] = []
    negatives: list[tuple[str, str, str]] = []
    for lang, script in LANGS.items():
        rng = random.Random(f"{SEED}:{lang}")
        sentences = (FLORES / f"{lang}.devtest").read_text(encoding="utf-8").splitlines()
        for index, sentence in enumerate(sentences):
            negatives.append((lang, half(lang, index), sentence))
            cases.extend(make_cases(conf, lang, script, index, sentence, rng))
    print(f"{len(negatives)} untouched sentences, {len(cases)} spoofed copies, {len(LANGS)} languages\n")

    false_alarms: dict[str, list[str]] = defaultdict(list)
    for lang, _, sentence in negatives:
        for f in scan(sentence):
            where = sentence[max(0, f.span.start - 25) : f.span.end + 15]
            false_alarms[lang].append(f"{f.kind}/{f.rule} {f.text!r} in {where!r}")
    total = Counter(dict.fromkeys(LANGS, 0))
    for lang in LANGS:
        total[lang] = len(false_alarms[lang])
    print("| language | untouched sentences | findings (each listed below: read them) |")
    print("|---|---|---|")
    for lang in LANGS:
        n = sum(1 for n_ in negatives if n_[0] == lang)
        print(f"| {lang} | {n} | {total[lang]} |")
    for lang, alarms in false_alarms.items():
        for alarm in alarms:
            print(f"  on an untouched sentence, {lang}: {alarm}")

    found: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    missed_examples: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        a, b = case.span
        hit = any(f.span.start < b and a < f.span.end for f in scan(case.text))
        cell = found[(case.half, case.cls)]
        cell[0] += hit
        cell[1] += 1
        if not hit and case.half == "tune":  # only the tune half is looked at
            missed_examples[case.cls].append(f"{case.lang}: {case.text[max(0, a - 20) : b + 20]!r}")
    classes = sorted({c for _, c in found})
    print("\n| class | test: found / cases | test recall | tune recall |")
    print("|---|---|---|---|")
    for cls in classes:
        te, tu = found[("test", cls)], found[("tune", cls)]
        recall_test, recall_tune = te[0] / max(1, te[1]), tu[0] / max(1, tu[1])
        print(f"| {cls} | {te[0]} / {te[1]} | {recall_test:.4f} | {recall_tune:.4f} |")
    long_classes = [c for c in classes if c.startswith("in-word") or c == "whole-word"]
    hits = sum(found[("test", c)][0] for c in long_classes)
    n = sum(found[("test", c)][1] for c in long_classes)
    print(
        f"\nsubstitutions inside words of 3+ letters (in-word/*, whole-word), test half: "
        f"{hits}/{n} = {hits / max(1, n):.4f}"
    )
    for cls, examples in sorted(missed_examples.items()):
        print(f"  missed in the tune half, {cls} ({len(examples)}): " + "; ".join(examples[:3]))

    print("\n| domain group (rule) | found / cases | with the rule's own name |")
    print("|---|---|---|")
    by_group: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    samples: list[str] = []
    for group, text, _ in domain_cases():
        links = [f for f in scan(text) if f.kind == "link"]
        cell = by_group[group]
        cell[0] += bool(links)
        cell[1] += 1
        cell[2] += any(f.rule == "link-" + group.split(" ")[0] for f in links)
        if group.startswith("skeleton") and len(links) > 1:
            cell[0] -= 1  # the genuine host was flagged too: not a clean catch
        if links and len(samples) < 12 and sum(s.startswith(group) for s in samples) < 1:
            samples.append(f"{group}: {text!r} -> {links[0].rule}: {links[0].message}")
    for group, (hit, count, named) in by_group.items():
        print(f"| {group} | {hit} / {count} | {named} |")
    from polyglot_press.scripts import ScanContext

    listed = ScanContext(domains=tuple(f"{b}.com" for b in BRANDS))
    only_list = [t for g, t, _ in domain_cases() if g == "top-domain list only"]
    caught = sum(any(f.kind == "link" for f in scan(t, context=listed)) for t in only_list)
    print(
        f"| top-domain list only, with those domains listed in ScanContext.domains "
        f"| {caught} / {len(only_list)} | |"
    )
    ascii_doc = "Visit paypal.com today, then confirm at paypa1.com."
    print(
        f"\nskeleton match in a pure-ASCII document: {len(scan(ascii_doc))} findings without a list, "
        f"{len(scan(ascii_doc, context=listed))} with ScanContext.domains"
    )
    print("\nsample findings on spoofed links:")
    for sample in samples:
        print("  " + sample)
    print(f"\ntook {time.perf_counter() - start_all:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
