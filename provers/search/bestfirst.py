"""Best-first proof search over a stepping checker (tactic by tactic).

The algorithm (:func:`best_first_search`):

1. Start the checker on the problem: the root state.
2. Repeat, testing the stop conditions in this order, each with a log line:
   the root is proved → stop "proved"; the budget (expansions, wall seconds) is spent →
   stop "out of budget"; the root failed (every tactic on every path failed) or nothing is
   open and nothing is being checked → stop "failed".
3. Pop the k open nodes of highest priority (cumulative log-probability, optionally per
   generated token) and ask the prover for tactics for all of them in ONE ``generate`` call.
4. Hand each (node, tactic) to a pool of checker threads and go straight back to 3: the
   model generates the next batch while the checkers run this one (so the order is
   best-first among the nodes known so far; ``strict_order`` first waits for running
   checks that could outrank them, for the exact order at the price of overlap). Answers are merged into
   the tree as they arrive: a new state becomes a node (a known state is merged into its
   node), a closed proof — re-checked whole by the checker — proves the path up to the root.

The model idles only when no node is open (e.g. at the root, until its first tactics come
back); ``model_s`` and ``checker_s`` in the :class:`SearchResult` show the overlap.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from proofsmith.checkers.base import Proved, State, StepError, SteppingChecker, StepResult
from proofsmith.checkers.verdict import Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.errors import CheckerError, CheckerTimeout, InputError
from proofsmith.provers.base import Candidate, Prover, SamplingParams
from proofsmith.provers.formats.protocol import PromptFormat
from proofsmith.provers.search.budget import BusyClock, SearchBudget
from proofsmith.provers.search.prompting import PlainFormat
from proofsmith.provers.search.tree import Node, NodeStatus, SearchTree

__all__ = ["SearchConfig", "SearchResult", "best_first_search"]

log = logging.getLogger("proofsmith.search")


@dataclass(frozen=True)
class SearchConfig:
    """How to search; the budget says how long."""

    budget: SearchBudget = SearchBudget()
    nodes_per_batch: int = 4  # k: best open nodes expanded per generate call, >= 1
    tactics_per_node: int = 8  # candidates sampled per expanded node, >= 1
    max_tokens: int = 128  # generated tokens per tactic
    temperature: float = 1.0
    top_p: float = 0.95
    length_normalize: bool = False  # priority = log-prob per generated token
    check_threads: int = 1  # steps checked at once; 1 suits a single REPL process
    # False: while checks run, expand the best node known so far (the model never waits, the
    # order is best-first among known nodes). True: first wait for running checks whose
    # result could outrank that node (exact best-first order, less overlap).
    strict_order: bool = False

    def __post_init__(self) -> None:
        if min(self.nodes_per_batch, self.tactics_per_node, self.check_threads) < 1:
            raise InputError(
                "search needs nodes_per_batch, tactics_per_node and check_threads >= 1"
            )


@dataclass(frozen=True)
class SearchResult:
    """What one search found and spent."""

    problem_id: str
    status: str  # "proved" | "out of budget" | "failed" | "error"
    reason: str  # the stop condition, in words
    proof: str | None  # the whole proof, as re-checked
    steps: tuple[str, ...]  # the tactics of the proof, in order
    tactic_pairs: tuple[tuple[str, str], ...]  # (state goals, tactic) along the proof
    verdict: Verdict | None  # the whole-proof re-check of the proof
    expansions: int  # nodes expanded (prompts sent)
    nodes: int  # distinct states in the tree
    duplicates: int  # steps that reached a known state
    steps_checked: int  # tactics run by the checker
    wall_s: float
    model_s: float  # seconds inside prover.generate
    checker_s: float  # seconds during which at least one step was being checked
    tree: SearchTree | None = field(default=None, repr=False, compare=False)  # for inspection

    @property
    def proved(self) -> bool:
        return self.status == "proved"


def _tactics(fmt: PromptFormat, cands: list[Candidate]) -> list[tuple[str, float, int]]:
    """Parsed, de-duplicated tactics of one node, most likely first."""
    best: dict[str, tuple[float, int]] = {}
    for cand in cands:
        tactic = fmt.parse(cand.text)
        if tactic is None:
            continue
        if tactic not in best or cand.logprob > best[tactic][0]:
            best[tactic] = (cand.logprob, cand.num_tokens)
    return sorted(((t, lp, n) for t, (lp, n) in best.items()), key=lambda x: -x[1])


def best_first_search(
    problem: Problem,
    prover: Prover,
    checker: SteppingChecker,
    *,
    fmt: PromptFormat | None = None,
    config: SearchConfig = SearchConfig(),
) -> SearchResult:
    """Search for a proof of ``problem`` tactic by tactic; see the module docstring."""
    if not callable(getattr(checker, "step", None)) or not callable(
        getattr(checker, "start", None)
    ):
        raise InputError(
            f"the {problem.domain} checker cannot run a proof step by step",
            hint="Use whole-proof sampling (--search sample) for this domain.",
        )
    fmt = fmt or PlainFormat()
    budget = config.budget
    started = time.perf_counter()
    tree = SearchTree(checker.start(problem))
    heap: list[tuple[float, int, Node]] = []
    counter = itertools.count()
    checking = BusyClock()
    model_s = 0.0
    expansions = steps_checked = 0
    inflight: dict[Future[StepResult | str], tuple[Node, str, float, int]] = {}

    def push(node: Node) -> None:
        priority = node.priority(config.length_normalize)
        heapq.heappush(heap, (-priority, next(counter), node))

    def pop_best(k: int) -> list[Node]:
        batch: list[Node] = []
        while heap and len(batch) < k:
            neg, _, node = heapq.heappop(heap)
            if node.expanded or node.status is not NodeStatus.OPEN or node in batch:
                continue
            if node.depth >= budget.max_depth:
                continue
            if -neg != node.priority(config.length_normalize):  # improved since pushed
                push(node)
                continue
            batch.append(node)
        return batch

    def pending_bound() -> float:
        """The best priority a running check could give a new node."""
        best = float("-inf")
        for node, _, logprob, tokens in inflight.values():
            cum, length = node.cum_logprob + logprob, node.num_tokens + tokens
            score = cum / length if config.length_normalize and length else cum
            best = max(best, score)
        return best

    def best_open() -> float:
        while heap and (heap[0][2].expanded or heap[0][2].status is not NodeStatus.OPEN):
            heapq.heappop(heap)
        return -heap[0][0] if heap else float("-inf")

    def run_step(state: State, tactic: str) -> StepResult | str:
        with checking:
            try:
                return checker.step(state, tactic, timeout_s=budget.step_timeout_s)
            except CheckerTimeout as exc:
                return f"timeout: {exc}"
            except CheckerError as exc:
                return f"checker error: {exc}"

    def integrate(future: Future[StepResult | str]) -> None:
        node, tactic, logprob, tokens = inflight.pop(future)
        result = future.result()
        if isinstance(result, Proved):
            if result.verdict.proved:
                tree.add_proved(node, tactic, logprob, result)
            else:  # soundness: stepping closed the goals but the whole proof does not check
                log.warning(
                    "%s: closed by stepping but the re-check says %s",
                    problem.id,
                    result.verdict.status.value,
                )
                tree.add_error(node, tactic, logprob, f"re-check: {result.verdict.reason}")
        elif isinstance(result, State):
            edge, new = tree.add_state(node, tactic, logprob, tokens, result)
            if new is not None:
                push(new)
            elif edge is not None and edge.dst is not None and not edge.dst.expanded:
                push(edge.dst)  # merged: its priority may have improved
        elif isinstance(result, StepError):
            tree.add_error(node, tactic, logprob, result.message)
        else:
            tree.add_error(node, tactic, logprob, str(result))
        tree.step_done(node)

    push(tree.root)
    reason = ""
    pool = ThreadPoolExecutor(max_workers=config.check_threads, thread_name_prefix="step")
    try:
        while True:
            for future in [f for f in inflight if f.done()]:
                integrate(future)
            elapsed = time.perf_counter() - started
            if tree.root.status is NodeStatus.PROVED:
                reason = "proved"
                log.info("%s: proved after %d expansions", problem.id, expansions)
                break
            spent = budget.spent(expansions, elapsed)
            if spent is not None:
                reason = f"out of budget ({spent})"
                log.info("%s: %s after %d expansions", problem.id, reason, expansions)
                break
            if tree.root.status is NodeStatus.FAILED:
                reason = "failed: every tactic on every path failed"
                log.info("%s: %s", problem.id, reason)
                break
            if config.strict_order and inflight and pending_bound() > best_open():
                wait(list(inflight), timeout=budget.wall_s - elapsed, return_when=FIRST_COMPLETED)
                continue
            batch = pop_best(min(config.nodes_per_batch, budget.max_expansions - expansions))
            if not batch:
                if inflight:  # nothing to expand until a check answers
                    wait(
                        list(inflight), timeout=budget.wall_s - elapsed, return_when=FIRST_COMPLETED
                    )
                    continue
                reason = "failed: no open state within the depth limit"
                log.info("%s: %s", problem.id, reason)
                break
            prompts = [fmt.render(problem=problem, state=node.state.text) for node in batch]
            t0 = time.perf_counter()
            outputs = prover.generate(
                prompts,
                SamplingParams(
                    n=config.tactics_per_node,
                    max_tokens=config.max_tokens,
                    temperature=config.temperature,
                    top_p=config.top_p,
                    stop=fmt.stop,
                ),
            )
            model_s += time.perf_counter() - t0
            expansions += len(batch)
            for node, cands in zip(batch, outputs, strict=True):
                tactics = _tactics(fmt, cands)
                tree.mark_expanded(node, len(tactics))
                for tactic, logprob, tokens in tactics:
                    future = pool.submit(run_step, node.state, tactic)
                    inflight[future] = (node, tactic, logprob, tokens)
                    steps_checked += 1
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    # checks still running at the stop were finished by shutdown: one of them may have
    # proved the root, and "proved" always wins over "out of budget"
    for future in [f for f in inflight if f.done() and not f.cancelled()]:
        integrate(future)
    steps_checked -= len(inflight)  # cancelled before they ran
    status = reason.split(":")[0].split(" (")[0] if reason else "failed"
    if tree.root.status is NodeStatus.PROVED:
        if status != "proved":
            log.info("%s: a check that was still running proved it", problem.id)
        status, reason = "proved", "proved"

    proof = steps = pairs = verdict = None
    if status == "proved":
        path = tree.proof_path()
        assert tree.proof_edge is not None and tree.proof_edge.proved is not None
        closed = tree.proof_edge.proved
        proof, steps, verdict = closed.proof, closed.steps, closed.verdict
        pairs = tuple((edge.src.state.text, edge.tactic) for edge in path)
    return SearchResult(
        problem_id=problem.id,
        status=status,
        reason=reason,
        proof=proof,
        steps=tuple(steps or ()),
        tactic_pairs=tuple(pairs or ()),
        verdict=verdict,
        expansions=expansions,
        nodes=len(tree.nodes),
        duplicates=tree.duplicates,
        steps_checked=steps_checked,
        wall_s=time.perf_counter() - started,
        model_s=model_s,
        checker_s=checking.seconds,
        tree=tree,
    )
