"""How a Lean REPL process is started: its environment, its memory cap, its parent-death signal.

The default REPL is the binary built inside the Lake project. It is not run as
``lake env repl``: that puts a lake process between us and the REPL, so a memory cap set
after spawn reaches the REPL late and a parent-death signal reaches only lake. Instead
:func:`lake_env` runs ``lake env`` once per project to learn the environment Lake gives
its commands (``LEAN_PATH``, ``LEAN_SYSROOT``, ``PATH``, …), caches it, and the REPL
binary is spawned directly with that environment.

Wrappers detected once at run time (:func:`detect_launch`) make both limits hold from
the REPL's first instruction, without ``preexec_fn``:

- memory (RLIMIT_AS): ``prlimit --as=B:B --`` (util-linux), else
  ``sh -c 'ulimit -v KiB; exec "$@"'``, else ``resource.prlimit`` right after spawn
  (``after-spawn``: a short window before the cap is set);
- parent death: ``setpriv --pdeathsig KILL --`` (util-linux ≥ 2.33) has the kernel kill
  the REPL when its parent dies, even by SIGKILL. The kernel tracks the *thread* that
  forked the child, so :func:`spawn` forks these processes from one long-lived daemon
  thread, never from a caller's thread that may exit while the REPL should live on.
  The signal is armed by setpriv a moment after fork; a parent killed inside that window
  leaves a REPL that exits when it next reads its closed stdin (as without setpriv).

rlimits are inherited, so a user-given command (``--repl 'lake env …'``) is capped whole.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from queue import SimpleQueue
from typing import Any, Literal

from proofsmith.errors import ToolNotFound

__all__ = [
    "INSTALL_HINT",
    "REPL_BINARY",
    "Launch",
    "clear_lake_env_cache",
    "default_project_dir",
    "default_repl_command",
    "detect_launch",
    "lake_env",
    "memory_limit_bytes",
    "require_lake",
    "spawn",
    "wrap",
]

REPL_BINARY = Path(".lake/packages/REPL/.lake/build/bin/repl")  # inside the Lake project
INSTALL_HINT = (
    "Install elan (https://github.com/leanprover/elan), then run `proofsmith lean setup`."
)
_ENV_DUMP = "import json, os; print(json.dumps(dict(os.environ)))"

MemoryMode = Literal["prlimit", "ulimit", "after-spawn"]


def default_project_dir() -> Path:
    """The Lake project shipped with proofsmith (the repository root holding lakefile.lean)."""
    return Path(__file__).resolve().parents[2]


def require_lake() -> str:
    """Path of ``lake``; ToolNotFound with the elan hint when it is missing."""
    lake = shutil.which("lake")
    if lake is None:
        raise ToolNotFound("lake not found on PATH.", hint=INSTALL_HINT)
    return lake


def default_repl_command(project_dir: str | Path | None = None) -> list[str]:
    """``[<project>/.lake/packages/REPL/.lake/build/bin/repl]``; run it with :func:`lake_env`.

    ToolNotFound when lake is missing or the REPL is not built yet.
    """
    require_lake()
    project = Path(project_dir) if project_dir else default_project_dir()
    binary = project.resolve() / REPL_BINARY
    if not binary.is_file():
        raise ToolNotFound(
            f"the Lean REPL is not built: {binary} does not exist.",
            hint=f"Run `proofsmith lean setup{_project_flag(project)}`.",
        )
    return [str(binary)]


def _project_flag(project: Path) -> str:
    same = project.resolve() == default_project_dir()
    return "" if same else f" --project {project}"


# ---------------------------------------------------------------- Lake environment

_env_cache: dict[tuple[Any, ...], dict[str, str]] = {}
_env_lock = threading.Lock()


def _cache_key(lake: str, project: Path) -> tuple[Any, ...]:
    """The project plus what a `proofsmith lean setup` rerun changes."""
    stamps = []
    for name in ("lean-toolchain", "lake-manifest.json"):
        try:
            stamps.append((project / name).stat().st_mtime_ns)
        except OSError:
            stamps.append(None)
    return (lake, str(project), *stamps)


def lake_env(project_dir: str | Path | None = None, *, timeout_s: float = 300.0) -> dict[str, str]:
    """The environment ``lake env`` gives commands in ``project_dir``, resolved once and cached.

    The whole environment is captured (ours plus Lake's variables) by running a tiny
    Python under ``lake env``; ToolNotFound when lake is missing or fails.
    """
    lake = require_lake()
    project = Path(project_dir or default_project_dir()).resolve()
    key = _cache_key(lake, project)
    with _env_lock:  # one resolution per project even when threads start REPLs together
        cached = _env_cache.get(key)
        if cached is not None:
            return dict(cached)
        try:
            done = subprocess.run(
                [lake, "env", sys.executable, "-c", _ENV_DUMP],
                cwd=project,
                capture_output=True,
                text=True,
                timeout=timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ToolNotFound(
                f"`lake env` did not finish within {timeout_s:g} s in {project}",
                hint="Run `proofsmith lean doctor` and `proofsmith lean setup`.",
            ) from exc
        except OSError as exc:
            raise ToolNotFound(f"cannot run {lake}: {exc}", hint=INSTALL_HINT) from exc
        try:
            env = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else None
        except (json.JSONDecodeError, IndexError):
            env = None
        if not isinstance(env, dict):
            tail = "\n".join(done.stderr.strip().splitlines()[-10:])
            raise ToolNotFound(
                f"`lake env` failed in {project} (exit code {done.returncode})"
                + (f":\n{tail}" if tail else ""),
                hint="Run `proofsmith lean doctor`; `proofsmith lean setup` fetches what is missing.",
                stderr_tail=tail,
            )
        _env_cache[key] = env
        return dict(env)


def clear_lake_env_cache() -> None:
    """Forget every resolved Lake environment (they are also keyed on the manifest's mtime)."""
    with _env_lock:
        _env_cache.clear()


# ---------------------------------------------------------------- wrappers


@dataclass(frozen=True)
class Launch:
    """How REPL processes are started on this machine."""

    memory: MemoryMode  # how RLIMIT_AS is applied (see the module docstring)
    pdeathsig: bool  # the REPL dies with its parent (setpriv available)
    prlimit: str | None = None  # path of util-linux prlimit
    setpriv: str | None = None  # path of util-linux setpriv
    shell: str = "sh"  # POSIX shell for the `ulimit -v` wrapper

    def describe(self) -> dict[str, str]:
        """Human wording for ``proofsmith lean doctor``."""
        memory = {
            "prlimit": f"from the first instruction ({self.prlimit} wrapper)",
            "ulimit": "from the first instruction (sh `ulimit -v` wrapper)",
            "after-spawn": "set right after spawn (install util-linux for prlimit)",
        }[self.memory]
        orphans = (
            f"killed with their parent ({self.setpriv} --pdeathsig)"
            if self.pdeathsig
            else "exit on their next read after the parent dies (install util-linux for setpriv)"
        )
        return {"memory_cap": memory, "orphan_repls": orphans}


def _works(argv: Sequence[str]) -> bool:
    try:
        return subprocess.run(list(argv), capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _as_value(limit_bytes: int) -> str:
    return "unlimited" if limit_bytes == resource.RLIM_INFINITY else str(limit_bytes)


@cache
def detect_launch() -> Launch:
    """Probe once for prlimit, setpriv --pdeathsig and sh (a few ms of subprocesses)."""
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    prlimit = shutil.which("prlimit")
    if prlimit and not _works([prlimit, f"--as={_as_value(hard)}:{_as_value(hard)}", "--", "true"]):
        prlimit = None
    setpriv = shutil.which("setpriv")
    if setpriv and not (
        sys.platform == "linux" and _works([setpriv, "--pdeathsig", "KILL", "--", "true"])
    ):
        setpriv = None
    shell = shutil.which("sh")
    if prlimit:
        memory: MemoryMode = "prlimit"
    elif shell and _works([shell, "-c", "ulimit -v"]):
        memory = "ulimit"
    else:
        memory = "after-spawn"
    return Launch(
        memory=memory,
        pdeathsig=setpriv is not None,
        prlimit=prlimit,
        setpriv=setpriv,
        shell=shell or "sh",
    )


def memory_limit_bytes(memory_mb: int) -> int:
    """``memory_mb`` in bytes, never above the hard limit we already run under."""
    limit = memory_mb * 1024 * 1024
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    return limit if hard == resource.RLIM_INFINITY else min(limit, hard)


def wrap(command: Sequence[str], *, memory_mb: int, launch: Launch) -> list[str]:
    """``command`` behind the parent-death and memory-cap wrappers ``launch`` provides."""
    argv = list(command)
    if memory_mb > 0 and launch.memory == "prlimit" and launch.prlimit:
        limit = memory_limit_bytes(memory_mb)
        argv = [launch.prlimit, f"--as={limit}:{limit}", "--", *argv]
    elif memory_mb > 0 and launch.memory == "ulimit":
        kib = memory_limit_bytes(memory_mb) // 1024
        script = 'ulimit -v "$1" || exit 126; shift; exec "$@"'
        argv = [launch.shell, "-c", script, "sh", str(kib), *argv]
    if launch.pdeathsig and launch.setpriv:
        argv = [launch.setpriv, "--pdeathsig", "KILL", "--", *argv]
    return argv


# ---------------------------------------------------------------- spawning


def _kill_if_started(done: Future[subprocess.Popen[bytes]]) -> None:
    """A process the caller stopped waiting for (Ctrl-C) must not be left running."""
    if done.cancelled() or done.exception() is not None:
        return
    proc = done.result()
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()


class _Spawner:
    """One daemon thread that forks every parent-death-signalled process of this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: SimpleQueue[tuple[list[str], dict[str, Any], Future[Any]]] = SimpleQueue()
        self._pid = -1

    def reset(self) -> None:
        """In a forked child: the thread is gone and the lock may have been held at fork."""
        self._lock = threading.Lock()
        self._pid = -1

    def popen(self, argv: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        with self._lock:
            if (
                self._pid != os.getpid()
            ):  # first use, or a forked child (threads do not survive fork)
                self._queue = SimpleQueue()
                threading.Thread(
                    target=_serve, args=(self._queue,), name="lean-repl-spawner", daemon=True
                ).start()
                self._pid = os.getpid()
            queue = self._queue
        done: Future[subprocess.Popen[bytes]] = Future()
        queue.put((argv, kwargs, done))
        try:
            return done.result()
        except BaseException:
            done.add_done_callback(_kill_if_started)
            raise


def _serve(queue: SimpleQueue[tuple[list[str], dict[str, Any], Future[Any]]]) -> None:
    while True:
        argv, kwargs, done = queue.get()
        if not done.set_running_or_notify_cancel():
            continue
        try:
            done.set_result(subprocess.Popen(argv, **kwargs))
        except BaseException as exc:  # handed to the waiting caller, who re-raises it
            done.set_exception(exc)


_spawner = _Spawner()
os.register_at_fork(after_in_child=_spawner.reset)


def spawn(argv: Sequence[str], *, launch: Launch, **popen_kwargs: Any) -> subprocess.Popen[bytes]:
    """``subprocess.Popen(argv, **popen_kwargs)``, from the spawner thread when it matters."""
    if launch.pdeathsig:
        return _spawner.popen(list(argv), **popen_kwargs)
    return subprocess.Popen(list(argv), **popen_kwargs)
