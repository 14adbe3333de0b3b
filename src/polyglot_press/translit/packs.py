"""Our tables as ``transliterate`` language packs, in that package's own registry.

After :func:`register_packs`, plain ``transliterate`` code reaches our
standards: ``transliterate.translit("Тоқаев", "kk", reversed=True)`` is
``"Toqaev"``, and every named standard is a pack under its own name
(``translit(text, "ru-bgn", reversed=True)``). In ``transliterate``,
``reversed=True`` means "from the script to Latin".

The bundled packs load only when the registry is empty, so
``autodiscover()`` runs first; translit functions are cached, because
``transliterate.translit`` builds a new pack object on every call.

>>> import transliterate
>>> register_packs()
>>> transliterate.translit("Тоқаев", "kk", reversed=True)
'Toqaev'
>>> transliterate.translit("Toqaev", "kk")
'Тоқаев'
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["register_packs", "registered_pack", "translit_function"]

_lock = threading.Lock()
_registered = False


def _registry() -> Any:
    from transliterate.base import registry
    from transliterate.discover import autodiscover

    if not registry.registry or "ru" not in registry.registry:
        autodiscover()
    return registry


def registered_pack(code: str) -> Any:
    """The pack class ``transliterate`` has for ``code`` (bundled packs loaded first)."""
    pack = _registry().get(code)
    if pack is None:
        from ..errors import InputError

        raise InputError(f"the transliterate package has no language pack {code!r}")
    return pack


@functools.cache
def translit_function(code: str) -> Callable[..., str]:
    """``transliterate.get_translit_function(code)``, built once."""
    from transliterate import get_translit_function

    _registry()
    function: Callable[..., str] = get_translit_function(code)
    return function


def _pack_class(code: str, name: str, forward: str | None, backward: str | None) -> type:
    from transliterate.base import TranslitLanguagePack

    from .standards import SCRIPTS, scheme_for

    script = SCRIPTS[code.split("-")[0]]

    def translit(self: Any, value: str, reversed: bool = False, strict: bool = False,
                 fail_silently: bool = True) -> str:
        standard = backward if reversed else forward
        if standard is None:
            return value
        target = "Latn" if reversed else script
        return scheme_for(code.split("-")[0], standard, target)[1].apply(value)

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
        registry = _registry()
        from .standards import standards

        by_name: dict[str, dict[str, str]] = {}
        for info in standards():
            if info.name.endswith("-transliterate") and info.language != "kk":
                continue
            slot = by_name.setdefault(info.name, {"language": info.language})
            slot["backward" if info.target_script == "Latn" else "forward"] = info.name
        for name, slot in by_name.items():
            registry.register(_pack_class(slot["language"], name, slot.get("forward"),
                                          slot.get("backward")))
        registry.register(_pack_class("kk", "kk", "kk-2021", "kk-2021"))
        _registered = True
