"""The parser's cursor: position in the token list, what was seen, and guarded arithmetic.

:class:`Cursor` is the base of the parser in :mod:`.parse` and of the rule groups in
:mod:`.commands` and :mod:`.structures`. It walks the tokens of :mod:`.lex`, records how
the answer was written (percent sign, decimals, significant digits, huge numbers), reads
number literals exactly (decimals become Rationals), and combines sub-expressions only
through SymPy constructors and the size guards of :mod:`.numeric` — never ``sympify``.
"""

from __future__ import annotations

import sympy as sp

from proofsmith.checkers.answer.lex import Token
from proofsmith.checkers.answer.nodes import Node
from proofsmith.checkers.answer.numeric import guarded_pow
from proofsmith.errors import InputError

__all__ = [
    "DEG",
    "MAX_DEPTH",
    "MAX_LITERAL_DIGITS",
    "PCT",
    "PM",
    "Cursor",
    "Malformed",
    "ParseFailure",
]

PM = sp.Symbol("__pm__")  # stands for the sign of \pm; no user text can name it
DEG = sp.Symbol("__deg__")  # one degree (°); read as 1 or as pi/180 by the comparison
PCT = sp.Symbol("__pct__")  # one percent: 1/100 where it stands, see parse._percent
MAX_DEPTH = 60  # nested brackets/sequences deeper than this are refused
MAX_LITERAL_DIGITS = 4000  # longer number literals are refused


class ParseFailure(InputError):
    """The answer text is not in the supported grammar (reported as an unknown verdict)."""


class Malformed(ParseFailure):
    """The answer is read but is no valid object (a ragged matrix): a prediction is not_equal."""


class Cursor:
    """Token position, parse state, and the arithmetic every grammar rule builds with."""

    def __init__(self, tokens: list[Token]) -> None:
        self.toks = tokens
        self.i = 0
        self.depth = 0
        self.percent = False  # a % sign was seen
        self.decimals: int | None = None  # most decimal places of any decimal literal
        self.sig: int | None = None  # fewest significant digits of any decimal literal
        self.huge = False  # an unevaluated huge number was built; stop evaluating
        self.conditions: list[tuple[str, sp.Expr]] = []  # where the written form is defined
        self.bound: list[sp.Symbol] = []  # sum and limit variables: no domain of the answer
        self.members: set[str] = set()  # names written before \in ("x \in [1, 2]")

    def condition(self, kind: str, expr: sp.Expr) -> None:
        """Record that the answer as written is defined only where ``expr`` is ``kind``.

        SymPy cancels ``x/x`` to 1 and ``(\\sqrt{x})^2`` to x as it builds them; the
        condition keeps the domain the text had (``nonzero``, ``nonneg``, ``pos``, ``unit``).
        """
        if isinstance(expr, sp.Expr) and expr.free_symbols and not self.huge:
            self.conditions.append((kind, expr))

    # -- rules defined by the parser (parse.py); declared here for the rule groups ---
    def expr(self) -> Node:
        raise NotImplementedError

    def sequence(self, closers: set[str]) -> list[Node]:
        raise NotImplementedError

    def group(self) -> Node:
        raise NotImplementedError

    def power(self) -> Node:
        raise NotImplementedError

    def exponent(self) -> sp.Expr:
        raise NotImplementedError

    # -- token helpers ---------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token:
        return self.toks[min(self.i + ahead, len(self.toks) - 1)]

    def take(self) -> Token:
        tok = self.peek()
        self.i += 1
        return tok

    def at(self, kind: str, *texts: str) -> bool:
        tok = self.peek()
        return tok.kind == kind and (not texts or tok.text in texts)

    def expect(self, kind: str, text: str) -> None:
        tok = self.take()
        if tok.kind != kind or tok.text != text:
            raise ParseFailure(f"expected {text!r} but found {tok.text or 'the end'!r}")

    def fail(self, what: str) -> ParseFailure:
        return ParseFailure(f"{what} near {self.peek().text or 'the end'!r}")

    def enter(self) -> None:
        """Count one level of nesting; refuse answers nested deeper than MAX_DEPTH."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("nesting too deep")

    def leave(self) -> None:
        self.depth -= 1

    # -- literals --------------------------------------------------------------------
    def number(self, text: str) -> sp.Expr:
        """A number literal as an exact Rational; decimals are recorded for the tolerance."""
        if len(text) > MAX_LITERAL_DIGITS:
            raise ParseFailure(f"number literal of {len(text)} digits is too long")
        mantissa, _, exp_text = text.lower().partition("e")
        whole, dot, frac = mantissa.partition(".")
        value: sp.Expr = sp.Rational(
            int(whole or "0") * 10 ** len(frac) + int(frac or "0"), 10 ** len(frac)
        )
        exp = int(exp_text) if exp_text else 0
        if abs(exp) > 10_000:
            raise ParseFailure(f"exponent {exp} of {text!r} is too large")
        if exp:
            value = value * sp.Rational(10) ** exp
        if dot or exp_text:
            places = max(0, len(frac) - exp)
            digits = len((whole + frac).lstrip("0")) or 1
            self.decimals = places if self.decimals is None else max(self.decimals, places)
            self.sig = digits if self.sig is None else min(self.sig, digits)
        return value

    # -- guarded arithmetic ----------------------------------------------------------
    def expr_only(self, node: Node) -> sp.Expr:
        if not isinstance(node, sp.Basic):
            raise ParseFailure(f"a {type(node).__name__} cannot be used in arithmetic")
        return node

    def add(self, a: Node, b: Node) -> sp.Expr:
        return sp.Add(self.expr_only(a), self.expr_only(b), evaluate=not self.huge)

    def neg(self, a: Node) -> sp.Expr:
        return sp.Mul(-1, self.expr_only(a), evaluate=not self.huge)

    def mul(self, a: Node, b: Node) -> sp.Expr:
        return sp.Mul(self.expr_only(a), self.expr_only(b), evaluate=not self.huge)

    def div(self, a: Node, b: Node) -> sp.Expr:
        self.condition("nonzero", self.expr_only(b))
        inverse, huge = guarded_pow(self.expr_only(b), sp.Integer(-1), self.huge)
        self.huge |= huge
        return self.mul(a, inverse)

    def pow(self, a: Node, b: Node) -> sp.Expr:
        base, exp = self.expr_only(a), self.expr_only(b)
        if exp.is_Rational and exp.is_negative:
            self.condition("nonzero", base)
        if exp.is_Rational and not exp.is_Integer and exp.q % 2 == 0:
            self.condition("nonneg", base)  # an even root of a real number
        value, huge = guarded_pow(self.expr_only(a), self.expr_only(b), self.huge)
        self.huge |= huge
        return value
