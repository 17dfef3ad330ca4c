"""Source text as CPython reads it, before any checking: its lines, its encoding
declaration, and a depth-bounded parse.

:func:`source_lines` splits where Python counts lines, so AST line numbers index it;
:func:`parse_tree` refuses a coding declaration other than UTF-8 (the checker reads
UTF-8; CPython would decode the file by the declaration) and input nested deeper than
:data:`MAX_DEPTH`, with an InputError/UnsupportedSyntax (exit 2) instead of a crash.
"""

from __future__ import annotations

import ast
import codecs
import re

from proofsmith.errors import InputError, UnsupportedSyntax

__all__ = ["MAX_DEPTH", "parse_tree", "source_lines"]

MAX_DEPTH = 100  # AST levels; deeper input is refused before any recursive pass runs

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def source_lines(text: str) -> list[str]:
    """``text`` split into lines (ends kept) exactly where Python counts them (``\\n``,
    ``\\r\\n``, ``\\r``), so AST line numbers index the list. ``str.splitlines`` also splits
    at ``\\x0c``, ``\\u2028`` … inside comments and strings: a candidate with such a
    character in its docstring shifted the splice and put code that was never compared
    into the checked text."""
    return _LINE.findall(text)


_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def _check_encoding(source: str) -> None:
    """The checker reads files as UTF-8; CPython decodes a file by its PEP 263 coding
    declaration. With ``# coding: latin-1`` the bytes of ``"é"`` are one character to the
    checker and two to CPython, so any declaration other than UTF-8 is refused."""
    for number, line in enumerate(source_lines(source)[:2], 1):
        match = _COOKIE.match(line)
        if match:
            try:
                name = codecs.lookup(match.group(1)).name
            except LookupError:
                name = match.group(1)
            if name != "utf-8":
                raise UnsupportedSyntax(
                    f"line {number}: unsupported: the coding declaration {match.group(1)!r} "
                    "(CPython would decode the file differently; only UTF-8 is read)",
                    hint="Save the file as UTF-8 and drop the declaration.",
                    line=number,
                    construct="coding declaration",
                )
        if line.strip() and not line.lstrip().startswith("#"):
            return  # the declaration may only be on line 1, or on line 2 after a comment


def parse_tree(source: str) -> ast.Module:
    """``source`` as an AST; InputError (exit 2) for a syntax error or too deep nesting.

    The depth is bounded here so no later recursive pass (unparse, the encoder, z3's term
    builder) can hit Python's recursion limit.
    """
    _check_encoding(source)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise InputError(
            f"line {exc.lineno}: Python syntax error: {exc.msg}", hint="Fix the syntax."
        ) from exc
    except (RecursionError, MemoryError) as exc:
        raise InputError(
            "the source is nested too deeply to parse", hint="Split deep expressions."
        ) from exc
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            line = getattr(node, "lineno", "?")
            raise InputError(
                f"line {line}: the source is nested too deeply (more than {MAX_DEPTH} levels)",
                hint="Split deep expressions into several assignments.",
            )
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return tree
