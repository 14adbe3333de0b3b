"""Host names in links, bare domains and e-mail addresses, checked as browsers check them.

Each host is processed by UTS #46 (the ``idna`` package: mapping, validity,
Punycode) and each label is judged by the rules of Chromium's IDN display
policy ("IDN in Google Chrome", ``idn_spoof_checker.cc``), written here from
that public description:

- ``link-invalid``: a character UTS #46 disallows in a host (symbols, bidi
  controls), and ``link-lookalike-punctuation`` when it is a hyphen or dot
  lookalike (minus sign, en dash, hyphen U+2010, one-dot leader, a middle dot
  outside Catalan ``l·l``);
- ``link-invisible``: characters UTS #46 silently removes (soft hyphen, ZWSP),
  so the host shown is not the host visited;
- ``link-compatibility``: letters UTS #46 maps to others (fullwidth,
  mathematical, Roman numerals): shown one way, visited as another;
- ``link-deviation``: ß, ς, ZWJ, ZWNJ (IDNA 2003 and 2008 disagree);
- ``link-tld-character``: þ and ð outside ``.is``, ə outside ``.az``;
- ``link-restricted-character``: a letter not recommended for identifiers
  (UTS #39 Identifier_Status: IPA ɡ, small capitals ᴀ ʙ, obsolete letters);
- ``link-mixed-script``: a label mixing scripts beyond the Highly Restrictive
  level, or non-ASCII Latin letters beside another script;
- ``link-whole-script``: a label wholly in a script whose every letter looks
  Latin, under a top-level domain not of that script (``аррӏе.com``);
- ``link-digit-lookalike``: a label made of digits and digit lookalikes;
- ``link-dangerous-pattern``: i, j or l with a combining dot above, dotless i
  with a mark, a mark after a non-LGC letter, Kana/CJK marks that pass for
  slashes, dashes and Latin letters next to other scripts;
- ``link-skeleton-match``: a host whose UTS #39 skeleton equals that of a
  different host listed in :class:`~polyglot_press.scripts.ScanContext`
  ``domains`` or found elsewhere in the same text.

Findings name the host, the label and the rule; :func:`~polyglot_press.scripts.repair`
never rewrites a link (each :class:`Host` carries the span of its link).

>>> [(i.finding.rule, i.finding.text) for i in link_issues("Log in at аррӏе.com today", ())]
[('link-whole-script', 'аррӏе')]
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

import idna
import regex

from ..text import Finding, Severity, Span
from . import _ucd
from ._data import tables as _t
from .chars import char_info, stand_in
from .confusables import skeleton
from .context import LINK
from .records import Issue
from .resolve import is_highly_restrictive, resolved_scripts
from .whole_script import reading_of

__all__ = ["LINK", "Host", "find_hosts", "link_issues"]


# hyphen and dot lookalikes that may sit inside a label (UTS #46 disallows them all)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043\u02d7\u2796"
_DOT_LIKES = "\u00b7\u0387\u2024\u2027\u30fb\u0701\u0702\ua4f8\u2e31\u16eb"
# the dots UTS #46 maps to "." (full stop, ideographic, fullwidth, halfwidth)
_DOTS = ".\u3002\uff0e\uff61"
_LABEL_CHARS = rf"[\p{{L}}\p{{M}}\p{{N}}\p{{Cf}}_\-{_DASHES}{_DOT_LIKES}]"
_LABEL_BACK_RE = regex.compile(rf"(?r){_LABEL_CHARS}+")
_LABEL_CHAR_RE = regex.compile(_LABEL_CHARS)
# a host is labels joined by dots; found from each dot or "@" with a label character on both sides
_HOST_RE = regex.compile(rf"{_LABEL_CHARS}+(?:[{_DOTS}]{_LABEL_CHARS}+)+")
_SCHEME_RE = regex.compile(r"(?i)(?:https?|ftps?|wss?|sftp)://\Z|(?i)www[.]\Z")
_URL_TAIL_RE = regex.compile(r"[^\s<>\"'«»“”‘’()\[\]{}]*")
_DOT_SPLIT_RE = regex.compile(f"[{_DOTS}]")


# two-letter country code domains and the common generic ones: a bare host in
# prose ("see аррӏе.com") needs one of these (or a scheme, "www." or "@") to count
def _words(s: str) -> list[str]:
    return s.split()


_TLDS = frozenset(
    _words(
        "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt "
        "bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er "
        "es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht "
        "hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr "
        "ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng "
        "ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd "
        "se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw "
        "tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw "
        "com net org info biz edu gov mil int name pro mobi app dev xyz online site shop store tech top "
        "club news blog cloud page live link email website space fun icu vip asia bank support login "
        "рф рус бел укр срб мкд қаз мон орг ком сайт онлайн дети москва հայ ελ ευ გე"
    )
)
# country code domains where a script's whole-script lookalike labels are at home
_SCRIPT_TLDS: dict[str, frozenset[str]] = {
    "Cyrl": frozenset(_words("bg by kz ru su ua uz rs mk mn kg tj ba me")),
    "Grek": frozenset(["gr", "cy"]),
    "Armn": frozenset(["am"]),
    "Geor": frozenset(["ge"]),
    "Hebr": frozenset(["il"]),
    "Ethi": frozenset(["er", "et"]),
    "Mymr": frozenset(["mm"]),
    "Thai": frozenset(["th"]),
}
_DEVIATIONS = frozenset("\u00df\u03c2\u200c\u200d")
_DANGEROUS_RE = regex.compile(
    r"[ijl\u0131]\u0307|\u0131[\u0300-\u036f]"
    r"|[^\p{scx=Latn}\p{scx=Grek}\p{scx=Cyrl}\p{M}][\u0300-\u0339]"
    r"|[^\p{scx=Kana}\p{scx=Hira}\p{scx=Hani}][\u30ce\u30f3\u30bd\u30be\u4e36\u4e40\u4e41\u4e3f]"
    r"|[\u30ce\u30f3\u30bd\u30be\u4e36\u4e40\u4e41\u4e3f][^\p{scx=Kana}\p{scx=Hira}\p{scx=Hani}]"
    r"|(?:^|[^\p{scx=Kana}\p{scx=Hira}])\u30fc|(?:^|[^\p{scx=Kana}])[\u30fd\u30fe]|[\u3099\u309a]"
    r"|[^\p{scx=Kana}\p{scx=Hira}\p{scx=Hani}\p{scx=Bopo}][\u4e00\u3127\u4e28\u4e5b\u4e03\u4e05\u5341\u3007"
    r"\u3112\u311a\u311f\u3128\u3129\u3108\u31ba\u31b3\u5de5\u31b2\u8ba0\u4e01]"
    r"|[\u4e00\u3127\u4e28\u4e5b\u4e03\u4e05\u5341\u3007\u3112\u311a\u311f\u3128\u3129\u3108\u31ba\u31b3"
    r"\u5de5\u31b2\u8ba0\u4e01][^\p{scx=Kana}\p{scx=Hira}\p{scx=Hani}\p{scx=Bopo}]"
)
_MESSAGES = {
    "link-invalid": "holds {chars}, which UTS #46 does not allow in a host name",
    "link-lookalike-punctuation": "holds {chars}, a lookalike of '-' or '.' that no host name may contain",
    "link-invisible": "holds invisible {chars}, which UTS #46 drops: the host visited is {mapped!r}",
    "link-compatibility": "holds {chars}, which UTS #46 maps: the host visited is {mapped!r}",
    "link-deviation": "holds {chars}, which IDNA 2003 and IDNA 2008 resolve to different hosts",
    "link-tld-character": "holds {chars}, allowed by browsers only under the country domain that uses it",
    "link-restricted-character": "holds {chars}, a letter not recommended in identifiers (UTS #39)",
    "link-mixed-script": "mixes scripts ({chars})",
    "link-whole-script": "is written in {chars} letters that all look Latin, under the Latin domain {tld!r}",
    "link-digit-lookalike": "is made of digits and digit lookalikes ({chars})",
    "link-dangerous-pattern": "holds the dangerous sequence {chars}",
    "link-skeleton-match": "looks the same as {other!r} but is a different host",
}


class Host(NamedTuple):
    """A host name found in the text and the span of the link it belongs to."""

    start: int
    end: int
    host: str
    link: Span  # the whole URL, e-mail address or bare host: never rewritten
    explicit: bool  # after a scheme, "www." or "@": a host whatever its top-level domain


def find_hosts(text: str) -> Iterator[Host]:
    """The host names of ``text``: in URLs, after "www.", in e-mail addresses, and bare ones with a known TLD.

    >>> [h.host for h in find_hosts("Write to x@bank.example or see https://аррӏе.com/login, e.g. here.")]
    ['bank.example', 'аррӏе.com']
    """
    pos = 0
    for at in _joints(text):
        if at < pos:
            continue
        if text[at] == "@":
            back = _LABEL_BACK_RE.match(text, pos, at)
            local_start = back.start() if back is not None else at
            m = _HOST_RE.match(text, at + 1)
            if m is None:
                continue
            while local_start > pos and text[local_start - 1] in "._%+":
                back = _LABEL_BACK_RE.match(text, pos, local_start - 1)
                if back is None:
                    break
                local_start = back.start()
            start, end = _trim(text, m.start(), m.end())
            pos = end
            yield Host(start, end, text[start:end], Span(local_start, end), True)
            continue
        back = _LABEL_BACK_RE.match(text, pos, at)
        if back is None:
            continue
        start = back.start()
        m = _HOST_RE.match(text, start)
        if m is None:
            continue
        start, end = _trim(text, start, m.end())
        host = text[start:end]
        scheme = _SCHEME_RE.search(text, max(0, start - 10), start)
        explicit = scheme is not None or host[:4].lower() == "www."
        pos = end
        if not explicit and not _known_tld(_tld(host)):
            continue
        link_start = scheme.start() if scheme is not None else start
        tail = _URL_TAIL_RE.match(text, end) if end < len(text) and text[end] in "/:?#" else None
        link_end = tail.end() if tail is not None else end
        while link_end > end and text[link_end - 1] in ".,;:!?":
            link_end -= 1
        yield Host(start, end, host, Span(link_start, link_end), explicit)


def _joints(text: str) -> list[int]:
    """Offsets of the dots and "@" with a letter or digit on both sides, in order.

    ``str.find`` over the few joint characters is several times faster than a
    regex pass with lookarounds over the whole text (news has a dot every
    hundred characters, and a host in a few of them).
    """
    found: list[int] = []
    last = len(text) - 1
    for ch in "." + "@" + "".join(d for d in _DOTS[1:] if d in text):
        i = text.find(ch, 1)
        while 0 < i < last:
            if _is_label_char(text[i - 1]) and _is_label_char(text[i + 1]):
                found.append(i)
            i = text.find(ch, i + 1)
    found.sort()
    return found


def _is_label_char(ch: str) -> bool:
    return ch.isalnum() or ch in "-_" or (not ch.isascii() and _LABEL_CHAR_RE.match(ch) is not None)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in _DOTS + "-_":
        end -= 1
    return start, end


def _tld(host: str) -> str:
    """The top-level domain of ``host`` after UTS #46 mapping; "" when written with capitals ("U.S.A")."""
    last = _DOT_SPLIT_RE.split(host)[-1]
    if any(c.isupper() for c in last):
        return ""
    try:
        return idna.uts46_remap(last, std3_rules=False, transitional=False)
    except (idna.IDNAError, ValueError):
        return last.lower()


