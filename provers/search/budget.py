"""SearchBudget: how much a proof search may spend; BusyClock: how long a resource was busy."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from proofsmith.errors import InputError

__all__ = ["BusyClock", "SearchBudget"]

EXAMPLE = "Use e.g. --budget expansions=64,wall_s=30,step_timeout_s=5,max_depth=20"


@dataclass(frozen=True)
class SearchBudget:
    """Limits of one best-first search; the search stops at the first one reached."""

    max_expansions: int = 64  # nodes expanded (each is one prompt in a generate call), >= 1
    wall_s: float = 60.0  # wall-clock seconds for the whole search, > 0
    step_timeout_s: float = 10.0  # seconds per checker step (one tactic on one state), > 0
    max_depth: int = 32  # tactics on one path; deeper nodes are not expanded, >= 1

    def __post_init__(self) -> None:
        if self.max_expansions < 1 or self.max_depth < 1:
            raise InputError(
                f"search budget needs max_expansions >= 1 and max_depth >= 1, got "
                f"{self.max_expansions} and {self.max_depth}",
                hint=EXAMPLE,
            )
        if self.wall_s <= 0 or self.step_timeout_s <= 0:
            raise InputError(
                f"search budget needs positive seconds, got wall_s={self.wall_s}, "
                f"step_timeout_s={self.step_timeout_s}",
                hint=EXAMPLE,
            )

    def spent(self, expansions: int, elapsed_s: float) -> str | None:
        """The reason the budget is spent (``"expansions"`` / ``"wall time"``), or None."""
        if expansions >= self.max_expansions:
            return "expansions"
        if elapsed_s >= self.wall_s:
            return "wall time"
        return None

    @classmethod
    def parse(cls, text: str) -> SearchBudget:
        """Parse ``"expansions=64,wall_s=30,step_timeout_s=5,max_depth=20"`` (any subset)."""
        names = {
            "expansions": "max_expansions",
            "max_expansions": "max_expansions",
            "wall_s": "wall_s",
            "seconds": "wall_s",
            "step_timeout_s": "step_timeout_s",
            "max_depth": "max_depth",
            "depth": "max_depth",
        }
        values: dict[str, float | int] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, sep, raw = part.partition("=")
            field = names.get(key.strip())
            if not sep or field is None:
                raise InputError(
                    f"cannot read budget item {part!r}",
                    hint=EXAMPLE,
                )
            whole = field in ("max_expansions", "max_depth")
            try:
                number = int(raw) if whole else float(raw)
            except ValueError as exc:
                kind = "a whole number" if whole else "a number"
                raise InputError(
                    f"budget item {part!r} is not {kind}", hint=f"Give {key.strip()}=N."
                ) from exc
            if not math.isfinite(number):
                raise InputError(
                    f"budget item {part!r} is not finite", hint=f"Give {key.strip()}=N."
                )
            values[field] = number
        return cls(**values)  # type: ignore[arg-type]


class BusyClock:
    """Seconds during which at least one of several overlapping activities ran.

    ``with clock: ...`` around each activity (from any thread); ``clock.seconds`` is the
    length of the union of their intervals, so it never exceeds the wall time.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._since = 0.0
        self.seconds = 0.0

    def __enter__(self) -> None:
        with self._lock:
            if self._active == 0:
                self._since = time.perf_counter()
            self._active += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._active -= 1
            if self._active == 0:
                self.seconds += time.perf_counter() - self._since
