"""Lean strategies of the portfolio: automation tactics and short combinations.

Two uses: whole proofs for a statement (``whole_proofs``) and tactic candidates for one
proof state in best-first search (``tactics``). Names of variables and hypotheses read
from the statement's binders or the state's context make the hint lists
(``nlinarith [sq_nonneg (a - b), …]``, ``norm_num [h₀] at *``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from proofsmith.text.lean_source import split_commands, theorem_head

__all__ = [
    "DEFAULT_FINISHERS",
    "Context",
    "context_of_state",
    "context_of_statement",
    "tactics",
    "whole_proofs",
]

# tactics that close goals outright, cheapest and most often useful first
DEFAULT_FINISHERS: tuple[str, ...] = (
    "norm_num",
    "linarith",
    "nlinarith",
    "omega",
    "simp",
    "decide",
    "positivity",
    "rfl",
    "ring",
    "aesop",
    "simp_all",
    "tauto",
    "field_simp",
    "norm_num [*] at * <;> linarith",
    "norm_num at * <;> nlinarith",
    "ring_nf <;> nlinarith",
    "field_simp <;> ring",
    "intros <;> omega",
    "subst_vars <;> norm_num",
)
_RELATION = re.compile(r"[=<>≤≥≠∣∧∨¬↔∀∃∈∉⊆]|\bTrue\b|\bFalse\b")
_NUMERIC_TYPES = ("ℝ", "ℚ", "ℤ", "ℕ", "Real", "Rat", "Int", "Nat")


@dataclass(frozen=True)
class Context:
    """What the strategies know about a goal."""

    variables: tuple[str, ...] = ()  # numeric variables, in order
    hypotheses: tuple[str, ...] = ()  # names of propositional hypotheses
    goal: str = ""  # the goal's text (after ⊢, or the statement's conclusion)


def _binders(signature: str) -> list[tuple[str, str]]:
    """(names, type) of the top-level ``(…)``/``{…}``/``[…]`` binders of a signature."""
    out, depth, start, opener = [], 0, -1, ""
    pairs = {"(": ")", "{": "}", "[": "]", "⦃": "⦄"}
    for i, ch in enumerate(signature):
        if depth == 0 and ch in pairs:
            depth, start, opener = 1, i, ch
        elif depth > 0 and ch == opener:
            depth += 1
        elif depth > 0 and ch == pairs[opener]:
            depth -= 1
            if depth == 0:
                inner = signature[start + 1 : i]
                if ":" in inner:
                    names, typ = inner.split(":", 1)
                    out.append((names.strip(), typ.strip()))
        elif depth == 0 and ch == ":":
            break  # the binders end at the colon before the conclusion
    return out


def _classify(pairs: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    variables, hypotheses = [], []
    for names, typ in pairs:
        for name in names.split():
            if not re.fullmatch(r"[^\s\W\d][\w'₀-₉!?]*", name):
                continue
            if _RELATION.search(typ):
                hypotheses.append(name)
            elif "→" not in typ and any(t in typ for t in _NUMERIC_TYPES):
                variables.append(name)
    return variables, hypotheses


def context_of_statement(statement: str) -> Context:
    """Variables and hypotheses bound by a ``theorem name (binders) : goal := …``."""
    signature = statement.split(":=", 1)[0]  # no declaration: the text is the signature
    for cmd in split_commands(statement):  # Lean's tokens: comments and strings are no code
        if cmd.keyword in ("theorem", "lemma", "example"):
            start = cmd.keyword_token.start
            after_name = (cmd.name_token or cmd.keyword_token).end
            signature = theorem_head(statement, start)[after_name - start :]
            break
    variables, hypotheses = _classify(_binders(signature))
    goal = ""
    depth = 0
    for i, ch in enumerate(signature):  # the conclusion follows the first top-level colon
        depth += ch in "([{⦃"
        depth -= ch in ")]}⦄"
        if depth == 0 and ch == ":":
            goal = signature[i + 1 :].strip()
            break
    return Context(tuple(variables), tuple(hypotheses), goal)


def context_of_state(state: str) -> Context:
    """Variables and hypotheses of the first goal of a pretty-printed tactic state."""
    first = re.split(r"\n\s*\n", state.strip(), maxsplit=1)[0]
    pairs, goal = [], ""
    for line in first.splitlines():
        if line.startswith("⊢"):
            goal = line[1:].strip()
        elif goal:
            goal += " " + line.strip()
        elif " : " in line and not line.startswith("case "):
            names, typ = line.split(" : ", 1)
            pairs.append((names, typ))
    variables, hypotheses = _classify(pairs)
    return Context(tuple(variables), tuple(hypotheses), goal)


def _hinted(ctx: Context) -> list[str]:
    """Tactics that use the names in the context."""
    out = []
    v = ctx.variables[:4]
    if v:
        squares = [f"sq_nonneg ({a} - {b})" for i, a in enumerate(v) for b in v[i + 1 :]]
        squares += [f"sq_nonneg ({a} + {b})" for i, a in enumerate(v) for b in v[i + 1 :]]
        squares += [f"sq_nonneg {a}" for a in v]
        out.append(f"nlinarith [{', '.join(squares[:8])}]")
    if ctx.hypotheses:
        hs = ", ".join(ctx.hypotheses[:8])
        out += [f"norm_num [{hs}] at *", f"simp [{hs}] at * <;> linarith", f"nlinarith [{hs}]"]
    return out


def whole_proofs(
    statement: str, finishers: tuple[str, ...] = DEFAULT_FINISHERS
) -> list[tuple[str, str]]:
    """(strategy, proof) pairs for a statement; the proof is what follows ``:= by``."""
    ctx = context_of_statement(statement)
    singles = list(dict.fromkeys([*finishers, *_hinted(ctx)]))
    first = "first\n" + "\n".join(f"  | ({t}; done)" for t in singles)
    out = [("lean.first", first)]
    out += [(f"lean.{t}", t) for t in singles]
    return out


def tactics(state: str, finishers: tuple[str, ...] = DEFAULT_FINISHERS) -> list[tuple[str, str]]:
    """(strategy, tactic) pairs for one proof state: closers first, then goal-shaping steps."""
    ctx = context_of_state(state)
    out = [(f"lean.{t}", t) for t in dict.fromkeys([*finishers, *_hinted(ctx)])]
    goal = ctx.goal
    if goal.startswith(("∀", "¬")) or "→" in goal:
        out.append(("lean.intro", "intro"))
        out.append(("lean.intros", "intros"))
    if "∧" in goal or "↔" in goal:
        out.append(("lean.constructor", "constructor"))
    if goal.startswith("∃"):
        out.append(("lean.refine", "refine ⟨?_, ?_⟩"))
    if ctx.hypotheses:
        out.append(("lean.assumption", "assumption"))
        out.append(("lean.norm_num_at", "norm_num at *"))
    return out
