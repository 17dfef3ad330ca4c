"""The prover interface: a batch of prompts in, sampled candidates with log-probs out.

Search, sampling and expert iteration use only :class:`Prover.generate`; what a prompt
looks like for a given model is the business of a prompt format (``provers.formats``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from proofsmith.errors import InputError

__all__ = ["DEFAULT_SAMPLING", "Candidate", "Prover", "SamplingParams"]


@dataclass(frozen=True)
class Candidate:
    """One sampled continuation of a prompt."""

    text: str  # the generated text, stop sequence excluded
    logprob: float  # sum of the log-probabilities of the generated tokens (natural log)
    num_tokens: int  # generated tokens counted by the model's tokenizer
    prompt: str = ""  # the prompt it continues
    finish_reason: str = ""  # "stop" | "length" | "" when unknown


@dataclass(frozen=True)
class SamplingParams:
    """How to sample; shared by every backend."""

    n: int = 1  # candidates per prompt, >= 1
    max_tokens: int = 256  # generated tokens per candidate, >= 1
    temperature: float = 1.0  # 0 = greedy
    top_p: float = 1.0  # nucleus mass in (0, 1]
    stop: tuple[str, ...] = ()  # generation ends before any of these strings

    def __post_init__(self) -> None:
        object.__setattr__(self, "stop", tuple(self.stop))
        if self.n < 1:
            raise InputError(f"n must be >= 1, got {self.n}")
        if self.max_tokens < 1:
            raise InputError(f"max_tokens must be >= 1, got {self.max_tokens}")
        if self.temperature < 0:
            raise InputError(f"temperature must be >= 0, got {self.temperature}")
        if not 0 < self.top_p <= 1:
            raise InputError(f"top_p must be in (0, 1], got {self.top_p}")


DEFAULT_SAMPLING = SamplingParams()


@runtime_checkable
class Prover(Protocol):
    """Anything that turns prompts into candidates.

    A backend that serves concurrent calls (an HTTP server) says so with a class attribute
    ``parallel_requests = True``; the run layer then sends one call per request in flight
    instead of large batches.
    """

    name: str

    def generate(
        self, prompts: Sequence[str], params: SamplingParams = DEFAULT_SAMPLING
    ) -> list[list[Candidate]]:
        """Return, for each prompt in order, up to ``params.n`` candidates."""
        ...

    def close(self) -> None:
        """Release what the prover holds (a model's memory, connections); idempotent."""
        ...
