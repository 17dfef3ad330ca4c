"""The MCP server of ``proofsmith mcp``: checking tools for agents, over stdio.

Tools (each returns the checker's verdict record: status, messages, checked_text,
details, seconds): ``check_answer`` (gold vs a prediction), ``check_smt`` (an SMT-LIB
problem, with an optional candidate of lemmas or a model), ``check_code`` (contract
Python, with optional invariants), ``check_lean`` (a theorem and its proof). They run
on one warm :class:`~proofsmith.service.runner.BatchRunner`, so an agent gets the same
verdicts as ``checker_for(domain).check`` and the CLI.

Layering: this module imports checkers only. The ``prove_problem`` tool needs provers,
which sit above service, so it is defined in :mod:`proofsmith.cli.mcp` and handed in via
``extra_tools``. Built on the official ``mcp`` SDK (the ``mcp`` extra): ``MCPServer`` in
mcp 2.x, ``FastMCP`` in 1.x.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from proofsmith.datasets.problem import Problem
from proofsmith.errors import ToolNotFound
from proofsmith.service.records import CheckItem
from proofsmith.service.runner import BatchRunner, shared_runner

__all__ = ["INSTRUCTIONS", "build_server", "checking_tools"]

INSTRUCTIONS = (
    "proofsmith checks work with sound verifiers: SymPy for math answers, Z3 for SMT-LIB "
    "and contract-annotated Python, Lean 4 for proofs. A status of 'proved' is the only "
    "success; 'refuted' and 'rejected' are decided failures, 'timeout'/'error' undecided."
)


def _server_class() -> type:
    try:
        from mcp.server.mcpserver import MCPServer

        return MCPServer
    except ImportError:
        pass
    try:
        from mcp.server.fastmcp import FastMCP

        return FastMCP
    except ImportError as exc:
        raise ToolNotFound(
            "the MCP server needs the `mcp` package",
            hint="Install it with: pip install 'proofsmith[mcp]'",
        ) from exc


def checking_tools(runner: BatchRunner | None = None) -> list[Callable[..., Any]]:
    """The four checking tools as plain functions (named and documented for MCP)."""

    def run(domain: str, statement: str, candidate: str, timeout_s: float | None, **fields: Any):
        problem = Problem(id=f"mcp-{domain}", domain=domain, statement=statement, **fields)
        item = CheckItem(id=problem.id, problem=problem, candidate=candidate)
        return (runner or shared_runner()).check_one(item, timeout_s)

    def check_answer(gold: str, prediction: str, timeout_s: float = 5.0) -> dict[str, Any]:
        """Is the prediction (a bare answer or a whole solution with \\boxed{}) equal to the gold answer?"""
        return run("answer", "", prediction, timeout_s, reference=gold)

    def check_smt(
        script: str, candidate: str = "", claim: str | None = None, timeout_s: float = 10.0
    ) -> dict[str, Any]:
        """Decide an SMT-LIB 2 script with Z3. claim: 'sat'/'unsat' (one per check-sat);
        candidate: lemmas (for unsat) or define-fun model (for sat) to check instead."""
        return run("smt", script, candidate, timeout_s, reference=claim)

    def check_code(
        source: str, candidate: str = "", function: str | None = None, timeout_s: float = 20.0
    ) -> dict[str, Any]:
        """Verify Python functions against their requires/ensures contracts with Z3;
        candidate: the function again with loop invariants/asserts added."""
        metadata = {"function": function} if function else {}
        return run("code", source, candidate, timeout_s, metadata=metadata)

    def check_lean(
        statement: str, proof: str, header: str = "", timeout_s: float = 60.0
    ) -> dict[str, Any]:
        """Check a Lean 4 proof of the theorem statement (no sorry, no new axioms)."""
        return run("lean", statement, proof, timeout_s, header=header)

    return [check_answer, check_smt, check_code, check_lean]


def build_server(
    runner: BatchRunner | None = None, extra_tools: Sequence[Callable[..., Any]] = ()
) -> Any:
    """The MCP server object with the checking tools and ``extra_tools``; ``.run()`` serves stdio."""
    server = _server_class()(name="proofsmith", instructions=INSTRUCTIONS)
    for tool in [*checking_tools(runner), *extra_tools]:
        server.add_tool(
            tool, name=tool.__name__, description=" ".join((tool.__doc__ or "").split())
        )
    return server
