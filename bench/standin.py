"""A stand-in for a vLLM server: the OpenAI completions API with a GPU's shape, no GPU.

The server runs at most ``capacity`` sequences at once (a request for ``n`` completions holds
``n`` of them) and each sequence takes ``latency_s``; requests beyond the capacity wait for
room, as they do in vLLM's scheduler. It answers arithmetic questions ``What is A+B?`` with
``\\boxed{A+B}`` in half the completions and a wrong ``\\boxed{…}`` in the rest, so the real
answer checker has work to do. Listens on 127.0.0.1 only and counts what it saw:
the most sequences and requests in flight at once and the busy time.

    server = StandIn(capacity=64, latency_s=0.5).start()   # server.url, server.stats()
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_SUM = re.compile(r"What is (\d+)\+(\d+)\?")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # many clients connect at once


class StandIn:
    """The server and its counters (thread-safe)."""

    def __init__(self, capacity: int = 64, latency_s: float = 0.5, model: str = "stand-in"):
        self.capacity, self.latency_s, self.model = capacity, latency_s, model
        self._room = threading.Condition()
        self._busy = 0  # sequences running
        self._requests = 0  # requests received and not answered (running or waiting)
        self.max_sequences = 0
        self.max_requests = 0
        self.sequences = 0
        self.requests = 0
        self._httpd: ThreadingHTTPServer | None = None

    # -- the simulated GPU ---------------------------------------------------------------

    def run(self, n: int) -> None:
        """Hold ``n`` sequence slots for one latency (waiting for room first)."""
        n = min(n, self.capacity)
        with self._room:
            self._requests += 1
            self.requests += 1
            self.sequences += n
            self.max_requests = max(self.max_requests, self._requests)
            self._room.wait_for(lambda: self._busy + n <= self.capacity)
            self._busy += n
            self.max_sequences = max(self.max_sequences, self._busy)
        time.sleep(self.latency_s)
        with self._room:
            self._busy -= n
            self._requests -= 1
            self._room.notify_all()

    def stats(self) -> dict[str, int]:
        with self._room:
            return {
                "requests": self.requests,
                "sequences": self.sequences,
                "max_sequences_in_flight": self.max_sequences,
                "max_requests_in_flight": self.max_requests,
            }

    def reset(self) -> None:
        with self._room:
            self.requests = self.sequences = self.max_sequences = self.max_requests = 0

    # -- HTTP ---------------------------------------------------------------------------

    def start(self) -> StandIn:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, code: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path.rstrip("/") == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": owner.model}]})
                else:
                    self._send(404, {"object": "error", "message": "not found", "code": 404})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                n = int(body.get("n", 1))
                owner.run(n)
                match = _SUM.findall(str(body["prompt"]))
                right = int(match[-1][0]) + int(match[-1][1]) if match else 0
                choices = []
                for i in range(n):
                    value = right if i % 2 == 0 else right + 1
                    text = f" The sum is \\boxed{{{value}}}."
                    choices.append(
                        {
                            "index": i,
                            "text": text,
                            "logprobs": {"tokens": [text], "token_logprobs": [-0.5]},
                            "finish_reason": "stop",
                        }
                    )
                self._send(
                    200, {"object": "text_completion", "model": owner.model, "choices": choices}
                )

        self._httpd = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
