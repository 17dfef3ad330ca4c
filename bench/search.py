"""Best-first search with a tiny model: is the model kept busy while checkers run?

Same code path as ``proofsmith prove --search bfs``: a real tiny Llama (random weights, built
from a config, char tokenizer; nothing downloaded) through LocalProver proposes tactics;
the stepping environment is a synthetic one (every tactic leads to a new state, with a
fixed per-step cost standing in for Lean's latency), so the search runs for its whole
budget. Prints wall time, model-busy and checker-busy seconds for the pipelined and the
strict best-first order (target: wall <= 1.2 x max(model, checker)).

    .venv/bin/python bench/search.py [--expansions 32] [--step-ms 25] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from proofsmith.checkers.base import State, StepError
from proofsmith.checkers.verdict import Status, Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.provers.search import SearchBudget, SearchConfig, best_first_search


class WalkChecker:
    """Every non-empty tactic leads to a fresh state after ``step_s`` seconds (never proves)."""

    domain = "lean"

    def __init__(self, step_s: float) -> None:
        self.step_s = step_s

    def start(self, problem: Problem) -> State:
        return State(key="root", goals=("⊢ P",), handle="root")

    def step(self, state: State, tactic: str, *, timeout_s: float | None = None):
        time.sleep(self.step_s)  # stands in for the REPL's work
        if not tactic.strip():
            return StepError("empty tactic", tactic)
        key = hashlib.sha1(f"{state.key}|{tactic}".encode()).hexdigest()[:12]
        return State(key=key, goals=(f"⊢ P_{key}",), handle=key, steps=(*state.steps, tactic))

    def check(self, problem: Problem, candidate: str, *, timeout_s: float | None = None):
        return Verdict(Status.REFUTED, ("synthetic environment",))


class FirstLine:
    stop = ("\n",)

    def render(self, *, problem: Problem, state: str | None = None) -> str:
        return f"{state}\n"

    def parse(self, text: str) -> str | None:
        return text.strip() or None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expansions", type=int, default=32)
    parser.add_argument("--step-ms", type=float, default=25.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import torch

    from proofsmith.provers.backends.local import LocalProver
    from proofsmith.provers.training.tiny import TinyModelConfig, build_tiny_model

    torch.manual_seed(0)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = build_tiny_model(tmp, TinyModelConfig(hidden_size=64, num_layers=2))
        prover = LocalProver(path, seed=0)
        problem = Problem(id="walk", domain="lean", statement="theorem walk : P := by sorry")
        for strict in (False, True):
            config = SearchConfig(
                budget=SearchBudget(max_expansions=args.expansions, wall_s=600),
                nodes_per_batch=4,
                tactics_per_node=4,
                max_tokens=12,
                check_threads=2,
                strict_order=strict,
            )
            result = best_first_search(
                problem, prover, WalkChecker(args.step_ms / 1000), fmt=FirstLine(), config=config
            )
            busiest = max(result.model_s, result.checker_s)
            rows.append(
                {
                    "order": "strict" if strict else "pipelined",
                    "expansions": result.expansions,
                    "steps": result.steps_checked,
                    "wall_s": round(result.wall_s, 3),
                    "model_s": round(result.model_s, 3),
                    "checker_s": round(result.checker_s, 3),
                    "wall_over_max": round(result.wall_s / busiest, 3) if busiest else None,
                }
            )
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return
    head = f"{'order':<10} {'exp':>4} {'steps':>6} {'wall s':>8} {'model s':>8} {'checker s':>10} {'wall/max':>9}"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['order']:<10} {r['expansions']:>4} {r['steps']:>6} {r['wall_s']:>8.2f} "
            f"{r['model_s']:>8.2f} {r['checker_s']:>10.2f} {r['wall_over_max']:>9.2f}"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
