"""The CPU learning demo (bench/iterate.py) in a smaller size: held-out solves rise."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

LINE = re.compile(r"round (\d+) train_solved=(\d+)/(\d+) heldout_solved=(\d+)/(\d+)")


@pytest.mark.slow
def test_heldout_solve_rate_rises_over_rounds(repo_root, tmp_path):
    args = ["--rounds", "3", "--train", "1200", "--heldout", "150", "--seed-limit", "150"]
    done = subprocess.run(
        [sys.executable, str(repo_root / "bench" / "iterate.py"), *args, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    lines = done.stdout.splitlines()
    rounds = [tuple(map(int, LINE.fullmatch(line).groups())) for line in lines]
    assert [r[0] for r in rounds] == [0, 1, 2]
    train = [r[1] for r in rounds]
    heldout = [r[3] for r in rounds]
    assert train == sorted(train) and train[-1] > train[0]  # verified proofs only accumulate
    assert heldout[-1] > heldout[0]  # the model got better on problems it never trained on
