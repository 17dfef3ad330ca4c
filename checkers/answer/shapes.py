"""Normal forms of parsed answers before they are compared.

``\\pm`` expanded to both signs, assignments to a name read by their right side, one-variable
inequalities as intervals ("and" an intersection, "or" a union, adjacent intervals merged,
``a <= |x| <= b`` as two intervals), equation chains read by their last value, named value
lists (``x = 2, y = 3``), and the degree symbol substituted. Used by :mod:`.compare`.
"""

from __future__ import annotations

import sympy as sp

from proofsmith.checkers.answer.closed_form import digits_of
from proofsmith.checkers.answer.cursor import PM
from proofsmith.checkers.answer.nodes import Inter, Ival, Node, Rel, Seq, UnionOf

__all__ = [
    "canonical_set",
    "has_symbol",
    "inexact_chain",
    "is_equation",
    "is_name",
    "last_value",
    "names",
    "shape",
    "spread_names",
    "subject",
    "substitute",
]


def _expand_pm(node: Node) -> Node:
    if isinstance(node, sp.Basic) and node.has(PM):
        return Seq("list", (node.subs(PM, 1), node.subs(PM, -1)))
    if isinstance(node, Rel) and any(isinstance(t, sp.Basic) and t.has(PM) for t in node.terms):
        return Seq(
            "list", tuple(Rel(node.ops, tuple(_sub(t, s) for t in node.terms)) for s in (1, -1))
        )
    return node


def _sub(term: Node, sign: int) -> Node:
    return term.subs(PM, sign) if isinstance(term, sp.Basic) else term


def _is_var(node: Node) -> bool:
    if isinstance(node, sp.Symbol):
        return True
    return isinstance(node, Seq) and bool(node.items) and all(_is_var(i) for i in node.items)


def is_equation(node: Node) -> bool:
    return (
        isinstance(node, Rel)
        and node.ops == ("=",)
        and all(isinstance(t, sp.Basic) and not t.has(PM) for t in node.terms)
    )


def _as_interval(rel: Rel) -> Node:
    """``a < x <= b`` / ``x > 3`` / ``3 > x`` → Ival, ``x ≠ 2`` → a union; else unchanged."""
    if rel.ops == ("!=",) and isinstance(rel.terms[0], sp.Symbol):  # x ≠ 2: all but 2
        point = rel.terms[1]
        if isinstance(point, sp.Basic) and point.is_real and not point.free_symbols:
            return UnionOf((Ival(-sp.oo, point, True, True), Ival(point, sp.oo, True, True)))
    if "=" in rel.ops or "!=" in rel.ops or len(rel.terms) not in (2, 3):
        return rel
    flip = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}
    terms, ops = list(rel.terms), list(rel.ops)
    if len(terms) == 2 and not isinstance(terms[0], sp.Symbol) and isinstance(terms[1], sp.Symbol):
        terms, ops = terms[::-1], [flip[ops[0]]]
    if len(terms) == 2 and isinstance(terms[0], sp.Symbol):
        bound = terms[1]
        if not isinstance(bound, sp.Basic) or bound.free_symbols:
            return rel
        if ops[0] in "<=":
            return Ival(-sp.oo, bound, True, ops[0] == "<")
        return Ival(bound, sp.oo, ops[0] == ">", True)
    ascending, descending = set(ops) <= {"<", "<="}, set(ops) <= {">", ">="}
    if len(terms) == 3 and isinstance(terms[1], sp.Symbol) and (ascending or descending):
        lo, hi = terms[0], terms[2]
        if not all(isinstance(t, sp.Basic) and not t.free_symbols for t in (lo, hi)):
            return rel
        if ops[0] in (">", ">="):
            return Ival(hi, lo, ops[1] == ">", ops[0] == ">")
        return Ival(lo, hi, ops[0] == "<", ops[1] == "<")
    return rel


def _rel_var(node: Node) -> str | None:
    """The one variable of an inequality (``x`` of ``1 < x``, ``|w|`` counts as w), else None."""
    if not isinstance(node, Rel) or "=" in node.ops:
        return None
    found = {s.name for t in node.terms if isinstance(t, sp.Basic) for s in t.free_symbols}
    return found.pop() if len(found) == 1 else "several" if found else None


def subject(node: Node) -> str | None:
    """The variable an answer is about: ``x`` of ``x > 2``, ``2 < x``, ``x < 1`` or ``x > 3``,
    and of an equation solved for it (``x = \\frac{y-1}{2}``); None when there is no one name."""
    if isinstance(node, Rel) and node.ops == ("=",) and isinstance(node.terms[0], sp.Symbol):
        value = node.terms[1]
        solved = isinstance(value, sp.Basic) and node.terms[0] not in value.free_symbols
        return node.terms[0].name if solved else None
    parts = node.parts if isinstance(node, (Inter, UnionOf)) else None
    if isinstance(node, Seq) and node.kind == "list":
        parts = node.items
    if parts is not None:
        found = {subject(part) for part in parts if isinstance(part, Rel)}
        if (
            not found
            or len(found) > 1
            or None in found
            or any(not isinstance(part, Rel) for part in parts)
        ):
            return None
        return found.pop()
    var = _rel_var(node)
    return None if var == "several" else var


