"""``load_prover(spec)``: one string names any backend.

- ``"portfolio"`` → the model-free :class:`~proofsmith.provers.backends.portfolio.PortfolioProver`;
- ``"http://host:port[/v1][#model]"`` → :class:`~proofsmith.provers.backends.openai.client.OpenAIProver`
  for a vLLM/SGLang/``proofsmith serve`` server (``#model`` or ``model=`` picks the served
  model; default: the only/first one the server lists);
- anything else → a Hugging Face id or local path for
  :class:`~proofsmith.provers.backends.local.LocalProver` (``dtype=``, ``device=``, ``gguf_file=``).

Backends are imported lazily so ``portfolio`` and HTTP never import torch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from proofsmith.errors import InputError
from proofsmith.provers.base import Prover

__all__ = ["check_prover_spec", "load_prover"]


def check_prover_spec(spec: str) -> None:
    """Raise InputError when ``spec`` cannot name a prover (nothing is loaded or contacted)."""
    spec = spec.strip()
    if not spec:
        raise InputError(
            "empty prover spec", hint="Use 'portfolio', a model id/path, or an http(s) URL."
        )
    if spec == "portfolio" or spec.startswith(("http://", "https://")):
        return
    if "://" in spec:
        raise InputError(
            f"unsupported prover URL {spec!r}",
            hint="A served model is an http(s) URL, e.g. http://127.0.0.1:8000/v1.",
        )
    path = Path(spec).expanduser()
    hint = (
        "Give a model directory (config.json and weights, or a .gguf file), a Hugging Face "
        "id, 'portfolio' or a server URL."
    )
    if spec.startswith((".", "/", "~")) and not path.exists():
        raise InputError(f"no model at {spec}: no such file or folder", hint=hint)
    names = ("config.json", "adapter_config.json")  # a model, or a PEFT adapter on its base
    if path.is_dir() and not (
        any((path / name).is_file() for name in names) or any(path.glob("*.gguf"))
    ):
        raise InputError(f"no model at {spec}: the folder has no config.json", hint=hint)


def load_prover(spec: str, **options: Any) -> Prover:
    """Build the prover ``spec`` names; ``options`` go to that backend's constructor."""
    check_prover_spec(spec)
    spec = spec.strip()
    if spec == "portfolio":
        from proofsmith.provers.backends.portfolio import PortfolioProver

        return PortfolioProver(**options)
    if spec.startswith(("http://", "https://")):
        from proofsmith.provers.backends.openai.client import OpenAIProver

        url, _, model = spec.partition("#")
        if model:
            options.setdefault("model", model)
        return OpenAIProver(url, **options)
    from proofsmith.provers.backends.local import LocalProver

    return LocalProver(spec, **options)
