"""Check items of every domain (with the verdict each must get) and record comparison."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from proofsmith.service import BatchRunner, CheckServer, RunnerOptions, ServerLimits

DATA = Path(__file__).resolve().parents[1] / "data"
# z3 cannot decide this in a second: a check that runs until its time limit
FERMAT = """(declare-const x Int)(declare-const y Int)(declare-const z Int)
(assert (> x 0))(assert (> y 0))(assert (> z 0))
(assert (= (+ (* x x x) (* y y y)) (* z z z)))
(check-sat)"""
WRONG_CODE = """
def double(n: int) -> int:
    requires(n >= 0)
    ensures(result == 2 * n + 1)
    return n + n
"""


def item(item_id: str, domain: str, statement: str, candidate: str = "", **fields: Any) -> dict:
    problem = {"id": f"p-{item_id}", "domain": domain, "statement": statement, **fields}
    return {"id": item_id, "problem": problem, "candidate": candidate}


def mixed_items() -> list[tuple[dict, str]]:
    """(item, expected status) for each domain, decided and undecided."""
    smt = (DATA / "smt" / "lia_sat.smt2").read_text()
    nra = (DATA / "smt" / "nra_unsat.smt2").read_text()
    arith = (DATA / "code" / "arith.py").read_text()
    theorem = "theorem two : 1 + 1 = 2"
    return [
        (
            item("a1", "answer", "", "so the answer is \\boxed{0.5}", reference="\\frac{1}{2}"),
            "proved",
        ),
        (item("a2", "answer", "", "3", reference="2"), "refuted"),
        (item("a3", "answer", "", "42"), "error"),  # no reference: the checker refuses
        (item("s1", "smt", smt, reference="sat"), "proved"),
        (item("s2", "smt", nra, reference="sat"), "refuted"),
        (item("s3", "smt", nra, "(assert false)"), "rejected"),
        (item("s4", "smt", "(check-sat", reference="sat"), "error"),  # does not parse
        (item("c1", "code", arith, metadata={"function": "sum_to"}), "proved"),
        (item("c2", "code", WRONG_CODE), "refuted"),
        (item("l1", "lean", theorem, "by sorry"), "rejected"),
    ]


def comparable(record: dict) -> dict:
    """A result record without its timings (seconds at any depth)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "seconds"}
        if isinstance(value, list | tuple):
            return [strip(v) for v in value]
        return value

    return strip(record)


def tool_record(result: Any) -> dict:
    """An MCP tool call's dict result: its structured content, or its JSON text block."""
    # mcp 2.x names the fields in snake case, 1.x in camel case
    assert not getattr(result, "is_error", getattr(result, "isError", False)), result
    data = getattr(result, "structured_content", getattr(result, "structuredContent", None))
    if data:
        return data["result"] if set(data) == {"result"} else data
    return json.loads(result.content[0].text)


@contextmanager
def serving(options: RunnerOptions, limits: ServerLimits | None = None) -> Iterator[CheckServer]:
    """A CheckServer on a free loopback port, in a thread, with its own runner."""
    runner = BatchRunner(options)
    server = CheckServer("127.0.0.1", 0, runner=runner, limits=limits or ServerLimits())
    server.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        runner.close()


@contextmanager
def serve_checkers_process(args: list[str]) -> Iterator[str]:
    """``proofsmith serve-checkers ARGS --json`` as a process; yields its URL; SIGTERM must
    stop it cleanly (exit 0)."""
    command = [str(Path(sys.executable).with_name("proofsmith")), "serve-checkers", *args, "--json"]
    env = {**os.environ, "PROOFSMITH_CHECK_TOKEN": ""}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as proc:
        try:
            yield json.loads(proc.stdout.readline())["url"]
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(30) == 0
