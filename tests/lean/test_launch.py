"""How REPL processes start: memory cap before the first request, Lake env resolved once."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from pathlib import Path

import pytest
from lean_helpers import make_lake_project, script_command, sent

from proofsmith.checkers.lean import LeanChecker
from proofsmith.checkers.lean.launch import (
    REPL_BINARY,
    Launch,
    clear_lake_env_cache,
    detect_launch,
    lake_env,
    wrap,
)
from proofsmith.checkers.lean.protocol import Command, CommandResponse
from proofsmith.checkers.lean.repl import ReplProcess
from proofsmith.checkers.verdict import Status
from proofsmith.datasets.problem import Problem
from proofsmith.errors import ToolNotFound

MIB = 2**20
PROBLEM = Problem(
    id="foo",
    domain="lean",
    statement="theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by sorry",
    header="import Mathlib\n",
)
needs_proc = pytest.mark.skipif(
    not Path("/proc/self/limits").exists(), reason="needs /proc/<pid>/limits"
)


def _wait_for(path: Path, seconds: float = 20.0) -> dict:
    end = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < end, f"{path} never appeared"
        time.sleep(0.02)
    return json.loads(path.read_text(encoding="utf-8"))


def _address_space(limits: str) -> tuple[str, str]:
    [line] = [ln for ln in limits.splitlines() if ln.startswith("Max address space")]
    soft, hard = line.split()[3:5]
    return soft, hard


def _proc_limits(pid: int) -> str:
    return Path(f"/proc/{pid}/limits").read_text(encoding="utf-8")


def _modes() -> list[str]:
    found = detect_launch()
    modes = ["ulimit"]
    if found.prlimit:
        modes.insert(0, "prlimit")
    return modes


@needs_proc
@pytest.mark.parametrize("mode", _modes())
def test_a_wrapper_caps_memory_before_the_repl_runs_any_request(tmp_path, mode):
    found = detect_launch()
    launch = dataclasses.replace(found, memory=mode)
    report = tmp_path / "report.json"
    command = [*script_command(tmp_path, {}), "--report", str(report)]
    with ReplProcess(command, memory_mb=1536, launch=launch) as repl:
        started = _wait_for(report)  # written by the REPL as it starts, before it reads stdin
        cap = str(1536 * MIB)
        assert _address_space(started["limits"]) == (cap, cap)
        assert started["pid"] == repl.pid  # the wrappers exec: the pid we limit is the REPL
        assert _address_space(_proc_limits(repl.pid)) == (cap, cap)
        assert sent(tmp_path) == []  # nothing was sent yet
        assert isinstance(repl.send(Command(cmd="x"), timeout_s=10), CommandResponse)


@needs_proc
def test_without_a_wrapper_the_cap_is_set_right_after_spawn(tmp_path):
    launch = Launch("after-spawn", pdeathsig=False)
    with ReplProcess(script_command(tmp_path, {}), memory_mb=1024, launch=launch) as repl:
        assert repl.argv == repl.command  # no wrapper at all
        cap = str(1024 * MIB)
        assert _address_space(_proc_limits(repl.pid)) == (cap, cap)
        assert sent(tmp_path) == []


def test_wrap_puts_the_parent_death_signal_outside_the_memory_cap():
    launch = Launch(
        "prlimit", pdeathsig=True, prlimit="/usr/bin/prlimit", setpriv="/usr/bin/setpriv"
    )
    argv = wrap(["repl", "-x"], memory_mb=1, launch=launch)
    assert argv[:4] == ["/usr/bin/setpriv", "--pdeathsig", "KILL", "--"]
    assert argv[4] == "/usr/bin/prlimit" and argv[5].startswith("--as=")
    assert argv[-3:] == ["--", "repl", "-x"]
    assert wrap(["repl"], memory_mb=0, launch=Launch("ulimit", pdeathsig=False)) == ["repl"]
    shell = wrap(["repl"], memory_mb=2, launch=Launch("ulimit", pdeathsig=False))
    assert shell[0] == "sh" and shell[-2:] == ["2048", "repl"]


def test_a_missing_repl_is_tool_not_found_even_behind_wrappers(tmp_path):
    with pytest.raises(ToolNotFound, match="not found"):
        ReplProcess([str(tmp_path / "no-repl")], memory_mb=512)
    plain = tmp_path / "plain"
    plain.write_text("")
    with pytest.raises(ToolNotFound, match="not executable"):
        ReplProcess([str(plain)])


# ------------------------------------------------------------------ the Lake environment


@pytest.fixture
def lake_project(tmp_path, monkeypatch):
    """A project whose REPL binary is the fake REPL, and a fake `lake` first on PATH."""
    clear_lake_env_cache()
    yield make_lake_project(tmp_path, monkeypatch)
    clear_lake_env_cache()


def test_the_lake_env_is_resolved_once_and_given_to_the_repl_directly(lake_project, tmp_path):
    with LeanChecker(project_dir=lake_project, max_uses=1, timeout_s=10) as checker:
        for _ in range(3):  # max_uses=1: a fresh REPL process for every check
            assert checker.check(PROBLEM, "simp [h]").status is Status.PROVED
        assert checker.pool.started == 3
        assert checker.repl_command == [str((lake_project / REPL_BINARY).resolve())]
    calls = (tmp_path / "lake.log").read_text().splitlines()
    assert len(calls) == 1 and calls[0].startswith(f"env {sys.executable} -c")
    reports = [json.loads(p.read_text()) for p in (tmp_path / "reports").glob("*.json")]
    assert len(reports) == 3
    for report in reports:
        env = report["env"]
        assert env["LEAN_PATH"] == "/fake/mathlib/.lake/build/lib/lean:/fake/toolchain/lib/lean"
        assert env["LEAN_SYSROOT"] == "/fake/toolchain"
        assert env["PATH"].startswith("/fake/toolchain/bin:")
        assert report["ppid"] == os.getpid()  # spawned by us, not under a lake process
    assert lake_env(lake_project)["LEAN_SYSROOT"] == "/fake/toolchain"  # still cached
    assert len((tmp_path / "lake.log").read_text().splitlines()) == 1


def test_a_failing_lake_env_names_the_next_step(lake_project, tmp_path):
    (tmp_path / "bin" / "lake").write_text("#!/bin/sh\necho 'error: no manifest' >&2\nexit 1\n")
    with pytest.raises(ToolNotFound, match="no manifest") as caught:
        lake_env(lake_project)
    assert "proofsmith lean setup" in caught.value.hint


def test_an_unbuilt_repl_asks_for_setup(lake_project):
    (lake_project / REPL_BINARY).unlink()
    with LeanChecker(project_dir=lake_project) as checker, pytest.raises(ToolNotFound) as caught:
        checker.check(PROBLEM, "simp [h]")
    assert "not built" in caught.value.message
    assert f"proofsmith lean setup --project {lake_project}" in caught.value.hint
