"""The CPU learning demo (bench/iterate.py), three rounds: held-out solves rise every round.

Real expert iteration end to end: a tiny model from a config, the portfolio's seed, sampled
answers verified by the answer checker, fine-tuning from the base model on all verified
answers so far, greedy held-out evaluation. Seeded, so a run repeats; the margins below
are far under the measured rises (see the report of bench/iterate.py).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

LINE = re.compile(r"round (\d+) train_solved=(\d+)/(\d+) heldout_solved=(\d+)/(\d+)")


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_heldout_solve_rate_rises_every_round(repo_root, tmp_path):
    args = ["--rounds", "3", "--heldout", "200", "--seed", "0", "--out", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, str(repo_root / "bench" / "iterate.py"), *args],
        capture_output=True,
        text=True,
        timeout=1200,
        check=True,
    )
    rounds = [tuple(map(int, LINE.fullmatch(line).groups())) for line in done.stdout.splitlines()]
    assert [r[0] for r in rounds] == [0, 1, 2]
    train = [r[1] for r in rounds]
    heldout = [r[3] for r in rounds]
    assert all(r[4] == 200 for r in rounds)
    # verified answers only accumulate, and the model finds many new ones each round
    assert train[1] >= train[0] + 100 and train[2] >= train[1] + 100
    # better on questions it never trained on, at every round, by a clear margin overall
    assert heldout[0] < heldout[1] < heldout[2]
    assert heldout[2] >= heldout[0] + 30
