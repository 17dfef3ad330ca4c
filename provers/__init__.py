"""Model backends, prompt formats, search and expert iteration."""

from proofsmith.provers.base import Candidate, Prover, SamplingParams

__all__ = ["Candidate", "Prover", "SamplingParams"]
