"""Small text helpers of name normalization: scripts, edit distance, case,
the words that may stand before a surname, minimal changes.

>>> _distance("Murphy", "Mruphy", 2), _follow_case("TOKAEV", "Tokayev")
(1, 'TOKAYEV')
"""

from __future__ import annotations

import bisect
import unicodedata

import regex

from ..glossary import _seams
from ..glossary.model import ConceptKind
from ..text import Span

_NAME_KINDS = (ConceptKind.PERSON, ConceptKind.ORGANIZATION, ConceptKind.PLACE, ConceptKind.BRAND)
_TRANSLITERATED = {"Cyrillic", "Armenian", "Greek", "Georgian"}
_CAP_RUN = regex.compile(r"\p{Lu}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*"
                         r"(?:[ \t]+\p{Lu}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*)*")
_WORD_BEFORE = regex.compile(r"(\p{Lu}[\p{L}\p{M}'’.-]*)[ \t]+$")
# Words that may stand before a surname alone: titles and forms of address, and
# the function words that start sentences ("Then Tokaev said").
_TITLE_WORDS = """
mr mrs ms miss dr prof professor sir dame lady lord president vice prime minister deputy
chairman chairwoman chair director general senator ambassador secretary king queen prince
princess judge justice coach captain governor mayor premier chancellor speaker commissioner
colonel major lieutenant sergeant officer father rev reverend bishop pope sheikh emir
herr frau präsident präsidentin kanzler kanzlerin monsieur madame mme m président présidente
ministre senhor senhora presidente ministro pan paní prezident prezidentka ministr
господин госпожа президент министр премьер председатель посол генерал мэр
мырза ханым президенті төраға елші պարոն տիկին նախագահ նախարար
the then but and when after before yesterday today tomorrow on in at as if while also however
meanwhile so now later earlier this that these those it he she they we i you his her their
our its a an for from with by to of said says according since until because although though
both neither either not only even still yet again once where why how what who whom whose
но и а когда после тогда также однако вчера сегодня по мнению затем
aber und dann als wenn nach gestern heute auch jedoch mais et puis quand après hier
aujourd'hui aussi cependant mas e então quando depois ontem hoje também ale a pak když
potom včera dnes také
"""
_TITLES = frozenset(_TITLE_WORDS.split())
_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*")


def _script(text: str) -> str:
    counts: dict[str, int] = {}
    for ch in text:
        s = _seams.letter_script(ch)
        if s:
            counts[s] = counts.get(s, 0) + 1
    return max(counts, key=lambda s: counts[s]) if counts else ""


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, or ``limit + 1`` when above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _overlaps_any(starts: list[int], ends: list[int], span: Span) -> bool:
    """Whether ``span`` overlaps one of the sorted, disjoint spans given by ``starts``/``ends``."""
    i = bisect.bisect_right(ends, span.start)
    return i < len(starts) and starts[i] < span.end


def _allowed(length: int, min_length: int) -> int:
    if length < min_length:
        return 0
    return 1 if length < 9 else 2


def _follow_case(found: str, target: str) -> str:
    """``target`` in capitals when ``found`` is the same name written in capitals
    (a headline); an acronym that stands for a longer name is not.

    >>> _follow_case("TOKAEV", "Tokayev"), _follow_case("Tokaev", "Tokayev")
    ('TOKAYEV', 'Tokayev')
    >>> _follow_case("ODIHR", "Office for Democratic Institutions and Human Rights")
    'Office for Democratic Institutions and Human Rights'
    """
    if (sum(c.isupper() for c in found) > 1 and found.isupper() and not target.isupper()
            and len(found.split()) == len(target.split())):
        return target.upper()
    return target


def _minimal(span_start: int, before: str, after: str) -> tuple[int, str, str]:
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    s = 0
    while (s < min(len(before), len(after)) - p and before[-1 - s] == after[-1 - s]):
        s += 1
    return span_start + p, before[p : len(before) - s], after[p : len(after) - s]
