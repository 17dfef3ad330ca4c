"""The prover interface: a batch of prompts in, sampled candidates with log-probs out.

Search, sampling and expert iteration use only :class:`Prover.generate`; what a prompt
looks like for a given model is the business of a prompt format (``provers.formats``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

__all__ = ["Candidate", "Prover", "SamplingParams"]


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


@runtime_checkable
class Prover(Protocol):
    """Anything that turns prompts into candidates."""

    name: str

    def generate(
        self,
        prompts: Sequence[str],
        n: int = 1,
        max_tokens: int = 256,
        temperature: float = 1.0,
        top_p: float = 1.0,
        stop: Sequence[str] = (),
    ) -> list[list[Candidate]]:
        """Return, for each prompt in order, its ``n`` candidates."""
        ...
