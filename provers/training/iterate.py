"""Expert iteration: attempt → store verified proofs → fine-tune → evaluate, round after round.

Round ``r`` (0-based):

1. **attempt** the training split with the current prover (round 0: the portfolio's proofs
   first when ``seed_with_portfolio``, then the base model; later rounds: the checkpoint of
   round ``r-1``), by whole-proof sampling; every verified proof goes to the store at once;
2. **build** the fine-tuning set: every verified training proof so far, deduplicated,
   rendered in the model's prompt format (optionally without problems the portfolio solves);
3. **fine-tune** into ``DIR/round-R/model``, by default from the base model on all verified
   data so far (``from_base``); continuing from the last checkpoint instead is cheaper but
   keeps fitting the examples it has already memorised (round 0's seed most of all), and
   held-out gains stall;
4. **evaluate** the new checkpoint on the held-out split with a fixed budget
   (``eval_sampling``, default the training budget) and the same seed every round, so the
   held-out counts of two rounds differ by what the model learned, not by sampling luck.

Only the checker decides what counts as solved. Everything lives in ``DIR``: the run
database ``store.db`` (one store run per round and stage), the checkpoints, ``rounds.jsonl``
(one line per finished round) and the report (``report.md``, ``solved.svg``). Re-running
with the same ``DIR`` resumes: finished rounds are read back, a stage skips the problems it
already attempted, and a round's fine-tuning is skipped when its checkpoint is complete.

Every stage is a run of the run layer (:func:`~proofsmith.provers.runs.run.prove_dataset`,
the one ``prove`` uses), named by its round and stage so that a re-run continues it; its
resume policy over earlier stages is ``solved`` for training (``none`` with
``retry_solved``) and ``none`` for evaluation, which re-attempts every held-out problem
with each round's checkpoint.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from proofsmith.checkers.base import Checker
from proofsmith.checkers.route import checker_for
from proofsmith.datasets.export import TrainingPair
from proofsmith.datasets.problem import Problem
from proofsmith.datasets.store import ProofRecord, Store
from proofsmith.errors import InputError, ProofsmithError
from proofsmith.provers.base import Prover
from proofsmith.provers.formats.protocol import PromptFormat
from proofsmith.provers.runs.config import RunConfig, sampling_settings
from proofsmith.provers.runs.run import prove_dataset
from proofsmith.provers.search.sampling import SampleConfig
from proofsmith.provers.training.finetune import FinetuneConfig, SftExample, finetune
from proofsmith.provers.training.report import RoundReport, write_report
from proofsmith.provers.training.sft_data import sft_examples

__all__ = ["IterateConfig", "RoundReport", "iterate"]


@dataclass(frozen=True)
class IterateConfig:
    """Settings of an expert-iteration run; saved with every store run."""

    rounds: int = 3  # rounds to run (a resumed run continues up to this many)
    train_split: str = "train"  # split attempted and learned from
    eval_split: str | None = "test"  # held-out split evaluated after each round; None = skip
    sampling: SampleConfig = field(default_factory=SampleConfig)  # budget per training problem
    eval_sampling: SampleConfig | None = None  # held-out budget (e.g. greedy); None = sampling
    finetune: FinetuneConfig = field(default_factory=FinetuneConfig)
    seed_with_portfolio: bool = True  # round 0 starts from the portfolio's verified proofs
    seed_limit: int | None = None  # training problems the portfolio attempts; None = all
    drop_portfolio_solved: bool = False  # leave problems the portfolio solves out of training
    retry_solved: bool = False  # re-attempt training problems that already have a proof
    from_base: bool = True  # fine-tune each round from the base model, not the last checkpoint
    chunk: int = 64  # problems whose candidates are generated in one batched call
    check_workers: int = 2  # candidates checked at once
    seed: int = 0  # seed of round r's training samples: seed + 1 + r; held-out: seed
    prover_options: dict[str, Any] = field(default_factory=dict)  # model backend: dtype, device …

    def __post_init__(self) -> None:
        if self.rounds < 1 or self.chunk < 1 or self.check_workers < 1:
            raise InputError(
                f"iterate needs rounds, chunk and check_workers >= 1; got rounds={self.rounds},"
                f" chunk={self.chunk}, check_workers={self.check_workers}"
            )


def iterate(
    problems: Sequence[Problem],
    model: str | Path,
    out_dir: str | Path,
    fmt: PromptFormat,
    config: IterateConfig | None = None,
    *,
    dataset: str = "dataset",
    checker: Checker | None = None,
    load: Callable[..., Prover] | None = None,
    on_round: Callable[[RoundReport], None] | None = None,
) -> list[RoundReport]:
    """Run (or resume) expert iteration of ``model`` on ``problems``; return every round.

    ``fmt`` is the model's prompt format (``render``/``parse``); ``checker`` defaults to the
    one of the problems' domain; ``load(spec, **options)`` builds a prover (default
    :func:`proofsmith.provers.load.load_prover`); ``on_round`` sees each finished round.
    """
    config = config or IterateConfig()
    if load is None:
        from proofsmith.provers.load import load_prover as load
    problems = [replace(p, source=dataset) for p in problems]  # filed under ``dataset``
    train = [p for p in problems if p.split == config.train_split]
    held = [p for p in problems if config.eval_split and p.split == config.eval_split]
    if not train:
        splits = sorted({str(p.split) for p in problems})
        raise InputError(
            f"no problems in the training split {config.train_split!r}",
            hint=f"Splits present: {', '.join(splits)}. Pick one with --train.",
        )
    domains = {p.domain for p in train + held}
    own_checker = checker is None
    if checker is None:
        if len(domains) != 1:
            raise InputError(f"problems of several domains ({', '.join(sorted(domains))})")
        checker = checker_for(domains.pop())
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    base = str(Path(model).resolve()) if Path(model).exists() else str(model)
    loop = _Loop(train, held, base, out, fmt, config, dataset, checker, load)
    try:
        return loop.run(on_round)
    finally:
        loop.close()
        if own_checker:
            close = getattr(checker, "close", None)
            if callable(close):
                close()


class _Loop:
    """The state of one run: store, current prover, finished rounds."""

    def __init__(self, train, held, base, out, fmt, config, dataset, checker, load) -> None:
        self.train, self.held, self.base, self.out, self.fmt = train, held, base, out, fmt
        self.config, self.dataset, self.checker, self.load = config, dataset, checker, load
        self.store = Store(out / "store.db")
        self.prover: Prover | None = None
        self.prover_spec = ""

    def close(self) -> None:
        self._drop_prover()
        self.store.close()

    def run(self, on_round: Callable[[RoundReport], None] | None) -> list[RoundReport]:
        reports = _read_rounds(self.out / "rounds.jsonl")
        portfolio_solved: set[str] = set()
        if self.config.seed_with_portfolio or self.config.drop_portfolio_solved:
            portfolio_solved = self._seed()
        for report in reports:
            if on_round:
                on_round(report)
        for round_ in range(len(reports), self.config.rounds):
            started = time.monotonic()
            current = self.base if round_ == 0 else str(self._model_dir(round_ - 1))
            resume = "none" if self.config.retry_solved else "solved"
            self._stage(round_, "train", self.train, current, resume=resume)
            # in a fixed order (not the order parallel checks finished): a round repeats
            pairs = sorted(
                (
                    TrainingPair.of(r)
                    for r in self.store.proofs(dataset=self.dataset)
                    if self._is_train(r)
                ),
                key=lambda pair: (pair.problem_id, pair.proof),
            )
            examples = sft_examples(
                pairs,
                self.fmt,
                exclude_problems=portfolio_solved if self.config.drop_portfolio_solved else (),
            )
            loss = self._finetune(round_, current, examples)
            heldout = self._stage(round_, "eval", self.held, str(self._model_dir(round_)))
            report = RoundReport(
                round=round_,
                train_solved=len(self._solved()),
                train_total=len(self.train),
                heldout_solved=len(heldout),
                heldout_total=len(self.held),
                examples=len(examples),
                train_loss=loss,
                model=str(self._model_dir(round_)),
                seconds=time.monotonic() - started,
            )
            reports.append(report)
            with (self.out / "rounds.jsonl").open("a") as fh:
                fh.write(json.dumps(asdict(report)) + "\n")
            write_report(self.out, reports)
            if on_round:
                on_round(report)
        return reports

    # -- stages ------------------------------------------------------------------------

    def _seed(self) -> set[str]:
        """Attempt the training split with the portfolio once; the ids it solved."""
        limit = self.config.seed_limit
        todo = self.train if limit is None else self.train[:limit]
        from proofsmith.provers.formats import get_format

        fmt = get_format("portfolio")
        return self._stage(-1, "portfolio", todo, "portfolio", fmt=fmt)

    def _stage(
        self,
        round_: int,
        stage: str,
        problems: list[Problem],
        spec: str,
        fmt: PromptFormat | None = None,
        resume: str = "none",
    ) -> set[str]:
        """Attempt ``problems`` through the run layer (:func:`~.runs.run.prove_dataset`) in
        this (round, stage)'s store run, continuing it when it exists; the ids it proved.

        ``resume`` is the run layer's policy over earlier stages: ``solved`` skips problems
        with a proof already, ``none`` re-attempts every problem (held-out evaluation).
        """
        params = self.config.sampling
        seed = self.config.seed + 1 + round_
        if stage == "eval":  # every round: the same budget, the same seed
            params = self.config.eval_sampling or params
            seed = self.config.seed
        run = RunConfig(
            dataset=self.dataset,
            prover=spec,
            **sampling_settings(params),
            concurrency=self.config.chunk * params.n,  # `chunk` prompts per batched call
            check_workers=self.config.check_workers,
            resume=resume,
        )
        summary = prove_dataset(
            run,
            self.store,
            make_prover=lambda: self._prover(spec, seed),
            fmt=fmt or self.fmt,
            checker=self.checker,
            run_key={"iterate": {"round": round_, "stage": stage}},
            run_settings={"config": asdict(self.config)},
            problems=problems,
        )
        for outcome in summary.outcomes:
            if outcome.stopped:  # a stage does not go on without its prover
                raise ProofsmithError(f"{stage} of round {round_}: {outcome.message}")
        attempts = self.store.attempts(summary.run_id)
        return {a.problem_id for a in attempts if a.outcome == "proved"}

    def _finetune(self, round_: int, current: str, examples: list[SftExample]) -> float | None:
        """Fine-tune round ``round_``'s checkpoint (kept when complete); its training loss."""
        target = self._model_dir(round_)
        meta = target / "finetune.json"
        if meta.is_file():  # finished before a crash: keep it
            return json.loads(meta.read_text()).get("train_loss")
        if not examples:
            raise InputError(
                f"round {round_}: no verified training proofs to fine-tune on",
                hint="Seed round 0 with the portfolio (--seed) or sample more (--samples).",
            )
        self._drop_prover()  # free the sampler's memory for training
        start = self.base if self.config.from_base else current
        ft = replace(self.config.finetune, seed=self.config.finetune.seed + round_)
        if ft.lora and not ft.merge_lora:
            ft = replace(ft, merge_lora=True)  # the next round samples from a whole model
        result = finetune(start, examples, target, ft, resume=ft.save_steps > 0)
        return result.train_loss

    # -- helpers -----------------------------------------------------------------------

    def _prover(self, spec: str, seed: int) -> Prover:
        """The prover of ``spec``, freshly seeded with ``seed`` (reused only when both match)."""
        key = f"{spec}#{seed}"
        if self.prover is None or key != self.prover_spec:
            self._drop_prover()
            options: dict[str, Any] = {}
            if spec != "portfolio":  # the options are the model backend's
                options = {"seed": seed}
                options.update(self.config.prover_options)
            self.prover = self.load(spec, **options)
            self.prover_spec = key
        return self.prover

    def _drop_prover(self) -> None:
        if self.prover is not None:
            self.prover.close()
        self.prover, self.prover_spec = None, ""

    def _solved(self) -> set[str]:
        ids = {p.id for p in self.train}
        return {i for i in self.store.solved(self.dataset) if i in ids}

    def _is_train(self, record: ProofRecord) -> bool:
        return record.split == self.config.train_split

    def _model_dir(self, round_: int) -> Path:
        return self.out / f"round-{round_}" / "model"


def _read_rounds(path: Path) -> list[RoundReport]:
    if not path.is_file():
        return []
    reports = []
    for line in path.read_text().splitlines():
        if line.strip():
            reports.append(RoundReport(**json.loads(line)))
    return reports
