"""REPL processes keyed by header: the header is elaborated once per process, then reused.

A :class:`Session` is one live :class:`~proofsmith.checkers.lean.repl.ReplProcess` plus
the env id its header produced. :meth:`ReplPool.session` lends an idle session for a
header (starting one when none is idle), and takes it back afterwards: a process that
timed out or crashed is gone (the next request gets a fresh one), a process used
``max_uses`` times or above ``recycle_rss_mb`` is retired. At most ``max_processes`` pooled
processes live at once; an idle process of another header is retired to make room.

Stepping (tactic mode) keeps its own sessions, from :meth:`ReplPool.open_session`,
because proof-state ids live in one process; they are not lent to other callers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from proofsmith.checkers.lean.launch import Launch
from proofsmith.checkers.lean.protocol import Command, CommandResponse, LeanError
from proofsmith.checkers.lean.repl import ReplProcess
from proofsmith.errors import CheckerError, InputError

__all__ = ["ReplPool", "Session"]


@dataclass
class Session:
    """A REPL process whose ``env`` holds the elaborated ``header`` (None: no header)."""

    process: ReplProcess
    header: str
    env: int | None
    uses: int = 0
    broken: bool = field(default=False, repr=False)
    refs: dict[str, int] = field(default_factory=dict, repr=False)  # reference text → env

    @property
    def alive(self) -> bool:
        return self.process.alive and not self.broken


class ReplPool:
    """A bounded, thread-safe pool of REPL processes keyed by header."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        cwd: str | Path | None = None,
        env: dict[str, str] | None = None,  # the REPL's environment (e.g. lake_env()); None = ours
        launch: Launch | None = None,  # process wrappers; None = detected on this machine
        memory_mb: int = 0,  # RLIMIT_AS per process in MiB; 0 = none
        max_uses: int = 100,  # checks per process before it is recycled
        max_processes: int = 2,  # pooled processes alive at once (stepping sessions apart)
        header_timeout_s: float = 600.0,  # importing Mathlib takes a while on a cold cache
        recycle_rss_mb: float = 0.0,  # retire a process above this RSS; 0 = never
    ) -> None:
        self.command = list(command)
        self.cwd = cwd
        self.env = env
        self.launch = launch
        self.memory_mb = memory_mb
        self.max_uses = max_uses
        self.max_processes = max_processes
        self.header_timeout_s = header_timeout_s
        self.recycle_rss_mb = recycle_rss_mb
        self._idle: dict[str, list[Session]] = {}
        self._busy = 0
        self._cond = threading.Condition()
        self._owned: list[Session] = []  # stepping sessions, closed with the pool
        self.started = 0  # processes started so far (for tests and reports)

    # ------------------------------------------------------------ sessions

    def open_session(self, header: str) -> Session:
        """A new process with ``header`` elaborated, owned by the caller (closed with the pool)."""
        session = Session(*self._start(header))
        with self._cond:
            self._owned.append(session)
        return session

    def _start(self, header: str) -> tuple[ReplProcess, str, int | None]:
        """``(process, header, env)``: a new process with ``header`` elaborated, or none."""
        process = self._new_process()
        try:
            return process, header, self._elaborate_header(process, header)
        except BaseException:
            process.close()
            raise

    def _new_process(self) -> ReplProcess:
        process = ReplProcess(
            self.command, cwd=self.cwd, env=self.env, launch=self.launch, memory_mb=self.memory_mb
        )
        with self._cond:
            self.started += 1
        return process

    def _elaborate_header(self, process: ReplProcess, header: str) -> int | None:
        if not header.strip():
            return None
        reply = process.send(Command(cmd=header), timeout_s=self.header_timeout_s)
        process.limit_children()
        if isinstance(reply, LeanError) or (isinstance(reply, CommandResponse) and reply.errors):
            detail = (
                reply.message
                if isinstance(reply, LeanError)
                else "; ".join(m.data for m in reply.errors)
            )
            raise InputError(
                f"the problem header does not elaborate: {detail[:300]}",
                hint="Check the imports; run `proofsmith lean setup` so Mathlib is built.",
                text=header,
            )
        assert isinstance(reply, CommandResponse)
        return reply.env

    @contextmanager
    def session(self, header: str) -> Iterator[Session]:
        """Lend a session for ``header``; it is returned, retired or discarded afterwards."""
        session = self._acquire(header)
        ok = False
        try:
            yield session
            ok = True
        except CheckerError:
            session.broken = True
            raise
        finally:
            if not ok and session.process.alive and not session.broken:
                session.broken = True  # an unexpected error: the process state is unknown
            self._release(session)

    def _acquire(self, header: str) -> Session:
        with self._cond:
            while True:
                idle = self._idle.get(header)
                while idle:
                    session = idle.pop()
                    if session.alive:
                        self._busy += 1
                        return session
                    session.process.close()
                if self._busy + self._idle_count() < self.max_processes:
                    break
                victim = self._oldest_idle()
                if victim is not None:
                    victim.process.close()
                    break
                self._cond.wait()
            self._busy += 1
        try:
            return Session(*self._start(header))
        except BaseException:
            with self._cond:
                self._busy -= 1
                self._cond.notify()
            raise

    def _release(self, session: Session) -> None:
        session.uses += 1
        retire = (
            not session.alive
            or session.uses >= self.max_uses
            or (self.recycle_rss_mb > 0 and session.process.rss_mb() > self.recycle_rss_mb)
        )
        if retire:
            session.process.close()
        with self._cond:
            self._busy -= 1
            if not retire:
                self._idle.setdefault(session.header, []).append(session)
            self._cond.notify()

    def _idle_count(self) -> int:
        return sum(len(v) for v in self._idle.values())

    def _oldest_idle(self) -> Session | None:
        for sessions in self._idle.values():
            if sessions:
                return sessions.pop(0)
        return None

    # ------------------------------------------------------------ lifetime

    def pids(self) -> list[int]:
        """Pids of every process the pool holds now (idle and stepping)."""
        with self._cond:
            sessions = [s for v in self._idle.values() for s in v] + self._owned
        return [s.process.pid for s in sessions if s.process.alive]

    def close(self) -> None:
        """Kill every idle and stepping process (busy ones die when they come back)."""
        with self._cond:
            sessions = [s for v in self._idle.values() for s in v] + self._owned
            self._idle.clear()
            self._owned.clear()
            self.max_uses = 0  # processes still lent out are retired on return
        for s in sessions:
            s.process.close()

    def __enter__(self) -> ReplPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
