"""Reading checked Python: functions, their contracts, and the supported subset.

:func:`parse_module` parses source with :mod:`ast` only (nothing is executed) and returns
one :class:`FunctionSpec` per top-level function: parameters with their kinds, the
``requires``/``ensures`` expressions, and the body without them. Every construct outside
the subset raises :class:`~proofsmith.errors.UnsupportedSyntax` naming it and its line,
so nothing unsupported can pass silently. The notation is described in
:mod:`proofsmith.checkers.code.contracts`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from proofsmith.checkers.code.source import MAX_DEPTH, parse_tree, source_lines
from proofsmith.errors import UnsupportedSyntax

__all__ = [
    "MAX_DEPTH",
    "FunctionSpec",
    "Param",
    "call_name",
    "hint_call",
    "parse_module",
    "parse_tree",
    "source_lines",
]

KINDS = {
    "int": "int",
    "bool": "bool",
    "str": "str",
    "list": "list",
    "list[int]": "list",
    "list[list[int]]": "grid",
    "None": "none",
}
MAX_CHAR = 0x2FFFF  # the largest character z3's strings model

_STMTS = (
    ast.Assign,
    ast.AugAssign,
    ast.AnnAssign,
    ast.If,
    ast.While,
    ast.For,
    ast.Return,
    ast.Assert,
    ast.Expr,
    ast.Pass,
    ast.Break,
    ast.Continue,
)
_EXPRS = (
    ast.Constant,
    ast.Name,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Subscript,
    ast.Slice,
    ast.List,
    ast.Tuple,
    ast.GeneratorExp,
    ast.ListComp,
    ast.Attribute,
)
_OPS = (
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.FloorDiv,
    ast.Mod,
    ast.Pow,
    ast.USub,
    ast.UAdd,
    ast.Not,
    ast.And,
    ast.Or,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.Load,
    ast.Store,
    ast.comprehension,
)
_NAMES = {
    ast.Div: "true division '/' (floats are not supported; use //)",
    ast.Try: "try statement",
    ast.With: "with statement",
    ast.Lambda: "lambda",
    ast.FunctionDef: "nested function",
    ast.ClassDef: "class",
    ast.Global: "global statement",
    ast.Nonlocal: "nonlocal statement",
    ast.Delete: "del statement",
    ast.Raise: "raise statement",
    ast.Dict: "dict",
    ast.Set: "set",
    ast.JoinedStr: "f-string",
    ast.NamedExpr: "assignment expression ':='",
    ast.Starred: "starred expression",
    ast.DictComp: "dict comprehension",
    ast.SetComp: "set comprehension",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.BitAnd: "bitwise '&'",
    ast.BitOr: "bitwise '|'",
    ast.BitXor: "bitwise '^'",
    ast.LShift: "shift '<<'",
    ast.RShift: "shift '>>'",
    ast.Invert: "bitwise '~'",
    ast.Is: "'is' comparison",
    ast.IsNot: "'is not' comparison",
    ast.MatMult: "'@' operator",
}
HINTS = {"invariant", "decreases"}
HINT_PLACE = "invariant(...) and decreases(...) go only in the first statements of a loop body."
CONTRACT = {"requires", "ensures"}


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # int | bool | list


@dataclass
class FunctionSpec:
    """One function to verify, split into contract and body."""

    name: str
    line: int
    end_line: int
    params: list[Param]
    returns: str  # int | bool | list | none
    requires: list[ast.expr]
    ensures: list[ast.expr]
    body: list[ast.stmt]
    node: ast.FunctionDef = field(repr=False)
    measure: ast.expr | None = None  # decreases(...) of a recursive function

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def unsupported(node: ast.AST, what: str, hint: str | None = None) -> UnsupportedSyntax:
    line = getattr(node, "lineno", "?")
    return UnsupportedSyntax(
        f"line {line}: unsupported: {what}",
        hint=hint or "The supported subset: checkers/code/SUBSET.md.",
        line=line,
        construct=what,
    )


def call_name(node: ast.AST) -> str | None:
    """``f`` for a call ``f(...)`` to a plain name, else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id
    return None


