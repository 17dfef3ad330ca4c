"""An OpenAI-compatible completions server for any prover (usually a local model).

For machines without vLLM, and to test the HTTP client against a real server. Routes:

- ``POST /v1/completions`` — ``prompt`` (string or list), ``n``, ``max_tokens``,
  ``temperature``, ``top_p``, ``stop``, ``logprobs``; reply with ``choices[i].text``,
  ``logprobs.tokens`` / ``token_logprobs``, ``finish_reason`` and ``usage``;
- ``GET /v1/models`` — the one served model; ``GET /health`` — 200 when up.

Errors use vLLM's body ``{"object": "error", "message", "type", "param", "code"}``: 404
for an unknown model (``The model `x` does not exist.``), 400 for a bad request, 500 when
generation fails. Requests are handled on threads; the prover serialises generation.
"""

from __future__ import annotations

import json
import math
import socket
import threading
import time
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import ValidationError

from proofsmith.errors import InputError, ProofsmithError
from proofsmith.provers.backends.openai.protocol import (
    Choice,
    ChoiceLogprobs,
    CompletionReply,
    CompletionRequest,
    ErrorReply,
    ModelCard,
    ModelList,
    Usage,
)
from proofsmith.provers.base import Prover, SamplingParams

__all__ = ["CompletionServer", "serve"]

MAX_BODY_BYTES = 16 * 1024 * 1024


class _HTTPError(Exception):
    def __init__(self, status: HTTPStatus, message: str, kind: str) -> None:
        super().__init__(message)
        self.status, self.message, self.kind = status, message, kind


