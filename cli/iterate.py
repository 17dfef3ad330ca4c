"""Command: ``proofsmith iterate`` (expert iteration: attempt, fine-tune, evaluate).

It runs unchanged under ``accelerate launch -m proofsmith …`` / ``torchrun -m proofsmith …``
(the Trainer picks up the launcher's environment).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from proofsmith.cli.apps import app
from proofsmith.cli.finetune import FORMAT_HELP, finetune_config, quiet_transformers
from proofsmith.cli.output import console, emit, handle_errors, out


@app.command("iterate")
def iterate_command(
    dataset: Annotated[
        str, typer.Argument(help="Problems: a dataset name, JSONL file, folder or HF id.")
    ],
    model: Annotated[str, typer.Option("--model", help="Base model: HF id or local directory.")],
    rounds: Annotated[int, typer.Option("--rounds", help="Rounds to run.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Run directory (re-run to resume).")],
    eval_split: Annotated[str, typer.Option("--eval", help="Held-out split ('' = none).")] = "test",
    train_split: Annotated[str, typer.Option("--train", help="Training split.")] = "train",
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "answer-cot",
    samples: Annotated[int, typer.Option("--samples", help="Candidates per training problem.")] = 8,
    eval_samples: Annotated[
        int | None,
        typer.Option("--eval-samples", help="Candidates per held-out problem (default --samples)."),
    ] = None,
    eval_temperature: Annotated[
        float | None,
        typer.Option(
            "--eval-temperature", help="Held-out temperature, 0 = greedy (default --temperature)."
        ),
    ] = None,
    max_tokens: Annotated[int, typer.Option("--max-tokens", help="Tokens per candidate.")] = 512,
    temperature: Annotated[float, typer.Option("--temperature")] = 1.0,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Checker seconds per candidate.")
    ] = 10.0,
    seed_portfolio: Annotated[
        bool, typer.Option("--seed/--no-seed", help="Seed round 0 with the portfolio's proofs.")
    ] = True,
    seed_limit: Annotated[
        int | None, typer.Option("--seed-limit", help="Training problems the portfolio attempts.")
    ] = None,
    drop_portfolio: Annotated[
        bool,
        typer.Option(
            "--drop-portfolio-solved", help="Do not train on problems the portfolio solves."
        ),
    ] = False,
    from_base: Annotated[
        bool,
        typer.Option(
            "--from-base/--continue",
            help="Fine-tune each round from the base model (default) or the last checkpoint.",
        ),
    ] = True,
    lora: Annotated[
        bool, typer.Option("--lora", help="LoRA fine-tuning (merged after each round).")
    ] = False,
    epochs: Annotated[float, typer.Option("--epochs", help="Fine-tuning passes per round.")] = 1.0,
    max_steps: Annotated[
        int, typer.Option("--max-steps", help="Fine-tuning steps per round; -1 = from epochs.")
    ] = -1,
    min_steps: Annotated[
        int, typer.Option("--min-steps", help="With --epochs: at least this many steps.")
    ] = 0,
    lr: Annotated[float, typer.Option("--lr", help="Fine-tuning learning rate.")] = 5e-5,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Fine-tuning batch size.")] = 8,
    seed: Annotated[int, typer.Option("--seed-value", help="Sampling and training seed.")] = 0,
    json_out: Annotated[
        bool, typer.Option("--json", help="One JSON object per round on stdout.")
    ] = False,
) -> None:
    """Expert iteration: attempt, keep verified proofs, fine-tune, evaluate — per round."""
    with handle_errors():
        from proofsmith.datasets.loaders import load_problems
        from proofsmith.provers.formats import get_format
        from proofsmith.provers.search.sampling import SampleConfig
        from proofsmith.provers.training.iterate import IterateConfig, iterate

        quiet_transformers()
        problems = load_problems(dataset)
        sampling = SampleConfig(
            n=samples, max_tokens=max_tokens, temperature=temperature, timeout_s=timeout
        )
        eval_sampling = None
        if eval_samples is not None or eval_temperature is not None:
            eval_sampling = SampleConfig(
                n=samples if eval_samples is None else eval_samples,
                max_tokens=max_tokens,
                temperature=temperature if eval_temperature is None else eval_temperature,
                timeout_s=timeout,
            )
        config = IterateConfig(
            rounds=rounds,
            train_split=train_split,
            eval_split=eval_split or None,
            sampling=sampling,
            eval_sampling=eval_sampling,
            finetune=finetune_config(
                epochs=epochs,
                max_steps=max_steps,
                min_steps=min_steps,
                learning_rate=lr,
                batch_size=batch_size,
                lora=lora,
                merge_lora=lora,
                seed=seed,
                logging_steps=10**6,
            ),
            seed_with_portfolio=seed_portfolio,
            seed_limit=seed_limit,
            drop_portfolio_solved=drop_portfolio,
            from_base=from_base,
            seed=seed,
        )

        def show(report) -> None:
            if json_out:
                emit(asdict(report))
            else:
                out.print(report.line(), highlight=False)

        iterate(
            problems,
            model,
            out_dir,
            get_format(fmt),
            config,
            dataset=Path(dataset).stem if Path(dataset).exists() else dataset,
            on_round=show,
        )
    if not json_out:
        console.print(f"report: {out_dir / 'report.md'}, plot: {out_dir / 'solved.svg'}")
