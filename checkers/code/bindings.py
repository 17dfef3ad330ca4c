"""What a checked file may bind and hold at top level (rules applied by parse_module).

The verifier gives fixed meanings to builtins (``len``, ``range``, ``abs`` …), to the
contract names and to the file's own functions (a call ``g(x)`` is read through ``g``'s
contract). A file that rebinds one of those names anywhere (a parameter or local named
like a function, ``from m import neg as g``, ``from m import *``, an alias of a contract
name such as ``from …runtime import old as abs``), assigns an attribute (``builtins.abs =
…``) or runs other code at import time could make CPython disagree with the proof, so it
is refused, naming the binding. Top-level code may only call the file's functions and a
few pure builtins (``print(f(3))``), with no attribute access and no dunder names: a call
such as ``setitem(builtins_dict, "abs", neg)`` needs neither ``setattr`` nor ``exec``.
"""

from __future__ import annotations

import ast

from proofsmith.checkers.code.parse import CONTRACT, HINTS, call_name, unsupported

__all__ = ["RESERVED", "check_bindings", "check_top_level", "imported_names"]

# names the encoder gives a fixed meaning: rebinding one anywhere in a file is refused
RESERVED = frozenset(
    {
        "len",
        "range",
        "abs",
        "min",
        "max",
        "list",
        "all",
        "any",
        "sum",
        "int",
        "bool",
        "old",
        "index",
        "result",
        "True",
        "False",
        "None",
        "print",
        "__builtins__",
        "isinstance",
        "type",
        "tuple",
        "str",
        "dict",
        "sorted",
        "reversed",
        "enumerate",
        "zip",
    }
    | CONTRACT
    | HINTS
)


def _bound_names(node: ast.AST) -> list[tuple[str, ast.AST]]:
    """Every name ``node`` binds (assignment targets, defs, parameters, imports)."""
    out: list[tuple[str, ast.AST]] = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            out.append((sub.id, sub))
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.append((sub.name, sub))
        elif isinstance(sub, ast.arg):
            out.append((sub.arg, sub))
        elif isinstance(sub, ast.alias):
            out.append(((sub.asname or sub.name).split(".")[0], sub))
        elif isinstance(sub, (ast.Global, ast.Nonlocal)):
            out.extend((name, sub) for name in sub.names)
        elif isinstance(sub, ast.Attribute) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            out.append((ast.unparse(sub), sub))
        elif isinstance(sub, ast.ExceptHandler) and sub.name:
            out.append((sub.name, sub))
        elif isinstance(sub, (ast.MatchAs, ast.MatchStar)) and sub.name:
            out.append((sub.name, sub))  # case abs: binds abs
        elif isinstance(sub, ast.MatchMapping) and sub.rest:
            out.append((sub.rest, sub))
    return out


def check_bindings(tree: ast.Module) -> None:
    """Refuse rebinding a name with a fixed meaning (a builtin the checker models, a
    contract name, one of the file's functions), star imports, and assigning attributes
    (which could patch ``builtins``), anywhere in the file."""
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    defs = {id(n) for n in tree.body if isinstance(n, ast.FunctionDef)}
    runtime = _contract_imports(tree)
    for name, node in _bound_names(tree):
        if "." in name:
            raise unsupported(node, f"assigning the attribute {name}")
        if name == "*":
            raise unsupported(
                node,
                "a star import (it may rebind any name the checker gives a meaning)",
                "Import the names you need one by one.",
            )
        if name in RESERVED and id(node) not in runtime:
            raise unsupported(
                node,
                f"binding the name {name!r}, which the checker reads as the builtin",
                "Rename it: the verifier gives len/range/abs/min/max/list/… their builtin "
                "meaning, and requires/ensures/invariant/decreases/old/index/result their "
                "contract meaning.",
            )
        if name in functions and id(node) not in defs:
            raise unsupported(
                node,
                f"binding the name {name!r}, which is a function of the file",
                f"Rename it: a call {name}(...) is read as a call to the function {name}.",
            )


_CONTRACT_NAMES = CONTRACT | HINTS | {"old", "index"}


