"""Verification conditions for one function, by symbolic execution.

Equivalent to weakest preconditions, computed forwards (strongest postconditions): the
body runs on symbolic values under a path condition ``pc``; every place where the program
must be right (postcondition at a ``return``, invariant on loop entry and after each
iteration, precondition of a call, ``assert``, index in range, no division by zero)
becomes an :class:`~.symstate.Obligation` "``pc`` implies ``goal``". Branches run
separately and their states are merged (:func:`~.symstate.merge`). Loops are cut at
their invariants (:mod:`.loop_vc`, which also checks ``decreases`` measures: total
correctness for loops that carry one). Calls are replaced by their callee's contract.

This module holds the function as a whole (parameters, preconditions, returns,
postconditions), calls, and the straight-line statements.
"""

from __future__ import annotations

import ast
from typing import Any

import z3

from proofsmith.checkers.code.alias import new_list, owned_list
from proofsmith.checkers.code.encode import Encoder, Scope
from proofsmith.checkers.code.loop_vc import LoopVC
from proofsmith.checkers.code.parse import FunctionSpec, unsupported
from proofsmith.checkers.code.symstate import Obligation, State, merge
from proofsmith.checkers.code.values import (
    GridV,
    ListV,
    TupleV,
    Value,
    clamp_index,
    fresh,
    kind_of,
    truth,
)

__all__ = ["FunctionVC", "Obligation", "generate"]


