"""Verification as a service: the HTTP check server, its client, the batch runner.

Layering (tests/test_foundation.py): text → datasets → checkers → **service** → rewards →
provers → cli. service imports checkers (never provers), so a check server or a reward
function never loads a model; the MCP tool that proves a problem is added from the cli
layer (proofsmith.cli.mcp), which may import provers.

- :mod:`~proofsmith.service.records`: request/response records of ``POST /v1/check``;
- :mod:`~proofsmith.service.runner`: :class:`BatchRunner`, warm checkers, concurrent items;
- :mod:`~proofsmith.service.server`: :class:`CheckServer` (``proofsmith serve-checkers``);
- :mod:`~proofsmith.service.client`: :class:`CheckClient`, the same calls over HTTP;
- :mod:`~proofsmith.service.batch`: many SMT/code files or a JSONL in one process;
- :mod:`~proofsmith.service.mcp_server`: the MCP tools (``proofsmith mcp``).
"""

from proofsmith.service.client import CheckClient
from proofsmith.service.records import CheckItem, RequestError
from proofsmith.service.runner import BatchRunner, RunnerOptions, shared_runner
from proofsmith.service.server import CheckServer, ServerLimits

__all__ = [
    "BatchRunner",
    "CheckClient",
    "CheckItem",
    "CheckServer",
    "RequestError",
    "RunnerOptions",
    "ServerLimits",
    "shared_runner",
]
