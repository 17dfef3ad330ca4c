"""Verification conditions of loops: invariants, loop cuts and termination measures.

Mixed into :class:`~proofsmith.checkers.code.vcgen.FunctionVC`, which supplies
expression encoding, statement execution (``block``) and obligation recording (``_add``).

A loop is cut at its invariants: they are checked on entry; the variables the body
assigns are replaced by fresh values satisfying the invariants (the loop head); one
iteration is executed from the head under the loop condition and the invariants are
checked again at its end and at every ``continue``; the loop exits from "invariants and
not condition", merged with the states at each ``break``. A ``decreases(m)`` measure
adds two obligations: ``m >= 0`` where an iteration starts (invariants and condition
hold), and ``m`` smaller at its end (and at each ``continue``) than at its start — so the
loop terminates.

A loop's ``else:`` block runs on the states where the loop ends normally (its condition
false or its range/list exhausted), not after a ``break``.

A ``for i in range(lo, hi)`` loop is read as ``i = lo; while i < hi: body; i += 1`` for
its invariants (at the loop head ``lo <= i <= max(lo, hi)`` holds and is assumed); after
the loop ``i`` has Python's value (``hi - 1``, or its old value when the range is empty;
unbound if it had none). ``for v in xs`` is the index loop ``k = 0; while k < len(xs):
v = xs[k]; body; k += 1`` over ``xs`` as evaluated on entry; the hidden counter ``k`` is
the variable ``index(v)`` (a name no program variable can have), read in invariants
through the helper ``index(v)``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import z3

from proofsmith.checkers.code.alias import new_list
from proofsmith.checkers.code.encode import Scope
from proofsmith.checkers.code.parse import HINTS, call_name, hint_call, unsupported
from proofsmith.checkers.code.symstate import State, merge
from proofsmith.checkers.code.values import ListV, fresh, kind_of, truth

__all__ = ["LoopVC"]


@dataclass
class _Loop:
    """Where the iterations of the innermost loop end early."""

    breaks: list[State] = field(default_factory=list)
    continues: list[State] = field(default_factory=list)


def _assigned(stmts: list[ast.stmt]) -> tuple[set[str], set[str]]:
    """Names a block rebinds or resizes, and list names whose elements it writes."""
    rebound: set[str] = set()
    written: set[str] = set()
    for node in ast.walk(ast.Module(body=stmts, type_ignores=[])):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For)):
            targets = [node.target]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if isinstance(node.func.value, ast.Name):
                rebound.add(node.func.value.id)
        for t in targets:
            for sub in ast.walk(t):
                if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name):
                    written.add(sub.value.id)
                elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    rebound.add(sub.id)
    return rebound, written - rebound


def _after(done: State, var: str, before: Any, ran: Any, last: Any) -> list[State]:
    """The states after a for loop's last iteration: ``var`` keeps the last value, or its
    value before the loop when there was no iteration (if it had none: it is unbound,
    and reading it is refused as in Python)."""
    if before is not None and kind_of(before) == "int":
        done.env[var] = z3.If(ran, last, before)
        return [done]
    ran_state, empty = done.copy(ran), done.copy(z3.Not(ran))
    ran_state.env[var] = last
    empty.env.pop(var, None)
    return [ran_state, empty]


def _same_kinds(head: State, end: State, body: list[ast.stmt]) -> None:
    """The loop head stands for every iteration, so a variable must keep its type from one
    iteration to the next: ``x = 0`` before a loop whose body sets ``x = [1]`` would make
    the head's int ``x`` a list from the second iteration (and after the loop) on."""
    for name, value in head.env.items():
        if name in end.env and kind_of(end.env[name]) != kind_of(value):
            before, after = kind_of(value), kind_of(end.env[name])
            raise unsupported(
                body[0] if body else head,
                f"{name} is {_an(before)} {before} at the loop head and {_an(after)} "
                f"{after} after an iteration (a variable keeps its type in a loop)",
            )


