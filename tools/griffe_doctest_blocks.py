"""Griffe extension for the documentation site: doctest examples become code blocks.

Our docstrings carry short ``>>>`` examples (they run as doctests) in the middle
of prose, with no "Examples:" section. Markdown would read them as quotations,
and their output as link references (which ``mkdocs build --strict`` refuses).
This wraps every run of ``>>>``/``...`` lines and the output that follows them
(up to a blank line) in a ```` ```pycon ```` fence, leaving the source untouched.
Used by ``mkdocs.yml`` (mkdocstrings' ``extensions`` option).
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """Wrap each doctest example of ``text`` in a ``pycon`` code fence.

    >>> print(fence_doctests("Say hi:\\n\\n>>> 1 + 1\\n2\\n\\nDone."))
    Say hi:
    <BLANKLINE>
    ```pycon
    >>> 1 + 1
    2
    ```
    <BLANKLINE>
    Done.
    """
    out: list[str] = []
    inside = False
    fenced = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
        if not fenced and not inside and stripped.startswith(">>>"):
            out.append("```pycon")
            inside = True
        elif inside and not stripped:
            out.append("```")
            inside = False
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Fence the doctest examples of every docstring griffe loads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
