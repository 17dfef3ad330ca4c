"""Command: ``finetune`` (supervised fine-tuning on verified proofs in a prompt format).

Runs unchanged under ``accelerate launch -m proofsmith …`` / ``torchrun -m proofsmith …``.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from proofsmith.cli.apps import app
from proofsmith.cli.output import console, emit, handle_errors, out

__all__ = ["FORMAT_HELP", "finetune_command", "finetune_config", "quiet_transformers"]

FORMAT_HELP = "Prompt format of the model: a built-in name or a .toml file."


def quiet_transformers() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


def finetune_config(**values):
    from proofsmith.provers.training.finetune import FinetuneConfig

    return FinetuneConfig(**values)


@app.command("finetune")
def finetune_command(
    data: Annotated[
        Path,
        typer.Argument(help="Verified proofs: exported JSONL, a run .db, or an HF dataset dir."),
    ],
    model: Annotated[str, typer.Option("--model", help="Base model: HF id or local directory.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the model to.")],
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "deepseek-prover-v1.5",
    kinds: Annotated[
        str, typer.Option("--kinds", help="Pairs to use: proof, tactic or proof,tactic.")
    ] = "proof,tactic",
    lora: Annotated[bool, typer.Option("--lora", help="Train a LoRA adapter.")] = False,
    merge: Annotated[
        bool, typer.Option("--merge", help="Save the LoRA merged into the weights.")
    ] = False,
    lora_r: Annotated[int, typer.Option("--lora-r", help="LoRA rank.")] = 16,
    epochs: Annotated[float, typer.Option("--epochs", help="Passes over the data.")] = 1.0,
    max_steps: Annotated[
        int, typer.Option("--max-steps", help="Optimizer steps; -1 = from epochs.")
    ] = -1,
    lr: Annotated[float, typer.Option("--lr", help="Peak learning rate.")] = 5e-5,
    batch_size: Annotated[
        int, typer.Option("--batch-size", help="Examples per device and step.")
    ] = 8,
    grad_accum: Annotated[
        int, typer.Option("--grad-accum", help="Gradient accumulation steps.")
    ] = 1,
    max_length: Annotated[int, typer.Option("--max-length", help="Tokens per example.")] = 2048,
    precision: Annotated[
        str, typer.Option("--precision", help="auto, fp32, bf16 or fp16.")
    ] = "auto",
    save_steps: Annotated[
        int, typer.Option("--save-steps", help="Resumable checkpoint every N steps (0 = none).")
    ] = 0,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted run into the same --out.")
    ] = False,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Fine-tune MODEL on verified proofs (statement→proof, state→tactic) in a prompt format."""
    with handle_errors():
        from proofsmith.provers.formats import get_format
        from proofsmith.provers.training.finetune import finetune
        from proofsmith.provers.training.sft_data import read_proof_records, sft_examples

        quiet_transformers()
        prompt_format = get_format(fmt)
        wanted = tuple(k.strip() for k in kinds.split(",") if k.strip())
        examples = sft_examples(read_proof_records(data), prompt_format, kinds=wanted)
        config = finetune_config(
            epochs=epochs,
            max_steps=max_steps,
            learning_rate=lr,
            batch_size=batch_size,
            grad_accum=grad_accum,
            max_length=max_length,
            lora=lora,
            lora_r=lora_r,
            merge_lora=merge,
            precision=precision,
            save_steps=save_steps,
            seed=seed,
        )
        console.print(f"fine-tuning {model} on {len(examples)} pairs ({prompt_format.name})")
        result = finetune(model, examples, out_dir, config, resume=resume)
    summary = {**asdict(result), "out_dir": str(result.out_dir)}
    if json_out:
        emit(summary)
    else:
        out.print(
            f"saved {result.out_dir} ({result.examples} pairs, {result.steps} steps, "
            f"loss {result.train_loss:.4f}, {result.seconds:.1f} s)",
            highlight=False,
        )
