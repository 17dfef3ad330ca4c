"""The code checker shared by the checked-code tests (one z3 worker pool per test module)."""

from __future__ import annotations

import pytest

from proofsmith.checkers.code import CodeChecker


@pytest.fixture(scope="module")
def checker():
    with CodeChecker(timeout_s=20, memory_mb=1024) as code:
        yield code
