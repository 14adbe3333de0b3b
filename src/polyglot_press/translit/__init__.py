"""Transliteration by named standards, built on the ``transliterate`` package.

``transliterate`` supplies the registry and its bundled language packs; this
package adds Kazakh (the 2021 Latin alphabet), named standards (ICAO 9303,
BGN/PCGN, ISO 9, KMU 2010, ISO 9985, ELOT 743, ...), a context-rule layer
(word start, after a vowel, word end, digraph capitals) and *press* profiles
that spell names as English-language wire services do.

Importing this package registers our packs with ``transliterate`` (about
25 ms, most of it ``transliterate``'s own packs), so plain ``transliterate``
code reaches them at once; ``import polyglot_press`` alone stays lazy.

>>> import transliterate as upstream
>>> upstream.translit("Тоқаев", "kk", reversed=True)
'Toqaev'
>>> from polyglot_press.translit import transliterate
>>> transliterate("Жомарт", "kk", standard="kk-press"), transliterate("ЖОМАРТ", "kk", standard="kk-press")
('Zhomart', 'ZHOMART')
"""

from __future__ import annotations

from .api import Transliterated, romanization_variants, transliterate, transliterate_explain
from .packs import register_packs
from .standards import StandardInfo, standards

register_packs()

__all__ = [
    "StandardInfo",
    "Transliterated",
    "register_packs",
    "romanization_variants",
    "standards",
    "transliterate",
    "transliterate_explain",
]