def _known_tld(tld: str) -> bool:
    """A top-level domain of the list, or one spelled with lookalikes of one ("cоm", "aӏ")."""
    if tld in _TLDS:
        return True
    if tld.isascii():
        return False
    plain = "".join(stand_in(c) or c for c in tld)  # small capitals and IPA letters: "cᴀ"
    return plain in _TLDS or skeleton(tld) in _tld_skeletons() or skeleton(plain) in _tld_skeletons()


@lru_cache(maxsize=1)
def _tld_skeletons() -> frozenset[str]:
    return frozenset(skeleton(t) for t in _TLDS if t.isascii())


def link_issues(text: str, domains: Iterable[str], hosts: list[Host] | None = None) -> list[Issue]:
    """Link findings for the hosts of ``text``; ``domains`` are hosts the reader trusts (skeleton matches)."""
    if hosts is None:
        hosts = list(find_hosts(text))
    issues: list[Issue] = []
    listed: dict[str, str] = {}  # skeleton -> a host the reader trusts
    for domain in domains:
        mapped = _map(domain)
        if mapped:
            listed.setdefault(_host_skeleton(mapped), mapped)
    mapped_hosts = [_map(h.host) for h in hosts]
    seen: dict[str, str] = {}  # skeleton -> a plain host of the document (ASCII letters, no digit)
    for h, mapped in zip(hosts, mapped_hosts, strict=True):
        if mapped and _plain(h.host):
            seen.setdefault(_host_skeleton(mapped), mapped)
    for h, mapped in zip(hosts, mapped_hosts, strict=True):
        found = list(_label_issues(h))
        if not found and mapped:
            key = _host_skeleton(mapped)
            other = listed.get(key)
            if other is None and not _plain(h.host):
                other = seen.get(key)
            if other is not None and other != mapped:
                found.append(_issue(h, h.start, h.end, "link-skeleton-match", other=other))
        issues.extend(found)
    return issues


