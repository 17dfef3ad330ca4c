"""Fixtures for prover tests: a tiny Llama and a tiny ByT5 built from configs, no download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

CORPUS = [
    "theorem foo : 1 + 1 = 2 := by norm_num",
    "example (a b : Nat) : a + b = b + a := by omega",
    "intro h\nsimp at h\nexact h",
    "linarith [sq_nonneg (a - b)]",
    "The answer is \\boxed{42}.",
    "nlinarith positivity decide aesop rfl ring_nf field_simp",
] * 4


def build_tiny_llama(path: Path, seed: int = 0, **sizes: Any) -> Path:
    """Save a 2-layer Llama with a byte-level BPE tokenizer trained on CORPUS into ``path``.

    ``sizes`` override LlamaConfig fields (bench/cuda_check.py builds a 76M-parameter one).
    """
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=300,
        special_tokens=["<pad>", "<s>", "</s>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(CORPUS, trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>"
    )
    torch.manual_seed(seed)
    shape = {
        "vocab_size": len(fast),
        "hidden_size": 32,
        "intermediate_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "max_position_embeddings": 512,
        "bos_token_id": fast.bos_token_id,
        "eos_token_id": fast.eos_token_id,
        "pad_token_id": fast.pad_token_id,
    }
    config = LlamaConfig(**{**shape, **sizes})  # at construction: head_dim follows the sizes
    model = LlamaForCausalLM(config)
    model.save_pretrained(path)
    fast.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def tiny_llama_dir(tmp_path_factory) -> Path:
    return build_tiny_llama(tmp_path_factory.mktemp("tiny-llama"))


@pytest.fixture(scope="session")
def tiny_byt5_dir(tmp_path_factory) -> Path:
    """A 1-layer T5 with the ByT5 tokenizer (which needs no vocabulary files)."""
    import torch
    from transformers import ByT5Tokenizer, T5Config, T5ForConditionalGeneration

    path = tmp_path_factory.mktemp("tiny-byt5")
    tok = ByT5Tokenizer()
    torch.manual_seed(0)
    config = T5Config(
        vocab_size=len(tok),
        d_model=32,
        d_kv=8,
        d_ff=64,
        num_layers=1,
        num_decoder_layers=1,
        num_heads=2,
        decoder_start_token_id=tok.pad_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
    )
    T5ForConditionalGeneration(config).save_pretrained(path)
    tok.save_pretrained(path)
    return path
