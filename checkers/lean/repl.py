"""One Lean REPL process: spawn, framing, timeouts, memory limit, clean death.

:class:`ReplProcess` runs the REPL command in its own session (process group), started
as :mod:`.launch` decides: its address space capped (RLIMIT_AS) from its first
instruction by a ``prlimit``/``ulimit`` wrapper when one exists, else right after spawn
(never ``preexec_fn``), and killed by the kernel if Python dies (``setpriv --pdeathsig``
when available). It drains stderr into a bounded buffer on a thread, and reads stdout
with ``os.read`` into its own buffer, splitting replies on the blank line (never
``select`` + ``readline``).

Every :meth:`ReplProcess.send` has a deadline. On timeout the whole process group is
killed and :class:`~proofsmith.errors.CheckerTimeout` raised; on EOF or a dead process
:class:`~proofsmith.errors.CheckerCrashed` carries the last stderr lines. The owner (the
pool) replaces a dead process. ``weakref.finalize`` kills the group when the object is
collected or the interpreter exits; if Python itself is killed, the parent-death signal
kills the REPL (without setpriv it sees EOF on its next read of stdin and exits).
"""

from __future__ import annotations

import collections
import contextlib
import os
import resource
import select
import shutil
import signal
import subprocess
import threading
import time
import weakref
from collections.abc import Sequence
from pathlib import Path

from proofsmith.checkers.lean.launch import Launch, detect_launch, memory_limit_bytes, spawn, wrap
from proofsmith.checkers.lean.protocol import Reply, Request, encode_request, parse_reply
from proofsmith.errors import CheckerCrashed, CheckerTimeout, ToolNotFound

__all__ = ["DEFAULT_TIMEOUT_S", "ReplProcess"]

DEFAULT_TIMEOUT_S = 60.0  # seconds per request unless the caller says otherwise
# Address-space cap per REPL process, MiB. Generous on purpose: `import Mathlib` maps
# several GiB of .olean files into the address space; the cap is there to stop a runaway
# tactic before it takes the machine, not to meter normal use.
DEFAULT_MEMORY_MB = 24576
_STDERR_KEEP = 16_384  # bytes of stderr kept for error messages
_READ_CHUNK = 65_536


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the process group, wait ≤1 s, kill survivors, reap, close pipes."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            pass
    try:  # children may outlive the leader; the group id is the leader's pid
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()


def _not_found(program: str) -> ToolNotFound:
    return ToolNotFound(
        f"cannot start the Lean REPL {program!r}: not found",
        hint="Check the path given with --repl, or install elan "
        "(https://github.com/leanprover/elan) and run `proofsmith lean setup`.",
    )


def _not_executable(program: str) -> ToolNotFound:
    return ToolNotFound(
        f"cannot start the Lean REPL {program!r}: not executable",
        hint="Check the path given with --repl.",
    )


def _require_program(command: Sequence[str], cwd: str | Path | None, env: dict[str, str] | None):
    """ToolNotFound unless ``command[0]`` names an executable file (as exec would find it)."""
    if not command:
        raise _not_found("")
    program = command[0]
    if os.sep not in program:
        search = (os.environ if env is None else env).get("PATH", os.defpath)
        if shutil.which(program, path=search) is None:
            raise _not_found(program)
        return
    path = Path(program) if os.path.isabs(program) else Path(cwd or ".") / program
    if not path.exists():
        raise _not_found(program)
    if path.is_dir() or not os.access(path, os.X_OK):
        raise _not_executable(program)


class _Tail:
    """The last ``_STDERR_KEEP`` bytes of a stream."""

    def __init__(self) -> None:
        self.chunks: collections.deque[bytes] = collections.deque()
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.chunks.append(chunk)
        self.size += len(chunk)
        while self.size > _STDERR_KEEP and len(self.chunks) > 1:
            self.size -= len(self.chunks.popleft())


def _drain(fd: int, tail: _Tail) -> None:
    """Read stderr until EOF so the child never blocks on a full pipe."""
    while fd >= 0:
        try:
            chunk = os.read(fd, _READ_CHUNK)
        except OSError:
            return
        if not chunk:
            return
        tail.add(chunk)