def _plain(host: str) -> bool:
    """A host of ASCII letters, hyphens and dots only: the reading others are compared with."""
    return host.isascii() and not any(c.isdigit() for c in host)


def _map(host: str) -> str | None:
    try:
        return ".".join(
            idna.uts46_remap(label, std3_rules=False, transitional=False) for label in host.split(".")
        )
    except (idna.IDNAError, ValueError):
        return None


@lru_cache(maxsize=4096)
def _host_skeleton(mapped: str) -> str:
    labels = []
    for label in mapped.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(idna.IDNAError, ValueError, UnicodeError):
                label = idna.decode(label)
        # as browsers compare with their top domains: marks off Latin letters ("pàypal" is "paypal")
        plain = "".join(c for c in unicodedata.normalize("NFD", label) if not unicodedata.combining(c))
        labels.append(skeleton(plain).lower())
    return ".".join(labels)


def _label_issues(h: Host) -> Iterator[Issue]:
    host = h.host
    tld = _tld(host)
    offset = h.start
    for label in _DOT_SPLIT_RE.split(host):
        start = offset
        offset += len(label) + 1
        if label.isascii() and not label.lower().startswith("xn--"):
            continue
        rule, chars = _judge(label, tld)
        if rule is not None:
            yield _issue(h, start, start + len(label), rule, chars=chars, tld=tld)


