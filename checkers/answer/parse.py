"""Answer text → :class:`~proofsmith.checkers.answer.nodes.Answer`, without ``eval``.

The grammar core of a recursive-descent parser over the tokens of :mod:`.lex`, for
LaTeX and plain text: sequences, relations, sums, products, powers and postfix
operators. Named things (commands, functions, words) are parsed by :mod:`.commands`,
brackets, sets and matrices by :mod:`.structures`; both build on :mod:`.cursor`, which
combines SymPy objects only through constructors (untrusted text never reaches
``sympify``/``parse_expr``) and the size guards of :mod:`.numeric`, so ``9^{9^{9^9}}``
is kept unevaluated. Grammar, loosest first::

    answer   := item ((',' | ';' | 'or' | 'and') item)*
    item     := relation ('\\cup' relation)*
    relation := expr ((= | < | <= | > | >= | != | \\in) expr)*
    expr     := term (('+' | '-' | '\\pm') term)*
    term     := unary (('*' | '/' | '\\cdot' | '\\times' | '\\div' | <implicit>) unary)*
    unary    := ('-' | '+' | '\\pm') unary | power
    power    := postfix ('^' exponent)?
    postfix  := atom ('!' | '!!' | '%' | '_' atom)*
    atom     := number | symbol | constant | function | \\frac | \\sqrt | brackets | matrix
"""

from __future__ import annotations

import re

import sympy as sp

from proofsmith.checkers.answer.commands import CommandRules
from proofsmith.checkers.answer.cursor import DEG, PCT, PM, ParseFailure
from proofsmith.checkers.answer.lex import Token, normalize, tokenize
from proofsmith.checkers.answer.nodes import Answer, Inter, Node, Rel, Seq, Text, UnionOf
from proofsmith.checkers.answer.numeric import guarded_factorial
from proofsmith.checkers.answer.shapes import substitute
from proofsmith.checkers.answer.vocab import (
    CONSTS,
    FUNCS,
    MUL_CMDS,
    REL_CMDS,
    REL_OPS,
    SEP_WORDS,
    strip_words,
)

__all__ = ["PM", "ParseFailure", "parse_answer"]

_IMPLICIT_CMDS = (r"\frac", r"\sqrt", r"\pi", r"\infty", r"\binom", r"\dbinom", r"\sum", r"\lim")
_AND_WORDS = {"and", "und", "et"}
_NUMERAL = re.compile(r"^([0-9A-F]+)_\{base(\d+)\}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?\s*[Mm]\.?)?$")


def _clock(source: str) -> Text | None:
    """``21:15``, ``9:15 P.M.``, ``7:30:00`` → one canonical time of day, else None."""
    match = _TIME.match(source)
    if not match:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[4] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return Text(f"time {hour:02d}:{minute:02d}:{second:02d}")


def _inequality(node: Node) -> bool:
    return isinstance(node, Rel) and "=" not in node.ops and "!=" not in node.ops


