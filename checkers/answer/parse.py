"""Answer text → :class:`~proofsmith.checkers.answer.nodes.Answer`, without ``eval``.

A recursive-descent parser over the tokens of :mod:`.lex` for LaTeX and plain text. It
builds SymPy objects only through constructors (``Integer``, ``Rational``, ``Add``,
``Mul``, ``Pow``, ``Symbol`` …); untrusted text never reaches ``sympify``/``parse_expr``.
Powers and factorials go through the size guards of :mod:`.numeric`, so ``9^{9^{9^9}}``
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

import sympy as sp

from proofsmith.checkers.answer.lex import Token, normalize, tokenize
from proofsmith.checkers.answer.nodes import Answer, Ival, Mat, Node, Rel, Seq, Text, UnionOf
from proofsmith.checkers.answer.numeric import guarded_factorial, guarded_pow
from proofsmith.checkers.answer.vocab import (
    CONSTS,
    FUNCS,
    LETTER_CONSTS,
    MATRIX_ENVS,
    MUL_CMDS,
    REL_CMDS,
    REL_OPS,
    SEP_WORDS,
    strip_words,
)
from proofsmith.errors import InputError

__all__ = ["PM", "ParseFailure", "parse_answer"]

PM = sp.Symbol("__pm__")  # stands for the sign of \pm; no user text can name it
MAX_DEPTH = 60


class ParseFailure(InputError):
    """The answer text is not in the supported grammar (reported as an unknown verdict)."""


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.toks = tokens
        self.i = 0
        self.depth = 0
        self.percent = False
        self.decimals: int | None = None
        self.sig: int | None = None
        self.huge = False

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

    # -- grammar ---------------------------------------------------------------------
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
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("nesting too deep")
        items = [self.item()]
        while self.at_separator():
            self.take()
            if self.peek().text in closers or self.at("eof"):
                break
            items.append(self.item())
        self.depth -= 1
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

    def starts_implicit(self) -> bool:
        tok = self.peek()
        if tok.kind == "num":
            return self.toks[self.i - 1].kind != "num"
        if tok.kind == "word":
            return tok.text.lower() not in SEP_WORDS and tok.text != "U"
        if tok.kind == "cmd":
            return tok.text in (r"\frac", r"\sqrt", r"\pi", r"\infty", r"\binom", r"\dbinom") or (
                tok.text[1:] in FUNCS
            )
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
            elif tok.kind == "op" and tok.text == "/" or self.at("cmd", r"\div"):
                self.take()
                left = self.div(left, self.unary())
            elif self.starts_implicit():
                if self.peek().kind == "num" and self.toks[self.i - 1].kind == "num":
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
            elif self.at("op", "_") and isinstance(node, sp.Symbol):
                self.take()
                sub = self.take() if not self.at("op", "{") else None
                if sub is None:
                    self.take()
                    text = []
                    while not self.at("op", "}") and not self.at("eof"):
                        text.append(self.take().text)
                    self.expect("op", "}")
                    name = "".join(text)
                else:
                    name = sub.text
                if not name.replace("_", "").isalnum():
                    raise self.fail("unsupported subscript")
                node = sp.Symbol(f"{node.name}_{name}")
            else:
                return node

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

    def number(self, text: str) -> sp.Expr:
        if len(text) > 4000:
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

    def letter(self, name: str) -> sp.Expr:
        return LETTER_CONSTS.get(name, sp.Symbol(name))

    def word(self, text: str) -> sp.Expr:
        low = text.lower()
        if low in CONSTS:
            return CONSTS[low]
        if low in FUNCS:
            return self.function(FUNCS[low])
        if len(text) == 1:
            return self.letter(text)
        if len(text) == 2 and text.isascii():
            return sp.Mul(self.letter(text[0]), self.letter(text[1]))
        raise ParseFailure(f"the word {text!r} is not mathematics")

    def function(self, fn) -> sp.Expr:
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
            return self.pow(arg, sp.Rational(1, 2) if index is None else 1 / index)
        if name in (r"\binom", r"\dbinom", r"\tbinom"):
            n, k = self.expr_only(self.group()), self.expr_only(self.group())
            if n.is_Integer and abs(int(n)) > 10_000:
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
            if self.at("cmd", r"\}"):
                self.take()
                return Seq("set", ())
            items = self.sequence({r"\}"})
            self.expect("cmd", r"\}")
            return Seq("set", tuple(items))
        if name in (r"\lvert", r"\vert", r"\|"):
            inner = self.expr_only(self.expr())
            if not self.at("cmd", r"\rvert", r"\vert", r"\|"):
                raise self.fail("unclosed absolute value")
            self.take()
            return sp.Abs(inner)
        if name == r"\begin":
            return self.matrix()
        raise ParseFailure(f"unsupported LaTeX command {name}")

    def brackets(self, opener: str) -> Node:
        items = self.sequence({")", "]"})
        closer = self.take().text
        if closer not in (")", "]"):
            raise ParseFailure(f"bracket {opener!r} is not closed")
        same = (opener, closer) in (("(", ")"), ("[", "]"))
        if len(items) == 1 and same:
            return items[0]
        if len(items) == 2 and (opener, closer) != ("(", ")"):
            lo, hi = (self.expr_only(x) for x in items)
            return Ival(lo, hi, opener == "(", closer == ")")
        if len(items) == 2:
            if any(x in (sp.oo, -sp.oo) for x in items):
                return Ival(items[0], items[1], True, True)
            return Seq("tuple", tuple(items), maybe_interval=True)
        if not same:
            raise ParseFailure(f"mismatched brackets {opener}…{closer}")
        return Seq("tuple", tuple(items))

    def matrix(self) -> Mat:
        self.expect("op", "{")
        env = self.take().text
        self.expect("op", "}")
        if env not in MATRIX_ENVS:
            raise ParseFailure(f"unsupported environment {env!r}")
        if env == "array" and self.at("op", "{"):
            while not self.at("op", "}") and not self.at("eof"):
                self.take()
            self.take()
        rows: list[list[sp.Expr]] = [[]]
        while not self.at("cmd", r"\end"):
            if self.at("eof"):
                raise ParseFailure(f"unterminated {env} environment")
            if self.at("op", "&"):
                self.take()
            elif self.at("op", "\\\\"):
                self.take()
                rows.append([])
            else:
                rows[-1].append(self.expr_only(self.expr()))
        self.take()
        self.expect("op", "{")
        self.take()
        self.expect("op", "}")
        rows = [r for r in rows if r]
        if not rows or len({len(r) for r in rows}) != 1:
            raise ParseFailure("matrix rows have different lengths")
        return Mat(tuple(tuple(r) for r in rows))

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
        inverse, huge = guarded_pow(self.expr_only(b), sp.Integer(-1), self.huge)
        self.huge |= huge
        return self.mul(a, inverse)

    def pow(self, a: Node, b: Node) -> sp.Expr:
        value, huge = guarded_pow(self.expr_only(a), self.expr_only(b), self.huge)
        self.huge |= huge
        return value


def parse_answer(text: str, *, commas: str = "auto") -> Answer:
    """Parse one answer; raise :class:`ParseFailure` (an InputError) when it cannot.

    ``commas`` is passed to :func:`~proofsmith.checkers.answer.lex.normalize`.
    """
    source = normalize(text, commas=commas)
    if not source:
        raise ParseFailure("the answer is empty")
    tokens = tokenize(source)
    words = [t for t in tokens if t.kind == "word"]
    if words and all(t.kind in ("word", "eof") or t.text in "().,:" for t in tokens):
        if not (len(words) == 1 and len(words[0].text) <= 2):
            return Answer(Text(" ".join(t.text.lower() for t in words)), source)
    tokens, _ = strip_words(tokens)
    parser = _Parser(tokens)
    try:
        node = parser.answer()
    except RecursionError as exc:
        raise ParseFailure("the answer is nested too deeply") from exc
    return Answer(node, source, parser.percent, parser.decimals, parser.sig, parser.huge)