class FunctionVC(Encoder, LoopVC):
    """Symbolic execution of one function; ``obligations`` collects what must hold."""

    def __init__(self, spec: FunctionSpec, functions: dict[str, FunctionSpec]) -> None:
        self.spec = spec
        self.functions = functions
        self.obligations: list[Obligation] = []
        self.state = State({}, [])
        self.loops = []
        self.entry: dict[str, Value] = {}
        self.list_params = {p.name for p in spec.params if p.kind == "list"}

    # -- Encoder hooks ---------------------------------------------------------------------
    def obligation(self, kind: str, node: ast.AST, goal: Any, scope: Scope) -> None:
        if scope.spec:  # a contract evaluated where it stands
            kind = f"{kind} in a contract"
        pc = self.state.pc if scope.pc is None else scope.pc
        self._add(kind, node, goal, [*pc, *scope.guards], scope.env)

    def _add(self, kind: str, node: ast.AST, goal: Any, hyps: list[Any], env: dict) -> None:
        text = ast.unparse(node) if isinstance(node, ast.AST) else str(node)
        line = getattr(node, "lineno", self.spec.line)
        self.obligations.append(Obligation(kind, line, text, list(hyps), goal, dict(env)))

    def call(self, node: ast.Call, callee: FunctionSpec, args: list[Value], scope: Scope) -> Value:
        if len(args) != len(callee.params):
            raise unsupported(node, f"{callee.name} takes {len(callee.params)} argument(s)")
        for p, a in zip(callee.params, args, strict=True):
            if kind_of(a) != p.kind:
                raise unsupported(node, f"argument {p.name} of {callee.name} must be {p.kind}")
        bound = {p.name: a for p, a in zip(callee.params, args, strict=True)}
        if callee is self.spec and callee.measure is not None:
            self._recursive_call(node, callee.measure, bound, scope)
        for req in callee.requires:
            goal = self.expr(req, Scope(bound, spec=True, pc=[*self.state.pc, *scope.guards]))
            self._add(
                f"precondition of {callee.name} ({ast.unparse(req)})",
                node,
                goal,
                [*self.state.pc, *scope.guards],
                scope.env,
            )
        if callee.returns == "none":
            result = None
            facts = []
        else:
            result = fresh(f"{callee.name}()", callee.returns)
            facts = [result.n >= 0] if isinstance(result, ListV) else []
        for ens in callee.ensures:
            facts.append(self.expr(ens, Scope(bound, spec=True, result=result, old=bound)))
        if facts:
            self.state.pc.append(z3.Implies(z3.And(*scope.guards), z3.And(*facts)))
        return result

    def _recursive_call(self, node: ast.Call, measure: ast.expr, bound: dict, scope: Scope) -> None:
        """A recursive call terminates if the measure is non-negative on entry and smaller
        for the call's arguments than for the caller's."""
        hyps = [*self.state.pc, *scope.guards]
        here = self.typed(measure, Scope(self.entry, spec=True, pc=hyps), "int")
        there = self.typed(measure, Scope(bound, spec=True, pc=hyps), "int")
        shown = f"decreases({ast.unparse(measure)})"
        env = {**scope.env, f"{shown} on entry": here, f"{shown} at the call": there}
        self._add("termination: measure non-negative", node, here >= 0, hyps, env)
        self._add("termination: recursive call decreases", node, there < here, hyps, env)

    # -- the function ----------------------------------------------------------------------
    def run(self) -> list[Obligation]:
        env: dict[str, Value] = {p.name: fresh(p.name, p.kind) for p in self.spec.params}
        pc = [v.n >= 0 for v in env.values() if isinstance(v, (ListV, GridV))]
        for v in env.values():
            if isinstance(v, GridV):  # every row has a length
                r = z3.FreshInt("row")
                pc.append(z3.ForAll([r], v.lens[r] >= 0))
        self.entry = dict(env)
        self.state = State(env, pc)
        for req in self.spec.requires:
            self.state.pc.append(truth(self.expr(req, Scope(self.entry, spec=True))))
        end = self.block(self.spec.body, self.state)
        if end is not None:
            if self.spec.returns == "none":
                self._post(None, self.spec.node, end)
            else:
                self._add(
                    "missing return",
                    self.spec.node.body[-1],
                    z3.BoolVal(False),
                    end.pc,
                    end.env,
                )
        return self.obligations

    def _post(self, value: Value, node: ast.AST, state: State) -> None:
        for ens in self.spec.ensures:
            here = Scope(self.entry, True, value, self.entry, pc=state.pc)
            goal = truth(self.expr(ens, here))
            self._add("postcondition", ens, goal, state.pc, {**state.env, "result": value})

    # -- statements ------------------------------------------------------------------------
    def block(self, stmts: list[ast.stmt], state: State | None) -> State | None:
        for stmt in stmts:
            if state is None:
                return None
            state = self.stmt(stmt, state)
        return state

    def stmt(self, node: ast.stmt, state: State) -> State | None:
        self.state = state
        method = getattr(self, f"_s_{type(node).__name__}")
        return method(node, state)

    def _scope(self, state: State) -> Scope:
        return Scope(state.env)

    def _s_Pass(self, node: ast.Pass, state: State) -> State:
        return state

    def _s_Expr(self, node: ast.Expr, state: State) -> State:
        value = node.value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return state
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            return self._method(value, state)
        if not isinstance(value, ast.Call):
            raise unsupported(node, "expression statement without effect")
        self.expr(value, self._scope(state))
        return self.state

    def _method(self, call: ast.Call, state: State) -> State:
        func = call.func
        assert isinstance(func, ast.Attribute)
        name = self._local_list(func.value, call)
        lst = state.env[name]
        scope = self._scope(state)
        args = [self.typed(a, scope, "int") for a in call.args]
        if func.attr == "append" and len(args) == 1:
            state.env[name] = ListV(z3.Store(lst.arr, lst.n, args[0]), lst.n + 1)
        elif func.attr == "insert" and len(args) == 2:
            j = clamp_index(args[0], lst.n)
            k = z3.FreshInt("k")
            shifted = z3.If(k < j, lst.arr[k], z3.If(k == j, args[1], lst.arr[k - 1]))
            state.env[name] = ListV(z3.Lambda([k], shifted), lst.n + 1)
        elif func.attr == "pop" and not args:
            self.obligation("pop from a non-empty list", call, lst.n > 0, scope)
            state.env[name] = ListV(lst.arr, lst.n - 1)
        else:
            raise unsupported(call, f"list method .{func.attr}(...) with {len(args)} argument(s)")
        return state

    def _local_list(self, node: ast.expr, where: ast.AST) -> str:
        if not isinstance(node, ast.Name):
            raise unsupported(where, "changing a list that is not a plain local variable")
        if node.id in self.list_params:
            raise unsupported(
                where,
                f"changing the list parameter {node.id} (parameters are read-only)",
                f"Copy it first: {node.id}2 = list({node.id}).",
            )
        if node.id not in self.state.env or kind_of(self.state.env[node.id]) != "list":
            raise unsupported(where, f"{node.id} is not a list here")
        return node.id

    def _assign_to(self, target: ast.expr, value: Value, source: ast.expr, state: State) -> None:
        if isinstance(value, GridV):
            raise unsupported(target, "binding a list[list[int]] to a name (it would alias)")
        if isinstance(target, ast.Name):
            if isinstance(value, ListV) and not new_list(source, self.functions):
                shown = ast.unparse(source)
                raise unsupported(
                    target,
                    f"{target.id} = {shown} may alias an existing list",
                    f"Copy it: {target.id} = list({shown}).",
                )
            if value is None:
                raise unsupported(source, "using the value of a function that returns None")
            state.env[target.id] = value
        elif isinstance(target, ast.Subscript):
            name = self._local_list(target.value, target)
            lst = state.env[name]
            if isinstance(target.slice, ast.Slice):
                raise unsupported(target, "assignment to a slice")
            scope = self._scope(state)
            index = self.index(target, lst.n, self.typed(target.slice, scope, "int"), scope)
            if kind_of(value) != "int":
                raise unsupported(target, "storing a non-int in a list")
            state.env[name] = ListV(z3.Store(lst.arr, index, value), lst.n)
        else:
            raise unsupported(target, f"assignment target {ast.unparse(target)}")

    def _s_Assign(self, node: ast.Assign, state: State) -> State:
        targets = node.targets
        value_node = node.value
        if (
            len(targets) == 1
            and isinstance(targets[0], ast.Tuple)
            and isinstance(value_node, ast.Tuple)
            and len(value_node.elts) == len(targets[0].elts)
        ):  # a, b = x, y: every right side first, then the names (lists allowed)
            values = [self.expr(e, self._scope(state)) for e in value_node.elts]
            for t, v, src in zip(targets[0].elts, values, value_node.elts, strict=True):
                self._assign_to(t, v, src, self.state)
            return self.state
        value = self.expr(value_node, self._scope(state))
        if len(targets) > 1 and kind_of(value) == "list":
            raise unsupported(
                node,
                "chained assignment of a list (the names would alias one list)",
                "Assign a separate copy to each name.",
            )
        for target in targets:
            if isinstance(target, ast.Tuple):
                if not isinstance(value, TupleV) or len(value.items) != len(target.elts):
                    raise unsupported(node, "tuple assignment without a tuple of equal length")
                for t, v in zip(target.elts, value.items, strict=True):
                    self._assign_to(t, v, value_node, self.state)
            else:
                self._assign_to(target, value, value_node, self.state)
        return self.state

    def _s_AnnAssign(self, node: ast.AnnAssign, state: State) -> State:
        if node.value is None:
            return state
        value = self.expr(node.value, self._scope(state))
        self._assign_to(node.target, value, node.value, self.state)
        return self.state

    def _s_AugAssign(self, node: ast.AugAssign, state: State) -> State:
        load = ast.fix_missing_locations(
            ast.copy_location(
                ast.BinOp(left=_as_load(node.target), op=node.op, right=node.value), node
            )
        )
        if isinstance(node.target, ast.Name) and node.target.id in self.list_params:
            if kind_of(state.env.get(node.target.id)) == "list":
                self._local_list(node.target, node)
        value = self.expr(load, self._scope(state))
        self._assign_to(node.target, value, load, self.state)
        return self.state

    def _s_Assert(self, node: ast.Assert, state: State) -> State:
        scope = self._scope(state)
        goal = self.cond(node.test, scope)
        self.obligation("assertion", node.test, goal, scope)
        self.state.pc.append(goal)
        return self.state

    def _s_Return(self, node: ast.Return, state: State) -> None:
        value = None if node.value is None else self.expr(node.value, self._scope(state))
        if isinstance(value, ListV) and not owned_list(
            node.value, self.functions, self.list_params
        ):
            shown = ast.unparse(node.value)
            raise unsupported(
                node,
                f"returning {shown}, which may alias a list parameter",
                f"Return a copy: list({shown}).",
            )
        if kind_of(value) != self.spec.returns:
            raise unsupported(
                node,
                f"returning a {kind_of(value)} from a function declared -> {self.spec.returns}",
            )
        self._post(value, node, self.state)
        return None

    def _s_If(self, node: ast.If, state: State) -> State | None:
        c = self.cond(node.test, self._scope(state))
        base = self.state
        then = self.block(node.body, base.copy(c))
        other = self.block(node.orelse, base.copy(z3.Not(c)))
        return merge([s for s in (then, other) if s is not None])


def _as_load(target: ast.expr) -> ast.expr:
    if isinstance(target, ast.Name):
        return ast.Name(id=target.id, ctx=ast.Load())
    if isinstance(target, ast.Subscript):
        return ast.Subscript(value=_as_load(target.value), slice=target.slice, ctx=ast.Load())
    raise unsupported(target, f"augmented assignment to {ast.unparse(target)}")


def generate(spec: FunctionSpec, functions: dict[str, FunctionSpec]) -> list[Obligation]:
    """The obligations of ``spec``'s function (UnsupportedSyntax for what cannot be encoded)."""
    return FunctionVC(spec, functions).run()
