"""Parser rules for named things: LaTeX commands, function names, constants and words.

``\\frac``, ``\\sqrt[n]{}`` (the real root for odd n: ``\\sqrt[3]{-8} = -2``),
``\\binom``, ``\\pi``/``\\infty``, function application (``\\sin^2 x``, ``\\log_2 8``,
``ln(x)``), absolute-value bars, and the words of plain text (``pi``, ``sqrt``, a one- or two-letter product of variables, ``Matrix(...)``).
Everything is built from the vocabulary in :mod:`.vocab` through SymPy constructors.
"""

from __future__ import annotations

import sympy as sp

from proofsmith.checkers.answer.cursor import DEG, ParseFailure
from proofsmith.checkers.answer.lex import Token
from proofsmith.checkers.answer.nodes import Mat, Node, Seq
from proofsmith.checkers.answer.structures import MATRIX_WORDS, StructureRules
from proofsmith.checkers.answer.vocab import (
    CONSTS,
    FUNCS,
    INVERSE_TRIG,
    LETTER_CONSTS,
    SEP_WORDS,
    TRIG,
)

__all__ = ["CommandRules"]

MAX_BINOMIAL_N = 10_000  # \binom{n}{k} is evaluated only for |n| up to this
MAX_SUM_TERMS = 10_000  # \sum with integer bounds is added term by term up to this many


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
        if len(text) == 2 and text.isupper():  # "PQ" (a segment), "IV": one name, not P·Q
            return sp.Symbol(text)
        if len(text) == 2 and text.isascii():  # "ab" is a·b, and "ab^2" is a·b²
            self.i -= 1
            self.toks[self.i] = Token("word", text[1])
            return self.letter(text[0])
        raise ParseFailure(f"the word {text!r} is not mathematics")

    def function(self, fn) -> sp.Expr:
        """``f^p_b arg``: the power (``\\sin^2``), log base and argument, then apply.

        ``\\sin(x)^2`` is ``(\\sin x)^2`` (a bracket is the whole argument), ``\\sin 2x`` is
        ``\\sin(2x)`` (an unbracketed argument runs over a product of numbers and letters)
        and ``\\sin^{-1}`` is the inverse function.
        """
        power = None
        if self.at("op", "^"):
            self.take()
            power = self.exponent()
        if power == -1 and fn in INVERSE_TRIG:
            fn, power = INVERSE_TRIG[fn], None
        base = None
        if fn is sp.log and self.at("op", "_"):
            self.take()
            base = self.expr_only(self.group())
        if self.at("op", "{"):
            arg = self.expr_only(self.group())
        elif self.at("op", "("):
            arg = self.expr_only(self.atom())
        else:
            arg = self.expr_only(self.power())
            while self.argument_continues():
                arg = self.mul(arg, self.power())
        if fn in TRIG:
            arg = arg.xreplace({DEG: sp.pi / 180})
        if fn is sp.log:
            self.condition("pos", arg)
        elif fn in (sp.asin, sp.acos):
            self.condition("unit", arg)
        if self.huge:
            value = fn(arg, evaluate=False) if base is None else sp.log(arg, base, evaluate=False)
        else:
            value = fn(arg) if base is None else sp.log(arg, base)
        return value if power is None else self.pow(value, power)

    def argument_continues(self) -> bool:
        """After ``\\sin 2``: does ``x`` (a letter, ``\\pi``) still belong to the argument?"""
        tok = self.peek()
        if tok.kind == "word":
            return tok.text.lower() not in FUNCS and tok.text.lower() not in SEP_WORDS
        return tok.kind == "cmd" and tok.text == r"\pi"

    def bound_variable(self) -> tuple[sp.Symbol, sp.Expr]:
        """``_{k=1}`` of a sum or ``_{x \\to 0}`` of a limit: the variable and the value."""
        self.expect("op", "_")
        self.expect("op", "{")
        name = self.take()
        if name.kind != "word" or len(name.text) != 1:
            raise self.fail("expected a bound variable")
        if not (self.at("op", "=") or self.at("cmd", r"\to", r"\rightarrow")):
            raise self.fail("expected = or \\to")
        self.take()
        value = self.expr_only(self.expr())
        self.expect("op", "}")
        self.bound.append(sp.Symbol(name.text))
        return sp.Symbol(name.text), value

    def big_sum(self) -> sp.Expr:
        var, lo = self.bound_variable()
        self.expect("op", "^")
        hi = self.expr_only(self.group())
        body = self.expr_only(self.term())
        if lo.is_Integer and hi.is_Integer and int(hi) - int(lo) < MAX_SUM_TERMS:
            terms = [body.xreplace({var: sp.Integer(k)}) for k in range(int(lo), int(hi) + 1)]
            return sp.Add(*terms)
        return sp.Sum(body, (var, lo, hi)).doit()

    def limit(self) -> sp.Expr:
        var, point = self.bound_variable()
        body = self.expr_only(self.term())
        return sp.limit(body, var, point)

    def determinant(self) -> sp.Expr:
        node = self.postfix()
        if not isinstance(node, Mat) or node.shape[0] != node.shape[1]:
            raise ParseFailure("\\det needs a square matrix")
        return sp.Matrix([list(r) for r in node.rows]).det()

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
        if name == r"\sum":
            return self.big_sum()
        if name == r"\lim":
            return self.limit()
        if name == r"\det":
            return self.determinant()
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
