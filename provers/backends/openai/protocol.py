"""Typed messages of the OpenAI-compatible completions API (only what proofsmith uses).

Mirrors the legacy ``/v1/completions`` and ``/v1/models`` shapes as served by vLLM
(``vllm/entrypoints/openai/protocol.py``: ``CompletionRequest``, ``CompletionResponse``,
``CompletionLogProbs``, ``ErrorResponse``) and SGLang. Requests are strict (a typo is a
bug in our code); replies are tolerant (servers add fields, and leave some out).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Choice",
    "ChoiceLogprobs",
    "CompletionReply",
    "CompletionRequest",
    "ErrorReply",
    "ModelCard",
    "ModelList",
    "Usage",
    "error_message",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Tolerant(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class CompletionRequest(_Strict):
    """Body of ``POST /v1/completions``."""

    model: str
    """Served model name (vLLM: the ``--served-model-name`` or the model path/id)."""
    prompt: str | list[str]
    """One prompt or a batch; choices come prompt-major, ``n`` per prompt."""
    n: int = Field(1, ge=1)
    max_tokens: int = Field(16, ge=1)
    temperature: float = Field(1.0, ge=0)
    top_p: float = Field(1.0, gt=0, le=1)
    stop: list[str] | None = None
    logprobs: int | None = Field(None, ge=0, le=20)
    """Number of alternatives per token; any value asks for the sampled tokens' log-probs."""
    stream: bool = False
    seed: int | None = None


class ChoiceLogprobs(_Tolerant):
    """``choices[i].logprobs``: one entry per generated token."""

    tokens: list[str] = []
    token_logprobs: list[float | None] = []
    text_offset: list[int] | None = None
    top_logprobs: list[dict[str, float] | None] | None = None


class Choice(_Tolerant):
    """One completion."""

    index: int = 0
    text: str = ""
    logprobs: ChoiceLogprobs | None = None
    finish_reason: str | None = None


class Usage(_Tolerant):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class CompletionReply(_Tolerant):
    """Body of a successful completions reply."""

    id: str = ""
    object: str = "text_completion"
    created: int = 0
    model: str = ""
    choices: list[Choice]
    usage: Usage | None = None


class ModelCard(_Tolerant):
    id: str
    object: str = "model"
    owned_by: str = ""
    max_model_len: int | None = None


class ModelList(_Tolerant):
    """Body of ``GET /v1/models``."""

    object: str = "list"
    data: list[ModelCard] = []


class ErrorReply(_Tolerant):
    """vLLM's error body: ``{"object": "error", "message", "type", "param", "code"}``."""

    object: Literal["error"] = "error"
    message: str
    type: str = ""
    param: str | None = None
    code: int


def error_message(body: Any) -> str | None:
    """The message of an error body in vLLM's flat or OpenAI's nested ``{"error": {...}}`` shape."""
    if not isinstance(body, dict):
        return None
    nested = body.get("error")
    if isinstance(nested, dict) and isinstance(nested.get("message"), str):
        return nested["message"]
    if isinstance(nested, str):
        return nested
    if isinstance(body.get("message"), str):
        return body["message"]
    if isinstance(body.get("detail"), str):  # FastAPI-style
        return body["detail"]
    return None
