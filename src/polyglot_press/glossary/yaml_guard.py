"""Guards of the YAML reader against hostile input, each linear in the input.

* :class:`LinearScanner`: ruamel's round-trip scanner, with comments read in
  one slice (ruamel grows a comment a character at a time: quadratic);
* :func:`check_characters`: a NUL or another character YAML forbids names its
  line and column, and asks whether the file is UTF-16 or UTF-32;
* :func:`check_depth`: flow nesting deeper than :data:`MAX_DEPTH` is refused
  before the parser recurses into it.

>>> check_depth("a: " + "[" * 100, "g.yaml")
Traceback (most recent call last):
...
polyglot_press.errors.GlossaryError: g.yaml:1: nested more than 64 deep (a glossary needs about five levels)
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.scanner import RoundTripScanner

from ..errors import GlossaryError

__all__ = ["MAX_DEPTH", "LinearScanner", "check_characters", "check_depth", "too_deep"]

#: the deepest nesting of mappings and lists accepted (a glossary needs five)
MAX_DEPTH = 64


class LinearScanner(RoundTripScanner):
    """ruamel's round-trip scanner with comments read in one slice.

    ruamel builds a comment with ``comment += ch`` per character: quadratic
    when the interpreter cannot grow the string in place, as in a long-running
    process (a 1 MB comment line took 17 s per read in ``glossary lint --fix``).
    Here the comment's line is found with ``str.find`` and taken as a slice;
    the rest is ruamel's own code.
    """

    _BREAKS = re.compile("[\n\r\x85\u2028\u2029\0]")

    def scan_to_next_token(self) -> Any:
        reader = self.reader
        if reader.stream is None and reader.buffer:  # text given as one string
            srp = reader.peek
            white_space = " \t" if self.flow_level > 0 else " "
            if reader.index == 0 and srp() == "\ufeff":
                reader.forward()
            while srp() in white_space:
                reader.forward()
            if srp() == "#":
                start_mark = reader.get_mark()
                found = self._BREAKS.search(reader.buffer, reader.pointer)
                end = found.start() if found else len(reader.buffer)
                comment = reader.buffer[reader.pointer:end]
                # no line break inside: moving the reader is plain arithmetic
                length = end - reader.pointer
                reader.pointer += length
                reader.index += length
                reader.column += length - comment.count("\ufeff")
                if srp() == "\0":
                    comment += "\n"
                else:  # as ruamel does: the break itself as written, then blank lines
                    comment += srp()
                    reader.forward()
                    ch = self.scan_line_break()
                    while ch:
                        comment += ch
                        ch = self.scan_line_break()
                end_mark = reader.get_mark()
                if not self.flow_level:
                    self.allow_simple_key = True
                return comment, start_mark, end_mark
        return super().scan_to_next_token()


# what YAML 1.2 does not allow in a stream: the complement of ruamel's
# Reader.NON_PRINTABLE class [^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd
# \U00010000-\U0010ffff], written out (the same characters; re compiles this in
# a millisecond, the negated one in fifteen, at every start-up)
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
                            "\ud800-\udfff\ufffe\uffff]")


def check_characters(text: str, path: str | None) -> None:
    bad = _NOT_PRINTABLE.search(text)
    if bad is None:
        return
    line = text.count("\n", 0, bad.start()) + 1
    column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
    hint = ("; is the file UTF-16 or UTF-32 text? Save it as UTF-8" if bad.group() == "\0"
            else "; remove it or write it as an escape in a double-quoted string")
    raise GlossaryError(f"character U+{ord(bad.group()):04X} is not allowed in YAML{hint}",
                        path=path, line=line, column=column)


_FLOW_TOKENS = re.compile(r"""[\[\]{}"'#\n\\]""")


def check_depth(text: str, path: str | None) -> None:
    """Refuse flow nesting (``[[[...`` or ``{a: {a: ...``) deeper than
    :data:`MAX_DEPTH` before ruamel recurses into it; brackets inside quotes
    and comments do not count. (Block nesting that deep needs thousands of
    columns of indentation; ruamel's RecursionError is caught for it.)
    """
    if "[" not in text and "{" not in text:
        return
    depth = 0
    quote = ""
    comment = False
    line = 1
    previous = "\n"
    for m in _FLOW_TOKENS.finditer(text):
        ch = m.group()
        before = text[m.start() - 1] if m.start() else "\n"
        if ch == "\n":
            line += 1
            comment = False
        elif comment:
            pass
        elif quote:
            if ch == "\\" and quote == '"':
                pass  # the escaped character is never a quote that ends it ...
            elif ch == quote and not (quote == '"' and previous == "\\"
                                      and before == "\\"):
                quote = ""
        elif ch in "\"'" and before in " ,[{:-\t\n":
            quote = ch
        elif ch == "#" and before in " \t\n":
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise too_deep(path, line)
        elif ch in "]}":
            depth = max(0, depth - 1)
        previous = ch


def too_deep(path: str | None, line: int) -> GlossaryError:
    return GlossaryError(f"nested more than {MAX_DEPTH} deep (a glossary needs about five "
                         "levels)", path=path, line=line)
