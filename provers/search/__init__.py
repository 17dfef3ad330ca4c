"""Proof search: whole-proof sampling with pass@k, and best-first search over proof states.

- :mod:`.sampling` — n candidates per problem, each checked; optional repair round.
- :mod:`.bestfirst` — best-first search over a stepping checker, batched and overlapped.
- :mod:`.tree` — the search tree with its invariants; :mod:`.budget` — SearchBudget.
- :mod:`.passk` — the unbiased pass@k estimator.
"""

from proofsmith.provers.formats.protocol import PromptFormat
from proofsmith.provers.search.bestfirst import SearchConfig, SearchResult, best_first_search
from proofsmith.provers.search.budget import BusyClock, SearchBudget
from proofsmith.provers.search.passk import (
    mean_pass_at_k,
    pass_at_k,
    pass_at_k_curve,
    problem_pass_at_k,
)
from proofsmith.provers.search.prompting import PlainFormat, repair_prompt
from proofsmith.provers.search.sampling import (
    CheckedCandidate,
    SampleConfig,
    SampleResult,
    check_safely,
    sample_proofs,
)
from proofsmith.provers.search.tree import Edge, Node, NodeStatus, SearchTree

__all__ = [
    "BusyClock",
    "CheckedCandidate",
    "Edge",
    "Node",
    "NodeStatus",
    "PlainFormat",
    "PromptFormat",
    "SampleConfig",
    "SampleResult",
    "SearchBudget",
    "SearchConfig",
    "SearchResult",
    "SearchTree",
    "best_first_search",
    "check_safely",
    "mean_pass_at_k",
    "pass_at_k",
    "pass_at_k_curve",
    "problem_pass_at_k",
    "repair_prompt",
    "sample_proofs",
]