def _issue(h: Host, start: int, end: int, rule: str, **fields: str) -> Issue:
    label = h.host[start - h.start : end - h.start]
    values = {"chars": "", "mapped": _map(h.host) or h.host, "tld": "", "other": ""} | fields
    reason = _MESSAGES[rule].format(**values)
    what = "host" if (start, end) == (h.start, h.end) else f"label {label!r} of host"
    odd = [c for c in dict.fromkeys(label) if not c.isascii()]
    finding = Finding(
        Span(start, end),
        LINK,
        f"{what} {h.host!r} {reason}",
        Severity.ERROR,
        rule,
        0.95,
        label,
        None,
        tuple(char_info(c) for c in odd),
    )
    return Issue(finding, (), "link")


def _names(chars: Iterable[str]) -> str:
    return ", ".join(f"{c!r} ({unicodedata.name(c, f'U+{ord(c):04X}')})" for c in dict.fromkeys(chars))


def _judge(label: str, tld: str) -> tuple[str | None, str]:
    """The first rule ``label`` breaks under top-level domain ``tld``, and the characters involved."""
    if label.lower().startswith("xn--"):
        try:
            label = idna.decode(label)
        except (idna.IDNAError, ValueError, UnicodeError):
            return "link-invalid", "Punycode that does not decode"
    try:
        mapped = idna.uts46_remap(label, std3_rules=True, transitional=False)
    except (idna.IDNAError, ValueError):
        mapped = None
    punctuation = [c for c in label if c in _DASHES or (c in _DOT_LIKES and not _catalan(label, tld, c))]
    if punctuation:
        return "link-lookalike-punctuation", _names(punctuation)
    if mapped is None or not _encodes(mapped):
        bad = [c for c in label if not _valid_char(c)] or list(label)
        return "link-invalid", _names(bad)
    deviation = [c for c in label if c in _DEVIATIONS]
    if deviation:
        return "link-deviation", _names(deviation)
    invisible = [c for c in label if c in _ucd.DEFAULT_IGNORABLE]
    if invisible:
        return "link-invisible", _names(invisible)
    changed = [c for c in label if unicodedata.normalize("NFKC", c).lower() != c.lower()]
    if changed:
        return "link-compatibility", _names(changed)
    lower = mapped
    icelandic = ("þ" in lower or "ð" in lower) and tld != "is"
    if len(lower) > 1 and (icelandic or ("ə" in lower and tld != "az")):
        return "link-tld-character", _names(c for c in lower if c in "þðə")
    restricted = [c for c in lower if c.isalpha() and not _ucd.is_allowed(c)]
    if restricted:
        return "link-restricted-character", _names(restricted)
    danger = _DANGEROUS_RE.search(unicodedata.normalize("NFD", lower))
    if danger is not None:
        return "link-dangerous-pattern", _names(danger.group())
    letters = [c for c in lower if c.isalpha()]
    scripts = {_ucd.main_script(c) for c in letters} - {None}
    if not resolved_scripts(lower) and not is_highly_restrictive(lower):
        return "link-mixed-script", ", ".join(sorted(str(s) for s in scripts))
    if (
        len(scripts) > 1
        and "Latn" in scripts
        and any(not c.isascii() and _ucd.main_script(c) == "Latn" for c in letters)
    ):
        return "link-mixed-script", "non-ASCII Latin letters beside " + ", ".join(
            sorted(str(s) for s in scripts - {"Latn"})
        )
    if _digit_lookalike(lower):
        return "link-digit-lookalike", _names(c for c in lower if not c.isascii())
    if len(scripts) == 1 and tld.isascii():
        (script,) = scripts
        foreign = script not in ("Latn", None) and tld not in _SCRIPT_TLDS.get(str(script), frozenset())
        if foreign and reading_of(lower, "Latn") is not None:
            return "link-whole-script", _t.SCRIPT_NAMES.get(str(script), str(script))
    return None, ""


