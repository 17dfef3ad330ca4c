"""Client for an OpenAI-compatible completions server (vLLM, SGLang, ``proofsmith serve``).

:class:`OpenAIProver` sends one ``/v1/completions`` request per prompt (``n`` samples each,
log-probs requested), up to ``max_concurrency`` in flight on a thread pool, and retries
connection errors, 5xx and 429 with exponential back-off and full jitter. A 4xx other than
429 is not retried. httpx errors are translated here and nowhere else:

- nothing listening / connection refused / timed out after the retries → ServerUnreachable
- an error status (unknown model, bad request, 5xx after retries) → ServerRejected, with the
  server's own message
- a reply that is not the expected JSON → ServerRejected with ``raw`` attached

At construction ``GET /v1/models`` checks the server and the model name, so a wrong URL or
name fails before any work starts.
"""

from __future__ import annotations

import json
import math
import random
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from proofsmith.errors import InputError, ServerRejected, ServerUnreachable
from proofsmith.provers.backends.openai.protocol import (
    CompletionReply,
    CompletionRequest,
    ModelList,
    error_message,
)
from proofsmith.provers.base import DEFAULT_SAMPLING, Candidate, SamplingParams

__all__ = ["OpenAIProver", "RetryPolicy", "api_base"]

_Reply = TypeVar("_Reply", bound=BaseModel)
_RETRY_STATUS = {429, 500, 502, 503, 504}
_TRANSPORT_ERRORS = (httpx.TransportError,)  # connect/read/write errors, timeouts, protocol


class RetryPolicy:
    """Exponential back-off with full jitter: sleep U(0, min(max_s, base_s * 2**attempt))."""

    def __init__(self, retries: int = 4, base_s: float = 0.5, max_s: float = 8.0) -> None:
        self.retries = retries  # extra attempts after the first, >= 0
        self.base_s = base_s  # first back-off ceiling, seconds
        self.max_s = max_s  # largest back-off ceiling, seconds

    def delay(self, attempt: int) -> float:
        return random.uniform(0, min(self.max_s, self.base_s * (2**attempt)))


