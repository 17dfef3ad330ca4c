"""Python expressions of the checked subset as z3 terms.

Values: ``int`` is a z3 Int (mathematical, unbounded), ``bool`` a z3 Bool, ``str`` a z3
String (``s[i]`` is a one-character string; characters up to U+2FFFF), a list of ints
a :class:`ListV` (a z3 array ``Int -> Int`` plus a length; elements at or past the
length are unspecified). Python semantics kept: ``//`` and ``%`` round toward minus
infinity, negative indices count from the end, slices clamp, ``and``/``or`` short-circuit
(side conditions of the right operand are required only when it is evaluated).

In program code each evaluation may raise side obligations (division by zero, index in
range, the precondition of a call) through :meth:`Encoder.obligation`; in contracts
(``spec=True``) expressions are logical formulas: no side obligations, no calls to
functions, and ``all``/``any`` over ``range`` are quantifiers.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from typing import Any

import z3

from proofsmith.checkers.code.comprehend import Comprehensions
from proofsmith.checkers.code.parse import FunctionSpec, call_name, unsupported
from proofsmith.checkers.code.values import (
    GridV,
    ListV,
    TupleV,
    Value,
    clamp_index,
    kind_of,
    same_value,
    string_val,
    truth,
)

__all__ = ["Encoder", "Scope"]


@dataclass
class Scope:
    """What an expression sees: variables, and for contracts ``result``/``old``."""

    env: dict[str, Value]
    spec: bool = False
    result: Value = None
    old: dict[str, Value] | None = None
    guards: list[Any] = field(default_factory=list)
    # a contract checked where it stands (ensures, invariant, measure, a callee's requires):
    # its runtime errors are obligations too, under the path condition ``pc``
    pc: list[Any] | None = None

    @property
    def runtime(self) -> bool:
        """Whether evaluating here may raise, so index/division errors are obligations."""
        return not self.spec or self.pc is not None

    def guarded(self, cond: Any) -> Scope:
        return replace(self, guards=[*self.guards, cond])

    def bind(self, name: str, value: Value) -> Scope:
        return replace(self, env={**self.env, name: value})


def _a(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


class Encoder(Comprehensions):
    """Turns expression ASTs into z3 terms; subclasses supply obligations and calls."""

    functions: dict[str, FunctionSpec]

    # -- hooks -----------------------------------------------------------------------------
    def obligation(self, kind: str, node: ast.AST, goal: Any, scope: Scope) -> None:
        raise NotImplementedError

    def call(self, node: ast.Call, callee: FunctionSpec, args: list[Value], scope: Scope) -> Value:
        raise NotImplementedError

    # -- expressions -----------------------------------------------------------------------
    def expr(self, node: ast.expr, scope: Scope) -> Value:
        method = getattr(self, f"_e_{type(node).__name__}", None)
        if method is None:
            raise unsupported(node, f"{type(node).__name__} in this position")
        return method(node, scope)

    def typed(self, node: ast.expr, scope: Scope, kind: str) -> Value:
        value = self.expr(node, scope)
        if kind_of(value) != kind:
            got = kind_of(value)
            raise unsupported(
                node, f"{ast.unparse(node)!r} is {_a(got)} {got} where {_a(kind)} {kind} is needed"
            )
        return value

    def cond(self, node: ast.expr, scope: Scope) -> Any:
        value = self.expr(node, scope)
        if value is None:
            raise unsupported(node, "using the value of a function that returns None")
        return truth(value)

    def _e_Constant(self, node: ast.Constant, scope: Scope) -> Value:
        if isinstance(node.value, bool):
            return z3.BoolVal(node.value)
        if isinstance(node.value, int):
            return z3.IntVal(node.value)
        if isinstance(node.value, str):
            return string_val(node.value)
        raise unsupported(node, f"constant {node.value!r} in an expression")

    def _e_Name(self, node: ast.Name, scope: Scope) -> Value:
        if scope.spec and node.id == "result" and scope.result is not None:
            return scope.result
        if node.id in scope.env:
            return scope.env[node.id]
        where = (
            "result is only defined in ensures(...)"
            if node.id == "result"
            else "Assign it on every path first (a for loop's variable is unbound after a loop "
            "that may not run, unless assigned before it; at a loop head use index(v))."
        )
        raise unsupported(
            node, f"name {node.id!r} is not defined here (globals are not supported)", where
        )

    def _e_BinOp(self, node: ast.BinOp, scope: Scope) -> Value:
        left, right = self.expr(node.left, scope), self.expr(node.right, scope)
        kinds = (kind_of(left), kind_of(right))
        op = node.op
        if kinds == ("str", "str") and isinstance(op, ast.Add):
            return z3.Concat(left, right)
        if kinds == ("list", "list") and isinstance(op, ast.Add):
            k = z3.FreshInt("k")
            arr = z3.Lambda([k], z3.If(k < left.n, left.arr[k], right.arr[k - left.n]))
            return ListV(arr, left.n + right.n)
        if isinstance(op, ast.Mult) and "list" in kinds and "int" in kinds:
            lst, times = (left, right) if kinds[0] == "list" else (right, left)
            if not z3.is_int_value(z3.simplify(lst.n)) or z3.simplify(lst.n).as_long() != 1:
                raise unsupported(node, "list repetition other than [v] * n")
            n = z3.If(times > 0, times, 0)
            return ListV(z3.K(z3.IntSort(), lst.arr[0]), n)
        if kinds != ("int", "int"):
            raise unsupported(node, f"{type(op).__name__} on {kinds[0]} and {kinds[1]}")
        if isinstance(op, ast.Add):
            return left + right
        if isinstance(op, ast.Sub):
            return left - right
        if isinstance(op, ast.Mult):
            return left * right
        if isinstance(op, ast.Pow):
            if not (isinstance(node.right, ast.Constant) and 0 <= node.right.value <= 8):
                raise unsupported(node, "** with an exponent other than a literal 0..8")
            out: Any = z3.IntVal(1)
            for _ in range(node.right.value):
                out = out * left
            return out
        if scope.runtime:
            self.obligation("division by zero", node, right != 0, scope)
        literal = z3.simplify(right)
        if z3.is_int_value(literal) and literal.as_long() > 0:
            quotient = left / right  # z3 div is floor division for a positive divisor
        else:
            quotient = z3.If(right > 0, left / right, (-left) / (-right))
        if isinstance(op, ast.FloorDiv):
            return quotient
        return left - right * quotient  # Python %: sign of the divisor

    def _e_UnaryOp(self, node: ast.UnaryOp, scope: Scope) -> Value:
        if isinstance(node.op, ast.Not):
            return z3.Not(self.cond(node.operand, scope))
        value = self.typed(node.operand, scope, "int")
        return -value if isinstance(node.op, ast.USub) else value

    def _e_BoolOp(self, node: ast.BoolOp, scope: Scope) -> Value:
        parts = []
        inner = scope
        for operand in node.values:
            value = self.typed(operand, inner, "bool")
            parts.append(value)
            inner = inner.guarded(value if isinstance(node.op, ast.And) else z3.Not(value))
        return z3.And(*parts) if isinstance(node.op, ast.And) else z3.Or(*parts)

    def _e_Compare(self, node: ast.Compare, scope: Scope) -> Value:
        left = self.expr(node.left, scope)
        parts = []
        inner = scope
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.expr(comparator, inner)
            part = self._compare(node, op, left, right)
            parts.append(part)
            inner = inner.guarded(part)
            left = right
        return parts[0] if len(parts) == 1 else z3.And(*parts)

    def _compare(self, node: ast.AST, op: ast.cmpop, left: Value, right: Value) -> Any:
        kl, kr = kind_of(left), kind_of(right)
        if isinstance(op, (ast.In, ast.NotIn)) and (kl, kr) == ("str", "str"):
            found = z3.Contains(right, left)
            return found if isinstance(op, ast.In) else z3.Not(found)
        if isinstance(op, (ast.In, ast.NotIn)):
            if (kl, kr) != ("int", "list"):
                raise unsupported(node, f"'in' with {kl} and {kr}")
            k = z3.FreshInt("k")
            found = z3.Exists([k], z3.And(0 <= k, k < right.n, right.arr[k] == left))
            return found if isinstance(op, ast.In) else z3.Not(found)
        if kl != kr:
            raise unsupported(node, f"comparing a {kl} with a {kr}")
        if kl == "grid":
            raise unsupported(node, "comparing list[list[int]] values")
        if isinstance(op, (ast.Eq, ast.NotEq)):
            same = same_value(left, right)
            return same if isinstance(op, ast.Eq) else z3.Not(same)
        if kl != "int":
            raise unsupported(node, f"ordering comparison of {kl} values")
        return {
            ast.Lt: lambda: left < right,
            ast.LtE: lambda: left <= right,
            ast.Gt: lambda: left > right,
            ast.GtE: lambda: left >= right,
        }[type(op)]()

    def _e_IfExp(self, node: ast.IfExp, scope: Scope) -> Value:
        c = self.cond(node.test, scope)
        then = self.expr(node.body, scope.guarded(c))
        other = self.expr(node.orelse, scope.guarded(z3.Not(c)))
        if kind_of(then) != kind_of(other):
            raise unsupported(node, "conditional expression with branches of different types")
        if then is None:
            raise unsupported(node, "using the value of a function that returns None")
        if isinstance(then, ListV):
            return ListV(z3.If(c, then.arr, other.arr), z3.If(c, then.n, other.n))
        if isinstance(then, GridV):  # read-only: choosing one is no alias
            return GridV(*(z3.If(c, a, b) for a, b in zip(then.parts, other.parts, strict=True)))
        if isinstance(then, TupleV):
            pairs = zip(then.items, other.items, strict=True)
            return TupleV(tuple(z3.If(c, a, b) for a, b in pairs))
        return z3.If(c, then, other)

    def _e_List(self, node: ast.List, scope: Scope) -> Value:
        arr: Any = z3.K(z3.IntSort(), z3.IntVal(0))
        for i, elt in enumerate(node.elts):
            arr = z3.Store(arr, i, self.typed(elt, scope, "int"))
        return ListV(arr, z3.IntVal(len(node.elts)))

    def _e_Tuple(self, node: ast.Tuple, scope: Scope) -> Value:
        items = tuple(self.expr(e, scope) for e in node.elts)
        if len(items) < 2 or not all(kind_of(v) in ("int", "bool", "str") for v in items):
            raise unsupported(node, "a tuple other than two or more ints, bools or strs")
        return TupleV(items)

    def _e_Subscript(self, node: ast.Subscript, scope: Scope) -> Value:
        seq = self.expr(node.value, scope)
        if isinstance(seq, GridV):
            if isinstance(node.slice, ast.Slice):
                raise unsupported(node, "a slice of a list[list[int]]")
            index = self.typed(node.slice, scope, "int")
            return seq.row(self.index(node, seq.n, index, scope))
        if isinstance(seq, TupleV):
            at = node.slice
            if not (isinstance(at, ast.Constant) and type(at.value) is int):
                raise unsupported(node, "a tuple index other than a literal int")
            if not -len(seq.items) <= at.value < len(seq.items):
                raise unsupported(node, f"tuple index {at.value} out of range")
            return seq.items[at.value]
        if kind_of(seq) not in ("list", "str"):
            raise unsupported(node, f"indexing {_a(kind_of(seq))} {kind_of(seq)}")
        n = seq.n if isinstance(seq, ListV) else z3.Length(seq)
        if isinstance(node.slice, ast.Slice):
            s = node.slice
            if s.step is not None:
                raise unsupported(node, "slice with a step")
            lo = clamp_index(self.typed(s.lower, scope, "int"), n) if s.lower else z3.IntVal(0)
            hi = clamp_index(self.typed(s.upper, scope, "int"), n) if s.upper else n
            size = z3.If(hi > lo, hi - lo, 0)
            if not isinstance(seq, ListV):
                return z3.SubString(seq, lo, size)
            k = z3.FreshInt("k")
            return ListV(z3.Lambda([k], seq.arr[k + lo]), size)
        index = self.typed(node.slice, scope, "int")
        at = self.index(node, n, index, scope)
        return seq.arr[at] if isinstance(seq, ListV) else z3.SubString(seq, at, 1)

    def index(self, node: ast.AST, n: Any, index: Any, scope: Scope) -> Any:
        """The position of a Python index into a sequence of length ``n``, with the
        in-range obligation where evaluation may raise."""
        if scope.runtime:
            goal = z3.And(-n <= index, index < n)
            self.obligation("index in range", node, goal, scope)
        return z3.If(index >= 0, index, n + index)

    def _e_Call(self, node: ast.Call, scope: Scope) -> Value:
        if node.keywords:
            raise unsupported(node, "keyword arguments")
        if isinstance(node.func, ast.Attribute):
            if node.func.attr == "copy" and not node.args:
                return self.typed(node.func.value, scope, "list")
            raise unsupported(node, f"method .{node.func.attr}(...) in an expression")
        name = call_name(node)
        args = node.args
        if name in ("all", "any") and len(args) == 1:
            if not scope.spec:
                raise unsupported(node, f"{name}(...) in code (it is for contracts)")
            return self._quantifier(node, name, args[0], scope)
        if name in ("sum", "min", "max") and len(args) == 1 and scope.spec:
            return self._fold(node, name, args[0], scope)
        if name == "index":
            key = f"index({ast.unparse(args[0])})" if len(args) == 1 else ""
            if scope.spec and key in scope.env:
                return scope.env[key]
            if name not in self.functions:
                raise unsupported(
                    node,
                    "index(v) outside the invariants and measure of a loop `for v in xs`",
                    "index(v) is the position of the next element; use it in invariant(...).",
                )
        if name == "old":
            if not scope.spec or scope.old is None or len(args) != 1:
                raise unsupported(node, "old(...) outside ensures(...)")
            return self.expr(args[0], replace(scope, env=scope.old, result=None, old=None))
        values = [self.expr(a, scope) for a in args]
        kinds = [kind_of(v) for v in values]
        if name == "len" and kinds in (["list"], ["grid"]):
            return values[0].n
        if name == "len" and kinds == ["str"]:
            return z3.Length(values[0])
        if name == "abs" and kinds == ["int"]:
            return z3.If(values[0] >= 0, values[0], -values[0])
        if name in ("min", "max") and len(values) >= 2 and set(kinds) == {"int"}:
            out = values[0]
            for v in values[1:]:
                out = z3.If(v < out, v, out) if name == "min" else z3.If(v > out, v, out)
            return out
        if name == "list" and kinds == ["list"]:
            return values[0]
        if name in self.functions:
            if scope.spec:
                raise unsupported(node, f"call to {name} inside a contract")
            return self.call(node, self.functions[name], values, scope)
        raise unsupported(node, f"call to {name or ast.unparse(node.func)}({', '.join(kinds)})")
