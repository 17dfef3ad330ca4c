"""Shared fixtures: paths to ../shared, a CLI runner, environment for subprocesses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture
def cli():
    """Invoke the Typer app in-process: ``cli(["check", "answer", "1", "1"])``."""
    from typer.testing import CliRunner

    from proofsmith.cli.main import app

    runner = CliRunner()

    def invoke(args: list[str], input: str | None = None):
        return runner.invoke(app, args, input=input, catch_exceptions=False)

    return invoke