def api_base(url: str) -> str:
    """``http://host:8000`` or ``…/v1/`` → ``http://host:8000/v1``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            f"not an http(s) server URL: {url!r}", hint="Use e.g. http://127.0.0.1:8000/v1"
        )
    base = url.rstrip("/")
    return base if base.endswith("/v1") else base + "/v1"


class OpenAIProver:
    """A prover served over HTTP; thread-safe, many requests in flight."""

    parallel_requests = True  # callers send one request per thread rather than big batches

    def __init__(
        self,
        url: str,
        *,
        model: str | None = None,
        max_concurrency: int = 32,
        timeout_s: float = 600.0,
        connect_timeout_s: float = 5.0,
        retry: RetryPolicy | None = None,
        logprobs: int = 1,
        api_key: str | None = None,
        check: bool = True,
        name: str | None = None,
    ) -> None:
        """Connect to ``url``; ``model`` defaults to the first model the server lists.

        ``timeout_s`` bounds one request (generation included); ``logprobs`` is the number
        of alternatives asked per token (the sampled token's log-prob always comes back).
        """
        if max_concurrency < 1:
            raise InputError(f"max_concurrency must be >= 1, got {max_concurrency}")
        self.base_url = api_base(url)
        self.retry = retry or RetryPolicy()
        self.logprobs = logprobs
        self.max_concurrency = max_concurrency
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s),
            limits=httpx.Limits(
                max_connections=max_concurrency, max_keepalive_connections=max_concurrency
            ),
        )
        self._pool = ThreadPoolExecutor(max_workers=max_concurrency, thread_name_prefix="openai")
        self._closed = threading.Event()
        self.model = model or ""
        if check:
            try:
                self.model = self._check_model(model)
            except BaseException:
                self.close()
                raise
        elif not model:
            raise InputError("model= is needed when check=False")
        self.name = name or self.model

    # -- the Prover interface ---------------------------------------------------------------

    def generate(
        self, prompts: Sequence[str], params: SamplingParams = DEFAULT_SAMPLING
    ) -> list[list[Candidate]]:
        """Up to ``params.n`` candidates per prompt (``n`` from a sampling server), one
        request per prompt, requests run concurrently."""
        try:
            requests = [
                CompletionRequest(
                    model=self.model,
                    prompt=p,
                    n=params.n,
                    max_tokens=params.max_tokens,
                    temperature=params.temperature,
                    top_p=params.top_p,
                    stop=list(params.stop) or None,
                    logprobs=self.logprobs,
                )
                for p in prompts
            ]
        except ValidationError as exc:
            raise InputError(f"bad sampling parameters: {exc.errors()[0]['msg']}") from exc
        futures = [self._pool.submit(self._complete, r) for r in requests]
        try:
            return [f.result() for f in futures]
        except BaseException:
            for f in futures:
                f.cancel()
            raise

    def close(self) -> None:
        """Finish in-flight requests and close connections."""
        if not self._closed.is_set():
            self._closed.set()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._client.close()

    def __enter__(self) -> OpenAIProver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ------------------------------------------------------------------------

    def _reply(self, kind: type[_Reply], path: str, body: Any) -> _Reply:
        """``body`` read as ``kind``; a body that does not fit is ServerRejected."""
        try:
            return kind.model_validate(body)
        except ValidationError as exc:
            raise ServerRejected(
                f"{self.base_url}{path} answered with something that is not a {kind.__name__}",
                hint="Is this an OpenAI-compatible server (vLLM, SGLang, proofsmith serve)?",
                raw=json.dumps(body)[:2000],
            ) from exc

    def _check_model(self, model: str | None) -> str:
        body = self._request("GET", "/models")
        served = [card.id for card in self._reply(ModelList, "/models", body).data]
        if not served:
            raise ServerRejected(f"the server at {self.base_url} lists no models")
        if model is None:
            return served[0]
        if model not in served:
            raise ServerRejected(
                f"the server at {self.base_url} does not serve model {model!r}; it serves: "
                + ", ".join(served),
                hint="Pass one of those names (vLLM serves the name given to `vllm serve` or "
                "--served-model-name).",
            )
        return model

    def _complete(self, req: CompletionRequest) -> list[Candidate]:
        body = self._request("POST", "/completions", req.model_dump(exclude_none=True))
        reply = self._reply(CompletionReply, "/completions", body)
        choices = sorted(reply.choices, key=lambda c: c.index)
        if len(choices) > req.n:  # fewer is allowed: a served portfolio proposes up to n
            raise ServerRejected(
                f"asked for n={req.n} completions, the server returned {len(choices)}",
                raw=json.dumps(body)[:2000],
            )
        prompt = req.prompt if isinstance(req.prompt, str) else req.prompt[0]
        return [_candidate(c, prompt) for c in choices]

    def _request(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        """One call with retries; returns the decoded JSON body or raises our errors."""
        url = self.base_url + path
        attempt = 0
        while True:
            try:
                resp = self._client.request(method, path, json=payload)
            except _TRANSPORT_ERRORS as exc:
                if attempt < self.retry.retries and not self._closed.is_set():
                    time.sleep(self.retry.delay(attempt))
                    attempt += 1
                    continue
                port = urlsplit(self.base_url).port or 8000
                raise ServerUnreachable(
                    f"nothing answers at {url} ({type(exc).__name__}: {exc}; "
                    f"{attempt + 1} attempts)",
                    hint=f"Start a server first, e.g.: vllm serve MODEL --port {port}  "
                    f"(or: proofsmith serve MODEL --port {port}), then pass {self.base_url}",
                ) from exc
            if resp.status_code in _RETRY_STATUS and attempt < self.retry.retries:
                time.sleep(self.retry.delay(attempt))
                attempt += 1
                continue
            try:
                body = resp.json()
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise ServerRejected(
                    f"{url} answered {resp.status_code} with a body that is not JSON",
                    raw=resp.text[:2000],
                    status=resp.status_code,
                ) from exc
            if resp.status_code >= 400:
                message = error_message(body) or resp.text[:500]
                raise ServerRejected(
                    f"{url} answered {resp.status_code}: {message}",
                    hint=_hint_for(resp.status_code),
                    raw=resp.text[:2000],
                    status=resp.status_code,
                )
            return body


def _hint_for(status: int) -> str:
    if status == 404:
        return "Check the model name against GET /v1/models (vLLM: `vllm serve` name or --served-model-name)."
    if status in (401, 403):
        return "The server wants an API key: pass api_key=... (vLLM: --api-key)."
    if status >= 500:
        return "The server failed repeatedly; look at its log (out of memory? crashed worker?)."
    return "The server refused the request parameters; see its message above."


def _candidate(choice: Any, prompt: str) -> Candidate:
    lps = choice.logprobs.token_logprobs if choice.logprobs else []
    known = [x for x in lps if x is not None]
    total = sum(known) if known else (0.0 if not lps else -math.inf)
    return Candidate(
        text=choice.text,
        logprob=float(total),
        num_tokens=len(lps),
        prompt=prompt,
        finish_reason=choice.finish_reason or "",
    )
