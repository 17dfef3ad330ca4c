"""Shared by the checked-code tests (one pool each per test module): the code checker, and
a limited worker that runs checked programs under CPython (never in the pytest process)."""

from __future__ import annotations

import pytest

from proofsmith.checkers.code import CodeChecker
from proofsmith.checkers.limits import LimitedPool, Limits


@pytest.fixture(scope="module")
def checker():
    with CodeChecker(timeout_s=20, memory_mb=1024) as code:
        yield code


@pytest.fixture(scope="module")
def runner():
    """Runs :func:`proofsmith.checkers.code.differential.run` requests in a limited worker."""
    pytest.importorskip("hypothesis")
    from proofsmith.checkers.code.differential import run

    pool = LimitedPool(
        run,
        jobs=1,
        limits=Limits(timeout_s=120, memory_mb=1024),
        preload=["hypothesis", "proofsmith.checkers.code.differential"],
    )
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture(scope="module")
def plain():
    """Runs files as written in a limited worker (never in the pytest process: some of
    them patch ``builtins``): ``plain(source, function, args, as_main=False)``."""
    from proofsmith.checkers.code.differential import run

    pool = LimitedPool(
        run,
        jobs=1,
        limits=Limits(timeout_s=60, memory_mb=1024),
        preload=["proofsmith.checkers.code.differential"],
    )
    try:
        yield lambda source, fn, args, main=False: pool.run(
            ("plain", source, fn, args, main), timeout_s=60
        )
    finally:
        pool.close()
