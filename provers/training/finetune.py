"""Supervised fine-tuning of a causal LM on verified proofs (full or LoRA).

Input: :class:`SftExample` pairs (prompt, completion) — statement→proof or state→tactic —
rendered in the prompt format of the prover that will use the model (``sft_data.py``
builds them from exported records). The loss covers only the completion and the end-of-text
token, so the fine-tuned model answers a rendered prompt and then stops.

Training is the transformers ``Trainer``: the same call runs on one CPU, one GPU, or many
GPUs under ``accelerate launch`` / ``torchrun`` (the Trainer reads the launcher's
environment). Output: a model directory that ``AutoModelForCausalLM.from_pretrained``,
our transformers backend and vLLM load. A LoRA run saves the PEFT adapter (its config names
the base model by absolute path; transformers' ``from_pretrained`` applies it, vLLM serves it
with ``--enable-lora --lora-modules NAME=DIR``), or with ``merge_lora`` the merged full
model, which every loader takes like any other checkpoint. The directory appears atomically: the model is written to a
temporary sibling, then renamed into place, so a crash never leaves half a checkpoint at
``out_dir``. Intermediate Trainer checkpoints (``save_steps``) live in a work directory
beside it and let ``resume=True`` continue an interrupted run.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from proofsmith.errors import InputError, ProverError
from proofsmith.provers.runs.config import tool_versions

__all__ = ["FinetuneConfig", "FinetuneResult", "SftExample", "finetune", "tokenize_examples"]


@dataclass(frozen=True)
class SftExample:
    """One training pair: the rendered prompt and the completion the model should produce."""

    prompt: str
    completion: str
    problem_id: str = ""
    kind: str = "proof"  # "proof" (statement→proof) | "tactic" (state→tactic)


@dataclass(frozen=True)
class FinetuneConfig:
    """How to fine-tune; saved with the model as ``finetune.json``."""

    epochs: float = 1.0  # passes over the data, > 0 (ignored when max_steps > 0)
    max_steps: int = -1  # optimizer steps; -1 = from epochs
    min_steps: int = 0  # with epochs: at least this many steps (a small set gets more passes)
    learning_rate: float = 5e-5  # peak learning rate (LoRA usually wants ~1e-4..1e-3)
    lr_scheduler: str = "linear"  # a transformers scheduler name: linear, cosine, constant …
    warmup_steps: int = 0  # linear warm-up steps
    weight_decay: float = 0.0
    batch_size: int = 8  # examples per device per step
    grad_accum: int = 1  # gradient accumulation steps
    max_length: int = 2048  # tokens of prompt + completion; longer prompts are cut on the left
    lora: bool = False  # train a LoRA adapter instead of all weights
    lora_r: int = 16  # LoRA rank
    lora_alpha: int = 32  # LoRA scaling numerator
    lora_dropout: float = 0.05
    lora_targets: tuple[str, ...] = ()  # module names; () = every linear layer but the head
    merge_lora: bool = False  # save the merged full model (what vLLM serves without --enable-lora)
    precision: str = "auto"  # auto (bf16 on a capable GPU, else fp32) | fp32 | bf16 | fp16
    gradient_checkpointing: bool = False  # trade compute for memory on long proofs
    save_steps: int = 0  # write a resumable Trainer checkpoint every N steps; 0 = none
    logging_steps: int = 10
    seed: int = 0


@dataclass(frozen=True)
class FinetuneResult:
    """What a fine-tuning run produced."""

    out_dir: Path  # the saved model (or adapter) directory
    examples: int  # training examples used (after dropping empty ones)
    steps: int  # optimizer steps taken
    train_loss: float  # mean training loss reported by the Trainer
    seconds: float
    merged: bool  # True when a LoRA adapter was merged into the saved weights


def finetune(
    model: str | Path,
    examples: Sequence[SftExample],
    out_dir: str | Path,
    config: FinetuneConfig | None = None,
    *,
    resume: bool = False,
    callbacks: Sequence[Any] = (),
) -> FinetuneResult:
    """Fine-tune ``model`` (a HF id or local path) on ``examples``; save it to ``out_dir``.

    ``resume`` continues from the last Trainer checkpoint of an interrupted run with the
    same ``out_dir`` (written when ``config.save_steps > 0``); ``callbacks`` are
    ``transformers.TrainerCallback`` objects (progress, early stopping).
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer

    config = config or FinetuneConfig()
    if not examples:
        raise InputError(
            "no fine-tuning examples to train on",
            hint="Export verified proofs first (`proofsmith export RUN.db --out FILE.jsonl`).",
        )
    started = time.monotonic()
    if Path(model).exists():  # a local directory: record its absolute path in an adapter
        model = Path(model).resolve()
    out = Path(out_dir)
    work = out.parent / f".{out.name}.work"
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(model))
        dtype = _dtype(config.precision, torch)
        net = AutoModelForCausalLM.from_pretrained(str(model), dtype=dtype)
    except OSError as exc:
        raise InputError(
            f"cannot load model {str(model)!r}: {exc}",
            hint="Give a local model directory or a Hugging Face id that is cached here.",
        ) from exc
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    from transformers import set_seed

    set_seed(config.seed)  # the adapter's initial weights too: same config, same result
    if config.lora:
        net = _with_lora(net, config)
    if config.gradient_checkpointing:
        net.gradient_checkpointing_enable()
        if config.lora:
            net.enable_input_require_grads()

    rows = tokenize_examples(examples, tokenizer, config.max_length)
    args = _training_args(work, config, dtype, torch, _steps(config, len(rows)))
    trainer = Trainer(
        model=net,
        args=args,
        train_dataset=_ListDataset(rows),
        data_collator=_Collator(tokenizer.pad_token_id),
        callbacks=[*callbacks, _StderrLogs()],
    )
    # the Trainer prints its log dicts to stdout, which is data in proofsmith: stderr instead
    from transformers.trainer_callback import PrinterCallback

    trainer.remove_callback(PrinterCallback)
    last = _last_checkpoint(work) if resume else None
    try:
        output = trainer.train(resume_from_checkpoint=str(last) if last else None)
    except (RuntimeError, ValueError) as exc:
        raise ProverError(
            f"fine-tuning {str(model)!r} failed: {exc}",
            hint="Lower --batch-size or --max-length if this is out of memory.",
        ) from exc

    merged = False
    trainer.accelerator.wait_for_everyone()
    if trainer.is_world_process_zero():
        final = trainer.accelerator.unwrap_model(trainer.model)
        if config.lora and config.merge_lora:
            final = final.merge_and_unload()
            merged = True
        meta = {
            "base_model": str(model),
            "config": asdict(config),
            "examples": len(rows),
            "steps": output.global_step,
            "train_loss": output.training_loss,
            "merged": merged,
            "versions": tool_versions(lean=False),
        }
        _save_atomically(final, tokenizer, out, meta)
        shutil.rmtree(work, ignore_errors=True)
    trainer.accelerator.wait_for_everyone()
    return FinetuneResult(
        out_dir=out,
        examples=len(rows),
        steps=output.global_step,
        train_loss=float(output.training_loss),
        seconds=time.monotonic() - started,
        merged=merged or (config.lora and config.merge_lora),
    )


