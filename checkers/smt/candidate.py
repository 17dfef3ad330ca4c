"""What an SMT candidate may contain, and the screening that enforces it.

:func:`screen` runs in the parent process on the parsed candidate, before z3 sees any of
it; :class:`~proofsmith.checkers.smt.checker.SmtChecker` then proves lemmas or checks a
model as described below.

Candidate format (what a prover emits; plain SMT-LIB commands)
--------------------------------------------------------------
An empty candidate (or one holding only ``(check-sat)``/``(get-model)`` and comments)
means: decide the problem and compare with the claim.

Otherwise the candidate addresses the problem's only ``check-sat`` (or its end when it
has none); for a problem with several ``check-sat`` commands (push/pop scripts) it is
REJECTED, since one candidate cannot support several claims. It may contain only:

- ``(declare-const h S)`` / ``(declare-fun h (S…) S)`` / ``(define-fun h (…) S body)``
  (not ``define-fun-rec``) for NEW helper symbols (not declared by the problem; ``|x|``
  is the symbol ``x``, and a datatype's sort, constructors and selectors count as declared);
- ``(assert L)`` — a lemma. For an ``unsat`` claim each lemma is proven implied by the
  problem's assertions and ``check-sat-assuming`` literals (and the lemmas before it)
  before it is used; a lemma that is not
  implied refutes the candidate. The claim is then checked with the lemmas added. All
  lemmas together get three times the time limit (then the verdict is TIMEOUT).
- for a ``sat`` claim: ``(define-fun x () Int 5)`` for the problem's declared symbols —
  a claimed model. The problem is re-checked with those symbols defined, and the model
  z3 returns is validated by evaluating every assertion.
- ``(check-sat)``, ``(get-model)`` and comments are accepted and ignored.

Anything else is REJECTED with the reason: ``(assert false)``, ``(exit)``, ``(reset)``,
``(reset-assertions)``, ``(push)``, ``(pop)``, ``set-option``/``set-logic``/``set-info``,
new sorts or datatypes, and any (re)declaration of a symbol the problem declares (other
than a model definition under a ``sat`` claim). Nothing a candidate supplies can make the
problem's goal vacuous: lemmas are proven first, definitions are conservative, and the
problem's own assertions are parsed before any candidate text.
"""

from __future__ import annotations

from typing import Any

from proofsmith.checkers.smt.script import Command, render

__all__ = ["HELPER", "IGNORED", "screen"]

_FORBIDDEN = {
    "exit": "(exit) would end the problem early",
    "reset": "(reset) would drop the problem's assertions",
    "reset-assertions": "(reset-assertions) would drop the problem's assertions",
    "push": "(push) changes the problem's assertion scopes",
    "pop": "(pop) would drop the problem's assertions",
    "set-option": "set-option may change the solver's semantics",
    "set-logic": "set-logic may change the problem's logic",
    "set-info": "set-info is reserved for the problem",
}
# define-fun-rec is left out on purpose: a recursive definition can be inconsistent
HELPER = {"declare-const", "declare-fun", "define-fun", "define-const"}
IGNORED = {"check-sat", "get-model"}


def _is_false(expr: Any) -> bool:
    while isinstance(expr, list) and len(expr) >= 2 and expr[0] == "!":
        expr = expr[1]
    return expr == "false"


def screen(
    commands: list[Command], problem_syms: dict, problem_names: set[str], claim: str
) -> str | None:
    """Why the candidate's commands are not allowed, or None when they are."""
    seen: set[str] = set()
    for cmd in commands:
        where = f"candidate line {cmd.line}"
        if cmd.head in _FORBIDDEN:
            return f"{where}: ({cmd.head} …) is not allowed in a candidate: {_FORBIDDEN[cmd.head]}"
        if cmd.head in IGNORED:
            continue
        if cmd.head == "assert":
            if len(cmd.args) != 1:
                return f"{where}: assert takes exactly one term"
            if _is_false(cmd.args[0]):
                return f"{where}: (assert false) would make the goal vacuous"
            continue
        if cmd.head not in HELPER:
            return f"{where}: ({cmd.head} …) is not allowed in a candidate"
        name = cmd.symbol
        if name is None:
            return f"{where}: ({cmd.head} …) needs a symbol name"
        if name in seen:
            return f"{where}: symbol {name} is defined twice"
        seen.add(name)
        if name in problem_names:
            original = problem_syms.get(name)
            is_model = (
                claim == "sat"
                and cmd.head in ("define-fun", "define-const")
                and original is not None
                and original.head in ("declare-const", "declare-fun")
            )
            if not is_model:
                return f"{where}: ({cmd.head} {name} …) redefines the problem's symbol {name}"
            if _signature(cmd) != _signature(original):
                return (
                    f"{where}: the model gives {name} the sort {_signature(cmd)}, "
                    f"the problem declares {_signature(original)}"
                )
    return None


def _signature(cmd: Command) -> str:
    """``(S1 … Sn) S`` of a declaration or definition, for comparing model sorts."""
    args = list(cmd.args[1:])
    if cmd.head in ("declare-const", "define-const"):
        return f"() {render(args[0])}" if args else "?"
    if len(args) < 2:
        return "?"
    params = args[0]
    if cmd.head == "declare-fun":
        sorts = params if isinstance(params, list) else [params]
    else:  # define-fun: ((name sort) …)
        if not isinstance(params, list):
            return "?"
        sorts = [p[1] if isinstance(p, list) and len(p) == 2 else "?" for p in params]
    return f"{render(list(sorts))} {render(args[1])}"
