"""Command ``proofsmith serve-checkers``: the HTTP check server (proofsmith.service).

Keeps warm checker workers for every domain and answers ``GET /health`` and
``POST /v1/check`` until Ctrl-C (the API is in proofsmith/service/server.py). A bearer
token (``--token`` or PROOFSMITH_CHECK_TOKEN) is required off loopback.
"""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from proofsmith.cli.apps import app
from proofsmith.cli.output import console, emit, handle_errors

__all__ = ["serve_checkers"]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@app.command("serve-checkers")
def serve_checkers(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 = any free).")] = 8100,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Workers per domain (0: all cores).")
    ] = 0,
    timeout: Annotated[
        float | None,
        typer.Option(min=0.01, help="Default seconds per item (default: each checker's own)."),
    ] = None,
    max_timeout: Annotated[
        float, typer.Option(min=0.01, help="Most seconds per item a request may ask for.")
    ] = 300.0,
    memory_mb: Annotated[
        int | None, typer.Option("--memory-mb", help="Memory cap of each worker (MiB).")
    ] = None,
    max_body_mb: Annotated[
        float, typer.Option("--max-body-mb", min=0.001, help="Largest request body (MiB).")
    ] = 32.0,
    max_items: Annotated[int, typer.Option(min=1, help="Most items in one request.")] = 10_000,
    token: Annotated[
        str | None,
        typer.Option(envvar="PROOFSMITH_CHECK_TOKEN", help="Bearer token clients must send."),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print {url} as one JSON line on stdout.")
    ] = False,
) -> None:
    """Serve checks for every domain over HTTP until Ctrl-C."""
    from proofsmith.service import BatchRunner, CheckServer, RunnerOptions, ServerLimits

    with handle_errors():
        runner = BatchRunner(
            RunnerOptions(
                jobs=jobs, timeout_s=timeout, max_timeout_s=max_timeout, memory_mb=memory_mb
            )
        )
        limits = ServerLimits(max_body_bytes=int(max_body_mb * 1024 * 1024), max_items=max_items)
        try:
            server = CheckServer(host, port, runner=runner, token=token, limits=limits)
        except OSError as exc:
            runner.close()
            from proofsmith.errors import InputError

            raise InputError(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                hint="Pick another --port (0 takes any free one).",
            ) from exc
        except BaseException:
            runner.close()
            raise
        if json_out:
            emit({"url": server.url})
        console.print(f"serving checks at {server.url}  (Ctrl-C stops)", highlight=False)
        signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop: clean shutdown
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            console.print("stopped")
        finally:
            server.server_close()
            runner.close()
