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
    "INVERSE_TRIG",
    "TRIG",
    "LETTER_CONSTS",
    "MATRIX_ENVS",
    "MUL_CMDS",
    "REL_CMDS",
    "REL_OPS",
    "SEP_WORDS",
    "UNIT_NAMES",
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
MATRIX_ENVS = {"matrix", "pmatrix", "bmatrix", "Bmatrix", "smallmatrix", "array", "vmatrix"}
INVERSE_TRIG = {sp.sin: sp.asin, sp.cos: sp.acos, sp.tan: sp.atan, sp.cot: sp.acot}
TRIG = {sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc}


UNIT_WORDS = {
    "cm", "mm", "km", "kg", "mg", "ml", "mph", "kmh", "sec", "secs", "min", "mins", "hr",
    "hrs", "ft", "yd", "lb", "lbs", "oz", "in", "sq", "mi",
}  # fmt: skip
# written-out units and their abbreviation: "5 centimeters" is "5 cm", "5 hours" is "5 hr"
UNIT_NAMES = {
    "centimeter": "cm", "centimetre": "cm", "millimeter": "mm", "millimetre": "mm",
    "kilometer": "km", "kilometre": "km", "meter": "m", "metre": "m", "inch": "in",
    "inche": "in", "foot": "ft", "feet": "ft", "yard": "yd", "mile": "mi", "kilogram": "kg",
    "gram": "g", "milligram": "mg", "pound": "lb", "lb": "lb", "ounce": "oz", "liter": "l",
    "litre": "l", "milliliter": "ml", "millilitre": "ml", "hour": "hr", "hr": "hr",
    "minute": "min", "min": "min", "second": "sec", "sec": "sec", "dollar": "dollar",
    "cent": "cent", "degree": "degree", "day": "day", "week": "week", "year": "year",
}  # fmt: skip


def _droppable(tok: Token) -> bool:
    """A unit (``cm``) or a text word (``apples``): not a function, constant or variable."""
    if tok.kind != "word":
        return False
    return tok.text in UNIT_WORDS or (len(tok.text) > 2 and tok.text.lower() not in _MATH_WORDS)


_MATH_WORDS = FUNCS.keys() | CONSTS.keys() | SEP_WORDS


def _unit(tokens: list[Token]) -> str:
    """One normalised unit: lower case, a plural ``s`` dropped, exponent kept (``cm^2``)."""
    text = "".join(t.text for t in tokens).lower()
    word, _, power = text.partition("^")
    if len(word) > 2 and word.endswith("s") and word not in ("mps", "kmh"):
        word = word[:-1]
    word = UNIT_NAMES.get(word, word)
    return word + (f"^{power}" if power else "")


def strip_words(tokens: list[Token]) -> tuple[list[Token], tuple[str, ...]]:
    """Drop trailing unit/text words (``5 apples``, ``12 cm^2``); return them normalised.

    A word goes only when it follows a number, word, command or closing bracket; an
    exponent goes only with the unit word it is attached to (``x^2 here`` keeps ``x^2``).
    """
    end = len(tokens) - 1  # the eof token
    units: list[str] = []
    while end > 1:
        cut = end - 1
        if end > 3 and tokens[cut].kind == "num" and tokens[cut - 1].text == "^":
            cut -= 2  # "cm ^ 2": the unit word sits before the exponent
        if not _droppable(tokens[cut]) or cut < 1:
            break
        prev = tokens[cut - 1]
        if not (prev.kind in ("num", "word", "cmd") or prev.text in ")}%"):
            break
        units.insert(0, _unit(tokens[cut:end]))
        end = cut
    if not units:
        return tokens, ()
    return tokens[:end] + [tokens[-1]], tuple(units)
