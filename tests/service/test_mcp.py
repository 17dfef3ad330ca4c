"""``proofsmith mcp`` driven by a real MCP client session over stdio (the official SDK)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers_service import DATA, tool_record

pytest.importorskip("mcp")
anyio = pytest.importorskip("anyio")

from mcp import ClientSession  # noqa: E402
from mcp.client.stdio import StdioServerParameters, stdio_client  # noqa: E402

PROOFSMITH = str(Path(sys.executable).with_name("proofsmith"))
TOOLS = {"check_answer", "check_smt", "check_code", "check_lean", "prove_problem"}


async def _session_calls(calls):
    params = StdioServerParameters(command=PROOFSMITH, args=["mcp"])
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        listed = await session.list_tools()
        names = {tool.name for tool in listed.tools}
        return names, [await session.call_tool(name, args) for name, args in calls]


def test_an_mcp_client_lists_and_calls_every_tool():
    arith = (DATA / "code" / "arith.py").read_text()
    smt = (DATA / "smt" / "nra_unsat.smt2").read_text()
    calls = [
        ("check_answer", {"gold": "\\frac{1}{2}", "prediction": "the answer is \\boxed{0.5}"}),
        ("check_answer", {"gold": "2", "prediction": "3"}),
        ("check_smt", {"script": smt, "claim": "unsat"}),
        ("check_smt", {"script": smt, "candidate": "(assert false)"}),
        ("check_code", {"source": arith, "function": "sum_to"}),
        ("check_lean", {"statement": "theorem t : 1 + 1 = 2", "proof": "by sorry"}),
        (
            "prove_problem",
            {
                "problem": {
                    "id": "add",
                    "domain": "answer",
                    "statement": "What is 37 + 45?",
                    "reference": "82",
                }
            },
        ),
    ]
    names, results = anyio.run(_session_calls, calls)
    assert TOOLS <= names
    statuses = [tool_record(r)["status"] for r in results]
    assert statuses == ["proved", "refuted", "proved", "rejected", "proved", "rejected", "proved"]
    proved = tool_record(results[-1])
    assert proved["proof"] and proved["verified"] >= 1
