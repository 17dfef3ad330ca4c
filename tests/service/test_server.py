"""serve-checkers on 127.0.0.1: verdicts equal the in-process checker's, bad requests get
the right codes, many clients at once, a client hanging up mid-batch, the token rule."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from helpers_service import (
    FERMAT,
    comparable,
    item,
    mixed_items,
    serve_checkers_process,
    serving,
)

from proofsmith.checkers.route import checker_for
from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError, ProofsmithError
from proofsmith.service import BatchRunner, CheckClient, CheckServer, RunnerOptions, ServerLimits

PROOFSMITH = str(Path(sys.executable).with_name("proofsmith"))


@pytest.fixture(scope="module")
def server():
    with serving(
        RunnerOptions(jobs=2), ServerLimits(max_body_bytes=300 * 1024, max_items=500)
    ) as srv:
        yield srv


def _in_process(raw: dict) -> dict:
    """What ``checker_for(domain).check`` says about one item, as a result record."""
    problem = Problem.from_dict(raw["problem"])
    checker = checker_for(problem.domain)
    try:
        verdict = checker.check(problem, raw["candidate"])
        return {"id": raw["id"], **verdict.to_dict()}
    except ProofsmithError as exc:
        return {"status": "error", "messages": [exc.message, *([exc.hint] if exc.hint else [])]}
    finally:
        close = getattr(checker, "close", None)
        if close:
            close()


def test_a_mixed_batch_gets_the_in_process_verdicts_in_order(server):
    cases = mixed_items()
    with CheckClient(server.url) as client:
        assert client.health()["status"] == "ok"
        results = client.check([raw for raw, _ in cases])
    assert [r["id"] for r in results] == [raw["id"] for raw, _ in cases]
    for (raw, expected), got in zip(cases, results, strict=True):
        assert got["status"] == expected, (raw["id"], got)
        want = _in_process(raw)
        if expected == "error":  # the checker raised: same message, kept as an error record
            assert got["messages"] == want["messages"] and got["details"]["exit_code"] == 2
        else:
            assert comparable(got) == comparable(want), raw["id"]


def test_lean_without_lake_answers_the_clis_error(server, monkeypatch):
    """No lake here: the server's Lean verdict is the CLI's one-line error, not a crash."""
    raw = item("l", "lean", "theorem two : 1 + 1 = 2", "by decide")
    with CheckClient(server.url) as client:
        (got,) = client.check([raw])
    want = _in_process(raw)
    assert got["status"] == want["status"]
    assert got["messages"] == want["messages"]


def _post(url: str, body: bytes, **headers: str) -> httpx.Response:
    return httpx.post(url + "/v1/check", content=body, headers=headers, timeout=30)


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b'{"items": [', 400, "malformed JSON"),
        (b"\xff\xfe", 400, "not UTF-8"),
        (b"[1, 2]", 400, "JSON object"),
        (b'{"items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 400, "nested too deeply"),
        (b"{}", 422, "missing field 'items'"),
        (b'{"items": {}}', 422, "must be a list"),
        (
            json.dumps(
                {"items": [item("ok", "answer", "", "1", reference="1"), item("x", "chess", "s")]}
            ).encode(),
            422,
            "item 1 (id 'x'): unknown domain 'chess'",
        ),
        (
            json.dumps({"items": [{"id": "y", "candidate": "1"}]}).encode(),
            422,
            "item 0 (id 'y'): missing field 'problem'",
        ),
        (
            json.dumps({"items": [{"id": "z", "problem": {"id": "q", "domain": "smt"}}]}).encode(),
            422,
            "item 0 (id 'z'): problem lacks field 'statement'",
        ),
        (
            json.dumps({"items": [item("w", "answer", "", 5)]}).encode(),
            422,
            "'candidate' must be a string",
        ),
        (json.dumps({"items": [], "timeout_s": -1}).encode(), 422, "'timeout_s' must be positive"),
        (json.dumps({"items": [item("n", "answer", "", "1")] * 501}).encode(), 413, "at most 500"),
        (b'{"items": [' + b'"x",' * 90_000 + b'"x"]}', 413, "over the limit"),
    ],
)
def test_bad_requests_get_their_code_and_one_line(server, body, status, words):
    reply = _post(server.url, body)
    assert reply.status_code == status
    reason = reply.json()["error"]
    assert words in reason and "\n" not in reason
    assert httpx.get(server.url + "/health").status_code == 200


def test_other_routes_and_a_body_without_length(server):
    assert httpx.get(server.url + "/v1/check").status_code == 404
    assert httpx.post(server.url + "/nowhere", json={}).status_code == 404
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        head = sock.recv(4096).decode()
    assert head.startswith("HTTP/1.1 411")


def test_many_clients_at_once(server):
    errors: list[BaseException] = []

    def client(k: int) -> None:
        try:
            items = [item(f"{k}-{i}", "answer", "", str(i + k), reference=str(i)) for i in range(6)]
            with CheckClient(server.url) as c:
                for _ in range(3):
                    results = c.check(items)
                    want = ["proved" if k == 0 else "refuted"] * 6
                    assert [r["status"] for r in results] == want
                    assert [r["id"] for r in results] == [i["id"] for i in items]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors[0]


def test_a_client_that_hangs_up_mid_batch_cancels_the_rest(server):
    """12 SMT items that each run to a 1 s limit on 2 workers: the client leaves after the
    first ones start; the unstarted items are cancelled and the server keeps serving."""
    before = httpx.get(server.url + "/health").json()
    body = json.dumps(
        {"items": [item(f"f{i}", "smt", FERMAT) for i in range(12)], "timeout_s": 1.0}
    ).encode()
    host, port = server.server_address[:2]
    sock = socket.create_connection((host, port), timeout=10)
    head = f"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n"
    sock.sendall(head.encode() + body)
    time.sleep(0.5)
    sock.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        health = httpx.get(server.url + "/health").json()
        if health["cancelled"] > before["cancelled"]:
            break
        time.sleep(0.2)
    assert health["cancelled"] - before["cancelled"] >= 6
    with CheckClient(server.url) as client:
        (result,) = client.check([item("after", "answer", "", "4", reference="4")])
    assert result["status"] == "proved"


def test_a_token_is_required_off_loopback():
    runner = BatchRunner(RunnerOptions(jobs=1))
    try:
        with pytest.raises(InputError, match="without a token"):
            CheckServer("0.0.0.0", 0, runner=runner)
        srv = CheckServer("0.0.0.0", 0, runner=runner, token="s3cret")
        srv.start()
        url = f"http://127.0.0.1:{srv.server_address[1]}"
        body = json.dumps({"items": [item("t", "answer", "", "1", reference="1")]}).encode()
        assert _post(url, body).status_code == 401
        assert _post(url, body, Authorization="Bearer wrong").status_code == 401
        assert _post(url, body, Authorization="Bearer s3cret").status_code == 200
        with CheckClient(url, token="s3cret") as client:
            (result,) = client.check(json.loads(body)["items"])
        assert result["status"] == "proved"
        srv.shutdown()
        srv.server_close()
    finally:
        runner.close()


def test_the_command_serves_and_refuses_an_open_address_without_token(tmp_path):
    env = {**os.environ, "PROOFSMITH_CHECK_TOKEN": ""}
    refused = subprocess.run(
        [PROOFSMITH, "serve-checkers", "--host", "0.0.0.0", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: refusing to serve checks on 0.0.0.0 without a token")
    with serve_checkers_process(["--port", "0", "--jobs", "1"]) as url, CheckClient(url) as client:
        (result,) = client.check([item("c", "answer", "", "\\boxed{6}", reference="6")])
    assert result["status"] == "proved"


def test_a_request_cannot_raise_the_time_limit_past_the_servers_cap():
    from proofsmith.service.records import parse_items

    with BatchRunner(RunnerOptions(jobs=1, max_timeout_s=0.5)) as runner:
        (record,) = runner.run(parse_items([item("f", "smt", FERMAT)]), timeout_s=1e9)
    assert record["status"] == "timeout"  # at the 0.5 s cap: 1e9 s would hang the test
