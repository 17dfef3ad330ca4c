"""What a run records about itself: every setting (:class:`RunConfig`) and the tool versions.

Both are saved in the run's row of the store (:meth:`~proofsmith.datasets.store.Store.start_run`)
so a result can be traced to exactly how and with what it was produced. :mod:`.attempt` reads
the per-problem settings, :mod:`.run` the per-dataset ones (jobs, Ray, split, limit).
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from typing import Any

from proofsmith.datasets.problem import DOMAINS
from proofsmith.errors import InputError
from proofsmith.provers.search.budget import SearchBudget

__all__ = [
    "RESUME_POLICIES",
    "SAMPLING_FIELDS",
    "RunConfig",
    "lean_available",
    "sampling_settings",
    "tool_versions",
]

RESUME_POLICIES = ("solved", "attempted", "none")  # what an earlier run of the dataset skips
# the settings a run hands to the sampler: fields of both RunConfig and SampleConfig
SAMPLING_FIELDS = (
    "n",
    "max_tokens",
    "temperature",
    "top_p",
    "timeout_s",
    "repair_rounds",
    "repair_width",
    "repair_n",
)


@dataclass(frozen=True)
class RunConfig:
    """Every setting of a run (saved with it in the store)."""

    dataset: str  # bundled/known name, path, or HF id
    prover: str = "portfolio"  # "portfolio" | model id or path | http(s) URL
    format: str | None = None  # prompt format name or .toml path; None: per domain default
    search: str = "sample"  # "sample" (whole proofs, pass@k) | "bfs" (best-first, stepping)
    n: int = 8  # candidates per problem (sample) / tactics per node (bfs)
    max_tokens: int = 512
    temperature: float = 1.0
    top_p: float = 0.95
    timeout_s: float = 10.0  # checker seconds per candidate
    repair_rounds: int = 0  # rounds of "the checker said …, try again" (sample only)
    repair_width: int = 2  # failed candidates repaired per round
    repair_n: int = 2  # samples per repair prompt
    budget: SearchBudget = SearchBudget()  # bfs only
    nodes_per_batch: int = 4  # bfs only
    concurrency: int = 64  # sequences in flight to the prover (sampling, across problems)
    check_workers: int = 0  # candidates checked at once per process; 0: one per CPU (>= 2)
    jobs: int = 1  # worker processes (or Ray actors), each with its own pipeline and checkers
    resume: str = "solved"  # skip problems already: "solved" | "attempted" | "none"
    ray_address: str | None = None  # None: local workers; "local": a local Ray; else an address
    split: str | None = None
    limit: int | None = None  # attempt at most this many problems (after resume skips)
    domains: tuple[str, ...] = ()  # only these domains (empty: all)
    prover_options: dict[str, Any] = field(default_factory=dict)
    checker_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # per domain

    def __post_init__(self) -> None:
        if self.search not in ("sample", "bfs"):
            raise InputError(f"unknown search {self.search!r}", hint="Use --search sample or bfs.")
        if self.n < 1 or self.jobs < 1 or self.concurrency < 1 or self.check_workers < 0:
            raise InputError(
                f"need n, jobs and concurrency >= 1, got n={self.n}, jobs={self.jobs}, "
                f"concurrency={self.concurrency}",
                hint="Pass -n, --jobs and --concurrency of 1 or more.",
            )
        if self.resume not in RESUME_POLICIES:
            raise InputError(
                f"unknown resume policy {self.resume!r}",
                hint=f"Use --resume with one of: {', '.join(RESUME_POLICIES)}.",
            )
        if self.check_workers == 0:
            object.__setattr__(self, "check_workers", max(2, os.cpu_count() or 2))
        unknown = sorted(set(self.domains) - set(DOMAINS))
        if unknown:
            raise InputError(
                f"unknown domain {', '.join(map(repr, unknown))}",
                hint=f"Use --domain with one of: {', '.join(DOMAINS)}.",
            )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def lean_available() -> bool:
    """Whether ``lake`` is on PATH (Lean problems are attempted only then)."""
    return shutil.which("lake") is not None


def tool_versions(prover_name: str = "", *, lean: bool = True) -> dict[str, Any]:
    """Versions of everything a result depends on (None when not installed/known).

    Package metadata only (nothing is imported); ``lean`` asks ``lake --version`` too.
    """

    def dist(name: str) -> str | None:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return None

    versions: dict[str, Any] = {
        "python": platform.python_version(),
        "proofsmith": dist("proofsmith"),
        "z3": dist("z3-solver"),
        "sympy": dist("sympy"),
        "torch": dist("torch"),
        "transformers": dist("transformers"),
        "peft": dist("peft"),
        "trl": dist("trl"),
        "model": prover_name or None,
        "lean": None,
        "mathlib": None,
        "repl": None,
    }
    if lean and lean_available():
        try:
            done = subprocess.run(
                ["lake", "--version"], capture_output=True, text=True, timeout=20, check=False
            )
            versions["lean"] = done.stdout.strip() or None
        except (OSError, subprocess.TimeoutExpired):
            pass
    return versions


def sampling_settings(source: Any) -> dict[str, Any]:
    """The :data:`SAMPLING_FIELDS` of a RunConfig or a SampleConfig, by name."""
    return {name: getattr(source, name) for name in SAMPLING_FIELDS}
