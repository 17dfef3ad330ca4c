"""A client for a running ``serve-checkers``: the same records over HTTP, one connection kept.

``CheckClient(url).check(items)`` posts a batch and returns the result records in item
order; items are :class:`~proofsmith.service.records.CheckItem` values or their dicts.
Transport failures become :class:`~proofsmith.errors.ServerUnreachable`, error answers
:class:`~proofsmith.errors.ServerRejected` (with the server's one-line reason).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from proofsmith.errors import ServerRejected, ServerUnreachable
from proofsmith.service.records import CheckItem
from proofsmith.service.server import TOKEN_ENV

__all__ = ["CheckClient"]


class CheckClient:
    """Talks to ``serve-checkers`` at ``url`` (``http://host:port``). Thread-safe; close() it."""

    def __init__(self, url: str, *, token: str | None = None, timeout_s: float = 600.0) -> None:
        self.url = url.rstrip("/")
        token = token or os.environ.get(TOKEN_ENV)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(headers=headers, timeout=timeout_s)

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            reply = self._http.request(method, self.url + path, **kwargs)
        except httpx.HTTPError as exc:
            raise ServerUnreachable(
                f"cannot reach the check server at {self.url}: {exc}",
                hint="Start it with `proofsmith serve-checkers` or fix the URL.",
            ) from exc
        try:
            data = reply.json()
        except ValueError:
            data = {"error": reply.text[:200]}
        if reply.status_code != 200:
            raise ServerRejected(
                f"check server answered {reply.status_code}: {data.get('error', data)}",
                status=reply.status_code,
            )
        return data

    def health(self) -> dict[str, Any]:
        """The server's ``/health`` record (raises if it is not up)."""
        return self._call("GET", "/health")

    def check(
        self, items: Iterable[CheckItem | Mapping[str, Any]], timeout_s: float | None = None
    ) -> list[dict[str, Any]]:
        """Result records for ``items``, in order."""
        payload: dict[str, Any] = {
            "items": [i.to_dict() if isinstance(i, CheckItem) else dict(i) for i in items]
        }
        if timeout_s is not None:
            payload["timeout_s"] = timeout_s
        return self._call("POST", "/v1/check", json=payload)["results"]

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CheckClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
