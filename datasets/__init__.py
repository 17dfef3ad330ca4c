"""Problem records, loaders, and the store of attempts and verified proofs."""

from proofsmith.datasets.problem import DOMAINS, Problem

__all__ = ["DOMAINS", "Problem"]
