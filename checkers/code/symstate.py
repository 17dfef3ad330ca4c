"""Symbolic program states and the obligations collected from them.

A :class:`State` is what symbolic execution (:mod:`.vcgen`, :mod:`.loop_vc`) carries
from statement to statement: the program variables as z3 values and the path condition
``pc`` under which that point is reached. :func:`merge` joins the states of several paths
(branches, breaks) into one with fresh variables. An :class:`Obligation` is one thing the
program must get right at some point: ``hyps`` (the path condition there) imply ``goal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import z3

from proofsmith.checkers.code.values import GridV, ListV, TupleV, Value, fresh, kind_of

__all__ = ["Obligation", "State", "merge"]


@dataclass
class Obligation:
    """One thing that must hold: ``hyps`` imply ``goal``."""

    kind: str  # postcondition | invariant on entry | invariant preserved | assertion | ...
    line: int
    text: str  # the source text of what must hold
    hyps: list[Any]
    goal: Any
    env: dict[str, Value]  # program variables at that point, for counterexamples


@dataclass
class State:
    """Variables and path condition at one program point."""

    env: dict[str, Value]
    pc: list[Any]

    def copy(self, *extra: Any) -> State:
        return State(dict(self.env), [*self.pc, *extra])


def _same(a: Value, b: Value) -> bool:
    if isinstance(a, ListV) and isinstance(b, ListV):
        return a.arr.eq(b.arr) and a.n.eq(b.n)
    if isinstance(a, TupleV) and isinstance(b, TupleV):
        return all(_same(x, y) for x, y in zip(a.items, b.items, strict=True))
    if isinstance(a, GridV) and isinstance(b, GridV):
        return a.rows.eq(b.rows) and a.lens.eq(b.lens) and a.n.eq(b.n)
    if isinstance(a, (ListV, TupleV, GridV)) or isinstance(b, (ListV, TupleV, GridV)):
        return False
    return a.eq(b)


def _equal(new: Value, old: Value) -> list[Any]:
    """Constraints making the merged value ``new`` the path's value ``old``."""
    if isinstance(new, ListV):
        return [new.arr == old.arr, new.n == old.n]
    if isinstance(new, GridV):
        return [new.rows == old.rows, new.lens == old.lens, new.n == old.n]
    if isinstance(new, TupleV):
        return [e for x, y in zip(new.items, old.items, strict=True) for e in _equal(x, y)]
    return [new == old]


def merge(states: list[State]) -> State | None:
    """One state covering every state in ``states`` (None when there is none).

    A variable present on every path keeps its value when all paths agree, else becomes
    a fresh value equal to each path's value under that path's condition. A variable
    missing on some path (or typed differently) is not usable after the merge.
    """
    if not states:
        return None
    if len(states) == 1:
        return states[0]
    prefix = 0
    while all(len(s.pc) > prefix for s in states) and all(
        s.pc[prefix] is states[0].pc[prefix] for s in states
    ):
        prefix += 1
    names = [n for n in states[0].env if all(n in s.env for s in states)]
    env: dict[str, Value] = {}
    eqs: list[list[Any]] = [[] for _ in states]
    for name in names:
        values = [s.env[name] for s in states]
        kinds = {kind_of(v) for v in values}
        if len(kinds) > 1:
            continue  # typed differently on different paths: not usable after the merge
        if all(_same(values[0], v) for v in values[1:]):
            env[name] = values[0]
            continue
        new = fresh(name, kinds.pop())
        env[name] = new
        for i, v in enumerate(values):
            eqs[i] += _equal(new, v)
    paths = [z3.And(*s.pc[prefix:], *eqs[i]) for i, s in enumerate(states)]
    return State(env, [*states[0].pc[:prefix], z3.Or(*paths)])
