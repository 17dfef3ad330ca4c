"""Parser rules for named things: LaTeX commands, function names, constants and words.

``\\frac``, ``\\sqrt[n]{}`` (the real root for odd n: ``\\sqrt[3]{-8} = -2``),
``\\binom``, ``\\pi``/``\\infty``, function application (``\\sin^2 x``, ``\\log_2 8``,
``ln(x)``), absolute-value bars, and the words of plain text (``pi``, ``sqrt``, a one- or two-letter product of variables, ``Matrix(...)``).
Everything is built from the vocabulary in :mod:`.vocab` through SymPy constructors.
"""

from __future__ import annotations

import sympy as sp

from proofsmith.checkers.answer.cursor import ParseFailure
from proofsmith.checkers.answer.lex import Token
from proofsmith.checkers.answer.nodes import Node, Seq
from proofsmith.checkers.answer.structures import MATRIX_WORDS, StructureRules
from proofsmith.checkers.answer.vocab import CONSTS, FUNCS, LETTER_CONSTS

__all__ = ["CommandRules"]

MAX_BINOMIAL_N = 10_000  # \binom{n}{k} is evaluated only for |n| up to this


class CommandRules(StructureRules):
    """Commands, functions, constants and words; brackets and matrices come from the base."""

    def letter(self, name: str) -> sp.Expr:
        return LETTER_CONSTS.get(name, sp.Symbol(name))

    def word(self, text: str) -> Node:
        low = text.lower()
        if low in CONSTS:
            return CONSTS[low]
        if low in FUNCS:
            return self.function(FUNCS[low])
        if text in MATRIX_WORDS and self.at("op", "("):
            return self.matrix_call()
        if len(text) == 1:
            return self.letter(text)
        if len(text) == 2 and text.isascii():  # "ab" is a·b, and "ab^2" is a·b²
            self.i -= 1
            self.toks[self.i] = Token("word", text[1])
            return self.letter(text[0])
        raise ParseFailure(f"the word {text!r} is not mathematics")

    def function(self, fn) -> sp.Expr:
        """``f^p_b arg``: the power (``\\sin^2``), log base and argument, then apply."""
        power = None
        if self.at("op", "^"):
            self.take()
            power = self.exponent()
        base = None
        if fn is sp.log and self.at("op", "_"):
            self.take()
            base = self.expr_only(self.group())
        arg = self.expr_only(self.group() if self.at("op", "{") else self.power())
        if self.huge:
            value = fn(arg, evaluate=False) if base is None else sp.log(arg, base, evaluate=False)
        else:
            value = fn(arg) if base is None else sp.log(arg, base)
        return value if power is None else self.pow(value, power)

    def command(self, name: str) -> Node:
        if name == r"\frac":
            num, den = self.expr_only(self.group()), self.expr_only(self.group())
            return self.div(num, den)
        if name == r"\sqrt":
            index = None
            if self.at("op", "["):
                self.take()
                index = self.expr_only(self.expr())
                self.expect("op", "]")
            arg = self.expr_only(self.group())
            if index is not None and index.is_Integer and index % 2 and arg.is_negative:
                return self.neg(self.pow(self.neg(arg), 1 / index))  # the real odd root
            return self.pow(arg, sp.Rational(1, 2) if index is None else 1 / index)
        if name in (r"\binom", r"\dbinom", r"\tbinom"):
            n, k = self.expr_only(self.group()), self.expr_only(self.group())
            if n.is_Integer and abs(int(n)) > MAX_BINOMIAL_N:
                raise ParseFailure("binomial coefficient too large")
            return sp.binomial(n, k)
        if name == r"\pi":
            return sp.pi
        if name == r"\infty":
            return sp.oo
        if name in (r"\emptyset", r"\varnothing"):
            return Seq("set", ())
        if name[1:] in FUNCS:
            return self.function(FUNCS[name[1:]])
        if name == r"\{":
            return self.braced_set()
        if name in (r"\lvert", r"\vert", r"\|"):
            inner = self.expr_only(self.expr())
            if not self.at("cmd", r"\rvert", r"\vert", r"\|"):
                raise self.fail("unclosed absolute value")
            self.take()
            return sp.Abs(inner)
        if name == r"\begin":
            return self.environment()
        raise ParseFailure(f"unsupported LaTeX command {name}")