class _Parser(CommandRules):
    def answer(self) -> Node:
        items = self.sequence({"eof"})
        if not self.at("eof"):
            raise self.fail("unexpected token")
        return items[0] if len(items) == 1 else Seq("list", tuple(items))

    def at_separator(self) -> bool:
        tok = self.peek()
        return (tok.kind == "op" and tok.text in ",;") or (
            tok.kind == "word" and tok.text.lower() in SEP_WORDS
        )

    def sequence(self, closers: set[str]) -> list[Node]:
        """Items joined by , ; or "and": inequalities joined by "and" are one intersection."""
        self.enter()
        items = [self.item()]
        joins = []
        while self.at_separator():
            joins.append(self.take().text.lower())
            if self.peek().text in closers or self.at("eof"):
                break
            items.append(self.item())
        self.leave()
        if any(j in _AND_WORDS for j in joins) and any(map(_inequality, items)):
            if not all(j in _AND_WORDS for j in joins) or not all(map(_inequality, items)):
                raise ParseFailure("inequalities joined by both 'and' and 'or'")
            return [Inter(tuple(items))]
        return items

    def item(self) -> Node:
        node = self.relation()
        parts = [node]
        while self.at("cmd", r"\cup") or self.at("word", "U"):
            self.take()
            parts.append(self.relation())
        return node if len(parts) == 1 else UnionOf(tuple(parts))

    def rel_op(self) -> str | None:
        tok = self.peek()
        if tok.kind == "op" and tok.text in REL_OPS:
            return tok.text
        if tok.kind == "cmd" and tok.text in REL_CMDS:
            return REL_CMDS[tok.text]
        return None

    def relation(self) -> Node:
        first = self.expr()
        if self.at("cmd", r"\in"):
            self.take()
            if isinstance(first, sp.Symbol):
                self.members.add(first.name)  # "x \\in (2, 3)" is about x
            return self.item()
        ops, terms = [], [first]
        while (op := self.rel_op()) is not None:
            self.take()
            ops.append(op)
            terms.append(self.expr())
        return Rel(tuple(ops), tuple(terms)) if ops else first

    def expr(self) -> Node:
        left = self.term()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in "+-":
                self.take()
                right = self.term()
                left = self.add(left, right if tok.text == "+" else self.neg(right))
            elif tok.kind == "cmd" and tok.text in (r"\pm", r"\mp"):
                self.take()
                sign = PM if tok.text == r"\pm" else -PM
                left = self.add(left, self.mul(sign, self.term()))
            else:
                return left

    def numbers_touch(self) -> bool:
        """A number right after a number (``2 3``), not after an exponent (``3^4 5^2``)."""
        before = self.toks[self.i - 2] if self.i >= 2 else None
        return self.toks[self.i - 1].kind == "num" and not (before and before.text == "^")

    def starts_implicit(self) -> bool:
        tok = self.peek()
        if tok.kind == "num":
            return not self.numbers_touch()
        if tok.kind == "word":
            return tok.text.lower() not in SEP_WORDS and tok.text != "U"
        if tok.kind == "cmd":
            return tok.text in _IMPLICIT_CMDS or tok.text[1:] in FUNCS
        return tok.kind == "op" and tok.text in "({"

    def term(self) -> Node:
        left = self.unary()
        while True:
            tok = self.peek()
            if (tok.kind == "op" and tok.text == "*") or (
                tok.kind == "cmd" and tok.text in MUL_CMDS
            ):
                self.take()
                left = self.mul(left, self.unary())
            elif tok.kind == "op" and tok.text in "/:" or self.at("cmd", r"\div"):
                self.take()  # a ratio a:b is the number a/b
                left = self.div(left, self.unary())
            elif self.at("cmd", r"\bmod", r"\mod"):
                self.take()
                left = sp.Mod(self.expr_only(left), self.expr_only(self.unary()))
            elif self.starts_implicit():
                if self.peek().kind == "num" and self.numbers_touch():
                    raise self.fail("two numbers side by side")
                left = self.mul(left, self.power())
            else:
                return left

    def unary(self) -> Node:
        if self.at("op", "-"):
            self.take()
            return self.neg(self.unary())
        if self.at("op", "+"):
            self.take()
            return self.unary()
        if self.at("cmd", r"\pm", r"\mp"):
            sign = PM if self.take().text == r"\pm" else -PM
            return self.mul(sign, self.unary())
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.at("op", "^"):
            self.take()
            base = self.pow(base, self.exponent())
        return base

    def exponent(self) -> sp.Expr:
        if self.at("op", "-"):
            self.take()
            return self.neg(self.exponent())
        if self.at("op", "+"):
            self.take()
        value = self.postfix()
        if self.at("op", "^"):
            self.take()
            value = self.pow(value, self.exponent())
        return value

    def postfix(self) -> Node:
        node = self.atom()
        while True:
            if self.at("op", "!"):
                count = 0
                while self.at("op", "!"):
                    self.take()
                    count += 1
                if count > 2:
                    raise ParseFailure(f"ambiguous {'!' * count}: write (n!)! for a tower")
                node, huge = guarded_factorial(self.expr_only(node), count == 2, self.huge)
                self.huge |= huge
            elif self.at("op", "%"):
                self.take()
                self.percent = True
                node = self.mul(node, PCT)  # the percent of this quantity only
            elif self.at("cmd", r"\degree"):
                self.take()
                node = self.mul(node, DEG)
            elif self.at("op", "_") and isinstance(node, sp.Symbol):
                self.take()
                node = sp.Symbol(f"{node.name}_{self.subscript()}")
            else:
                return node

    def subscript(self) -> str:
        """The name after ``_``: one token or a braced run of tokens."""
        if not self.at("op", "{"):
            name = self.take().text
        else:
            self.take()
            text = []
            while not self.at("op", "}") and not self.at("eof"):
                text.append(self.take().text)
            self.expect("op", "}")
            name = "".join(text)
        if not name.replace("_", "").isalnum():
            raise self.fail("unsupported subscript")
        return name

    def group(self) -> Node:
        """A braced argument, or (LaTeX style) one character of the next token."""
        if self.at("op", "{"):
            self.take()
            node = self.expr()
            self.expect("op", "}")
            return node
        tok = self.peek()
        if tok.kind == "num" and len(tok.text) > 1 and tok.text[1].isdigit():
            self.toks[self.i] = Token("num", tok.text[1:])
            return sp.Integer(int(tok.text[0]))
        if tok.kind == "word" and len(tok.text) > 1:
            self.toks[self.i] = Token("word", tok.text[1:])
            return self.letter(tok.text[0])
        return self.atom()

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return self.number(tok.text)
        if tok.kind == "word":
            return self.word(tok.text)
        if tok.kind == "cmd":
            return self.command(tok.text)
        if tok.kind == "op" and tok.text in "([":
            return self.brackets(tok.text)
        if tok.kind == "op" and tok.text == "{":
            items = self.sequence({"}"})
            self.expect("op", "}")
            return items[0] if len(items) == 1 else Seq("set", tuple(items))
        if tok.kind == "op" and tok.text == "|":
            inner = self.expr_only(self.expr())
            self.expect("op", "|")
            return sp.Abs(inner)
        self.i -= 1
        raise self.fail("expected a number or expression")


