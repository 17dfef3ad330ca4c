"""No REPL process outlives its owner: Ctrl-C, garbage collection, interpreter exit, SIGKILL."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import threading
import time

import psutil
import pytest
from lean_helpers import script_command, sent

from proofsmith.checkers.lean.launch import detect_launch
from proofsmith.checkers.lean.protocol import Command, CommandResponse
from proofsmith.checkers.lean.repl import ReplProcess

CHILD = """
import dataclasses, sys
from proofsmith.checkers.lean.launch import detect_launch
from proofsmith.checkers.lean.protocol import Command
from proofsmith.checkers.lean.repl import ReplProcess
mode = sys.argv[1]
launch = detect_launch()
if mode == "busy-unguarded":
    launch = dataclasses.replace(launch, pdeathsig=False)
repl = ReplProcess(sys.argv[2:], launch=launch)
print(repl.pid, flush=True)
if mode == "exit":
    repl.send(Command(cmd="quick"), timeout_s=30)  # then exit without closing
else:
    repl.send(Command(cmd="slow_tac"), timeout_s=120)
"""
needs_pdeathsig = pytest.mark.skipif(
    not detect_launch().pdeathsig, reason="no `setpriv --pdeathsig` (util-linux) here"
)


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _wait_gone(pid: int, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if _gone(pid):
            return True
        time.sleep(0.05)
    return False


def _run_child(mode: str, tmp_path) -> tuple[subprocess.Popen[str], int]:
    fake = script_command(tmp_path, {"commands": [{"contains": "slow_tac", "sleep_s": 120}]})
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, *fake], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    pid = int(child.stdout.readline())
    child.stdout.close()
    return child, pid


def test_ctrl_c_during_a_request_leaves_no_repl_behind(tmp_path):
    child, repl_pid = _run_child("interrupt", tmp_path)
    time.sleep(0.5)
    child.send_signal(signal.SIGINT)
    child.wait(timeout=20)
    assert child.returncode != 0
    assert _wait_gone(repl_pid)


def test_interpreter_exit_kills_the_repl(tmp_path):
    child, repl_pid = _run_child("exit", tmp_path)
    child.wait(timeout=20)
    assert child.returncode == 0
    assert _wait_gone(repl_pid)


def test_a_collected_process_object_kills_its_group(tmp_path):
    repl = ReplProcess(script_command(tmp_path, {}))
    assert isinstance(repl.send(Command(cmd="x"), timeout_s=10), CommandResponse)
    pid = repl.pid
    del repl
    gc.collect()
    assert _wait_gone(pid)


def _sigkill_while_busy(mode: str, tmp_path) -> int:
    """Start an owner whose REPL is busy with a 120 s request, SIGKILL the owner; the REPL pid."""
    child, repl_pid = _run_child(mode, tmp_path)
    end = time.monotonic() + 20
    while not any("slow_tac" in r.get("cmd", "") for r in sent(tmp_path)):
        assert time.monotonic() < end, "the request never reached the REPL"
        time.sleep(0.05)
    child.kill()
    child.wait(timeout=20)
    return repl_pid


@needs_pdeathsig
def test_a_sigkilled_owner_takes_its_busy_repl_along(tmp_path):
    repl_pid = _sigkill_while_busy("busy", tmp_path)
    assert _wait_gone(repl_pid, seconds=5)


@needs_pdeathsig
def test_without_the_signal_a_busy_repl_would_linger(tmp_path):
    """The control: the same scene without setpriv leaves the REPL running (so we kill it)."""
    repl_pid = _sigkill_while_busy("busy-unguarded", tmp_path)
    try:
        assert not _wait_gone(repl_pid, seconds=1)
    finally:
        os.killpg(repl_pid, signal.SIGKILL)
    assert _wait_gone(repl_pid)


def test_a_repl_started_by_a_finished_thread_keeps_running(tmp_path):
    """The parent-death signal follows the forking thread: worker threads must not fork REPLs."""
    made: list[ReplProcess] = []
    worker = threading.Thread(target=lambda: made.append(ReplProcess(script_command(tmp_path, {}))))
    worker.start()
    worker.join()
    [repl] = made
    with repl:
        time.sleep(0.2)  # a signal sent at the thread's exit would have landed by now
        assert repl.alive
        assert isinstance(repl.send(Command(cmd="x"), timeout_s=10), CommandResponse)
