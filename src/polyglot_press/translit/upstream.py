"""The ``transliterate`` package's own registry and bundled packs, read once.

The bundled packs load only when the registry is empty, so ``autodiscover()``
runs first; translit functions are cached, because ``transliterate.translit``
builds a new pack object on every call. Registering our own packs in that
registry is :mod:`.packs`' job; this module only reads it, so
:mod:`.standards` can use the upstream packs without importing ours.

>>> translit_function("ru")("Москва", reversed=True)
'Moskva'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ..errors import InputError

__all__ = ["registered_pack", "registry", "translit_function"]


def registry() -> Any:
    """``transliterate``'s registry, with its bundled packs loaded."""
    from transliterate.base import registry as upstream
    from transliterate.discover import autodiscover

    if not upstream.registry or "ru" not in upstream.registry:
        autodiscover()
    return upstream


def registered_pack(code: str) -> Any:
    """The pack class ``transliterate`` has for ``code`` (bundled packs loaded first)."""
    pack = registry().get(code)
    if pack is None:
        raise InputError(f"the transliterate package has no language pack {code!r}")
    return pack


@functools.cache
def translit_function(code: str) -> Callable[..., str]:
    """``transliterate.get_translit_function(code)``, built once."""
    from transliterate import get_translit_function

    registry()
    function: Callable[..., str] = get_translit_function(code)
    return function