def hint_call(stmt: ast.stmt, names: set[str]) -> ast.Call | None:
    """The call if ``stmt`` is an expression statement ``name(...)`` with name in ``names``."""
    if isinstance(stmt, ast.Expr) and call_name(stmt.value) in names:
        return stmt.value  # type: ignore[return-value]
    return None


def _kind(annotation: ast.expr | None, where: ast.AST) -> str:
    if annotation is None:
        return "int"
    text = ast.unparse(annotation)
    if isinstance(annotation, ast.Subscript) and ast.unparse(annotation.value) == "tuple":
        parts = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else []
        kinds = [_kind(p, where) for p in parts]
        if len(kinds) < 2 or not set(kinds) <= {"int", "bool", "str"}:
            raise unsupported(where, f"type {text!r} (tuples hold two or more int/bool/str)")
        return f"tuple[{','.join(kinds)}]"
    if text not in KINDS:
        raise unsupported(
            where, f"type {text!r} (supported: int, bool, str, list[int], tuple[int, ...])"
        )
    return KINDS[text]


def _single_arg(call: ast.Call) -> ast.expr:
    if len(call.args) != 1 or call.keywords:
        raise unsupported(call, f"{call_name(call)}(...) takes exactly one expression")
    return call.args[0]


def _validate(nodes: list[ast.stmt], fn: str) -> None:
    for top in nodes:
        if (call := hint_call(top, HINTS)) is not None:
            raise unsupported(
                top,
                f"{call_name(call)}(...) outside a loop",
                HINT_PLACE,
            )
        for node in ast.walk(top):
            if isinstance(node, ast.stmt) and not isinstance(node, _STMTS):
                raise unsupported(node, _NAMES.get(type(node), type(node).__name__))
            if isinstance(node, ast.expr) and not isinstance(node, _EXPRS):
                raise unsupported(node, _NAMES.get(type(node), type(node).__name__))
            if isinstance(node, (ast.operator, ast.unaryop, ast.cmpop, ast.boolop)):
                if not isinstance(node, _OPS):
                    raise unsupported(top, _NAMES.get(type(node), type(node).__name__))
            if isinstance(node, ast.Constant) and not isinstance(node.value, (int, str)):
                if node.value is not None:
                    raise unsupported(node, f"constant {node.value!r} (only int and bool)")
            if isinstance(node, ast.For):
                _validate_for(node)
            if isinstance(node, ast.Call) and call_name(node) in CONTRACT:
                raise unsupported(
                    node,
                    f"{call_name(node)}(...) inside the body of {fn}",
                    "requires/ensures go at the top of the function body.",
                )
            if isinstance(node, (ast.While, ast.For, ast.If, ast.FunctionDef)):
                _validate_hint_positions(node)


def _validate_for(node: ast.For) -> None:
    if not isinstance(node.target, ast.Name):
        raise unsupported(node, "for loop target other than a single name")
    it = node.iter
    if call_name(it) == "range" and (not 1 <= len(it.args) <= 2 or it.keywords):  # type: ignore[attr-defined]
        raise unsupported(node, "range with a step (use range(stop) or range(start, stop))")
    var = node.target.id
    for inner in ast.walk(ast.Module(body=node.body, type_ignores=[])):
        # a[i] = v writes an element of a, not i: only rebinding the name itself is refused
        if isinstance(inner, ast.Name) and inner.id == var and isinstance(inner.ctx, ast.Store):
            raise unsupported(inner, f"assigning the loop variable {var} inside its for loop")


