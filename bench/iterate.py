"""Expert iteration on CPU: a tiny char-level model learns sums from checked answers.

The set-up (nothing downloaded): distinct questions ``What is 3+5+2?`` adding 2 to 8 digits
(a mixture of difficulties), split into a training and a held-out split; a randomly
initialised tiny Llama with a character tokenizer; the one-line ``Q:/A:`` prompt format.
Round 0 is seeded with the portfolio's (SymPy) verified answers to the first
``--seed-limit`` training questions; each round then samples ``--samples`` answers per
unsolved training question at ``--temperature`` (exploration), the real answer checker
decides which are right, and every verified answer so far is the fine-tuning set. Each
round fine-tunes from the base model, 20 epochs and at least 400 steps (enough to fit the
data; continuing from the last checkpoint memorises the seed and stalls), then evaluates the new
checkpoint greedily on the held-out split (deterministic: rounds differ by what the model
learned, not by sampling luck).

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
    parser.add_argument("--terms", type=int, nargs=2, default=(2, 8), help="terms per sum: LO HI")
    parser.add_argument("--seed-limit", type=int, default=100, help="questions the portfolio seeds")
    parser.add_argument(
        "--easy-first",
        action="store_true",
        help="list training sums shortest first, so the portfolio seeds the easiest",
    )
    parser.add_argument("--samples", type=int, default=8, help="answers sampled per question")
    parser.add_argument("--temperature", type=float, default=1.0, help="training samples")
    parser.add_argument("--eval-samples", type=int, default=0, help="held-out samples; 0 = greedy")
    parser.add_argument("--epochs", type=float, default=20, help="fine-tuning passes per round")
    parser.add_argument("--min-steps", type=int, default=400, help="fine-tuning steps at least")
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--hidden", type=int, default=96)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument(
        "--continue",
        dest="from_base",
        action="store_false",
        help="fine-tune from the last checkpoint instead of the base model",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from transformers.utils import logging as hf_logging

    from proofsmith.provers.formats import load_format_file
    from proofsmith.provers.search.sampling import SampleConfig
    from proofsmith.provers.training.finetune import FinetuneConfig
    from proofsmith.provers.training.iterate import IterateConfig, iterate
    from proofsmith.provers.training.tiny import (
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
    problems = arithmetic_problems(
        args.train,
        args.heldout,
        max_operand=9,
        terms=tuple(args.terms),
        easy_first=args.easy_first,
        seed=args.seed,
    )
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
        # a right sum checks in milliseconds; the cap only bounds the odd slow garbage answer
        sampling=SampleConfig(
            n=args.samples, max_tokens=4, temperature=args.temperature, top_p=1.0, timeout_s=2
        ),
        eval_sampling=SampleConfig(  # greedy unless --eval-samples; same seed every round
            n=args.eval_samples or 1,
            max_tokens=4,
            temperature=args.temperature if args.eval_samples else 0.0,
            top_p=1.0,
            timeout_s=2,
        ),
        finetune=FinetuneConfig(
            epochs=args.epochs,
            min_steps=args.min_steps,
            learning_rate=args.lr,
            lr_scheduler="linear",
            warmup_steps=20,
            batch_size=64,
            logging_steps=10**6,
        ),
        seed_limit=args.seed_limit,
        from_base=args.from_base,
        chunk=512,
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