def tokenize_examples(
    examples: Sequence[SftExample], tokenizer: Any, max_length: int
) -> list[dict[str, list[int]]]:
    """Token ids and labels: the prompt masked (-100), the completion plus EOS learned.

    Prompt and completion are tokenized separately, as at generation time, where the
    model continues the tokenized prompt. Over-long prompts lose their left end.
    """
    eos = tokenizer.eos_token_id
    rows = []
    for ex in examples:
        if not ex.completion.strip():
            continue
        prompt_ids = tokenizer(ex.prompt, add_special_tokens=True)["input_ids"]
        target_ids = tokenizer(ex.completion, add_special_tokens=False)["input_ids"]
        if eos is not None:
            target_ids = [*target_ids, eos]
        target_ids = target_ids[:max_length]
        keep = max(0, max_length - len(target_ids))
        prompt_ids = prompt_ids[len(prompt_ids) - keep :] if keep else []
        ids = prompt_ids + target_ids
        rows.append({"input_ids": ids, "labels": [-100] * len(prompt_ids) + target_ids})
    return rows


class _StderrLogs:
    """Writes the Trainer's log dicts (loss, learning rate) to stderr on the main process."""

    def __getattr__(self, name: str) -> Any:  # every other TrainerCallback hook does nothing
        if name.startswith("on_"):
            return lambda *args, **kwargs: None
        raise AttributeError(name)

    def on_log(self, args: Any, state: Any, control: Any, logs: Any = None, **kwargs: Any) -> None:
        if state.is_world_process_zero and logs:
            import sys

            print(json.dumps(logs, default=str), file=sys.stderr)


