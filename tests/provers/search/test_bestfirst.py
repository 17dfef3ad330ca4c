"""Best-first search: the algorithm's properties over a scripted prover and a stepping double."""

from __future__ import annotations

import re

import pytest

from proofsmith.checkers.base import State
from proofsmith.checkers.verdict import Status
from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError
from proofsmith.provers.search import (
    NodeStatus,
    SearchBudget,
    SearchConfig,
    SearchTree,
    best_first_search,
)


def goal_of(prompt: str) -> int:
    return int(re.findall(r"n = (-?\d+)", prompt)[-1])


def _countdown_tactics(prompt: str):
    # likely tactics first: small steps are "likely", big ones unlikely, plus junk
    return [("sub 1", -0.1), ("sub 2", -0.7), ("junk", -0.05), ("sub 3", -2.0)]


@pytest.mark.parametrize("strict", [False, True])
def test_finds_a_proof_with_invariants_and_merged_duplicates(
    scripted, countdown, countdown_problem, strict
):
    prover, checker = scripted(_countdown_tactics), countdown()
    config = SearchConfig(
        nodes_per_batch=2, tactics_per_node=4, check_threads=2, strict_order=strict
    )
    result = best_first_search(countdown_problem, prover, checker, config=config)

    assert result.proved and result.status == "proved" and result.reason == "proved"
    assert result.verdict is not None and result.verdict.proved
    assert sum(int(t.split()[1]) for t in result.steps) == 7  # a real countdown to 0
    assert result.proof == "; ".join(result.steps)
    # state -> tactic pairs follow the proof from the root
    assert [tac for _, tac in result.tactic_pairs] == list(result.steps)
    assert result.tactic_pairs[0][0] == "n = 7"
    # many orders reach the same n: merged, one node per distinct state
    assert result.duplicates > 0
    assert result.nodes == len({n.state.key for n in result.tree.nodes.values()})
    assert set(result.tree.nodes) <= set(range(8))
    result.tree.check_invariants()
    assert result.tree.root.status is NodeStatus.PROVED
    # every prompt of a call is a distinct open node; calls carry up to k prompts
    assert prover.calls[0] == [prover.calls[0][0]] and goal_of(prover.calls[0][0]) == 7
    sizes = [len(c) for c in prover.calls]
    assert max(sizes) <= 2 and (max(sizes) == 2 or not strict)
    for call in prover.calls:
        assert len({goal_of(p) for p in call}) == len(call)
    assert result.expansions == sum(len(c) for c in prover.calls)
    assert result.steps_checked == checker.steps_run


def test_highest_cumulative_logprob_is_expanded_first(scripted, countdown):
    problem = Problem(id="cd9", domain="lean", statement="n = 9")
    prover = scripted(lambda p: [("sub 1", -3.0), ("sub 4", -0.1)])
    config = SearchConfig(nodes_per_batch=1, strict_order=True)
    result = best_first_search(problem, prover, countdown(), config=config)
    # sub 4 is far likelier, so the search walks 9 -> 5 -> 1 first
    assert [goal_of(c[0]) for c in prover.calls[:3]] == [9, 5, 1]
    assert result.steps == ("sub 4", "sub 4", "sub 1")


def test_length_normalisation_changes_the_priority():
    tree = SearchTree(State(0, ("n = 0",)))
    short, _ = tree.add_state(tree.root, "a", -2.0, 1, State(1, ("n = 1",)))
    long, _ = tree.add_state(tree.root, "b", -3.0, 10, State(2, ("n = 2",)))
    a, b = short.dst, long.dst
    assert a.priority() > b.priority()
    assert a.priority(length_normalize=True) < b.priority(length_normalize=True)


def test_failing_tactics_end_in_failed_not_out_of_budget(scripted, countdown, countdown_problem):
    prover = scripted(lambda p: [("junk", -0.1), ("sub 9", -0.2)])  # sub 9 < 0 from 7
    result = best_first_search(countdown_problem, prover, countdown())
    assert result.status == "failed" and result.proof is None
    assert result.tree.root.status is NodeStatus.FAILED and result.expansions == 1
    result.tree.check_invariants()


def test_budget_in_expansions_is_respected(scripted, countdown):
    problem = Problem(id="cd60", domain="lean", statement="n = 60")
    prover = scripted(lambda p: [("sub 1", -0.5)])
    budget = SearchBudget(max_expansions=5)
    result = best_first_search(
        problem, prover, countdown(), config=SearchConfig(budget=budget, nodes_per_batch=4)
    )
    assert result.status == "out of budget" and result.reason == "out of budget (expansions)"
    assert result.expansions == 5 and not result.proved
    result.tree.check_invariants()


def test_proved_wins_over_out_of_budget(scripted, countdown, countdown_problem):
    # one expansion allowed; the closing step is still being checked when the budget
    # runs out, and it must count: "proved" is tested before "out of budget"
    prover = scripted(lambda p: [("sub 7", -0.1)])
    budget = SearchBudget(max_expansions=1)
    result = best_first_search(
        countdown_problem, prover, countdown(delay_s=0.3), config=SearchConfig(budget=budget)
    )
    assert result.status == "proved" and result.steps == ("sub 7",)


def test_a_proof_whose_whole_recheck_fails_does_not_count(scripted, countdown, countdown_problem):
    prover = scripted(lambda p: [("sub 7", -0.1)])
    result = best_first_search(countdown_problem, prover, countdown(recheck=Status.REJECTED))
    assert not result.proved and result.status == "failed"
    (edge,) = result.tree.root.out_edges
    assert edge.error.startswith("re-check")


def test_checker_without_stepping_is_refused(scripted, countdown_problem):
    class WholeOnly:
        domain = "answer"

        def check(self, problem, candidate, *, timeout_s=None):
            raise AssertionError("not called")

    with pytest.raises(InputError, match="step by step"):
        best_first_search(countdown_problem, scripted(lambda p: []), WholeOnly())
