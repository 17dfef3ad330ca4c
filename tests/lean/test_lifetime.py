"""No REPL process outlives its owner: Ctrl-C, garbage collection, interpreter exit."""

from __future__ import annotations

import gc
import signal
import subprocess
import sys
import time

import psutil
from lean_helpers import script_command

from proofsmith.checkers.lean.protocol import Command, CommandResponse
from proofsmith.checkers.lean.repl import ReplProcess

CHILD = """
import sys
from proofsmith.checkers.lean.protocol import Command
from proofsmith.checkers.lean.repl import ReplProcess
repl = ReplProcess(sys.argv[2:])
print(repl.pid, flush=True)
if sys.argv[1] == "interrupt":
    repl.send(Command(cmd="slow_tac"), timeout_s=120)
else:
    repl.send(Command(cmd="quick"), timeout_s=30)  # then exit without closing
"""


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
