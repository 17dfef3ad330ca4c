"""`proofsmith prove` end to end with the portfolio prover: demo, SIGKILL safety, Ray."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from proofsmith.datasets.store import Store

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("proofsmith.provers.backends.portfolio") is None,
    reason="the portfolio prover is not installed",
)
PROOFSMITH = str(Path(sys.executable).with_name("proofsmith"))


def _sums(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "sums.jsonl"
    rows = [
        {
            "id": f"sum{i:03d}",
            "domain": "answer",
            "statement": f"What is {i} + {2 * i + 1}?",
            "reference": str(3 * i + 1),
        }
        for i in range(count)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_prove_demo_prints_a_table_and_json(cli, tmp_path):
    result = cli(["prove", "demo", "--out", str(tmp_path / "d.db"), "-n", "2", "--json"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    skipped = [r for r in rows if r["outcome"] == "skipped"]  # one line per problem, these too
    assert all(r["domain"] == "lean" and r["message"] for r in skipped)
    assert bool(skipped) == (shutil.which("lake") is None)
    rows = [r for r in rows if r["outcome"] != "skipped"]
    domains = {r["domain"] for r in rows}
    assert {"answer", "smt", "code"} <= domains
    assert all(r["outcome"] in ("proved", "failed", "timeout", "error") for r in rows)
    assert sum(r["outcome"] == "proved" for r in rows) >= 3
    for r in rows:  # every failure says why; no candidate at all says so
        assert r["outcome"] == "proved" or r["message"], r
        if r["n"] == 0:
            assert r["message"] == "portfolio had no candidate"
    assert any("\n" in r["proof"] for r in rows)  # --json keeps whole multi-line proofs
    with Store(tmp_path / "d.db") as store:
        assert store.solved() == {r["problem_id"] for r in rows if r["outcome"] == "proved"}


def test_sigkill_mid_run_loses_no_verified_proof_and_resumes(tmp_path):
    dataset, db = _sums(tmp_path, 80), tmp_path / "run.db"
    cmd = [PROOFSMITH, "prove", str(dataset), "--out", str(db), "-n", "1", "--json"]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    reported = []
    try:
        for line in proc.stdout:
            reported.append(json.loads(line))
            if len(reported) == 6:
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.kill()
        proc.wait(30)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    proved_before = {r["problem_id"] for r in reported if r["outcome"] == "proved"}
    assert proved_before
    with Store(db) as store:  # readable, and every reported proof is in it
        solved_after_kill = store.solved()
        assert proved_before <= solved_after_kill
        assert len(store.runs()) == 1 and store.runs()[0].finished is None
    assert len(solved_after_kill) < 80

    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    second = [json.loads(line) for line in done.stdout.splitlines()]
    assert not {r["problem_id"] for r in second} & solved_after_kill  # resumed, not redone
    assert "already solved" in done.stderr
    with Store(db) as store:
        assert store.solved() == solved_after_kill | {
            r["problem_id"] for r in second if r["outcome"] == "proved"
        }


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("ray") is None and importlib.util.find_spec("ray") is None, reason="no ray"
)
def test_ray_local_instance_fans_problems_out(cli, tmp_path):
    import ray

    dataset, db = _sums(tmp_path, 8), tmp_path / "ray.db"
    args = ["prove", str(dataset), "--ray", "local", "--jobs", "2", "-n", "1", "--out", str(db)]
    try:
        result = cli([*args, "--json"])
    finally:
        ray.shutdown()
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]  # stdout: JSON only
    assert sorted(r["problem_id"] for r in rows) == [f"sum{i:03d}" for i in range(8)]
    with Store(db) as store:
        assert store.solved() == {r["problem_id"] for r in rows if r["outcome"] == "proved"}
        assert len(store.attempts()) == 8
        (run,) = store.runs()
        assert run.settings["ray_address"] == "local" and run.finished is not None
