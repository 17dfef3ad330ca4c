"""Fan problems out over a Ray cluster: one actor per worker slot, results streamed back.

Each actor builds its own :class:`~proofsmith.provers.runs.attempt.Attempter` (prover + checker
pools) once and runs pieces of the problem list through its sampling pipeline; the driver
keeps every actor busy and
yields each :class:`~proofsmith.provers.runs.attempt.Outcome` as soon as it arrives, so the caller
commits its verified proofs to the one store at once. ``ray`` is imported only here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError, ToolNotFound

__all__ = ["run_on_ray"]


class _RayAttempter:
    def __init__(self, config: Any) -> None:
        from proofsmith.provers.runs.attempt import Attempter

        self.attempter = Attempter(config)

    def attempt(self, problems: list[Problem]) -> list[Any]:
        outcomes: list[Any] = []
        self.attempter.attempt_many(problems, outcomes.append)
        return outcomes


def _connect(address: str, num_cpus: int) -> Any:
    try:
        import ray
    except ImportError as exc:
        raise ToolNotFound(
            "--ray needs the `ray` package", hint="pip install 'proofsmith[ray]'"
        ) from exc
    if not ray.is_initialized():
        try:
            if address in ("", "local"):
                ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
            else:
                ray.init(address=address, log_to_driver=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise InputError(
                f"cannot connect to the Ray cluster at {address!r}: {exc}",
                hint="Start one with `ray start --head`, or use --ray local.",
            ) from exc
    return ray


def run_on_ray(config: Any, problems: Sequence[list[Problem]]) -> Iterator[Any]:
    """Attempt the pieces ``problems`` on ``config.jobs`` Ray actors (each runs a piece
    through its own pipeline); yield outcomes as pieces finish."""
    if not problems:
        return
    ray = _connect(config.ray_address or "local", max(2, config.jobs))
    actor_cls = ray.remote(num_cpus=1)(_RayAttempter)
    actors = [actor_cls.remote(config) for _ in range(min(config.jobs, len(problems)))]
    queue = list(problems)
    pending: dict[Any, Any] = {}
    try:
        for actor in actors:
            if queue:
                pending[actor.attempt.remote(queue.pop(0))] = actor
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            ref = ready[0]
            actor = pending.pop(ref)
            if queue:
                pending[actor.attempt.remote(queue.pop(0))] = actor
            yield from ray.get(ref)
    finally:
        for actor in actors:
            ray.kill(actor)