def _abs_interval(rel: Rel) -> Node:
    """``2 <= |w| <= 3`` → ``[-3,-2] ∪ [2,3]``; ``|x| < 3`` → ``(-3, 3)``; else unchanged."""
    terms, ops = rel.terms, rel.ops
    if len(terms) == 2 and isinstance(terms[0], sp.Abs) and ops[0] in ("<", "<="):
        terms, ops = (sp.Integer(0), terms[0], terms[1]), ("<=", ops[0])
    if len(terms) != 3 or not set(ops) <= {"<", "<="} or not isinstance(terms[1], sp.Abs):
        return rel
    if not isinstance(terms[1].args[0], sp.Symbol):
        return rel
    lo, hi = terms[0], terms[2]
    if not all(isinstance(t, sp.Basic) and t.is_number and t.is_real for t in (lo, hi)):
        return rel
    lo_open, hi_open = ops[0] == "<", ops[1] == "<"
    if (lo < 0) is sp.true or lo == 0 and not lo_open:
        return Ival(-hi, hi, hi_open, hi_open)
    return UnionOf((Ival(-hi, -lo, hi_open, lo_open), Ival(lo, hi, lo_open, hi_open)))


def _to_set(node: Node):
    """An interval/union/intersection with real numeric ends as a SymPy set, else None."""
    if isinstance(node, Ival):
        ends = (node.lo, node.hi)
        if not all(isinstance(e, sp.Basic) and (e.is_real or e in (sp.oo, -sp.oo)) for e in ends):
            return None
        return sp.Interval(node.lo, node.hi, node.lo_open, node.hi_open)
    if isinstance(node, (UnionOf, Inter)):
        parts = [_to_set(part) for part in node.parts]
        if any(part is None for part in parts):
            return None
        return sp.Union(*parts) if isinstance(node, UnionOf) else sp.Intersection(*parts)
    return None


def _from_set(value) -> Node | None:
    if isinstance(value, sp.Interval):
        return Ival(value.start, value.end, bool(value.left_open), bool(value.right_open))
    if isinstance(value, sp.Union) and all(isinstance(a, sp.Interval) for a in value.args):
        return UnionOf(tuple(_from_set(a) for a in value.args))
    if value is sp.S.EmptySet:
        return Seq("set", ())
    return None


def canonical_set(node: Node) -> Node:
    """Adjacent intervals merged, intersections worked out: ``[1,2) ∪ [2,3]`` → ``[1,3]``."""
    value = _to_set(node)
    found = _from_set(value) if value is not None else None
    return node if found is None else found


def shape(node: Node) -> Node:
    node = _expand_pm(node)
    if isinstance(node, Inter):
        if len({_rel_var(part) for part in node.parts}) != 1:
            return node  # "x > 1 and y < 3": two variables, no interval
        return canonical_set(Inter(tuple(shape(part) for part in node.parts)))
    if isinstance(node, Rel):
        if node.ops == ("=",) and _is_var(node.terms[0]):
            return shape(node.terms[1])
        shaped = _abs_interval(node)
        return canonical_set(shaped) if shaped is not node else _as_interval(node)
    if isinstance(node, Seq) and len({v for v in map(_rel_var, node.items) if v}) > 1:
        return node  # "x < 1 or y > 3" is no set of numbers: kept as written
    if isinstance(node, Seq):
        items: list[Node] = []
        for item in node.items:
            shaped = shape(item)
            if node.kind == "list" and isinstance(shaped, Seq) and shaped.kind == "list":
                items.extend(shaped.items)
            else:
                items.append(shaped)
        if node.kind == "list" and items and all(isinstance(i, (Ival, UnionOf)) for i in items):
            return canonical_set(UnionOf(tuple(items)))
        return Seq(node.kind, tuple(items), node.maybe_interval)
    if isinstance(node, UnionOf):
        parts: list[Node] = []
        for part in map(shape, node.parts):
            parts.extend(part.parts if isinstance(part, UnionOf) else [part])
        if all(isinstance(part, Seq) and part.kind == "set" for part in parts):
            items = [item for part in parts for item in part.items]
            return Seq("set", tuple(dict.fromkeys(items)))  # {1,3} ∪ {2,4} = {1,2,3,4}
        return canonical_set(UnionOf(tuple(parts)))
    if isinstance(node, Ival):
        return canonical_set(node)
    return node


