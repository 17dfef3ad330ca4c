"""Problem records, loaders, and the store of attempts and verified proofs."""

from proofsmith.datasets.loaders import load_problems
from proofsmith.datasets.problem import DOMAINS, Problem
from proofsmith.datasets.store import Attempt, ProofRecord, Store

__all__ = ["DOMAINS", "Attempt", "Problem", "ProofRecord", "Store", "load_problems"]