def _catalan(label: str, tld: str, ch: str) -> bool:
    """A middle dot between two l's under ``.cat`` (the Catalan ela geminada)."""
    if ch != "\u00b7" or tld != "cat":
        return False
    return all(
        0 < i < len(label) - 1 and label[i - 1] in "lL" and label[i + 1] in "lL"
        for i, c in enumerate(label)
        if c == ch
    )


def _valid_char(ch: str) -> bool:
    try:
        return _encodes(idna.uts46_remap(ch, std3_rules=True, transitional=False))
    except (idna.IDNAError, ValueError):
        return False


def _encodes(label: str) -> bool:
    if not label:
        return True
    try:
        idna.encode(label, uts46=False)
    except (idna.IDNAError, ValueError, UnicodeError):
        return False
    return True


@lru_cache(maxsize=1)
def _digit_like() -> frozenset[str]:
    """Letters and digits of other systems that pass for ASCII digits.

    Those whose UTS #39 skeleton is one ASCII digit, plus the letters the IDN
    policy names for their digit shape that confusables.txt maps elsewhere
    (θ for 0; з ҙ ӡ for 3; շ for 2).
    """
    by_skeleton = {c for c, sk in _t.SKELETON.items() if len(sk) == 1 and sk.isdigit() and not c.isascii()}
    return frozenset(by_skeleton | set("θзҙӡշ"))


def _digit_lookalike(label: str) -> bool:
    """Only digits and digit lookalikes (з for 3, θ for 0...), at least one lookalike."""
    like = _digit_like()
    return any(c in like for c in label) and all((c.isascii() and c.isdigit()) or c in like for c in label)