def _an(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


class LoopVC:
    """Loop statements of the symbolic executor (a mixin of FunctionVC)."""

    state: State
    loops: list[_Loop]
    functions: dict[str, Any]

    if TYPE_CHECKING:  # supplied by FunctionVC and its Encoder base

        def expr(self, node: ast.expr, scope: Scope) -> Any: ...
        def cond(self, node: ast.expr, scope: Scope) -> Any: ...
        def typed(self, node: ast.expr, scope: Scope, kind: str) -> Any: ...
        def block(self, stmts: list[ast.stmt], state: State | None) -> State | None: ...
        def _add(self, kind: str, node: ast.AST, goal: Any, hyps: list, env: dict) -> None: ...

    def _s_Break(self, node: ast.Break, state: State) -> None:
        self.loops[-1].breaks.append(state)

    def _s_Continue(self, node: ast.Continue, state: State) -> None:
        self.loops[-1].continues.append(state)

    def _split(self, body: list[ast.stmt]) -> tuple[list[ast.expr], ast.expr | None, list]:
        """Invariants, the ``decreases`` measure (or None), and the rest of a loop body."""
        invariants: list[ast.expr] = []
        measure = None
        rest = list(body)
        while rest and (call := hint_call(rest[0], HINTS)) is not None:
            if call.func.id == "invariant":  # type: ignore[attr-defined]
                invariants.append(call.args[0])
            else:
                measure = call.args[0]
            rest.pop(0)
        return invariants, measure, rest

    def _check_invariants(self, kind: str, invs: list[ast.expr], state: State) -> None:
        for inv in invs:
            goal = truth(self.expr(inv, Scope(state.env, spec=True, pc=state.pc)))
            self._add(kind, inv, goal, state.pc, state.env)

    def _assume_invariants(self, invs: list[ast.expr], state: State) -> None:
        for inv in invs:
            state.pc.append(truth(self.expr(inv, Scope(state.env, spec=True))))

    def _havoc(self, rest: list[ast.stmt], state: State, extra: set[str]) -> State:
        rebound, written = _assigned(rest)
        env = dict(state.env)
        for name in (rebound | extra) & set(env):
            env[name] = fresh(name, kind_of(env[name]))
        for name in written & set(env):
            if isinstance(env[name], ListV):
                env[name] = ListV(fresh(name, "list").arr, env[name].n)
        for name in rebound - set(state.env):
            env.pop(name, None)
        return State(env, list(state.pc))

    def _iteration(
        self,
        invs: list[ast.expr],
        measure: ast.expr | None,
        rest: list[ast.stmt],
        entry: State,
        step: Callable[[State], State],
    ) -> list[State]:
        """Run one iteration from ``entry`` (the head under the loop condition).

        Checks the measure (non-negative at entry, smaller at every iteration end) and the
        invariants at every iteration end; ``step`` turns an iteration end into the next
        loop head (the ``i += 1`` of a for loop). Returns the states at ``break``.
        """
        before, shown = None, ""
        if measure is not None:
            shown = f"decreases({ast.unparse(measure)})"  # counterexample key, not a name
            before = self.typed(measure, Scope(entry.env, spec=True, pc=entry.pc), "int")
            env = {**entry.env, shown: before}
            self._add("termination: measure non-negative", measure, before >= 0, entry.pc, env)
        self.loops.append(_Loop())
        end = self.block(rest, entry.copy())
        loop = self.loops.pop()
        for s in [end, *loop.continues]:
            if s is None:
                continue
            _same_kinds(entry, s, rest)
            s = step(s)
            self._check_invariants("invariant preserved", invs, s)
            if measure is not None:
                after = self.typed(measure, Scope(s.env, spec=True, pc=s.pc), "int")
                env = {**s.env, f"{shown} before": before, f"{shown} after": after}
                self._add("termination: measure decreases", measure, after < before, s.pc, env)
        return loop.breaks

    def _s_While(self, node: ast.While, state: State) -> State | None:
        invs, measure, rest = self._split(node.body)
        self._check_invariants("invariant on entry", invs, state)
        head = self._havoc(rest, state, set())
        self._assume_invariants(invs, head)
        self.state = head
        c = self.cond(node.test, Scope(head.env))
        head = self.state
        breaks = self._iteration(invs, measure, rest, head.copy(c), lambda s: s)
        return merge([*self._orelse(node, [head.copy(z3.Not(c))]), *breaks])

    def _orelse(self, node: ast.While | ast.For, exits: list[State]) -> list[State]:
        """The states after a loop's ``else:`` block, run on every normal exit (no break)."""
        if not node.orelse:
            return exits
        ends = [self.block(node.orelse, s) for s in exits]
        return [s for s in ends if s is not None]

    def _s_For(self, node: ast.For, state: State) -> State | None:
        if call_name(node.iter) == "range":
            return self._for_range(node, state)
        return self._for_each(node, state)

    def _for_range(self, node: ast.For, state: State) -> State | None:
        var = node.target.id  # type: ignore[attr-defined]
        scope = Scope(state.env)
        bounds = [self.typed(a, scope, "int") for a in node.iter.args]  # type: ignore[attr-defined]
        lo, hi = (z3.IntVal(0), bounds[0]) if len(bounds) == 1 else bounds
        state = self.state
        before = state.env.get(var)
        invs, measure, rest = self._split(node.body)
        self._check_invariants("invariant on entry", invs, State({**state.env, var: lo}, state.pc))
        head = self._havoc(rest, State({**state.env, var: lo}, state.pc), {var})
        i = head.env[var]
        head.pc += [lo <= i, i <= z3.If(lo <= hi, hi, lo)]
        self._assume_invariants(invs, head)

        def step(s: State) -> State:
            return State({**s.env, var: i + 1}, s.pc)

        breaks = self._iteration(invs, measure, rest, head.copy(i < hi), step)
        # implied by the head's bounds, but stated: z3 matches terms in i (sums) on it
        done = head.copy(z3.Not(i < hi), i == z3.If(lo <= hi, hi, lo))
        return merge([*self._orelse(node, _after(done, var, before, lo < hi, hi - 1)), *breaks])

    def _for_each(self, node: ast.For, state: State) -> State | None:
        """``for v in xs``: an index loop over ``xs`` as it is on entry (read-only)."""
        var = node.target.id  # type: ignore[attr-defined]
        key = f"index({var})"  # the hidden counter; invariants read it as index(v)
        invs, measure, rest = self._split(node.body)
        changed = set().union(*_assigned(rest))
        read = sorted(
            n.id for n in ast.walk(node.iter) if isinstance(n, ast.Name) and n.id in changed
        )
        if read and not new_list(node.iter, self.functions):
            shown = ast.unparse(node.iter)
            raise unsupported(
                node,
                f"changing the list {read[0]} inside a loop over it",
                f"Loop over a copy: for {var} in list({shown}).",
            )
        seq = self.typed(node.iter, Scope(state.env), "list")
        state = self.state
        before = state.env.get(var)
        start = State({**state.env, key: z3.IntVal(0)}, state.pc)
        start.env.pop(var, None)  # at the loop head v is not meaningful: use index(v)
        self._check_invariants("invariant on entry", invs, start)
        head = self._havoc(rest, start, {key})
        k = head.env[key]
        head.pc += [0 <= k, k <= seq.n]
        self._assume_invariants(invs, head)

        def step(s: State) -> State:
            return State({**s.env, key: k + 1}, s.pc)

        entry = head.copy(k < seq.n)
        entry.env[var] = seq.arr[k]
        breaks = self._iteration(invs, measure, rest, entry, step)
        done = head.copy(k >= seq.n, k == seq.n)
        paths = _after(done, var, before, seq.n > 0, seq.arr[seq.n - 1])
        merged = merge([*self._orelse(node, paths), *breaks])
        if merged is not None:
            merged.env.pop(key, None)
        return merged
