"""Bundled and known datasets, by name.

Bundled sets ship inside the package (``datasets/bundled/``) and load offline. Known sets
are pointers — a Hugging Face id or where to get the files — and say honestly that they
need a download; loading one without its files gives an InputError with the next step.
``proofsmith datasets list|show`` renders this table.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError

__all__ = ["BUNDLED_DIR", "DatasetEntry", "REGISTRY", "lookup"]

BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"


@dataclass(frozen=True)
class DatasetEntry:
    """One bundled or known dataset."""

    name: str
    domains: tuple[str, ...]
    description: str
    bundled: bool = False  # ships with proofsmith (no download)
    path: str | None = None  # bundled file, relative to datasets/bundled/
    hf_id: str | None = None  # Hugging Face dataset id
    hf_config: str | None = None
    url: str = ""  # where the data lives upstream
    loader: str | None = None  # "module:function(spec, split=...)" when a dedicated loader exists
    notes: str = ""

    @property
    def needs_download(self) -> bool:
        return not self.bundled

    def load(self, *, split: str | None = None) -> list[Problem]:
        from proofsmith.datasets.loaders import load_hf, load_jsonl

        if self.bundled and self.path:
            return load_jsonl(BUNDLED_DIR / self.path, source=self.name)
        if self.loader:
            module_name, func = self.loader.split(":")
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                module = None
            if module is not None and hasattr(module, func):
                return list(getattr(module, func)(self.hf_id or self.name, split=split))
        if self.hf_id:
            return load_hf(self.hf_id, split=split, config=self.hf_config)
        raise InputError(
            f"dataset {self.name!r} is not bundled and needs a download",
            hint=f"Get it from {self.url}, then pass the folder or .jsonl path instead.",
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "domains": list(self.domains),
            "description": self.description,
            "bundled": self.bundled,
            "needs_download": self.needs_download,
            "hf_id": self.hf_id,
            "url": self.url,
            "notes": self.notes,
        }


REGISTRY: dict[str, DatasetEntry] = {
    e.name: e
    for e in (
        DatasetEntry(
            "demo",
            ("answer", "smt", "code", "lean"),
            "small mixed set: math answers, SMT scripts, checked code, a few Lean theorems",
            bundled=True,
            path="demo.jsonl",
            notes="Lean problems are attempted only when `lake` is on PATH.",
        ),
        DatasetEntry(
            "minif2f-lean4",
            ("lean",),
            "miniF2F (Zheng et al. 2021) in Lean 4: 244 valid + 244 test olympiad statements",
            hf_id="hoskinson-center/minif2f-lean4",
            url="https://github.com/yangky11/miniF2F-lean4",
            loader="proofsmith.datasets.minif2f:load_minif2f",
            notes="Needs Lean 4 + Mathlib to check (`proofsmith lean setup`).",
        ),
        DatasetEntry(
            "proofnet",
            ("lean",),
            "ProofNet (Azerbayev et al. 2023): 371 undergraduate-level statements",
            hf_id="hoskinson-center/proofnet",
            url="https://huggingface.co/datasets/hoskinson-center/proofnet",
            notes="Upstream statements are Lean 3; a Lean 4 port is HaimingW/proofnet-lean4.",
        ),
        DatasetEntry(
            "proofnet-lean4",
            ("lean",),
            "ProofNet ported to Lean 4 (valid/test splits)",
            hf_id="HaimingW/proofnet-lean4",
            url="https://huggingface.co/datasets/HaimingW/proofnet-lean4",
        ),
        DatasetEntry(
            "leandojo-benchmark-4",
            ("lean",),
            "LeanDojo Benchmark 4 (Yang et al. 2023): theorems and tactic traces from Mathlib 4",
            url="https://github.com/lean-dojo/LeanDojo (see its docs for the benchmark download)",
            loader="proofsmith.datasets.leandojo:load_leandojo",
            notes="Download and unpack the benchmark, then pass its folder.",
        ),
        DatasetEntry(
            "math-500",
            ("answer",),
            "MATH-500: 500 competition problems with final answers (Lightman et al. 2023)",
            hf_id="HuggingFaceH4/MATH-500",
            url="https://huggingface.co/datasets/HuggingFaceH4/MATH-500",
        ),
        DatasetEntry(
            "gsm8k",
            ("answer",),
            "GSM8K grade-school word problems (answers after ####)",
            hf_id="openai/gsm8k",
            hf_config="main",
            url="https://huggingface.co/datasets/openai/gsm8k",
        ),
        DatasetEntry(
            "smt-lib",
            ("smt",),
            "SMT-LIB benchmark folders of .smt2 files (status read from set-info :status)",
            url="https://smt-lib.org/benchmarks.shtml",
            notes="Download a logic's folder, then pass the folder path.",
        ),
    )
}


def lookup(name: str) -> DatasetEntry | None:
    """The registry entry called ``name`` (case-insensitive), or None."""
    return REGISTRY.get(name.lower())
