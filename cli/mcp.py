"""Command ``proofsmith mcp``: an MCP server on stdio with checking and proving tools.

The checking tools come from :mod:`proofsmith.service.mcp_server`; ``prove_problem`` is
defined here because it needs provers (cli may import provers; service may not). Point
an MCP client at ``proofsmith mcp`` (see README, Serving checks).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from proofsmith.cli.apps import app
from proofsmith.cli.output import handle_errors

__all__ = ["mcp", "prove_tool"]


def prove_tool(default_prover: str = "portfolio"):
    """The ``prove_problem`` tool: attempt one Problem record with a prover, checked."""

    def prove_problem(
        problem: dict[str, Any], prover: str = default_prover, n: int = 8, timeout_s: float = 10.0
    ) -> dict[str, Any]:
        """Try to prove one problem (a record: id, domain, statement, reference, header) with
        a prover ('portfolio', a model path or an OpenAI-compatible URL); every candidate is
        checked. Returns status 'proved' with the proof, or the reason it failed."""
        from proofsmith.datasets.problem import Problem
        from proofsmith.provers.runs.attempt import Attempter
        from proofsmith.provers.runs.config import RunConfig

        record = Problem.from_dict(problem)
        attempter = Attempter(RunConfig(dataset="mcp", prover=prover, n=n, timeout_s=timeout_s))
        try:
            outcome = attempter.attempt(record)
        finally:
            attempter.close()
        return {
            "id": record.id,
            "status": outcome.attempt.outcome,
            "candidates": outcome.attempt.n,
            "verified": outcome.attempt.correct,
            "proof": outcome.best_proof,
            "message": outcome.message,
            "seconds": round(outcome.attempt.seconds, 6),
        }

    return prove_problem


@app.command("mcp")
def mcp(
    prover: Annotated[
        str, typer.Option(help="Default prover of the prove_problem tool.")
    ] = "portfolio",
) -> None:
    """Serve proofsmith's checking and proving tools over MCP (stdio) until the client leaves."""
    with handle_errors():
        from proofsmith.service.mcp_server import build_server

        build_server(extra_tools=[prove_tool(prover)]).run()
