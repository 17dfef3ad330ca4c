"""The search tree of best-first proof search: nodes keyed by proof state, edges by tactic.

A :class:`Node` is one proof state (duplicates reached by different tactics are merged on
``State.key``); an :class:`Edge` is one tactic tried on it, leading to another node, to a
closed proof (``Proved``) or to an error. Status flows upward when a node is expanded or a
child changes: a node is PROVED as soon as one edge reaches a proved node, FAILED once it
was expanded and every edge reached a failed node or an error.

Invariants (checked by :meth:`SearchTree.check_invariants`, called in tests):

- ``status is PROVED``  ⇔ the node is a proof end, or some out-edge leads to a PROVED node;
- ``status is FAILED``  ⇔ the node was expanded, no check is pending on it, and every
  out-edge leads to an error or a FAILED node;
- ``cum_logprob`` is the best (largest) ``src.cum_logprob + edge.logprob`` over in-edges
  (0 for the root), and ``depth`` the least ``src.depth + 1``; a merge that improves a
  node passes the improvement down to its subtree;
- no edge leads to an ancestor of its source (merging never creates a cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from proofsmith.checkers.base import Proved, State

__all__ = ["Edge", "Node", "NodeStatus", "SearchTree"]


class NodeStatus(str, Enum):
    OPEN = "open"  # not expanded yet, or some child may still lead to a proof
    PROVED = "proved"  # a proof of this state was found below it
    FAILED = "failed"  # expanded, and every tactic tried led to an error or a failed state


@dataclass(eq=False)
class Edge:
    """One tactic tried on ``src``; exactly one of ``dst``/``proved``/``error`` is set."""

    tactic: str
    src: Node
    logprob: float
    num_tokens: int = 0
    dst: Node | None = None
    proved: Proved | None = None
    error: str | None = None


@dataclass(eq=False)
class Node:
    """One proof state in the tree."""

    state: State
    cum_logprob: float = 0.0  # best path log-probability from the root (<= 0 for models)
    depth: int = 0  # fewest tactics from the root
    num_tokens: int = 0  # generated tokens on the best path (for length normalisation)
    status: NodeStatus = NodeStatus.OPEN
    expanded: bool = False  # tactics were generated for it
    pending: int = 0  # tactic checks submitted and not yet answered
    in_edges: list[Edge] = field(default_factory=list)
    out_edges: list[Edge] = field(default_factory=list)

    def priority(self, length_normalize: bool = False) -> float:
        """Higher is expanded first: cumulative log-prob, optionally per generated token."""
        if length_normalize and self.num_tokens:
            return self.cum_logprob / self.num_tokens
        return self.cum_logprob


class SearchTree:
    """Nodes by state key, with status propagation and duplicate merging."""

    def __init__(self, root_state: State) -> None:
        self.root = Node(root_state)
        self.nodes: dict[object, Node] = {root_state.key: self.root}
        self.duplicates = 0  # steps that reached an already known state
        self.proof_edge: Edge | None = None  # the first edge that closed the proof

    # -- structure ----------------------------------------------------------------------

    def is_ancestor(self, candidate: Node, node: Node) -> bool:
        """True when ``candidate`` is ``node`` or lies on some path from the root to it."""
        seen: set[int] = set()
        frontier = [node]
        while frontier:
            current = frontier.pop()
            if current is candidate:
                return True
            if id(current) in seen:
                continue
            seen.add(id(current))
            frontier.extend(edge.src for edge in current.in_edges)
        return False

    def add_state(
        self, src: Node, tactic: str, logprob: float, tokens: int, state: State
    ) -> tuple[Edge | None, Node | None]:
        """Record that ``tactic`` on ``src`` reached ``state``.

        Returns the edge and, when the state is new, the new node (to be queued). A known
        state is merged: the edge joins the existing node, unless that would close a cycle,
        in which case the step is dropped (edge None).
        """
        known = self.nodes.get(state.key)
        if known is not None:
            self.duplicates += 1
            if self.is_ancestor(known, src):
                self._update(src)
                return None, None
            edge = Edge(tactic, src, logprob, tokens, dst=known)
            src.out_edges.append(edge)
            known.in_edges.append(edge)
            self._improve(known)
            self._update(src)
            return edge, None
        node = Node(state)
        edge = Edge(tactic, src, logprob, tokens, dst=node)
        node.in_edges.append(edge)
        node.cum_logprob = src.cum_logprob + logprob
        node.depth = src.depth + 1
        node.num_tokens = src.num_tokens + tokens
        src.out_edges.append(edge)
        self.nodes[state.key] = node
        self._update(src)
        return edge, node

    def add_proved(self, src: Node, tactic: str, logprob: float, proved: Proved) -> Edge:
        edge = Edge(tactic, src, logprob, proved=proved)
        src.out_edges.append(edge)
        if self.proof_edge is None:
            self.proof_edge = edge
        self._update(src)
        return edge

    def add_error(self, src: Node, tactic: str, logprob: float, message: str) -> Edge:
        edge = Edge(tactic, src, logprob, error=message)
        src.out_edges.append(edge)
        self._update(src)
        return edge

    def _improve(self, node: Node) -> None:
        """A new in-edge may give ``node`` a better path; pass the change down its subtree."""
        frontier = [node]
        while frontier:
            current = frontier.pop()
            best = max(current.in_edges, key=lambda e: e.src.cum_logprob + e.logprob)
            values = (
                best.src.cum_logprob + best.logprob,
                best.src.num_tokens + best.num_tokens,
                min(e.src.depth + 1 for e in current.in_edges),
            )
            if values != (current.cum_logprob, current.num_tokens, current.depth):
                current.cum_logprob, current.num_tokens, current.depth = values
                frontier.extend(e.dst for e in current.out_edges if e.dst is not None)

    # -- status -------------------------------------------------------------------------

    @staticmethod
    def _edge_proved(edge: Edge) -> bool:
        return edge.proved is not None or (
            edge.dst is not None and edge.dst.status is NodeStatus.PROVED
        )

    @staticmethod
    def _edge_failed(edge: Edge) -> bool:
        return edge.error is not None or (
            edge.dst is not None and edge.dst.status is NodeStatus.FAILED
        )

    def _computed_status(self, node: Node) -> NodeStatus:
        if any(self._edge_proved(e) for e in node.out_edges):
            return NodeStatus.PROVED
        if node.expanded and node.pending == 0 and all(map(self._edge_failed, node.out_edges)):
            return NodeStatus.FAILED
        return NodeStatus.OPEN

    def _update(self, node: Node) -> None:
        """Recompute ``node``'s status and propagate changes to its parents."""
        frontier = [node]
        while frontier:
            current = frontier.pop()
            status = self._computed_status(current)
            if status is not current.status:
                current.status = status
                frontier.extend(edge.src for edge in current.in_edges)

    def mark_expanded(self, node: Node, submitted: int) -> None:
        """``submitted`` tactic checks were started on ``node``."""
        node.expanded = True
        node.pending += submitted
        self._update(node)

    def step_done(self, node: Node) -> None:
        """One submitted check on ``node`` was answered (call after recording its edge)."""
        node.pending -= 1
        self._update(node)

    # -- results ------------------------------------------------------------------------

    def proof_path(self) -> list[Edge]:
        """The edges from the root to the first closed proof ([] when none)."""
        if self.proof_edge is None:
            return []
        path = [self.proof_edge]
        node = self.proof_edge.src
        while node is not self.root:
            # the creating edge: the one whose tactics the state's handle was reached by
            edge = node.in_edges[0]
            path.append(edge)
            node = edge.src
        path.reverse()
        return path

    def check_invariants(self) -> None:
        """Raise AssertionError when a documented invariant does not hold."""
        for node in self.nodes.values():
            expected = self._computed_status(node)
            assert node.status is expected, f"{node.state.key!r}: {node.status} != {expected}"
            assert node.pending >= 0
            if node is self.root:
                assert node.depth == 0 and not node.in_edges
                continue
            assert node.in_edges, f"{node.state.key!r} has no in-edge"
            best = max(e.src.cum_logprob + e.logprob for e in node.in_edges)
            assert abs(node.cum_logprob - best) < 1e-9, f"{node.state.key!r}: stale log-prob"
            assert node.depth == min(e.src.depth + 1 for e in node.in_edges)
            for edge in node.out_edges:
                assert sum(x is not None for x in (edge.dst, edge.proved, edge.error)) == 1
                if edge.dst is not None:
                    assert not self.is_ancestor(edge.dst, node), "cycle through merged state"
