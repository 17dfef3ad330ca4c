"""The words and commands the answer parser knows: functions, constants, relations, units.

Also :func:`strip_words`, which drops trailing unit and text words (``5 apples``,
``12 cm^2``) before parsing.
"""

from __future__ import annotations

import sympy as sp

from proofsmith.checkers.answer.lex import Token

__all__ = [
    "CONSTS",
    "FUNCS",
    "LETTER_CONSTS",
    "MATRIX_ENVS",
    "MUL_CMDS",
    "REL_CMDS",
    "REL_OPS",
    "SEP_WORDS",
    "UNIT_WORDS",
    "strip_words",
]

FUNCS = {
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "cot": sp.cot,
    "sec": sp.sec,
    "csc": sp.csc,
    "arcsin": sp.asin,
    "arccos": sp.acos,
    "arctan": sp.atan,
    "asin": sp.asin,
    "acos": sp.acos,
    "atan": sp.atan,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "exp": sp.exp,
    "ln": sp.log,
    "log": sp.log,
    "lg": lambda x: sp.log(x, 10),
    "sqrt": sp.sqrt,
}
CONSTS = {"pi": sp.pi, "infty": sp.oo, "infinity": sp.oo, "inf": sp.oo, "oo": sp.oo}
LETTER_CONSTS = {"e": sp.E, "i": sp.I}
REL_CMDS = {
    r"\le": "<=",
    r"\leq": "<=",
    r"\leqslant": "<=",
    r"\ge": ">=",
    r"\geq": ">=",
    r"\geqslant": ">=",
    r"\lt": "<",
    r"\gt": ">",
    r"\ne": "!=",
    r"\neq": "!=",
    r"\approx": "=",
}
REL_OPS = {"=", "<", ">", "<=", ">=", "!="}
SEP_WORDS = {"or", "and", "und", "oder", "et", "ou"}
MUL_CMDS = {r"\cdot", r"\times", r"\ast"}
MATRIX_ENVS = {"matrix", "pmatrix", "bmatrix", "Bmatrix", "smallmatrix", "array"}


UNIT_WORDS = {
    "cm", "mm", "km", "kg", "mg", "ml", "mph", "kmh", "sec", "secs", "min", "mins", "hr",
    "hrs", "ft", "yd", "lb", "lbs", "oz", "in",
}  # fmt: skip


def strip_words(tokens: list[Token]) -> tuple[list[Token], bool]:
    """Drop trailing unit/text words (``5 apples``, ``12 cm^2``); report if any were dropped."""
    end = len(tokens) - 1  # the eof token
    dropped = False
    while end > 1:
        tok = tokens[end - 1]
        if tok.kind == "op" and tok.text in "^" and end > 2:
            end -= 1
            continue
        if tok.kind == "num" and end > 2 and tokens[end - 2].text == "^":
            end -= 1
            continue
        long_word = len(tok.text) > 2 and tok.text.lower() not in FUNCS | CONSTS.keys()
        if tok.kind == "word" and (long_word or tok.text in UNIT_WORDS) and end > 1:
            prev = tokens[end - 2]
            if prev.kind in ("num", "word", "cmd") or prev.text in ")}%":
                end -= 1
                dropped = True
                continue
        break
    if not dropped:
        return tokens, False
    return tokens[:end] + [tokens[-1]], True
