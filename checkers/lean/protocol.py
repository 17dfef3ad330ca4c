"""Typed requests and replies of the Lean REPL (leanprover-community/repl), and its framing.

Mirrors the JSON the REPL speaks at commit ``8948401ab4924499421c94b7facdfca5ff27d81d``
(2026-08-03, toolchain ``leanprover/lean4:v4.33.0-rc2``; upstream ``REPL/JSON.lean``), as
recorded in ``../shared/fixtures/lean-repl``. Requests are strict (unknown fields are an
error, nothing is sent we did not mean); replies are tolerant (a newer REPL may add
fields). Python names carry wire aliases: ``proof_state`` is ``proofState`` on the wire.

Framing: a request is one JSON object on one line (newlines inside strings escaped),
followed by a blank line. A reply is pretty-printed JSON over several lines, ended by a
blank line. Absent lists mean empty. ``{"message": …}`` is an error reply.
:func:`encode_request` and :func:`parse_reply` are the only places that touch the wire.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from proofsmith.errors import ProtocolError

__all__ = [
    "COMPLETED",
    "Command",
    "CommandResponse",
    "FileCommand",
    "LeanError",
    "Message",
    "PickleEnvironment",
    "PickleProofState",
    "Pos",
    "ProofStep",
    "ProofStepResponse",
    "Reply",
    "Request",
    "Sorry",
    "Tactic",
    "UnpickleEnvironment",
    "UnpickleProofState",
    "encode_request",
    "iter_json_objects",
    "parse_reply",
    "parse_request",
    "split_request_stream",
]

COMPLETED = "Completed"  # the only proofStatus that means the kernel accepted the proof


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _Reply(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


# ---------------------------------------------------------------- requests


class Command(_Request):
    """Elaborate Lean commands, on top of ``env`` or (without it) in a fresh environment."""

    cmd: str
    """Lean source; may contain ``import`` only when ``env`` is absent."""
    env: int | None = None
    """Environment id to run on top of; ``None`` starts fresh."""
    all_tactics: Annotated[bool | None, Field(alias="allTactics")] = None
    """Also report every tactic with its goals."""
    root_goals: Annotated[bool | None, Field(alias="rootGoals")] = None
    """Report a proof state for each declaration's root goal."""
    infotree: str | None = None
    """``"full"``, ``"tactics"``, ``"original"`` or ``"substantive"``."""


class FileCommand(_Request):
    """Elaborate a file by path (relative to the REPL's working directory)."""

    path: str
    env: int | None = None
    all_tactics: Annotated[bool | None, Field(alias="allTactics")] = None
    root_goals: Annotated[bool | None, Field(alias="rootGoals")] = None
    infotree: str | None = None


class ProofStep(_Request):
    """Run one tactic on a proof state."""

    tactic: str
    proof_state: Annotated[int, Field(alias="proofState")]


class PickleEnvironment(_Request):
    pickle_to: Annotated[str, Field(alias="pickleTo")]
    env: int


class PickleProofState(_Request):
    pickle_to: Annotated[str, Field(alias="pickleTo")]
    proof_state: Annotated[int, Field(alias="proofState")]


class UnpickleEnvironment(_Request):
    unpickle_env_from: Annotated[str, Field(alias="unpickleEnvFrom")]


class UnpickleProofState(_Request):
    unpickle_proof_state_from: Annotated[str, Field(alias="unpickleProofStateFrom")]
    env: int | None = None


Request = (
    Command
    | FileCommand
    | ProofStep
    | PickleEnvironment
    | PickleProofState
    | UnpickleEnvironment
    | UnpickleProofState
)

# ---------------------------------------------------------------- replies


class Pos(_Reply):
    """A source position: 1-based line, 0-based column (line 0 = unknown)."""

    line: int
    column: int


class Message(_Reply):
    """A message Lean printed about the input."""

    severity: Literal["info", "warning", "error"] | str
    pos: Pos | None = None
    end_pos: Annotated[Pos | None, Field(alias="endPos")] = None
    data: str = ""


class Sorry(_Reply):
    """A ``sorry`` in the input, with the goal it stands for and a proof state to continue."""

    goal: str = ""
    proof_state: Annotated[int | None, Field(alias="proofState")] = None
    pos: Pos | None = None
    end_pos: Annotated[Pos | None, Field(alias="endPos")] = None


