"""The transformers backend on a tiny Llama and a tiny ByT5 built from configs."""

from __future__ import annotations

import math

import pytest

from proofsmith.errors import InputError
from proofsmith.provers.backends.local import LocalProver
from proofsmith.provers.base import Candidate, Prover, SamplingParams


@pytest.fixture(scope="module")
def llama(tiny_llama_dir):
    with LocalProver(tiny_llama_dir, seed=0, device="cpu") as prover:
        yield prover


def _raw_logprob(prover: LocalProver, prompt: str, text_ids: list[int]) -> float:
    """Sum of log-softmax of raw logits of ``text_ids`` after ``prompt``, by one forward pass."""
    import torch

    prompt_ids = prover.tokenizer(prompt, return_tensors="pt")["input_ids"][0].tolist()
    ids = torch.tensor([prompt_ids + text_ids])
    with torch.no_grad():
        logits = prover.model(ids).logits[0].float()
    lp = torch.log_softmax(logits, dim=-1)
    return sum(float(lp[len(prompt_ids) - 1 + i, t]) for i, t in enumerate(text_ids))


def test_sampling_shape_and_logprob_matches_a_forward_pass(llama):
    assert isinstance(llama, Prover)
    prompts = ["theorem foo", "intro h\nsimp"]
    out = llama.generate(prompts, SamplingParams(n=3, max_tokens=12, temperature=0.8, top_p=0.95))
    assert [len(c) for c in out] == [3, 3]
    for prompt, cands in zip(prompts, out, strict=True):
        for cand in cands:
            assert isinstance(cand, Candidate) and cand.prompt == prompt
            assert cand.finish_reason in ("stop", "length")
            assert 1 <= cand.num_tokens <= 12
            assert cand.logprob < 0
    # a nucleus so small it keeps only the top token: the sampling path decodes greedily and
    # must report raw-model log-probs (not temperature-scaled, not renormalised to 0)
    narrow = llama.generate(
        ["theorem foo"], SamplingParams(max_tokens=8, temperature=0.7, top_p=1e-6)
    )[0][0]
    greedy = llama.generate(["theorem foo"], SamplingParams(max_tokens=8, temperature=0))[0][0]
    assert narrow.text == greedy.text
    assert math.isclose(narrow.logprob, greedy.logprob, abs_tol=1e-4)
    assert narrow.logprob < -1


def test_greedy_is_deterministic_and_equal_to_argmax(llama):
    import torch

    a = llama.generate(["theorem foo"], SamplingParams(n=2, max_tokens=8, temperature=0))[0]
    b = llama.generate(["theorem foo"], SamplingParams(n=1, max_tokens=8, temperature=0))[0]
    assert a[0] == a[1] == b[0]
    # argmax decoding by hand
    ids = llama.tokenizer("theorem foo", return_tensors="pt")["input_ids"]
    chosen = []
    with torch.no_grad():
        for _ in range(8):
            nxt = int(llama.model(ids).logits[0, -1].argmax())
            chosen.append(nxt)
            if nxt in llama.eos_ids:
                break
            ids = torch.cat([ids, torch.tensor([[nxt]])], dim=1)
    assert a[0].num_tokens == len(chosen)
    assert a[0].text == llama.tokenizer.decode(chosen, skip_special_tokens=True)
    assert math.isclose(a[0].logprob, _raw_logprob(llama, "theorem foo", chosen), abs_tol=1e-3)


def test_left_padding_does_not_change_greedy_output(llama):
    prompts = ["a", "example (a b : Nat) : a + b = b + a := by"]
    batched = llama.generate(prompts, SamplingParams(max_tokens=6, temperature=0))
    alone = [llama.generate([p], SamplingParams(max_tokens=6, temperature=0))[0] for p in prompts]
    assert [c[0].text for c in batched] == [c[0].text for c in alone]
    for x, y in zip(batched, alone, strict=True):
        assert math.isclose(x[0].logprob, y[0].logprob, abs_tol=1e-3)


def test_stop_string_truncates_and_reports_stop(llama):
    free = llama.generate(["theorem foo"], SamplingParams(max_tokens=16, temperature=0))[0][0]
    assert len(free.text) >= 4
    stop = free.text[2:4]
    first = free.text.find(stop)
    cut = llama.generate(
        ["theorem foo"], SamplingParams(max_tokens=16, temperature=0, stop=[stop])
    )[0][0]
    assert cut.text == free.text[:first]
    assert cut.finish_reason == "stop"
    assert cut.num_tokens <= free.num_tokens
    assert cut.logprob >= free.logprob  # fewer tokens, each log-prob <= 0


def test_sampling_varies_and_seed_reproduces(tiny_llama_dir):
    a = LocalProver(tiny_llama_dir, seed=1, device="cpu").generate(
        ["x"], SamplingParams(n=4, max_tokens=8)
    )[0]
    b = LocalProver(tiny_llama_dir, seed=1, device="cpu").generate(
        ["x"], SamplingParams(n=4, max_tokens=8)
    )[0]
    assert [c.text for c in a] == [c.text for c in b]
    assert len({c.text for c in a}) > 1


def test_bad_parameters_and_missing_model_are_input_errors(llama, tmp_path):
    with pytest.raises(InputError, match="top_p"):
        llama.generate(["x"], SamplingParams(top_p=0))
    with pytest.raises(InputError, match="n must be"):
        llama.generate(["x"], SamplingParams(n=0))
    with pytest.raises(InputError, match="cannot load model"):
        LocalProver(tmp_path / "nothing-here")
    with pytest.raises(InputError, match="dtype"):
        LocalProver(tmp_path, dtype="float8")


def test_seq2seq_byt5(tiny_byt5_dir):
    prover = LocalProver(tiny_byt5_dir, seed=0, device="cpu")
    assert prover.is_seq2seq
    out = prover.generate(
        ["a b : Nat\n⊢ a + b = b + a", "⊢ True"], SamplingParams(n=2, max_tokens=10)
    )
    assert [len(c) for c in out] == [2, 2]
    assert all(1 <= c.num_tokens <= 10 and c.logprob < 0 for cs in out for c in cs)
    greedy = prover.generate(["⊢ True"], SamplingParams(n=2, max_tokens=10, temperature=0))[0]
    assert greedy[0] == greedy[1]


def test_cuda_device_turns_off_cudnn_attention_and_cpu_leaves_it():
    import torch

    from proofsmith.provers.backends.local import _configure_attention

    before = torch.backends.cuda.cudnn_sdp_enabled()
    try:
        torch.backends.cuda.enable_cudnn_sdp(True)
        _configure_attention("cpu")
        assert torch.backends.cuda.cudnn_sdp_enabled()
        _configure_attention("cuda:0")  # a plan per decoding shape: slow (bench/cuda_check.py)
        assert not torch.backends.cuda.cudnn_sdp_enabled()
    finally:
        torch.backends.cuda.enable_cudnn_sdp(before)
