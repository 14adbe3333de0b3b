"""Our tables as ``transliterate`` language packs, in that package's own registry.

After :func:`register_packs`, plain ``transliterate`` code reaches our
standards: ``transliterate.translit("Тоқаев", "kk", reversed=True)`` is
``"Toqaev"``, and every named standard is a pack under its own name
(``translit(text, "ru-bgn", reversed=True)``). In ``transliterate``,
``reversed=True`` means "from the script to Latin".

Reading the upstream registry and its bundled packs is :mod:`.upstream`'s
job; this module only adds ours to it.

>>> import transliterate
>>> register_packs()
>>> transliterate.translit("Тоқаев", "kk", reversed=True)
'Toqaev'
>>> transliterate.translit("Toqaev", "kk")
'Тоқаев'
"""

from __future__ import annotations

import threading
from typing import Any

from ..lang import lang_base
from .standards import scheme_for, script_for, standards
from .upstream import registered_pack, registry, translit_function

__all__ = ["register_packs", "registered_pack", "translit_function"]

_lock = threading.Lock()
_registered = False


def _pack_class(code: str, name: str, forward: str | None, backward: str | None) -> type:
    from transliterate.base import TranslitLanguagePack

    language = lang_base(code)
    script = script_for(language)

    def translit(self: Any, value: str, reversed: bool = False, strict: bool = False,
                 fail_silently: bool = True) -> str:
        standard = backward if reversed else forward
        if standard is None:
            return value
        target = "Latn" if reversed else script
        return scheme_for(language, standard, target)[1].apply(value)

    ranges = {"Cyrl": ((0x0400, 0x052F),), "Armn": ((0x0530, 0x058F),),
              "Geor": ((0x10A0, 0x10FF), (0x1C90, 0x1CBF)), "Grek": ((0x0370, 0x03FF),)}
    return type(
        f"PolyglotPress_{name.replace('-', '_')}",
        (TranslitLanguagePack,),
        {
            "language_code": name,
            "language_name": f"{name} (polyglot_press)",
            "character_ranges": ranges[script],
            # required by the base class; translit() below does the work
            "mapping": ("a", "a"),
            "translit": translit,
        },
    )


def register_packs() -> None:
    """Register ``kk`` and every named standard with ``transliterate`` (idempotent)."""
    global _registered
    with _lock:
        if _registered:
            return
        upstream = registry()
        by_name: dict[str, dict[str, str]] = {}
        for info in standards():
            if info.name.endswith("-transliterate") and info.language != "kk":
                continue
            slot = by_name.setdefault(info.name, {"language": info.language})
            slot["backward" if info.target_script == "Latn" else "forward"] = info.name
        for name, slot in by_name.items():
            upstream.register(_pack_class(slot["language"], name, slot.get("forward"),
                                          slot.get("backward")))
        upstream.register(_pack_class("kk", "kk", "kk-2021", "kk-2021"))
        _registered = True
