"""The call graph of a checked file, and what it says about termination.

:func:`callees` lists the functions a function reaches through calls (their contracts
are assumed at each call, so the verdict depends on them). :func:`termination_gaps`
says why termination of a function is not proved: a ``while`` loop without a
``decreases(...)`` measure, recursion other than direct recursion with a function-level
``decreases(...)`` (whose calls get measure obligations), or a callee with such a gap. ``for`` loops over ``range`` or a list
always terminate: the range or list is fixed when the loop starts.
"""

from __future__ import annotations

import ast

from proofsmith.checkers.code.parse import HINTS, FunctionSpec, call_name, hint_call

__all__ = ["callees", "termination_gaps"]


def _direct(spec: FunctionSpec, functions: dict[str, FunctionSpec]) -> list[str]:
    found: list[str] = []
    for node in ast.walk(spec.node):
        name = call_name(node)
        if name in functions and name not in found:
            found.append(name)
    return found


def callees(name: str, functions: dict[str, FunctionSpec]) -> list[str]:
    """Functions reached from ``name`` through calls, in discovery order (``name`` itself
    only when it is recursive)."""
    seen: list[str] = []
    todo = [name]
    while todo:
        for callee in _direct(functions[todo.pop()], functions):
            if callee not in seen:
                seen.append(callee)
                todo.append(callee)
    return seen


def _own_gaps(spec: FunctionSpec) -> list[str]:
    gaps = []
    for node in ast.walk(spec.node):
        if isinstance(node, ast.While):
            measured = any(
                (call := hint_call(s, HINTS)) is not None and call_name(call) == "decreases"
                for s in node.body
            )
            if not measured:
                gaps.append(f"the while loop at line {node.lineno} has no decreases(...)")
    return gaps


def _measured_recursion(name: str, functions: dict[str, FunctionSpec]) -> bool:
    """Only direct recursion with a measure: each call's measure obligation is checked."""
    spec = functions[name]
    indirect = any(name in callees(c, functions) for c in _direct(spec, functions) if c != name)
    return spec.measure is not None and not indirect


def _terminates_alone(name: str, functions: dict[str, FunctionSpec]) -> bool:
    """No loop without a measure, and no recursion but measured direct recursion."""
    if _own_gaps(functions[name]):
        return False
    return name not in callees(name, functions) or _measured_recursion(name, functions)


def termination_gaps(name: str, functions: dict[str, FunctionSpec]) -> list[str]:
    """Why termination of ``name`` is not proved (empty: it is, given the obligations)."""
    gaps = _own_gaps(functions[name])
    reached = callees(name, functions)
    if name in reached and not _measured_recursion(name, functions):
        gaps.append(
            f"{name} is recursive without decreases(...) or through other functions "
            "(such calls are checked for partial correctness only)"
        )
    for callee in reached:
        if callee != name and not _terminates_alone(callee, functions):
            gaps.append(f"termination of the callee {callee} is not proved")
    return gaps
