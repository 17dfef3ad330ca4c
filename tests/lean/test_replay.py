"""Replay every recorded REPL session through the real driver against the fake REPL."""

from __future__ import annotations

import json

import pytest
from lean_helpers import FIXTURES, expected_for, transcript_command, transcripts

from proofsmith.checkers.lean.protocol import (
    CommandResponse,
    LeanError,
    ProofStepResponse,
    encode_request,
    iter_json_objects,
    parse_reply,
    parse_request,
    split_request_stream,
)
from proofsmith.checkers.lean.repl import ReplProcess

if not FIXTURES.is_dir():
    pytest.skip("../shared/fixtures/lean-repl is not available", allow_module_level=True)

ALL = transcripts()


def _recorded(path):
    requests = [json.loads(r) for r in split_request_stream(path.read_text(encoding="utf-8"))]
    replies = [obj for _, _, obj in iter_json_objects(expected_for(path).read_text("utf-8"))]
    return requests, replies


def test_fixture_counts_match_the_readme():
    top = [p for p in ALL if "Mathlib" not in p.parts]
    assert len(top) == 55 and len(ALL) - len(top) == 16
    assert sum(len(_recorded(p)[1]) for p in ALL) == 217


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_recorded_reply_parses_into_the_typed_models(path):
    requests, replies = _recorded(path)
    assert len(requests) == len(replies)
    for request, reply in zip(requests, replies, strict=True):
        typed = parse_request(request)
        assert json.loads(encode_request(typed)) == request  # wire aliases round-trip
        parsed = parse_reply(reply)
        if "message" in reply:
            assert isinstance(parsed, LeanError)
        elif "proofStatus" in reply or ("proofState" in reply and "env" not in reply):
            assert isinstance(parsed, ProofStepResponse)
            assert parsed.completed == (reply.get("proofStatus") == "Completed")
        else:
            assert isinstance(parsed, CommandResponse)
            assert len(parsed.messages) == len(reply.get("messages", []))
            assert len(parsed.sorries) == len(reply.get("sorries", []))
        assert _drop_empty(parsed.model_dump(by_alias=True, exclude_none=True)) == _drop_empty(
            reply
        )


def _drop_empty(obj):
    """Absent lists mean empty: compare with empty lists removed at every depth."""
    if isinstance(obj, dict):
        return {k: _drop_empty(v) for k, v in obj.items() if v != [] and v is not None}
    if isinstance(obj, list):
        return [_drop_empty(v) for v in obj]
    return obj


def test_all_transcripts_through_the_driver():
    """The real driver's framing: each request encoded by us, each reply read and parsed."""
    for path in ALL:
        requests, replies = _recorded(path)
        with ReplProcess(transcript_command(path)) as repl:
            for request, reply in zip(requests, replies, strict=True):
                got = repl.send(parse_request(request), timeout_s=20)
                assert got == parse_reply(reply), f"{path.name}: {request}"
            pid = repl.pid
        assert not repl.alive and pid > 0


def test_raw_newline_requests_are_glued_like_the_repl_does():
    text = (FIXTURES / "test" / "invalid_line_break.in").read_text()
    first = json.loads(split_request_stream(text)[0])
    assert first["cmd"] == "theorem foo : 1 = 1 := bysorry"


def test_self_proof_status_error_is_not_completed():
    path = FIXTURES / "test" / "self_proof_rw.in"
    _, replies = _recorded(path)
    step = parse_reply(replies[-1])
    assert isinstance(step, ProofStepResponse)
    assert step.goals == [] and not step.completed