def has_symbol(node: Node, symbol: sp.Symbol) -> bool:
    if isinstance(node, sp.Basic):
        return node.has(symbol)
    if isinstance(node, (Seq, UnionOf, Inter)):
        children = node.items if isinstance(node, Seq) else node.parts
        return any(has_symbol(c, symbol) for c in children)
    if isinstance(node, Rel):
        return any(has_symbol(t, symbol) for t in node.terms)
    if isinstance(node, Ival):
        return has_symbol(node.lo, symbol) or has_symbol(node.hi, symbol)
    return False


def substitute(node: Node, symbol: sp.Symbol, value: sp.Expr) -> Node:
    if isinstance(node, sp.Basic):
        return node.xreplace({symbol: value})
    if isinstance(node, Seq):
        return Seq(
            node.kind, tuple(substitute(i, symbol, value) for i in node.items), node.maybe_interval
        )
    if isinstance(node, (UnionOf, Inter)):
        return type(node)(tuple(substitute(i, symbol, value) for i in node.parts))
    if isinstance(node, Rel):
        return Rel(node.ops, tuple(substitute(t, symbol, value) for t in node.terms))
    if isinstance(node, Ival):
        return Ival(
            substitute(node.lo, symbol, value),
            substitute(node.hi, symbol, value),
            node.lo_open,
            node.hi_open,
        )
    return node


def is_name(node: Node) -> bool:
    """``x``, ``g(t)`` (read g·t), ``|PQ|``, ``A_1/A_2``: letters only, no signs or numbers.

    ``-x``, ``1/x``, ``2x``, ``x^2`` are no names: ``-x = 5`` does not say the answer is 5.
    """
    if isinstance(node, sp.Symbol):
        return node != PM
    if isinstance(node, sp.Abs):
        return is_name(node.args[0])
    if not isinstance(node, sp.Mul):
        return False
    ups = [a for a in node.args if isinstance(a, sp.Symbol) and a != PM]
    downs = [a for a in node.args if isinstance(a, sp.Pow) and a.exp == -1]
    return (
        bool(ups)
        and len(ups) + len(downs) == len(node.args)
        and all(isinstance(d.base, sp.Symbol) for d in downs)
    )


def spread_names(node: Node) -> Node:
    """``(x, y) = (2, 3)`` → ``x = 2, y = 3``: a tuple of names assigned item by item."""
    if not (isinstance(node, Rel) and node.ops == ("=",)):
        return node
    left, right = node.terms
    if not (isinstance(left, Seq) and isinstance(right, Seq) and _is_var(left)):
        return node
    if len(left.items) != len(right.items) or len(left.items) < 2:
        return node
    pairs = zip(left.items, right.items, strict=True)
    return Seq("list", tuple(Rel(("=",), (name, value)) for name, value in pairs))


def names(node: Node) -> tuple | None:
    """The names of a list of distinct assignments (``x = 2, y = 3``), else None."""
    items = node.items if isinstance(node, Seq) and node.kind in ("list", "tuple") else None
    if not items or len(items) < 2:
        return None
    if not all(isinstance(i, Rel) and i.ops == ("=",) and is_name(i.terms[0]) for i in items):
        return None
    lhs = tuple(i.terms[0] for i in items)
    return lhs if len(set(lhs)) == len(lhs) else None


def last_value(node: Node) -> Node:
    """The value an equation chain ends in when the gold is a value.

    ``\\sqrt{9} = 3``, ``y = 2+3+4 = 9``, ``\\pi \\approx 3.14``: every term before the
    last is a constant or (first only) a name. ``2x = 10`` stays a relation, and so does a
    false chain (``3^5 = 32``: neighbouring constants more than 1 % apart).
    """
    if not isinstance(node, Rel) or set(node.ops) != {"="} or len(node.terms) < 2:
        return node
    if not all(isinstance(t, sp.Basic) and not t.has(PM) for t in node.terms):
        return node
    first, *middle, last = node.terms
    if not all(not t.free_symbols for t in middle):
        return node
    if first.free_symbols and not is_name(first):
        return node
    constants = [t for t in node.terms if not t.free_symbols]
    if any(_far_apart(a, b) for a, b in zip(constants, constants[1:], strict=False)):
        return node
    return last


def inexact_chain(node: Node) -> bool:
    """An equation chain with a step that is not exact (``4.99 = 5``, ``\\pi = 3.14``)."""
    if not isinstance(node, Rel) or set(node.ops) != {"="}:
        return False
    constants = [t for t in node.terms if isinstance(t, sp.Basic) and not t.free_symbols]
    return any(
        sp.Add(a, -b).is_zero is not True for a, b in zip(constants, constants[1:], strict=False)
    )


def _far_apart(a: sp.Expr, b: sp.Expr) -> bool:
    """Certainly more than 1 % apart (an approximation ``\\pi = 3.14`` is not)."""
    if a.is_Rational and b.is_Rational:
        return a != b and abs(a - b) > abs(b) / 100
    gap, size = digits_of(sp.Abs(a - b), 15), digits_of(sp.Abs(b), 15)
    return gap is not None and size is not None and bool(gap > size / 100)
