"""A second solver's opinion (cvc5, when installed) on a ``sat`` z3 cannot back by a model.

For quantified formulas z3 may answer ``sat`` with a model under which an assertion does
not evaluate to true or false, so the answer cannot be validated. :func:`second_opinion`
asks cvc5 (PyPI ``cvc5``, an optional dependency) with finite model finding; the runner
upgrades the answer to ``sat`` only when cvc5 also says ``sat``, and says so ("two
solvers agree; model not validated"). Without cvc5, or when it fails, nothing changes.
Runs inside the limited worker, like z3.
"""

from __future__ import annotations

__all__ = ["available", "second_opinion"]


def available() -> bool:
    try:
        import cvc5  # noqa: F401
    except ImportError:
        return False
    return True


def second_opinion(script: str, timeout_s: float) -> str | None:
    """cvc5's answer (``sat``/``unsat``/``unknown``) on ``script`` plus a check-sat, or None
    when cvc5 is not installed or cannot read the script."""
    try:
        import cvc5
    except ImportError:
        return None
    try:
        solver = cvc5.Solver(cvc5.TermManager())
        solver.setOption("tlimit-per", str(max(1, int(timeout_s * 1000))))
        solver.setOption("finite-model-find", "true")
        solver.setLogic("ALL")
        parser = cvc5.InputParser(solver)
        parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, script + "\n(check-sat)\n", "q")
        symbols = parser.getSymbolManager()
        answer = ""
        while not (command := parser.nextCommand()).isNull():
            answer = command.invoke(solver, symbols).strip() or answer
    except Exception:  # any cvc5 failure means "no opinion"
        return None
    word = answer.split()[0] if answer else ""
    return word if word in ("sat", "unsat", "unknown") else None
