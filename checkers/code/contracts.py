"""The contract notation of checked Python, and helpers for provers that add invariants.

Notation (plain Python syntax; it is parsed with ``ast``, never run)::

    def isqrt(n: int) -> int:
        requires(n >= 0)                                  # preconditions first
        ensures(result * result <= n < (result + 1) * (result + 1))   # then postconditions
        r = 0
        while (r + 1) * (r + 1) <= n:
            invariant(r >= 0)                             # loop invariants open the body
            invariant(r * r <= n)
            decreases(n - r)                              # optional: proves termination
            r = r + 1
        assert r * r <= n                                 # helper assertion: checked, then used
        return r

- ``requires(e)`` / ``ensures(e)``: the first statements of a function (after an optional
  docstring). In ``ensures``, ``result`` is the returned value, and parameters denote
  their values on entry (``old(x)`` says the same explicitly).
- ``invariant(e)``: the first statements of a ``while`` or ``for`` loop body; must hold
  before the loop and after every iteration. For ``for i in range(lo, hi)`` the invariant
  is read at the loop head, where ``i`` is the index of the next iteration
  (``lo`` first, ``hi`` after the last one).
- ``for v in xs`` (a list, read-only in the loop): ``index(v)`` in its invariants and
  measure is the position of the next element (0 first, ``len(xs)`` after the last);
  ``v`` itself is not defined at the loop head. E.g.
  ``invariant(all(xs[k] <= m for k in range(index(v))))``. A for loop's variable is
  unbound after the loop unless assigned before it (the loop may not run).
- ``decreases(e)``: optional, among the invariants; proves the loop terminates. ``e`` is
  an int measure; under the invariants and the loop condition it must be ``>= 0``, and
  it must be smaller at the end of every iteration (and every ``continue``) than at its
  start. Failures are obligations "termination: measure non-negative/decreases".
  Loops without it are checked for partial correctness only; so is recursion, unless
  the function opens with its own ``decreases(m)`` (after ``requires``/``ensures``) and
  calls only itself: then every recursive call must make ``m`` smaller.
- ``assert e``: checked where it stands, then assumed.
- Contracts may use ``all(e for k in range(a, b))`` and ``any(...)`` (quantifiers),
  ``x in xs``, list equality, ``len``, ``abs``, ``min``, ``max``, ``old(x)``.

Supported code: ``int`` (unbounded, Python's ``//`` and ``%``), ``bool``, ``list[int]``
(index, negative index, slices, ``len``, ``append``, ``insert``, ``pop()``, ``a[i] = v``,
``+``, ``[v] * n``, ``list(a)``), ``if/elif/else``, ``while``, ``for … in range(…)``,
``for v in xs``,
``break``/``continue``, ``return``, tuple assignment, calls to other functions of the
file (through their contracts). Parameters are annotated ``int``, ``bool`` or
``list[int]`` (default ``int``); list parameters are read-only, and ``b = a`` on lists is
refused (write ``list(a)``) so no two names share a list. Everything else is refused
with :class:`~proofsmith.errors.UnsupportedSyntax` naming the construct and line. The
whole subset, aliasing rules and verdicts are described in ``checkers/code/SUBSET.md``.

A candidate for a code problem is the problem's function with invariants and assertions
added (:func:`with_invariants` builds one). :func:`compare` confirms that a candidate
only adds: its body and contract, with ``invariant``/``decreases``/``assert``/docstrings/
``pass`` removed, are exactly the problem's, and every assert, invariant and measure of
the problem is still there, in place.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from proofsmith.checkers.code.parse import HINTS, call_name, hint_call, parse_tree, source_lines
from proofsmith.errors import InputError

__all__ = [
    "LoopSite",
    "compare",
    "function_source",
    "loops",
    "normalized",
    "same_function",
    "source_lines",
    "with_invariants",
]


@dataclass(frozen=True)
class LoopSite:
    """A loop a prover can annotate."""

    line: int  # line of the ``while``/``for`` header (the key for with_invariants)
    kind: str  # "while" | "for"
    header: str  # the header's source text, e.g. "while i < n"
    invariants: tuple[str, ...]  # invariants already present
    decreases: str | None = None  # the decreases(...) measure already present


def _function(source: str, name: str) -> ast.FunctionDef:
    for node in parse_tree(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    raise InputError(f"no function {name!r} in the source", hint="Check the function name.")


def loops(source: str, function: str) -> list[LoopSite]:
    """The loops of ``function`` in source order."""
    sites = []
    for node in ast.walk(_function(source, function)):
        if isinstance(node, (ast.While, ast.For)):
            invs = []
            measure = None
            for stmt in node.body:
                call = hint_call(stmt, HINTS)
                if call is None:
                    break
                if call_name(call) == "invariant":
                    invs.append(ast.unparse(call.args[0]))
                else:
                    measure = ast.unparse(call.args[0])
            if isinstance(node, ast.While):
                header = f"while {ast.unparse(node.test)}"
            else:
                header = f"for {ast.unparse(node.target)} in {ast.unparse(node.iter)}"
            kind = type(node).__name__.lower()
            sites.append(LoopSite(node.lineno, kind, header, tuple(invs), measure))
    return sorted(sites, key=lambda s: s.line)


def with_invariants(
    source: str,
    function: str,
    invariants: dict[int, list[str]],
    decreases: dict[int, str] | None = None,
) -> str:
    """``source`` with ``invariant(e)`` lines (and ``decreases(m)`` measures) added at the
    top of the loops whose headers are on the given lines."""
    fn = _function(source, function)
    by_line = {n.lineno: n for n in ast.walk(fn) if isinstance(n, (ast.While, ast.For))}
    lines = source_lines(source)
    measures = decreases or {}
    for line in sorted(set(invariants) | set(measures), reverse=True):
        loop = by_line.get(line)
        if loop is None:
            raise InputError(f"no loop of {function} starts on line {line}")
        first = next((s for s in loop.body if hint_call(s, HINTS) is None), loop.body[-1])
        at = first.lineno - 1
        indent = " " * first.col_offset
        exprs = [f"invariant({e})" for e in invariants.get(line, [])]
        if line in measures:
            exprs.append(f"decreases({measures[line]})")
        for expr in exprs:
            ast.parse(expr, mode="eval")  # a syntax error here is the caller's to see
        if hint_call(first, HINTS) is not None:  # only hints in the body: add after them
            at = first.end_lineno or first.lineno
        lines[at:at] = [f"{indent}{expr}\n" for expr in exprs]
    return "".join(lines)


# calls an added assert may make: pure builtins (a call to one of the file's functions could
# loop forever or assume a callee's unproved contract, changing what the program does)
_PURE_CALLS = {"len", "abs", "min", "max", "list", "sum", "all", "any", "old", "index"}


def _addable(stmt: ast.stmt) -> bool:
    """What a candidate may add: invariants, measures, ``pass``, docstrings, and asserts
    that call nothing but pure builtins."""
    if isinstance(stmt, ast.Assert):
        calls = [n for n in ast.walk(stmt) if isinstance(n, ast.Call)]
        return all(call_name(c) in _PURE_CALLS for c in calls)
    if isinstance(stmt, ast.Pass) or hint_call(stmt, HINTS) is not None:
        return True
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)


def _harmless(stmt: ast.stmt) -> bool:
    """``pass`` and docstrings: a candidate may drop them."""
    if isinstance(stmt, ast.Pass):
        return True
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)


def _same(problem: ast.AST, candidate: ast.AST) -> bool:
    """``candidate`` is ``problem`` with only addable statements inserted in its blocks."""
    if type(problem) is not type(candidate):
        return False
    for name, p_value in ast.iter_fields(problem):
        c_value = getattr(candidate, name)
        if isinstance(p_value, list) and p_value and isinstance(p_value[0], ast.stmt):
            if not _embeds(p_value, c_value):
                return False
        elif isinstance(p_value, list) and isinstance(c_value, list) and not p_value:
            if not all(isinstance(c, ast.stmt) and _addable(c) for c in c_value):
                return False
        elif isinstance(p_value, ast.AST) and isinstance(c_value, ast.AST):
            if ast.dump(p_value) != ast.dump(c_value):
                return False
        elif isinstance(p_value, list):
            if [ast.dump(v) if isinstance(v, ast.AST) else v for v in p_value] != [
                ast.dump(v) if isinstance(v, ast.AST) else v for v in c_value
            ]:
                return False
        elif p_value != c_value:
            return False
    return True


def _embeds(problem: list[ast.stmt], candidate: list[ast.stmt]) -> bool:
    """Every statement of ``problem`` appears in ``candidate`` in order (its own asserts,
    invariants and measures included); anything else in ``candidate`` is addable."""
    problem = [s for s in problem if not _harmless(s)]
    i = 0
    for stmt in candidate:
        if i < len(problem) and _same(problem[i], stmt):
            i += 1
        elif not _addable(stmt):
            return False
    return i == len(problem)


def normalized(fn: ast.FunctionDef) -> str:
    """The function's AST without invariants, asserts, docstrings and ``pass``."""
    copy = ast.parse(ast.unparse(fn)).body[0]
    keep = [s for s in ast.walk(copy) if hasattr(s, "body")]
    for node in keep:
        for name in ("body", "orelse"):
            block = getattr(node, name, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                setattr(node, name, [s for s in block if not _addable(s)])
    return ast.dump(copy, include_attributes=False)


def same_function(a: str, b: str, name: str) -> bool:
    """Whether function ``name`` is the same AST in sources ``a`` and ``b`` (the checked
    text holds exactly the candidate's function that was compared)."""
    try:
        return ast.dump(_function(a, name)) == ast.dump(_function(b, name))
    except InputError:
        return False


def function_source(source: str, name: str) -> tuple[int, int]:
    """First and last line (1-based, decorators included) of function ``name``."""
    fn = _function(source, name)
    start = min([fn.lineno, *(d.lineno for d in fn.decorator_list)])
    return start, fn.end_lineno or fn.lineno


def compare(problem_source: str, candidate_source: str, function: str) -> str | None:
    """Why the candidate's ``function`` differs from the problem's, or None if it does not.

    The candidate may only add statements (invariants, measures, asserts, ``pass``,
    docstrings): the problem's own code, contract, asserts, invariants and measures must
    all be in it, in place.
    """
    original = _function(problem_source, function)
    changed = _function(candidate_source, function)
    if normalized(original) != normalized(changed):
        return (
            f"the candidate changes the body or contract of {function} "
            "(only invariant(...) lines and assert statements may be added)"
        )
    if not _same(original, changed):
        return (
            f"the candidate removes or changes an assert, invariant(...) or decreases(...) "
            f"of the problem's {function} (a candidate may only add them)"
        )
    return None
