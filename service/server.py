"""The HTTP check server behind ``proofsmith serve-checkers`` (standard library only).

Routes: ``GET /health`` (200 with the runner's counters once the server listens) and
``POST /v1/check`` (records in :mod:`proofsmith.service.records`). Every request gets a
JSON answer: 400 malformed JSON, 401 a missing or wrong bearer token, 404 an unknown path,
411 no Content-Length, 413 a body or batch over the limits, 422 an item that is not a
valid check item (named in the reason). A handler never lets an exception reach the
server loop, and a client that hangs up mid-batch has its unstarted items cancelled.

A bearer token is required whenever the server binds to anything but a loopback address.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import select
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from proofsmith.errors import InputError
from proofsmith.service.records import RequestError, parse_request
from proofsmith.service.runner import BatchRunner

__all__ = ["CheckServer", "ServerLimits", "is_loopback"]

TOKEN_ENV = "PROOFSMITH_CHECK_TOKEN"


@dataclass(frozen=True)
class ServerLimits:
    """What one request may carry."""

    max_body_bytes: int = 32 * 1024 * 1024
    max_items: int = 10_000


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; anything else is reachable from outside."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a reward loop reuses one connection
    timeout = 300  # seconds a socket read or write may stall (a half-sent body, an idle client)
    server: CheckServer

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if status >= 400 and status != 422:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client went away
            self.close_connection = True

    def _error(self, status: int, reason: str) -> None:
        self._send(status, {"error": reason})

    def _authorized(self) -> bool:
        token = self.server.token
        if token is None:
            return True
        offered = self.headers.get("Authorization", "")
        return hmac.compare_digest(offered.encode(), f"Bearer {token}".encode())

    def _client_gone(self) -> bool:
        """True when the client closed its end (readable with nothing to read)."""
        sock = self.connection
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            if not readable:
                return False
            return sock.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/health":
            self._send(200, {"status": "ok", **self.server.runner.stats})
        else:
            self._error(404, f"no route GET {self.path}; try GET /health or POST /v1/check")

    def do_POST(self) -> None:
        try:
            self._post()
        except Exception as exc:  # never let one request take the server down
            self._error(500, f"internal error: {type(exc).__name__}")

    def _post(self) -> None:
        path = self.path.split("?")[0]
        if not self._authorized():
            self._error(401, "missing or wrong bearer token (send Authorization: Bearer <token>)")
            return
        if path != "/v1/check":
            self._error(404, f"no route POST {self.path}; try POST /v1/check")
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._error(411, "send the body with a Content-Length header")
            return
        limits = self.server.limits
        if int(length) > limits.max_body_bytes:
            self._error(413, f"body of {length} bytes is over the limit of {limits.max_body_bytes}")
            return
        body = self.rfile.read(int(length))
        try:
            items, timeout_s = parse_request(body, max_items=limits.max_items)
        except RequestError as exc:
            self._error(exc.status, exc.reason)
            return
        results = self.server.runner.run(items, timeout_s, gone=self._client_gone)
        if results is None:  # the client hung up: nobody to answer
            self.close_connection = True
            return
        self._send(200, {"results": results})


class CheckServer(ThreadingHTTPServer):
    """A threaded HTTP server answering checks with a :class:`BatchRunner`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        runner: BatchRunner,
        token: str | None = None,
        limits: ServerLimits = ServerLimits(),
        verbose: bool = False,
    ) -> None:
        if not token and not is_loopback(host):
            raise InputError(
                f"refusing to serve checks on {host} without a token",
                hint=f"Pass --token (or set {TOKEN_ENV}) when binding off loopback.",
            )
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.runner = runner
        self.token = token or None
        self.limits = limits
        self.verbose = verbose
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}"

    def start(self) -> threading.Thread:
        """Serve in a daemon thread (tests, benches); ``shutdown()`` stops it."""
        thread = threading.Thread(target=self.serve_forever, name="proofsmith-serve", daemon=True)
        thread.start()
        return thread
