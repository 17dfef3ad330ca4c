"""Code strategy of the portfolio: Houdini-style loop-invariant synthesis.

Guess many candidate invariants per loop (bounds from the loop header, signs and orders of
the integer variables, the postcondition with ``result`` replaced by the returned variable
and the loop bound by the loop counter), then ask the code checker which fail and drop
them, until the function verifies or nothing more can be dropped. The survivors are the
largest set of guesses that is inductive (Flanagan & Leino, "Houdini", FME 2001).
"""

from __future__ import annotations

import ast
import itertools
import re
from typing import Any

from proofsmith.errors import ProofsmithError

__all__ = ["guess_invariants", "houdini"]

MAX_GUESSES = 60  # per loop


def _function(source: str, name: str | None) -> ast.FunctionDef | None:
    tree = ast.parse(source)
    fns = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    if name is not None:
        return next((f for f in fns if f.name == name), None)
    return next(
        (f for f in fns if any(isinstance(n, (ast.While, ast.For)) for n in ast.walk(f))), None
    )


def _int_names(fn: ast.FunctionDef) -> tuple[list[str], list[str]]:
    """(integer variable names, list parameter names) of a function, in first-seen order."""
    ints, lists = [], []
    for arg in fn.args.args:
        ann = ast.unparse(arg.annotation) if arg.annotation else "int"
        (lists if ann.startswith("list") else ints if ann == "int" else []).append(arg.arg)
    for node in ast.walk(fn):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.For)):
            targets = [node.target]
        for t in targets:
            for name in ast.walk(t):
                if isinstance(name, ast.Name) and name.id not in ints + lists:
                    value = getattr(node, "value", None)
                    if isinstance(value, (ast.List, ast.ListComp)) or (
                        isinstance(value, ast.Call) and ast.unparse(value.func) == "list"
                    ):
                        lists.append(name.id)
                    else:
                        ints.append(name.id)
    return ints, lists


def _returned(fn: ast.FunctionDef) -> str | None:
    for node in ast.walk(fn):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
            return node.value.id
    return None


def _ensures(fn: ast.FunctionDef) -> list[ast.expr]:
    out = []
    for stmt in fn.body:
        if (
            isinstance(stmt, ast.Expr)
            and isinstance(stmt.value, ast.Call)
            and ast.unparse(stmt.value.func) == "ensures"
        ):
            expr = stmt.value.args[0]
            out.extend(
                expr.values
                if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.And)
                else [expr]
            )
    return out


def _rename(expr: ast.expr, mapping: dict[str, str]) -> str:
    class _Sub(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            return ast.copy_location(ast.Name(mapping.get(node.id, node.id), node.ctx), node)

    return ast.unparse(_Sub().visit(ast.parse(ast.unparse(expr), mode="eval")).body)


def guess_invariants(source: str, function: str | None = None) -> dict[int, list[str]]:
    """Candidate invariants keyed by the line of each loop header of ``function``."""
    fn = _function(source, function)
    if fn is None:
        return {}
    ints, lists = _int_names(fn)
    returned = _returned(fn)
    posts = _ensures(fn)
    out: dict[int, list[str]] = {}
    for loop in (n for n in ast.walk(fn) if isinstance(n, (ast.While, ast.For))):
        guesses: list[str] = []
        counter, bound = None, None
        if (
            isinstance(loop, ast.While)
            and isinstance(loop.test, ast.Compare)
            and len(loop.test.ops) == 1
        ):
            left, right, op = loop.test.left, loop.test.comparators[0], loop.test.ops[0]
            lt, rt = ast.unparse(left), ast.unparse(right)
            if isinstance(op, ast.Lt):
                guesses.append(f"{lt} <= {rt}")
            elif isinstance(op, ast.LtE):
                guesses.append(f"{lt} <= {rt} + 1")
            elif isinstance(op, ast.Gt):
                guesses.append(f"{lt} >= {rt}")
            elif isinstance(op, ast.NotEq):
                guesses += [f"{lt} >= {rt}", f"{lt} <= {rt}"]
            if isinstance(left, ast.Name) and isinstance(right, ast.Name):
                counter, bound = left.id, right.id
        elif isinstance(loop, ast.For) and isinstance(loop.target, ast.Name):
            it = loop.iter
            if isinstance(it, ast.Call) and ast.unparse(it.func) == "range" and it.args:
                lo = ast.unparse(it.args[0]) if len(it.args) > 1 else "0"
                hi = ast.unparse(it.args[1] if len(it.args) > 1 else it.args[0])
                guesses.append(f"{lo} <= {loop.target.id} <= {hi}")
                counter = loop.target.id
                if isinstance(it.args[-1 if len(it.args) < 3 else 1], ast.Name):
                    bound = ast.unparse(it.args[1] if len(it.args) > 1 else it.args[0])
        terms = ints + [f"len({a})" for a in lists]
        for v in ints:
            guesses += [f"{v} >= 0", f"{v} >= 1"]
        for a, b in itertools.permutations(terms, 2):
            guesses += [f"{a} <= {b}", f"{a} < {b}"]
        for a, b in itertools.combinations(terms, 2):
            guesses.append(f"{a} == {b}")
        for post in posts:
            mapping = {"result": returned} if returned else {}
            if "result" in ast.unparse(post) and not returned:
                continue
            guesses.append(_rename(post, mapping))
            if counter and bound:
                guesses.append(_rename(post, {**mapping, bound: counter}))
        guesses = [g for g in dict.fromkeys(guesses) if "result" not in re.findall(r"\w+", g)]
        out[loop.lineno] = guesses[:MAX_GUESSES]
    return out


def houdini(
    source: str,
    function: str | None,
    checker: Any,
    *,
    timeout_s: float = 20.0,
    max_rounds: int = 12,
) -> str | None:
    """The problem's function with the largest inductive subset of guessed invariants.

    ``checker`` is a :class:`~proofsmith.checkers.code.CodeChecker`. Returns the candidate
    source when the function verifies with it, else None.
    """
    from proofsmith.checkers.code.contracts import loops, with_invariants

    fn = _function(source, function)
    if fn is None:
        return None
    name = fn.name
    guesses = guess_invariants(source, name)  # empty for loop-free code: check it as given
    for _ in range(max_rounds):
        candidate = with_invariants(source, name, guesses)
        try:
            (report,) = checker.verify_source(candidate, name, timeout_s=timeout_s)
        except (ProofsmithError, ValueError):
            return None
        if report["status"] == "verified":
            return candidate
        lines = candidate.splitlines()
        sites = sorted(loops(candidate, name), key=lambda s: s.line)
        original_heads = sorted(guesses)
        failed: set[tuple[int, str]] = set()
        for ob in report.get("obligations", []):
            if not str(ob.get("kind", "")).startswith("invariant") or ob.get("status") == "proved":
                continue
            text = lines[ob["line"] - 1].strip()
            m = re.fullmatch(r"invariant\((.*)\)", text)
            site = max((i for i, s in enumerate(sites) if s.line < ob["line"]), default=None)
            if m is None or site is None:
                return None
            failed.add((original_heads[site], m.group(1)))
        if not failed:
            return None  # the invariants hold but do not prove the postcondition
        for head, expr in failed:
            if expr not in guesses.get(head, []):
                return None  # an invariant of the problem itself fails
            guesses[head] = [g for g in guesses[head] if g != expr]
    return None