class Tactic(_Reply):
    """One tactic of the input (only with ``allTactics``)."""

    tactic: str
    goals: str = ""
    proof_state: Annotated[int | None, Field(alias="proofState")] = None
    pos: Pos | None = None
    end_pos: Annotated[Pos | None, Field(alias="endPos")] = None
    used_constants: Annotated[list[str], Field(alias="usedConstants")] = []


class CommandResponse(_Reply):
    """The answer to a command or file: the new env id and what Lean said."""

    env: int
    messages: list[Message] = []
    sorries: list[Sorry] = []
    tactics: list[Tactic] = []
    infotree: list[Any] | None = None

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "error"]


class ProofStepResponse(_Reply):
    """The answer to a tactic step. Only ``proof_status == "Completed"`` means proved."""

    proof_state: Annotated[int, Field(alias="proofState")]
    goals: list[str] = []
    proof_status: Annotated[str | None, Field(alias="proofStatus")] = None
    messages: list[Message] = []
    sorries: list[Sorry] = []
    traces: list[str] = []

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "error"]

    @property
    def completed(self) -> bool:
        return self.proof_status == COMPLETED


class LeanError(_Reply):
    """An error reply: unknown env/proof state, or a tactic that failed to run."""

    message: str


Reply = CommandResponse | ProofStepResponse | LeanError

# ---------------------------------------------------------------- the wire


def encode_request(request: Request) -> bytes:
    """One request as it goes on the wire: a single JSON line plus the blank-line terminator."""
    data = request.model_dump(exclude_none=True, by_alias=True)
    return (json.dumps(data, ensure_ascii=False) + "\n\n").encode("utf-8")


_REQUEST_TYPES: tuple[type[_Request], ...] = (
    ProofStep,
    PickleProofState,
    PickleEnvironment,
    UnpickleProofState,
    UnpickleEnvironment,
    FileCommand,
    Command,
)


def parse_request(data: dict[str, Any]) -> Request:
    """A wire request dict as its typed model (used to replay recorded request streams)."""
    for cls in _REQUEST_TYPES:
        try:
            return cls.model_validate(data)
        except ValidationError:
            continue
    raise ProtocolError(f"not a REPL request: {json.dumps(data)[:200]}", raw=data)


def parse_reply(raw: str | bytes | dict[str, Any]) -> Reply:
    """Parse one reply (text or decoded dict) into its typed model; ProtocolError if neither."""
    if isinstance(raw, (str, bytes)):
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            raise ProtocolError(
                f"the Lean REPL answered something that is not JSON: {text[:200]!r}",
                hint="Check that --repl names the leanprover-community REPL binary.",
                raw=text,
            ) from exc
    else:
        data = raw
    if not isinstance(data, dict):
        raise ProtocolError(f"the Lean REPL answered a non-object: {str(data)[:200]}", raw=data)
    try:
        if "message" in data and "env" not in data and "proofState" not in data:
            return LeanError.model_validate(data)
        if "proofState" in data and "env" not in data:
            return ProofStepResponse.model_validate(data)
        return CommandResponse.model_validate(data)
    except ValidationError as exc:
        raise ProtocolError(
            f"unexpected Lean REPL reply: {json.dumps(data, ensure_ascii=False)[:200]}",
            hint="The REPL may be from another version; see `proofsmith lean doctor`.",
            raw=data,
        ) from exc


def split_request_stream(text: str) -> list[str]:
    """Split a REPL input stream into requests the way the REPL reads it.

    Lines up to a blank line form one request; each line loses its trailing whitespace and
    the lines are concatenated WITHOUT a newline (so a raw newline inside a JSON string glues
    tokens). Lines starting with ``#`` or ``--`` are skipped.
    """
    requests: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        stripped = line.rstrip()
        if stripped.startswith("#") or stripped.startswith("--"):
            continue
        if stripped == "":
            if current:
                requests.append("".join(current))
                current = []
            continue
        current.append(stripped)
    if current:
        requests.append("".join(current))
    return requests


def iter_json_objects(text: str) -> Iterator[tuple[int, int, Any]]:
    """Yield ``(start, end, object)`` for each JSON value in a stream of pretty-printed JSON."""
    decoder = json.JSONDecoder()
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        obj, end = decoder.raw_decode(text, i)
        yield i, end, obj
        i = end
