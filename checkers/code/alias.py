"""Which list expressions make a new list object, so no two names share one list.

Lists are modelled as values (an array and a length), which is sound only while no list
object is reachable through two names. The checker keeps that true by refusing every
assignment, return and loop whose list may be an existing object: see :func:`new_list`
(assignments, ``for v in …`` over a list the body changes) and :func:`owned_list`
(returns). List parameters are read-only, so a callee cannot change its caller's lists.
"""

from __future__ import annotations

import ast

from proofsmith.checkers.code.parse import FunctionSpec, call_name

__all__ = ["new_list", "owned_list"]


def new_list(node: ast.expr | None, functions: dict[str, FunctionSpec]) -> bool:
    """Whether ``node`` (list-valued) surely evaluates to a list object nobody else holds.

    Literals, comprehensions, ``+``/``*``, slices, ``list(..)``, ``.copy()`` and calls to
    the file's functions (whose returns are checked by :func:`owned_list`) make a new
    list; a name, or a conditional expression with a name in a branch, does not.
    """
    if isinstance(node, (ast.List, ast.ListComp, ast.BinOp)):
        return True
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Slice)
    if isinstance(node, ast.IfExp):
        return new_list(node.body, functions) and new_list(node.orelse, functions)
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute):
            return node.func.attr == "copy"
        return call_name(node) == "list" or call_name(node) in functions
    return False


def owned_list(node: ast.expr | None, functions: dict[str, FunctionSpec], params: set[str]) -> bool:
    """Whether a returned list is new or a local list (never a list parameter)."""
    if isinstance(node, ast.Name):
        return node.id not in params
    if isinstance(node, ast.IfExp):
        return owned_list(node.body, functions, params) and owned_list(
            node.orelse, functions, params
        )
    return new_list(node, functions)