class ReplProcess:
    """A running REPL; not thread-safe by itself (:meth:`send` takes a lock)."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        cwd: str | Path | None = None,
        memory_mb: int = 0,  # RLIMIT_AS in MiB; 0 = none
        env: dict[str, str] | None = None,  # the REPL's whole environment; None = ours
        launch: Launch | None = None,  # wrappers to use; None = detected on this machine
    ) -> None:
        self.command = list(command)
        self.memory_mb = memory_mb
        self.launch = launch or detect_launch()
        self.uses = 0
        self._lock = threading.Lock()
        self._buffer = b""
        self._stderr = _Tail()
        _require_program(self.command, cwd, env)  # wrappers would hide a missing program
        self.argv = wrap(self.command, memory_mb=memory_mb, launch=self.launch)
        try:
            self.proc = spawn(
                self.argv,
                launch=self.launch,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=cwd,
                env=env,
                start_new_session=True,
            )
        except FileNotFoundError as exc:
            raise _not_found(self.command[0]) from exc
        except PermissionError as exc:
            raise _not_executable(self.command[0]) from exc
        self._finalizer = weakref.finalize(self, _kill_group, self.proc)
        if memory_mb > 0 and self.launch.memory == "after-spawn":
            self._limit_memory(self.proc.pid)
        # the thread must not hold `self`, or the finalizer would never run on collection
        self._stderr_thread = threading.Thread(
            target=_drain,
            args=(self.proc.stderr.fileno() if self.proc.stderr else -1, self._stderr),
            name=f"repl-stderr-{self.proc.pid}",
            daemon=True,
        )
        self._stderr_thread.start()

    # ------------------------------------------------------------ lifetime

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        """Kill the process group and reap it (idempotent)."""
        self._finalizer()

    def __enter__(self) -> ReplProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _limit_memory(self, pid: int) -> None:
        limit = memory_limit_bytes(self.memory_mb)
        with contextlib.suppress(ProcessLookupError, PermissionError, ValueError):
            resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))

    def limit_children(self) -> None:
        """Cap processes the command started (``lake env repl``) when no wrapper capped them."""
        if self.memory_mb <= 0 or self.launch.memory != "after-spawn":
            return
        import psutil

        with contextlib.suppress(psutil.Error):
            for child in psutil.Process(self.pid).children(recursive=True):
                self._limit_memory(child.pid)

    def rss_mb(self) -> float:
        """Resident memory of the process tree in MiB (0 when it is gone)."""
        import psutil

        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
            return sum(p.memory_info().rss for p in procs) / 2**20
        except psutil.Error:
            return 0.0

    # ------------------------------------------------------------ stderr

    def stderr_tail(self, lines: int = 20) -> str:
        """The last ``lines`` lines the process wrote to stderr."""
        text = b"".join(self._stderr.chunks).decode("utf-8", "replace")
        return "\n".join(text.splitlines()[-lines:])

    # ------------------------------------------------------------ requests

    def send(self, request: Request, *, timeout_s: float | None = DEFAULT_TIMEOUT_S) -> Reply:
        """Send one request and return its typed reply.

        Raises CheckerTimeout (process killed) when no full reply arrives in ``timeout_s``,
        CheckerCrashed when the process is or becomes dead, ProtocolError on a garbled reply.
        """
        with self._lock:
            if not self.alive:
                raise self._crashed("the Lean REPL is not running")
            self.uses += 1
            try:
                self._write(encode_request(request))
                raw = self._read_reply(timeout_s)
            except BaseException:
                # timeout, crash, Ctrl-C: the process is in an unknown state; kill it
                self.close()
                raise
            return parse_reply(raw)

    def _write(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise self._crashed("the Lean REPL closed its input") from exc

    def _read_reply(self, timeout_s: float | None) -> bytes:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while True:
            reply = self._take_frame()
            if reply is not None:
                return reply
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise CheckerTimeout(
                    f"the Lean REPL gave no answer within {timeout_s:g} s (process killed)",
                    hint="Raise --timeout if the proof is expected to be slow.",
                    timeout_s=timeout_s,
                )
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                continue
            try:
                chunk = os.read(fd, _READ_CHUNK)
            except OSError as exc:
                raise self._crashed("reading from the Lean REPL failed") from exc
            if not chunk:
                rest = self._buffer.strip()
                self._buffer = b""
                if rest:  # EOF right after a reply without the trailing blank line
                    return rest
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=1.0)
                raise self._crashed("the Lean REPL exited")
            self._buffer += chunk

    def _take_frame(self) -> bytes | None:
        """Pop one reply (text up to a blank line) from the buffer, skipping empty frames."""
        while True:
            end = self._buffer.find(b"\n\n")
            if end < 0:
                return None
            frame, self._buffer = self._buffer[:end], self._buffer[end + 2 :]
            if frame.strip():
                return frame

    def _crashed(self, what: str) -> CheckerCrashed:
        code = self.proc.poll()
        tail = self.stderr_tail()
        detail = f" (exit code {code})" if code is not None else ""
        message = f"{what}{detail}" + (f"; stderr:\n{tail}" if tail else "")
        return CheckerCrashed(
            message,
            hint="Run `proofsmith lean doctor`; a negative exit code is a signal "
            "(-9 often means the memory limit).",
            stderr_tail=tail,
            exit_status=code,
        )