class _ListDataset:
    """A map-style dataset over a list (all the Trainer needs: __len__, __getitem__)."""

    def __init__(self, rows: list[dict[str, list[int]]]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> dict[str, list[int]]:
        return self.rows[index]


class _Collator:
    """Right-pads a batch: ids with the pad id, labels with -100, attention mask 0."""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, batch: list[dict[str, list[int]]]) -> dict[str, Any]:
        import torch

        width = max(len(row["input_ids"]) for row in batch)
        ids, labels, mask = [], [], []
        for row in batch:
            pad = width - len(row["input_ids"])
            ids.append(row["input_ids"] + [self.pad_id] * pad)
            labels.append(row["labels"] + [-100] * pad)
            mask.append([1] * len(row["input_ids"]) + [0] * pad)
        return {
            "input_ids": torch.tensor(ids),
            "labels": torch.tensor(labels),
            "attention_mask": torch.tensor(mask),
        }


def _with_lora(net: Any, config: FinetuneConfig) -> Any:
    from peft import LoraConfig, get_peft_model

    lora = LoraConfig(
        r=config.lora_r,
        lora_alpha=config.lora_alpha,
        lora_dropout=config.lora_dropout,
        target_modules=list(config.lora_targets) or "all-linear",
        task_type="CAUSAL_LM",
    )
    return get_peft_model(net, lora)


def _dtype(precision: str, torch: Any) -> Any:
    if precision == "auto":
        bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
        return torch.bfloat16 if bf16 else torch.float32
    table = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}
    if precision not in table:
        raise InputError(
            f"unknown precision {precision!r}", hint="Use one of: auto, fp32, bf16, fp16."
        )
    return table[precision]


def _steps(config: FinetuneConfig, rows: int) -> int:
    """Optimizer steps to ask the Trainer for: -1 = from epochs, raised to ``min_steps``."""
    if config.max_steps > 0 or config.min_steps <= 0:
        return config.max_steps
    per_step = config.batch_size * config.grad_accum * int(os.environ.get("WORLD_SIZE", "1"))
    from_epochs = math.ceil(config.epochs * math.ceil(rows / per_step))
    return config.min_steps if from_epochs < config.min_steps else -1


def _training_args(
    work: Path, config: FinetuneConfig, dtype: Any, torch: Any, max_steps: int
) -> Any:
    from transformers import TrainingArguments

    return TrainingArguments(
        output_dir=str(work),
        num_train_epochs=config.epochs,
        max_steps=max_steps,
        learning_rate=config.learning_rate,
        lr_scheduler_type=config.lr_scheduler,
        warmup_steps=config.warmup_steps,
        weight_decay=config.weight_decay,
        per_device_train_batch_size=config.batch_size,
        gradient_accumulation_steps=config.grad_accum,
        # mixed precision only on GPU; on CPU the weights' own dtype is used
        bf16=dtype == torch.bfloat16 and torch.cuda.is_available(),
        fp16=dtype == torch.float16 and torch.cuda.is_available(),
        save_strategy="steps" if config.save_steps > 0 else "no",
        save_steps=max(config.save_steps, 1),
        save_total_limit=2,
        logging_steps=config.logging_steps,
        report_to="none",
        disable_tqdm=True,
        seed=config.seed,
        data_seed=config.seed,
        remove_unused_columns=False,
        dataloader_num_workers=0,
        dataloader_pin_memory=torch.cuda.is_available(),
    )


def _last_checkpoint(work: Path) -> Path | None:
    from transformers.trainer_utils import get_last_checkpoint

    return Path(found) if work.is_dir() and (found := get_last_checkpoint(str(work))) else None


def _save_atomically(net: Any, tokenizer: Any, out: Path, meta: dict[str, Any]) -> None:
    """Write to a temporary sibling, then swap it into ``out`` with renames."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    net.save_pretrained(str(tmp))
    tokenizer.save_pretrained(str(tmp))
    (tmp / "finetune.json").write_text(json.dumps(meta, indent=2, default=str) + "\n")
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
