"""Reward functions for RL trainers, backed by proofsmith's checkers.

Layering (tests/test_foundation.py): rewards sit above service and below provers: they
check through :func:`proofsmith.service.shared_runner` (warm workers in this process) or,
given a URL, a running ``proofsmith serve-checkers`` (:class:`~proofsmith.service.CheckClient`).

- :func:`answer_reward` — TRL/open-r1 ``reward_funcs`` signature: ``(completions, solution,
  **kwargs) -> list[float]``;
- :func:`lean_reward`, :func:`smt_reward`, :func:`code_reward` — the same signature, the
  problem taken from the dataset columns;
- :func:`compute_score` — verl's ``(data_source, solution_str, ground_truth, extra_info)``;
- :func:`make_reward` — any of them bound to a server URL, a token or a time limit.
"""

from proofsmith.rewards.functions import (
    answer_reward,
    close_clients,
    code_reward,
    compute_score,
    lean_reward,
    make_reward,
    smt_reward,
)

__all__ = [
    "answer_reward",
    "close_clients",
    "code_reward",
    "compute_score",
    "lean_reward",
    "make_reward",
    "smt_reward",
]
