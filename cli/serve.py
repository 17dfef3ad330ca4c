"""Command ``proofsmith serve MODEL``: an OpenAI-compatible completions server.

Loads MODEL (a Hugging Face id or local directory, ``--gguf-file`` for a GGUF checkpoint,
or ``portfolio`` for the model-free prover) and serves ``/v1/completions``,
``/v1/models`` and ``/health`` until Ctrl-C. Point any proofsmith command at the printed
URL (or use vLLM/SGLang for real GPU serving; the client is the same).
"""

from __future__ import annotations

from typing import Annotated

import typer

from proofsmith.cli.apps import app
from proofsmith.cli.output import console, emit, handle_errors

__all__ = ["serve"]


@app.command("serve")
def serve(
    model: Annotated[str, typer.Argument(help="Model id or path, or 'portfolio'.")],
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 = any free).")] = 8000,
    dtype: Annotated[
        str, typer.Option(help="auto | float32 | float16 | bfloat16 (auto: bf16 on GPU).")
    ] = "auto",
    device: Annotated[
        str | None, typer.Option(help="cuda, cuda:1, cpu… (default: cuda if present).")
    ] = None,
    gguf_file: Annotated[
        str | None, typer.Option("--gguf-file", help="GGUF file inside MODEL's directory.")
    ] = None,
    served_model_name: Annotated[
        str | None,
        typer.Option("--served-model-name", help="Name clients use (default: MODEL)."),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Rows decoded together.")] = 16,
    seed: Annotated[int | None, typer.Option(help="Seed torch once at start.")] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print {url, model} as one JSON line on stdout.")
    ] = False,
) -> None:
    """Serve MODEL over the OpenAI-compatible completions API until Ctrl-C."""
    from proofsmith.provers.backends.openai.server import CompletionServer
    from proofsmith.provers.load import load_prover

    with handle_errors():
        if model == "portfolio":
            prover = load_prover(model)
        else:
            options = {"dtype": dtype, "device": device, "batch_size": batch_size, "seed": seed}
            if gguf_file:
                options["gguf_file"] = gguf_file
            prover = load_prover(model, **options)
        server = CompletionServer(
            prover, model_name=served_model_name or model, host=host, port=port
        )
        if json_out:
            emit({"url": server.url, "model": server.model_name})
        console.print(f"serving {server.model_name!r} at {server.url}  (Ctrl-C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            console.print("stopped")
        finally:
            server.httpd.server_close()
            close = getattr(prover, "close", None)
            if close is not None:
                close()