def _validate_hint_positions(node: ast.AST) -> None:
    bodies = [getattr(node, "body", []), getattr(node, "orelse", [])]
    for i, body in enumerate(bodies):
        leading = isinstance(node, (ast.While, ast.For)) and i == 0
        seen_other = False
        measures = 0
        for stmt in body:
            call = hint_call(stmt, HINTS)
            if call is None:
                seen_other = True
                continue
            if not leading or seen_other:
                raise unsupported(stmt, f"{call_name(call)}(...) here", HINT_PLACE)
            _single_arg(call)
            measures += call_name(call) == "decreases"
            if measures > 1:
                raise unsupported(
                    stmt,
                    "a second decreases(...) in one loop",
                    "Give one integer measure per loop.",
                )


def _spec(fn: ast.FunctionDef) -> FunctionSpec:
    args = fn.args
    if getattr(fn, "type_params", None):  # def f[T](...) (Python 3.12): T may shadow a name
        raise unsupported(fn, f"type parameters of {fn.name}")
    if args.vararg or args.kwarg or args.kwonlyargs or args.defaults or args.posonlyargs:
        raise unsupported(fn, f"parameters of {fn.name} other than plain positional names")
    if fn.decorator_list:
        raise unsupported(
            fn.decorator_list[0],
            "decorator",
            "Write requires(...)/ensures(...) as the first statements of the body.",
        )
    params = [Param(a.arg, _kind(a.annotation, a)) for a in args.args]
    if "none" in (p.kind for p in params):
        raise unsupported(fn, "parameter of type None")
    returns = _kind(fn.returns, fn)
    if returns == "grid":
        raise unsupported(fn, "returning a list[list[int]] (2-D lists are read-only parameters)")
    body = list(fn.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        if isinstance(body[0].value.value, str):
            body = body[1:]  # docstring
    requires: list[ast.expr] = []
    ensures: list[ast.expr] = []
    measure: ast.expr | None = None
    while body and (call := hint_call(body[0], CONTRACT | {"decreases"})) is not None:
        if call_name(call) == "decreases":
            if measure is not None:
                raise unsupported(body[0], f"a second decreases(...) in {fn.name}")
            measure = _single_arg(call)
        else:
            (requires if call_name(call) == "requires" else ensures).append(_single_arg(call))
        body = body[1:]
    _validate(body, fn.name)
    _validate([ast.Expr(e) for e in requires + ensures + [measure] if e is not None], fn.name)
    for node in ast.walk(fn):  # z3's characters stop at U+2FFFF
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if any(ord(ch) > MAX_CHAR for ch in node.value):
                raise unsupported(node, f"a character above U+{MAX_CHAR:X} in a string")
    if any(isinstance(p, ast.Name) and p.id == "result" for p in params):  # pragma: no cover
        raise unsupported(fn, "a parameter named result")
    return FunctionSpec(
        name=fn.name,
        line=fn.lineno,
        end_line=fn.end_lineno or fn.lineno,
        params=params,
        returns=returns,
        requires=requires,
        ensures=ensures,
        body=body,
        node=fn,
        measure=measure,
    )


def parse_module(source: str) -> dict[str, FunctionSpec]:
    """Every top-level function of ``source``, by name (InputError if it does not parse).

    Besides functions, the module may hold a docstring, imports, calls such as
    ``print(f(3))`` and ``if __name__ == "__main__":`` blocks (none may call ``setattr``,
    ``exec`` and the like); any other top-level statement is refused (it runs on import and
    could change what the functions mean). A name the checker gives a meaning (``len``,
    ``range``, ``abs``, ``requires``, …) may not be rebound anywhere in the file.
    """
    from proofsmith.checkers.code.bindings import (
        check_bindings,
        check_top_level,
        imported_names,
    )

    tree = parse_tree(source)
    check_bindings(tree)
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    imported = imported_names(tree)
    functions: dict[str, FunctionSpec] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            check_top_level(node, names, imported)
            continue
        if isinstance(node, ast.FunctionDef):
            if node.name in functions:
                raise unsupported(node, f"second definition of {node.name}")
            functions[node.name] = _spec(node)
    return functions