class CompletionServer:
    """Serve ``prover`` under ``model_name`` on ``host:port`` (port 0 = any free port)."""

    def __init__(
        self,
        prover: Prover,
        *,
        model_name: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.prover = prover
        self.model_name = model_name or prover.name
        self.requests_served = 0
        handler = type("_Handler", (_Handler,), {"app": self})
        try:
            self.httpd = ThreadingHTTPServer((host, port), handler)
        except OSError as exc:
            raise InputError(
                f"cannot listen on {host}:{port}: {exc}",
                hint="Pick another --port (or 0 for any free port).",
            ) from exc
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    @property
    def url(self) -> str:
        """Base URL of the API, ending in ``/v1``."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> CompletionServer:
        """Serve on a background thread; returns self."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve on this thread until :meth:`close` or Ctrl-C."""
        self.httpd.serve_forever()

    def close(self) -> None:
        """Stop serving: refuse new connections and cut open keep-alive ones."""
        self.httpd.shutdown()
        self.httpd.server_close()
        with self._connections_lock:
            open_now = list(self._connections)
        for conn in open_now:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                continue  # already closed by its handler
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> CompletionServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- request handling (called from handler threads) --------------------------------

    def models(self) -> dict[str, Any]:
        card = ModelCard(id=self.model_name, owned_by="proofsmith")
        return ModelList(data=[card]).model_dump()

    def complete(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise _HTTPError(
                HTTPStatus.BAD_REQUEST, "the body must be a JSON object", "BadRequestError"
            )
        body = dict(body)
        if isinstance(body.get("stop"), str):
            body["stop"] = [body["stop"]]
        known = set(CompletionRequest.model_fields)
        body = {k: v for k, v in body.items() if k in known}  # ignore fields we don't use
        try:
            req = CompletionRequest.model_validate(body)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise _HTTPError(
                HTTPStatus.BAD_REQUEST, f"{where}: {first['msg']}", "BadRequestError"
            ) from exc
        if req.model != self.model_name:
            raise _HTTPError(
                HTTPStatus.NOT_FOUND, f"The model `{req.model}` does not exist.", "NotFoundError"
            )
        if req.stream:
            raise _HTTPError(
                HTTPStatus.BAD_REQUEST, "stream=true is not supported", "BadRequestError"
            )
        prompts = [req.prompt] if isinstance(req.prompt, str) else list(req.prompt)
        if not prompts:
            raise _HTTPError(HTTPStatus.BAD_REQUEST, "prompt is empty", "BadRequestError")
        args = (prompts, req.n, req.max_tokens, req.temperature, req.top_p, tuple(req.stop or ()))
        try:
            rows = _generate(self.prover, *args)
        except InputError as exc:
            raise _HTTPError(HTTPStatus.BAD_REQUEST, exc.message, "BadRequestError") from exc
        except ProofsmithError as exc:
            raise _HTTPError(
                HTTPStatus.INTERNAL_SERVER_ERROR, exc.message, "InternalServerError"
            ) from exc
        except Exception as exc:  # a model bug must become a 500, not a dropped connection
            raise _HTTPError(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                f"{type(exc).__name__}: {exc}",
                "InternalServerError",
            ) from exc
        choices, completion_tokens, prompt_tokens = [], 0, 0
        for row in rows:
            for text, tokens, lps, reason, _prompt_tokens in row:
                lp = (
                    ChoiceLogprobs(tokens=tokens, token_logprobs=lps)
                    if req.logprobs is not None
                    else None
                )
                choices.append(
                    Choice(index=len(choices), text=text, logprobs=lp, finish_reason=reason)
                )
                completion_tokens += len(tokens)
            prompt_tokens += row[0][4] if row else 0
        self.requests_served += 1
        return CompletionReply(
            id=f"cmpl-{uuid.uuid4().hex}",
            created=int(time.time()),
            model=self.model_name,
            choices=choices,
            usage=Usage(
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                total_tokens=prompt_tokens + completion_tokens,
            ),
        ).model_dump()


def _generate(prover: Prover, prompts, n, max_tokens, temperature, top_p, stop):
    """Rows of (text, tokens, token_logprobs, finish_reason, prompt_tokens) per prompt."""
    params = SamplingParams(n, max_tokens, temperature, top_p, tuple(stop))
    traced = getattr(prover, "generate_traces", None)
    if traced is not None:
        rows = traced(prompts, params)
        return [
            [
                (
                    t.candidate.text,
                    [prover.token_text(i) for i in t.token_ids],
                    [_finite(x) for x in t.token_logprobs],
                    t.candidate.finish_reason or "length",
                    t.prompt_tokens,
                )
                for t in row
            ]
            for row in rows
        ]
    # a prover without tokens (e.g. the portfolio): the whole text is one "token"
    rows = prover.generate(prompts, params)
    return [
        [(c.text, [c.text], [_finite(c.logprob)], c.finish_reason or "stop", 0) for c in row]
        for row in rows
    ]


class _Handler(BaseHTTPRequestHandler):
    app: CompletionServer
    protocol_version = "HTTP/1.1"
    server_version = "proofsmith-serve"

    def setup(self) -> None:
        super().setup()
        with self.app._connections_lock:
            self.app._connections.add(self.connection)

    def finish(self) -> None:
        with self.app._connections_lock:
            self.app._connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet; the CLI reports what matters

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        if path == "/health":
            self._send(HTTPStatus.OK, {"status": "ok"})
        elif path == "/v1/models":
            self._send(HTTPStatus.OK, self.app.models())
        else:
            self._error(_HTTPError(HTTPStatus.NOT_FOUND, f"no route GET {path}", "NotFoundError"))

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        try:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                raise _HTTPError(
                    HTTPStatus.BAD_REQUEST, "bad Content-Length", "BadRequestError"
                ) from None
            if length > MAX_BODY_BYTES:
                raise _HTTPError(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large", "BadRequestError"
                )
            raw = self.rfile.read(length)
            if path != "/v1/completions":
                raise _HTTPError(HTTPStatus.NOT_FOUND, f"no route POST {path}", "NotFoundError")
            try:
                body = json.loads(raw or b"null")
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise _HTTPError(
                    HTTPStatus.BAD_REQUEST, f"the body is not JSON: {exc}", "BadRequestError"
                ) from exc
            self._send(HTTPStatus.OK, self.app.complete(body))
        except _HTTPError as exc:
            self._error(exc)

    def _error(self, exc: _HTTPError) -> None:
        body = ErrorReply(message=exc.message, type=exc.kind, code=int(exc.status)).model_dump()
        self._send(exc.status, body)

    def _send(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _finite(x: float) -> float:
    """JSON has no -inf: report an impossible token as vLLM does, with a large negative number."""
    return x if math.isfinite(x) else -9999.0


def serve(
    prover: Prover, *, host: str = "127.0.0.1", port: int = 8000, model_name: str | None = None
) -> CompletionServer:
    """Create a server for ``prover`` (call ``serve_forever()`` or ``start()`` on it)."""
    return CompletionServer(prover, model_name=model_name, host=host, port=port)
