"""Lean test helpers live beside the tests (``lean_helpers``, ``fake_repl.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory):
    """A checker over the scripted stand-in REPL: Lean in which everything sent elaborates."""
    from lean_helpers import script_command

    from proofsmith.checkers.lean import LeanChecker

    tmp = tmp_path_factory.mktemp("stand_in")
    checker = LeanChecker(repl_command=script_command(tmp, {}, log=False), timeout_s=10)
    yield checker
    checker.close()