_CURRENCY = {"\\$": "dollar", "€": "euro", "£": "gbp", "¥": "yen"}  # signs lex drops


def parse_answer(text: str, *, commas: str = "auto", clock: bool = True) -> Answer:
    """Parse one answer; raise :class:`ParseFailure` (an InputError) when it cannot.

    ``commas`` is passed to :func:`~proofsmith.checkers.answer.lex.normalize`.
    """
    source = normalize(text, commas=commas)
    if not source:
        raise ParseFailure("the answer is empty")
    time = _clock(source) if clock else None
    if time is not None:  # read as a time only where a time can be meant (6:10 is also a ratio)
        return Answer(time, source)
    numeral = _NUMERAL.match(source)
    if numeral:  # 312_4: the digits in their base, kept as written (never the decimal value)
        return Answer(Text(f"numeral {numeral[1]} base {numeral[2]}"), source)
    tokens = tokenize(source)
    words = [t for t in tokens if t.kind == "word"]
    if words and all(t.kind in ("word", "eof") or t.text in "().,:" for t in tokens):
        lone = words[0].text if len(words) == 1 else ""
        if not (len(lone) == 1 or lone.lower() in CONSTS):  # "iv" is a word, not i·v
            return Answer(Text(" ".join(t.text.lower() for t in words)), source)
    tokens, units = strip_words(tokens)
    currencies = {name for sign, name in _CURRENCY.items() if sign in text}
    if len(currencies) == 1 and not units:  # \\$5 vs "5 cents": the sign is the unit
        units = (currencies.pop(),)
    parser = _Parser(tokens)
    try:
        node = parser.answer()
    except RecursionError as exc:
        raise ParseFailure("the answer is nested too deeply") from exc
    approx = any(t.kind == "cmd" and t.text == r"\approx" for t in tokens)
    node, percent = _percent(node) if parser.percent else (node, False)
    bound = set(parser.bound)
    conditions = tuple(
        dict.fromkeys(
            (kind, expr.xreplace({PCT: sp.Rational(1, 100)}))
            for kind, expr in parser.conditions
            if not expr.free_symbols & bound and expr.free_symbols - {PCT}
        )
    )
    return Answer(
        node,
        source,
        percent,
        parser.decimals,
        parser.sig,
        parser.huge,
        units,
        approx,
        conditions,
        frozenset(parser.members),
    )


def _percent(node: Node) -> tuple[Node, bool]:
    """A whole answer ``x%`` keeps x with the percent flag (compared by the % convention);
    a % inside an expression is 1/100 where it stands (``50 + 50\\%`` is 50.5, not 1)."""
    if isinstance(node, sp.Basic):
        value, rest = node.as_independent(PCT, as_Add=False)
        if rest == PCT:
            return value, True
    return substitute(node, PCT, sp.Rational(1, 100)), False
