"""The batch runner: warm checkers for every domain, items checked concurrently.

:class:`BatchRunner` builds one checker per domain on first use (``checker_for``) and
keeps it, so worker processes, z3 and Lean REPL pools stay warm across batches; a thread
pool per domain, one thread per worker, runs ``checker.check`` for many items at once. The HTTP server, the reward functions, the MCP server and the batch
CLI all check through a runner, so their verdicts are exactly the in-process checker's.

Layering: service sits above checkers and below rewards/provers/cli; it imports only
checkers, datasets and errors.
"""

from __future__ import annotations

import importlib
import inspect
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from proofsmith.checkers.base import Checker
from proofsmith.checkers.limits import default_jobs
from proofsmith.checkers.route import CHECKERS, checker_for
from proofsmith.service.records import CheckItem, error_record, result_record

__all__ = ["BatchRunner", "RunnerOptions", "shared_runner"]


@dataclass(frozen=True)
class RunnerOptions:
    """How the runner builds its checkers; ``None`` keeps a checker's own default."""

    jobs: int = 0  # worker processes per domain (0: the cores this process may use)
    timeout_s: float | None = None  # default per-item limit; a request may lower it
    max_timeout_s: float = 300.0  # the most a request may ask for
    memory_mb: int | None = None
    lean: dict[str, Any] = field(default_factory=dict)  # extra LeanChecker options


class BatchRunner:
    """Checks :class:`CheckItem` batches on warm per-domain checkers. Thread-safe; close() it."""

    def __init__(self, options: RunnerOptions | None = None) -> None:
        self.options = options or RunnerOptions()
        self.jobs = self.options.jobs or default_jobs()
        self._checkers: dict[str, Checker] = {}
        self._lock = threading.Lock()
        # one thread per worker and domain: an item waits in its domain's queue (where a
        # client that hangs up can still cancel it), not on a worker inside a checker
        self._threads = {
            domain: ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix=f"check-{domain}")
            for domain in CHECKERS
        }
        self.stats = {"checked": 0, "cancelled": 0}
        self._closed = False

    # ------------------------------------------------------------ checkers

    def _options(self, domain: str) -> dict[str, Any]:
        wanted: dict[str, Any] = {
            "jobs": self.jobs,
            "max_processes": self.jobs,
            "timeout_s": self.options.timeout_s,
            "memory_mb": self.options.memory_mb,
        }
        if domain == "lean":
            wanted.update(self.options.lean)
        return {k: v for k, v in wanted.items() if v is not None}

    def checker(self, domain: str) -> Checker:
        """The warm checker of ``domain`` (built on first use with the runner's options)."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the runner is closed")
            if domain not in self._checkers:
                module_name, class_name = CHECKERS[domain].split(":")
                cls = getattr(importlib.import_module(module_name), class_name)
                accepted = inspect.signature(cls).parameters
                options = {k: v for k, v in self._options(domain).items() if k in accepted}
                self._checkers[domain] = checker_for(domain, **options)
            return self._checkers[domain]

    def _timeout(self, timeout_s: float | None) -> float | None:
        if timeout_s is None:
            return None
        return min(timeout_s, self.options.max_timeout_s)

    # ------------------------------------------------------------ checking

    def check_one(self, item: CheckItem, timeout_s: float | None = None) -> dict[str, Any]:
        """Check one item in this thread; never raises (a failure is an ``error`` record)."""
        start = time.perf_counter()
        try:
            checker = self.checker(item.problem.domain)
            verdict = checker.check(
                item.problem, item.candidate, timeout_s=self._timeout(timeout_s)
            )
            record = result_record(item.id, verdict)
        except Exception as exc:  # a checker that cannot run answers `error` for this item
            record = error_record(item.id, exc, time.perf_counter() - start)
        with self._lock:
            self.stats["checked"] += 1
        return record

    def submit(self, item: CheckItem, timeout_s: float | None = None) -> Future:
        """Start checking ``item`` on the thread pool; the future gives its record."""
        return self._threads[item.problem.domain].submit(self.check_one, item, timeout_s)

    def run(
        self,
        items: Iterable[CheckItem],
        timeout_s: float | None = None,
        *,
        gone: Callable[[], bool] | None = None,
        poll_s: float = 0.2,
    ) -> list[dict[str, Any]] | None:
        """Check all items concurrently; records in item order.

        ``gone`` is polled while waiting: when it says the caller went away, the items
        not yet started are cancelled and ``None`` is returned.
        """
        futures = [self.submit(item, timeout_s) for item in items]
        if gone is not None:
            for future in futures:
                while True:
                    try:
                        future.result(timeout=poll_s)
                        break
                    except FutureTimeout:
                        if gone():
                            cancelled = sum(f.cancel() for f in futures)
                            with self._lock:
                                self.stats["cancelled"] += cancelled
                            return None
        return [future.result() for future in futures]

    def close(self) -> None:
        """Stop the threads and every checker's workers."""
        with self._lock:
            self._closed = True
            checkers, self._checkers = list(self._checkers.values()), {}
        for threads in self._threads.values():
            threads.shutdown(wait=False, cancel_futures=True)
        for checker in checkers:
            close = getattr(checker, "close", None)
            if callable(close):
                close()

    def __enter__(self) -> BatchRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_shared: BatchRunner | None = None
_shared_lock = threading.Lock()


def shared_runner() -> BatchRunner:
    """One process-wide runner (rewards and MCP use it): warm after its first check."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared._closed:
            _shared = BatchRunner()
        return _shared
