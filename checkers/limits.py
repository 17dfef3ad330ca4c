"""Hard time and memory limits for untrusted work, off the main thread.

:class:`LimitedPool` keeps worker processes that run one picklable function. Each call
has a deadline; a worker that overruns it is killed (SIGKILL) and replaced, and the call
raises :class:`~proofsmith.errors.CheckerTimeout`. Each worker caps its own address space
(``RLIMIT_AS``) so a blow-up ends in ``MemoryError`` or death, never in a swapping
machine. This works from any thread and any process, unlike ``SIGALRM``.

Workers start from a ``forkserver`` that has imported the modules named in ``preload``
once, so a replacement worker costs a fork, not a fresh interpreter. Workers never import
the caller's ``__main__`` (multiprocessing would, re-running a script that has no
``if __name__ == "__main__"`` guard): the function must live in an importable module.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import threading
import traceback
import types
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from proofsmith.errors import CheckerCrashed, CheckerError, CheckerTimeout, InputError

__all__ = ["LimitedPool", "Limits", "default_jobs"]


@dataclass(frozen=True)
class Limits:
    """Per-call limits."""

    timeout_s: float = 10.0  # wall-clock seconds per call; the worker is killed past it
    memory_mb: int = 2048  # address-space cap of each worker process, in MiB (0 = none)


def _worker_main(conn: Connection, fn: Callable[[Any], Any], memory_mb: int) -> None:
    if memory_mb > 0:
        import resource

        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = ("ok", fn(item))
        except MemoryError:
            result = ("memory", "memory limit reached")
        except RecursionError:
            result = ("error", "recursion limit reached")
        except Exception as exc:
            result = ("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}")
        try:
            conn.send(result)
        except MemoryError:
            conn.send(("memory", "memory limit reached while sending the result"))


_START_LOCK = threading.Lock()


@contextmanager
def _main_hidden() -> Iterator[None]:
    """Hide ``__main__`` while a worker starts, so multiprocessing does not re-import it.

    multiprocessing records the main script's path when a process (or the forkserver)
    starts and imports it in the child; a script without a ``__main__`` guard would run
    again in every worker. Our workers need nothing from ``__main__``.
    """
    with _START_LOCK:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


class _Worker:
    def __init__(self, ctx: Any, fn: Callable[[Any], Any], memory_mb: int) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, fn, memory_mb), daemon=True)
        with _main_hidden():
            self.process.start()
        child.close()
        self.uses = 0

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _shutdown(workers: list[_Worker]) -> None:
    for worker in list(workers):
        worker.kill()
    workers.clear()


class LimitedPool:
    """A pool of worker processes running ``fn`` under hard per-call limits.

    Thread-safe: ``run`` may be called from many threads; each takes an idle worker.
    Use as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        fn: Callable[[Any], Any],
        *,
        jobs: int = 1,
        limits: Limits = Limits(),
        preload: Sequence[str] = (),
        max_uses: int = 500,
    ) -> None:
        if getattr(fn, "__module__", None) == "__main__":
            raise InputError(
                f"LimitedPool cannot run {getattr(fn, '__qualname__', fn)!r} from __main__",
                hint="Define the function in an importable module; workers never import __main__.",
            )
        self._fn = fn
        self.jobs = max(1, jobs)
        self.limits = limits
        self.max_uses = max_uses  # recycle a worker after this many calls (caches, leaks)
        self._ctx = mp.get_context("forkserver")
        if preload:
            self._ctx.set_forkserver_preload(list(preload))
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._started = 0
        self._cond = threading.Condition()
        self._closed = False
        self._finalizer = weakref.finalize(self, _shutdown, self._all)

    def __enter__(self) -> LimitedPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill every worker; later calls raise."""
        with self._cond:
            self._closed = True
            self._idle.clear()
        self._finalizer()

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self._fn, self.limits.memory_mb)
        with self._cond:
            self._all.append(worker)
        return worker

    def _acquire(self) -> _Worker:
        with self._cond:
            while True:
                if self._closed:
                    raise CheckerError("the worker pool is closed")
                if self._idle:
                    return self._idle.pop()
                if self._started < self.jobs:
                    self._started += 1
                    break
                self._cond.wait()
        return self._spawn()

    def _release(self, worker: _Worker | None) -> None:
        with self._cond:
            if worker is None:  # the worker died or was killed: free its slot
                self._started -= 1
            elif self._closed:
                worker.kill()
            else:
                self._idle.append(worker)
            self._cond.notify()

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._cond:
            if worker in self._all:
                self._all.remove(worker)

    def run(self, item: Any, timeout_s: float | None = None) -> Any:
        """Run ``fn(item)`` in a worker; return its result.

        Raises CheckerTimeout when the deadline passes (the worker is killed), and
        CheckerCrashed when the worker dies or hits its memory limit.
        """
        timeout = self.limits.timeout_s if timeout_s is None else timeout_s
        worker = self._acquire()
        keep: _Worker | None = None
        try:
            try:
                worker.conn.send(item)
                ready = worker.conn.poll(timeout)
            except (BrokenPipeError, EOFError, OSError) as exc:
                raise CheckerCrashed(f"checker worker died: {exc}") from exc
            if not ready:
                raise CheckerTimeout(f"check exceeded its time limit of {timeout:g} s")
            try:
                kind, payload = worker.conn.recv()
            except (EOFError, OSError) as exc:
                code = worker.process.exitcode
                raise CheckerCrashed(
                    f"checker worker died (exit code {code}); likely the memory limit of "
                    f"{self.limits.memory_mb} MiB",
                    hint="Raise the memory limit if the input is legitimately large.",
                ) from exc
            worker.uses += 1
            if worker.uses < self.max_uses:
                keep = worker
            if kind == "ok":
                return payload
            if kind == "memory":
                raise CheckerCrashed(f"check hit the memory limit of {self.limits.memory_mb} MiB")
            raise CheckerError(f"checker failed: {payload}")
        finally:
            if keep is None:
                self._retire(worker)
            self._release(keep)

    def map(
        self, items: Iterable[Any], timeout_s: float | None = None
    ) -> Iterable[Any | CheckerError]:
        """Run ``fn`` over ``items`` on all workers; yield results (or the CheckerError) in order."""

        def one(item: Any) -> Any | CheckerError:
            try:
                return self.run(item, timeout_s)
            except CheckerError as exc:
                return exc

        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            # a bounded window keeps memory flat on huge inputs while preserving order
            window: list[Any] = []
            for item in items:
                window.append(pool.submit(one, item))
                if len(window) >= self.jobs * 4:
                    yield window.pop(0).result()
            for future in window:
                yield future.result()


def default_jobs() -> int:
    """Worker count when the user does not say: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
