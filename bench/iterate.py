"""Expert iteration on CPU: a tiny char-level model learns addition from checked answers.

The set-up (nothing downloaded): distinct questions ``What is A+B?`` with A, B <= 99,
split into a training and a held-out split; a randomly initialised tiny Llama with a
character tokenizer; the one-line ``Q:/A:`` prompt format. Round 0 is seeded with the
portfolio's (SymPy) verified answers to the first ``--seed-limit`` training questions; each
round then samples ``--samples`` answers per unsolved training question, the real answer
checker decides which are right, every verified answer so far is the fine-tuning set, and
the new checkpoint is evaluated on the held-out split with the same budget.

stdout: only ``round R train_solved=X/N heldout_solved=Y/M`` lines (``--json``: one JSON
object per round instead). Everything else goes to stderr. The run directory (``--out``,
default a temporary one) holds the store, checkpoints and report; re-running with the same
``--out`` resumes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--train", type=int, default=2000, help="training questions")
    parser.add_argument("--heldout", type=int, default=200, help="held-out questions")
    parser.add_argument("--seed-limit", type=int, default=200, help="questions the portfolio seeds")
    parser.add_argument("--samples", type=int, default=8, help="answers sampled per question")
    parser.add_argument("--temperature", type=float, default=0.7)
    parser.add_argument("--epochs", type=float, default=10)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from transformers.utils import logging as hf_logging

    from proofsmith.provers.finetune import FinetuneConfig
    from proofsmith.provers.formats import load_format_file
    from proofsmith.provers.iterate import IterateConfig, iterate
    from proofsmith.provers.search.sampling import SampleConfig
    from proofsmith.provers.tiny import (
        QA_FORMAT,
        TinyModelConfig,
        arithmetic_problems,
        build_tiny_model,
    )

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    out = args.out or Path(tempfile.mkdtemp(prefix="proofsmith-iterate-"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "qa.toml").write_text(QA_FORMAT)
    fmt = load_format_file(out / "qa.toml")
    problems = arithmetic_problems(args.train, args.heldout, seed=args.seed)
    base = out / "base"
    if not (base / "config.json").is_file():
        size = TinyModelConfig(
            hidden_size=args.hidden,
            num_layers=args.layers,
            intermediate_size=3 * args.hidden,
            seed=args.seed,
        )
        build_tiny_model(base, size)
    config = IterateConfig(
        rounds=args.rounds,
        sampling=SampleConfig(
            n=args.samples, max_tokens=6, temperature=args.temperature, top_p=1.0
        ),
        finetune=FinetuneConfig(
            epochs=args.epochs,
            learning_rate=3e-3,
            lr_scheduler="constant",
            batch_size=32,
            logging_steps=10**6,
        ),
        seed_limit=args.seed_limit,
        chunk=256,
        seed=args.seed,
        prover_options={"batch_size": 512},
    )

    def show(report) -> None:
        if args.json:
            print(json.dumps(asdict(report)), flush=True)
        else:
            print(report.line(), flush=True)
        print(f"  ({report.examples} pairs, {report.seconds:.0f} s)", file=sys.stderr)

    # library chatter (the Trainer's log lines) must not reach stdout
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    try:
        iterate(
            problems, base, out, fmt, config, dataset="arithmetic", on_round=_to(real_stdout, show)
        )
    finally:
        sys.stdout = real_stdout
    print(f"run directory: {out}", file=sys.stderr)


def _to(stream, fn):
    def call(report) -> None:
        saved = sys.stdout
        sys.stdout = stream
        try:
            fn(report)
        finally:
            sys.stdout = saved

    return call


if __name__ == "__main__":
    main()
