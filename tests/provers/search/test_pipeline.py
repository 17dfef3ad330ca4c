"""The cross-problem pipeline: many requests in flight to a real HTTP server, batches for a
local prover, checks overlapping generation, commit the moment a proof is verified."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

import pytest

from proofsmith.datasets.problem import Problem
from proofsmith.datasets.store import Store
from proofsmith.errors import ServerRejected
from proofsmith.provers.base import DEFAULT_SAMPLING, Candidate
from proofsmith.provers.runs.run import RunConfig, prove_dataset
from proofsmith.provers.search.pipeline import PipelineStats

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from standin import StandIn


def _sums(count: int) -> list[Problem]:
    return [
        Problem(
            id=f"s{i}",
            domain="answer",
            statement=f"What is {i}+{i + 1}?",
            reference=str(2 * i + 1),
            source="sums",
        )
        for i in range(count)
    ]


@pytest.fixture
def sums_file(tmp_path):
    path = tmp_path / "sums.jsonl"
    path.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in _sums(12)))
    return path


def test_a_served_model_gets_many_requests_at_once_and_never_more_than_the_window(
    sums_file, tmp_path
):
    server = StandIn(capacity=64, latency_s=0.3).start()
    try:
        config = RunConfig(
            dataset=str(sums_file), prover=server.url, n=2, concurrency=8, check_workers=2
        )
        stats = PipelineStats()
        summary = prove_dataset(config, tmp_path / "run.db", stats=stats)
        seen = server.stats()
    finally:
        server.stop()
    assert summary.solved == 12 and len(summary.outcomes) == 12
    assert [o.attempt.problem_id for o in summary.outcomes] == [f"s{i}" for i in range(12)]
    # 8 sequences in flight = 4 requests of n=2 at once: the window is filled, not exceeded
    assert seen["max_requests_in_flight"] == 4 and seen["max_sequences_in_flight"] == 8
    assert stats.max_in_flight == 8 and stats.requests == 12 and stats.sequences == 24
    with Store(tmp_path / "run.db") as store:
        assert store.solved("sums") == {f"s{i}" for i in range(12)}
        assert all(a.n == 2 and a.correct == 1 for a in store.attempts())


class _Batched:
    """A local-model double: records each call's prompts; the second call waits until the
    first call's proof has been committed (checks overlap the next generation)."""

    name = "batched"

    def __init__(self, db: Path) -> None:
        self.db, self.calls = db, []
        self.committed_while_generating = False

    def generate(self, prompts, params=DEFAULT_SAMPLING):
        n = params.n
        self.calls.append(list(prompts))
        if len(self.calls) == 2:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not self.committed_while_generating:
                with Store(self.db) as store:
                    self.committed_while_generating = bool(store.solved("sums"))
                time.sleep(0.02)
        out = []
        for prompt in prompts:
            a = int(prompt.split("What is ")[1].split("+")[0])
            out.append([Candidate(f"\\boxed{{{2 * a + 1}}}", -0.1, 3, prompt)] * n)
        return out

    def close(self) -> None:
        pass


def test_a_local_prover_gets_batches_and_proofs_commit_while_the_next_batch_generates(
    sums_file, tmp_path
):
    db = tmp_path / "run.db"
    prover = _Batched(db)
    config = RunConfig(dataset=str(sums_file), prover="batched", n=2, concurrency=6)
    summary = prove_dataset(config, db, prover=prover)
    assert summary.solved == 12
    assert [len(c) for c in prover.calls] == [3, 3, 3, 3]  # 6 sequences = 3 prompts a call
    assert prover.committed_while_generating


def test_one_problem_refused_by_the_server_does_not_stop_the_others(tmp_path):
    problems = _sums(3)
    problems[1] = Problem(id="huge", domain="answer", statement="x" * 10, reference="1")

    class Refuses:
        name = "refuses"

        def generate(self, prompts, params=DEFAULT_SAMPLING):
            if any("xxxx" in p for p in prompts):
                raise ServerRejected("prompt too long")
            return [[Candidate("\\boxed{1}", -0.1, 2, p)] * params.n for p in prompts]

        def close(self):
            pass

    config = RunConfig(dataset="sums", prover="refuses", n=1, concurrency=1)
    summary = prove_dataset(config, tmp_path / "run.db", prover=Refuses(), problems=problems)
    outcomes = {o.attempt.problem_id: o.attempt.outcome for o in summary.outcomes}
    assert outcomes == {"s0": "proved", "huge": "error", "s2": "failed"}
    assert "prompt too long" in summary.outcomes[1].message


def test_a_thread_crash_in_the_prover_stops_the_run_with_its_error(tmp_path):
    class Broken:
        name = "broken"

        def generate(self, prompts, params=DEFAULT_SAMPLING):
            raise RuntimeError("bug in the backend")

        def close(self):
            pass

    config = RunConfig(dataset="sums", prover="broken", n=1)
    with pytest.raises(RuntimeError, match="bug in the backend"):
        prove_dataset(config, tmp_path / "run.db", prover=Broken(), problems=_sums(4))
    assert threading.active_count() < 20  # the pools were shut down
