"""The REPL sandbox (bubblewrap) and the default RSS recycling."""

from __future__ import annotations

import subprocess

import pytest
from lean_helpers import script_command

from proofsmith.checkers.lean import LeanChecker
from proofsmith.checkers.lean.sandbox import BWRAP_ARGS, Sandbox, detect_sandbox, sandboxed
from proofsmith.errors import InputError, ToolNotFound

WORKS = Sandbox("/usr/bin/bwrap", "")
MISSING = Sandbox(None, "bwrap is not on PATH")


def test_the_sandbox_wraps_the_command_with_no_network_and_read_only_files():
    argv = sandboxed(["repl", "--x"], "auto", WORKS)
    assert argv[0] == "/usr/bin/bwrap" and argv[-3:] == ["--", "repl", "--x"]
    assert "--unshare-net" in argv and ["--ro-bind", "/", "/"] == argv[5:8]
    assert sandboxed(["repl"], "off", WORKS) == ["repl"]
    assert sandboxed(["repl"], "auto", MISSING) == ["repl"]  # auto: what the machine allows
    with pytest.raises(ToolNotFound, match="no sandbox"):
        sandboxed(["repl"], "require", MISSING)
    with pytest.raises(InputError):
        sandboxed(["repl"], "sometimes", WORKS)
    assert tuple(argv[1:-3]) == BWRAP_ARGS


def test_the_checker_uses_what_is_in_force_and_recycles_fat_processes(tmp_path):
    command = script_command(tmp_path, {})
    with LeanChecker(repl_command=command, memory_mb=1000, sandbox="auto") as checker:
        pool = checker.pool
        assert pool.recycle_rss_mb == 750  # 75 % of the cap by default
        assert pool.command == command  # auto confines the project's REPL, not a --repl command
    if detect_sandbox().bwrap is None:
        with pytest.raises(ToolNotFound):
            LeanChecker(repl_command=command, sandbox="require")
    else:
        with LeanChecker(repl_command=command, sandbox="require") as checker:
            assert checker.pool.command[0] == detect_sandbox().bwrap
    with LeanChecker(repl_command=command, memory_mb=0) as checker:
        assert checker.pool.recycle_rss_mb == 0


@pytest.mark.skipif(detect_sandbox().bwrap is None, reason="bubblewrap does not work here")
def test_a_sandboxed_process_cannot_write_files_or_reach_the_network(tmp_path):
    target = tmp_path / "written"
    done = subprocess.run(sandboxed(["sh", "-c", f"touch {target}"], "require"), check=False)
    assert done.returncode != 0 and not target.exists()
    probe = "import socket; socket.create_connection(('1.1.1.1', 53), timeout=3)"
    done = subprocess.run(sandboxed(["python3", "-c", probe], "require"), capture_output=True)
    assert done.returncode != 0


def test_auto_confines_the_projects_own_repl(tmp_path, monkeypatch):
    from lean_helpers import make_lake_project

    import proofsmith.checkers.lean.sandbox as sandbox
    from proofsmith.checkers.lean.launch import clear_lake_env_cache

    clear_lake_env_cache()
    project = make_lake_project(tmp_path, monkeypatch)
    monkeypatch.setattr(sandbox, "detect_sandbox", lambda: WORKS)
    with LeanChecker(project_dir=project, sandbox="auto") as checker:
        command = checker.pool.command  # built, not started
    assert command[0] == "/usr/bin/bwrap" and command[-1].endswith("/bin/repl")
    with LeanChecker(project_dir=project, sandbox="off") as checker:
        assert checker.pool.command[0].endswith("/bin/repl")
    clear_lake_env_cache()