def _contract_imports(tree: ast.Module) -> set[int]:
    """The aliases (by id) of ``from proofsmith.checkers.code.runtime import requires, …``
    under their own names: the runtime meaning. ``import requires``, another module, or
    ``… import old as abs`` would rebind a name the checker reads its own way."""
    return {
        id(alias)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == RUNTIME_MODULE and not node.level
        for alias in node.names
        if alias.name in _CONTRACT_NAMES and alias.asname in (None, alias.name)
    }


# what top-level code may call: the file's functions and these pure builtins
_TOP_CALLS = {
    "print",
    "len",
    "abs",
    "min",
    "max",
    "sum",
    "list",
    "range",
    "str",
    "int",
    "bool",
    "tuple",
    "sorted",
    "all",
    "any",
}


# statements top-level code may hold (no def/class/with/match: decorators, class bodies,
# __enter__ and patterns run or bind without a call or an assignment in sight)
_TOP_STMTS = (
    ast.Expr,
    ast.Assign,
    ast.If,
    ast.For,
    ast.While,
    ast.Pass,
    ast.Import,
    ast.ImportFrom,
)


def _check_top_code(node: ast.stmt, functions: set[str], imported: set[str]) -> None:
    """Code that runs at import (or as a script): it may call the file's functions and
    pure builtins with plain arguments, nothing that could patch what a name means (an
    imported function passed along, ``sorted(xs, key=run)`` with ``run`` = ``exec``,
    runs without a call in sight)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.stmt) and not isinstance(sub, _TOP_STMTS):
            raise unsupported(sub, f"{type(sub).__name__} statement in top-level code")
        if isinstance(sub, (ast.Subscript, ast.Starred)) and not isinstance(sub.ctx, ast.Load):
            raise unsupported(sub, f"assigning {ast.unparse(sub)} in top-level code")
        if isinstance(sub, ast.Attribute):
            raise unsupported(sub, f"attribute access {ast.unparse(sub)} in top-level code")
        if isinstance(sub, ast.Name) and sub.id.startswith("__") and sub.id != "__name__":
            raise unsupported(sub, f"the name {sub.id} in top-level code")
        if isinstance(sub, ast.Name) and sub.id in imported:
            raise unsupported(
                sub,
                f"the imported name {sub.id} in top-level code",
                "Top-level code may use the file's functions and plain values, not imports.",
            )
        if isinstance(sub, ast.Call) and sub.keywords:  # sorted(…, key=exec) calls exec
            raise unsupported(sub, "keyword arguments in top-level code")
        if isinstance(sub, ast.Call):
            name = call_name(sub)
            if name is None or (name not in functions and name not in _TOP_CALLS):
                shown = name or ast.unparse(sub.func)
                raise unsupported(
                    sub,
                    f"call to {shown}(...) in top-level code",
                    "Top-level code may call the file's functions and print/len/abs/….",
                )
        if isinstance(sub, (ast.Lambda, ast.NamedExpr)):
            raise unsupported(sub, f"{type(sub).__name__} in top-level code")


def imported_names(tree: ast.Module) -> set[str]:
    """Every name an import anywhere in the file binds."""
    return {
        (alias.asname or alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }


def check_top_level(node: ast.stmt, functions: set[str], imported: set[str]) -> None:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return  # docstring
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        _check_top_code(node, functions, imported)  # print(f(3)): may call, may not patch
        return
    if isinstance(node, ast.If) and ast.unparse(node.test) in _MAIN_TESTS and not node.orelse:
        for stmt in node.body:  # runs only as a script: it may call, not patch
            _check_top_code(stmt, functions, imported)
        return
    if isinstance(node, ast.AsyncFunctionDef):
        raise unsupported(node, "async function")
    raise unsupported(
        node,
        f"top-level statement {type(node).__name__} (it runs on import and could change "
        "what the functions mean)",
        "Keep only functions, imports and an `if __name__ == '__main__':` block at top level.",
    )


RUNTIME_MODULE = "proofsmith.checkers.code.runtime"
_MAIN_TESTS = {"__name__ == '__main__'", "'__main__' == __name__"}
