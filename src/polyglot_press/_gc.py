"""Pausing the cyclic garbage collector while big acyclic results are built.

Reference counting frees everything as usual; only the full collections,
which walk every live object again and again while millions are created
(a scan's records, a glossary's concepts), are held off.

>>> import gc
>>> with paused_gc():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it runs) for the block; reference counting goes on."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
