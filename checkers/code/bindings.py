"""What a checked file may bind and hold at top level (rules applied by parse_module).

The verifier gives fixed meanings to builtins (``len``, ``range``, ``abs`` …) and to the
contract names; a file that rebinds one anywhere, assigns an attribute (``builtins.abs =
…``) or runs other code at import time (``setattr``, ``exec`` …) could make CPython
disagree with the proof, so it is refused, naming the binding.
"""

from __future__ import annotations

import ast

from proofsmith.checkers.code.parse import CONTRACT, HINTS, call_name, unsupported

__all__ = ["RESERVED", "check_bindings", "check_top_level"]

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
    return out


def check_bindings(tree: ast.Module) -> None:
    """Refuse rebinding a name with a fixed meaning, and assigning attributes (which could
    patch ``builtins``), anywhere in the file."""
    for name, node in _bound_names(tree):
        if "." in name:
            raise unsupported(node, f"assigning the attribute {name}")
        if name in RESERVED and not _contract_import(node):
            raise unsupported(
                node,
                f"binding the name {name!r}, which the checker reads as the builtin",
                "Rename it: the verifier gives len/range/abs/min/max/list/… their builtin "
                "meaning, and requires/ensures/invariant/decreases/old/index/result their "
                "contract meaning.",
            )


def _contract_import(node: ast.AST) -> bool:
    """``from proofsmith.checkers.code.runtime import requires, …`` (the runtime meaning)."""
    return isinstance(node, ast.alias) and node.name in CONTRACT | HINTS | {"old", "index"}


def check_top_level(node: ast.stmt) -> None:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        if isinstance(node, ast.ImportFrom) and any(_contract_import(a) for a in node.names):
            if node.module != RUNTIME_MODULE:
                raise unsupported(node, f"importing contract names from {node.module}")
        return
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return  # docstring
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        for sub in ast.walk(node):  # e.g. print(f(3)): may call, may not patch
            if call_name(sub) in _PATCHING:
                raise unsupported(sub, f"call to {call_name(sub)}(...)")
        if call_name(node.value) is not None:
            return
    if isinstance(node, ast.If) and ast.unparse(node.test) in _MAIN_TESTS and not node.orelse:
        for sub in ast.walk(node):  # runs only as a script: it may call, not patch
            if call_name(sub) in _PATCHING:
                raise unsupported(sub, f"call to {call_name(sub)}(...)")
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
_PATCHING = {
    "setattr",
    "delattr",
    "exec",
    "eval",
    "compile",
    "__import__",
    "globals",
    "vars",
    "locals",
    "getattr",
}
_MAIN_TESTS = {"__name__ == '__main__'", "'__main__' == __name__"}
