"""Answer strategies of the portfolio: machine-readable questions solved with SymPy.

``solve_question(text)`` reads questions such as "What is 2^10 + 3?", "Solve for x:
2x + 3 = 7", "x + y = 3, x - y = 1", "Simplify \\frac{x^2-1}{x-1}" and returns (strategy,
answer) pairs. The math is parsed by the answer checker's safe parser
(:func:`proofsmith.checkers.answer.parse_answer`: SymPy constructors, never ``eval``), and
the function is meant to run in a :class:`~proofsmith.checkers.limits.LimitedPool` worker
because ``solve``/``simplify`` have no time limit of their own.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["math_of_question", "solve_question"]

_LEAD = re.compile(
    r"^\s*(?:what\s+is|what's|compute|calculate|evaluate|find(?:\s+the\s+value\s+of)?|"
    r"simplify|expand|factor|solve(?:\s+the\s+system(?:\s+of\s+equations)?)?"
    r"(?:\s+for\s+[A-Za-z])?)\b\s*[:,]?\s*",
    re.IGNORECASE,
)
_FOR_VAR = re.compile(r"\b(?:solve\s+)?for\s+([A-Za-z])\b", re.IGNORECASE)
_TRAIL = re.compile(r"(?:\s+for\s+[A-Za-z])?\s*[?.!]*\s*$", re.IGNORECASE)
_DOLLARS = re.compile(r"\$\$?(.+?)\$\$?", re.DOTALL)
MAX_CHARS = 2000


def math_of_question(text: str) -> tuple[str, str | None, str]:
    """(math text, target variable or None, verb) of a question."""
    target = _FOR_VAR.search(text)
    verb_match = re.match(r"\s*(\w+)", text)
    verb = verb_match.group(1).lower() if verb_match else ""
    inline = _DOLLARS.findall(text)
    if inline:
        math = ", ".join(s.strip() for s in inline)
    else:
        math = _TRAIL.sub("", _LEAD.sub("", text.strip(), count=1))
    return math.strip(), target.group(1) if target else None, verb


def _render(value: Any) -> str:
    import sympy as sp

    return sp.latex(value)


def _equations(node: Any) -> list[Any] | None:
    """SymPy equations when ``node`` is an equation or a list of them."""
    import sympy as sp

    from proofsmith.checkers.answer.nodes import Rel, Seq

    rels = list(node.items) if isinstance(node, Seq) else [node]
    if not rels or not all(isinstance(r, Rel) and r.ops == ("=",) for r in rels):
        return None
    return [sp.Eq(r.terms[0], r.terms[1], evaluate=False) for r in rels]


def solve_question(text: str) -> list[tuple[str, str]]:
    """(strategy, answer) pairs for a machine-readable question; [] when it is not one."""
    import sympy as sp

    from proofsmith.checkers.answer.parse import ParseFailure, parse_answer

    if len(text) > MAX_CHARS:
        return []
    math, target, verb = math_of_question(text)
    if not math:
        return []
    try:
        node = parse_answer(math).node
    except ParseFailure:
        return []
    eqs = _equations(node)
    out: list[tuple[str, str]] = []
    if eqs is not None:
        symbols = sorted(set().union(*(e.free_symbols for e in eqs)), key=str)
        unknowns = [sp.Symbol(target)] if target else symbols
        unknowns = [u for u in unknowns if u in symbols] or symbols
        if not unknowns:
            return []
        solutions = sp.solve(eqs, unknowns, dict=True)
        if not solutions:
            return []
        if len(unknowns) == 1:
            (u,) = unknowns
            values = [s[u] for s in solutions if u in s]
            real = [v for v in values if v.is_real is not False]
            chosen = real or values
            try:
                chosen = sorted(chosen, key=lambda v: float(sp.N(v)))
            except TypeError:
                pass
            out.append(("answer.solve", ", ".join(_render(v) for v in chosen)))
            if len(chosen) > 1:
                out.append(("answer.solve.first", _render(chosen[0])))
                out.append(("answer.solve.last", _render(chosen[-1])))
        else:
            first = solutions[0]
            if all(u in first for u in unknowns):
                out.append(
                    (
                        "answer.solve.system",
                        ", ".join(f"{u} = {_render(first[u])}" for u in unknowns),
                    )
                )
                out.append(
                    (
                        "answer.solve.tuple",
                        "(" + ", ".join(_render(first[u]) for u in unknowns) + ")",
                    )
                )
        return out
    if not isinstance(node, sp.Basic) or isinstance(node, sp.Rel):
        return []
    if not node.free_symbols:
        value = sp.nsimplify(sp.simplify(node)) if node.has(sp.Float) else sp.simplify(node)
        out.append(("answer.evaluate", _render(value)))
        return out
    forms = {"factor": sp.factor, "expand": sp.expand}
    preferred = forms.get(verb)
    if preferred is not None:
        out.append((f"answer.{verb}", _render(preferred(node))))
    out.append(("answer.simplify", _render(sp.simplify(node))))
    out.append(("answer.factor", _render(sp.factor(node))))
    out.append(("answer.expand", _render(sp.expand(node))))
    seen: set[str] = set()
    return [(s, a) for s, a in out if not (a in seen or seen.add(a))]
