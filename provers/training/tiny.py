"""Tiny causal language models built from a config, with a character-level tokenizer.

Nothing is downloaded: the tokenizer is built locally from a character set (one token per
character, plus ``<pad>``, ``<s>``, ``</s>``, ``<unk>``) and wrapped as a
``PreTrainedTokenizerFast``; the model is a ``LlamaForCausalLM`` with random weights. Both are
saved with ``save_pretrained`` so any transformers-based backend (and vLLM) loads the directory
by path. Used by the expert-iteration demo, its benchmark and tests, together with
:func:`arithmetic_problems` (sums a tiny model can learn, optionally of mixed length) and
:data:`QA_FORMAT` (a one-line question/answer prompt format).
"""

from __future__ import annotations

import itertools
import random
import string
from dataclasses import asdict, dataclass
from pathlib import Path

from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError

__all__ = [
    "DEFAULT_CHARSET",
    "QA_FORMAT",
    "TinyModelConfig",
    "arithmetic_problems",
    "build_char_tokenizer",
    "build_tiny_model",
]

# A prompt format file (the shape of proofsmith.provers.formats) for one-line answers: the
# model ends its answer with the end-of-text token, the first line is the candidate.
QA_FORMAT = """name = "qa-line"
domain = "answer"
kind = "answer"
description = "Q: question / A: one-line answer"
template = "Q: {statement}\\nA: "
stop = []

[parse]
mode = "first-line"
yields = "answer"
"""

# printable ASCII without the rarely useful vertical tab / form feed
DEFAULT_CHARSET = "".join(c for c in string.printable if c not in "\x0b\x0c\r")
SPECIAL_TOKENS = ("<pad>", "<s>", "</s>", "<unk>")


@dataclass(frozen=True)
class TinyModelConfig:
    """Size of a tiny Llama; the defaults give ~0.2 M parameters."""

    hidden_size: int = 64  # model width
    num_layers: int = 2  # transformer blocks
    num_heads: int = 4  # attention heads; hidden_size must divide evenly
    intermediate_size: int = 192  # MLP width
    max_positions: int = 256  # longest sequence in tokens (= characters + 2)
    seed: int = 0  # weight initialisation seed


def build_char_tokenizer(charset: str = DEFAULT_CHARSET):
    """A character-level ``PreTrainedTokenizerFast`` (adds ``<s>`` in front of every text)."""
    from tokenizers import Tokenizer, decoders, models, processors
    from transformers import PreTrainedTokenizerFast

    vocab = {tok: i for i, tok in enumerate(SPECIAL_TOKENS)}
    for char in dict.fromkeys(charset):
        vocab.setdefault(char, len(vocab))
    # BPE without merges splits text into single characters; Fuse joins them back verbatim.
    core = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token="<unk>"))
    core.decoder = decoders.Fuse()
    core.post_processor = processors.TemplateProcessing(
        single="<s> $A", pair="<s> $A <s> $B", special_tokens=[("<s>", vocab["<s>"])]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=core,
        pad_token="<pad>",
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        padding_side="left",
        clean_up_tokenization_spaces=False,
    )


def build_tiny_model(
    out_dir: str | Path, config: TinyModelConfig | None = None, charset: str = DEFAULT_CHARSET
) -> Path:
    """Build a randomly initialised tiny Llama and its tokenizer into ``out_dir``; return it."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    config = config or TinyModelConfig()
    tokenizer = build_char_tokenizer(charset)
    model_config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=config.hidden_size,
        intermediate_size=config.intermediate_size,
        num_hidden_layers=config.num_layers,
        num_attention_heads=config.num_heads,
        num_key_value_heads=config.num_heads,
        max_position_embeddings=config.max_positions,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        tie_word_embeddings=True,
    )
    torch.manual_seed(config.seed)
    model = LlamaForCausalLM(model_config)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    (out / "tiny_config.json").write_text(_json(asdict(config)))
    return out


def _json(data: dict) -> str:
    import json

    return json.dumps(data, indent=2) + "\n"


def arithmetic_problems(
    n_train: int,
    n_test: int,
    *,
    max_operand: int = 99,
    terms: int | tuple[int, int] = 2,
    easy_first: bool = False,
    seed: int = 0,
) -> list[Problem]:
    """Distinct sum questions ``What is A+B+…?`` (answer domain, gold in ``reference``).

    Each question adds ``terms`` operands in ``0..max_operand``; a range ``(lo, hi)`` mixes
    difficulties: every question draws its number of terms uniformly from it (kept in
    ``metadata["terms"]``). The first ``n_train`` are split ``train``, the next ``n_test``
    split ``test``, in random order; no question appears in both. ``easy_first`` lists the
    training split from fewest terms to most (a curriculum order: whoever takes the first
    N training questions, like a portfolio seed limit, takes the easiest).
    """
    lo, hi = (terms, terms) if isinstance(terms, int) else terms
    if not 1 <= lo <= hi or max_operand < 0:
        raise InputError(f"need 1 <= terms and max_operand >= 0; got {terms}, {max_operand}")
    wanted = n_train + n_test
    available = sum((max_operand + 1) ** k for k in range(lo, hi + 1))
    if wanted > available:
        raise InputError(
            f"asked for {wanted} questions, only {available} exist with {lo}..{hi} terms"
            f" <= {max_operand}",
            hint="Ask for fewer problems, raise max_operand or allow more terms.",
        )
    rng = random.Random(seed)
    if lo == hi and available <= 1_000_000:  # small space: draw without replacement
        chosen = rng.sample(list(itertools.product(range(max_operand + 1), repeat=lo)), wanted)
    else:
        chosen = _distinct_draws(rng, wanted, lo, hi, max_operand)
    if easy_first:  # stable: random order within a number of terms
        chosen[:n_train] = sorted(chosen[:n_train], key=len)
    return [
        Problem(
            id="add-" + "-".join(map(str, operands)),
            domain="answer",
            statement=f"What is {'+'.join(map(str, operands))}?",
            reference=str(sum(operands)),
            split="train" if i < n_train else "test",
            source="arithmetic",
            metadata={"terms": len(operands)},
        )
        for i, operands in enumerate(chosen)
    ]


def _distinct_draws(
    rng: random.Random, wanted: int, lo: int, hi: int, max_operand: int
) -> list[tuple[int, ...]]:
    """``wanted`` distinct operand tuples, each of a uniformly drawn length in ``lo..hi``."""
    seen: set[tuple[int, ...]] = set()
    chosen = []
    for _ in range(100 * wanted + 1000):
        if len(chosen) == wanted:
            break
        operands = tuple(rng.randint(0, max_operand) for _ in range(rng.randint(lo, hi)))
        if operands not in seen:
            seen.add(operands)
            chosen.append(operands)
    if len(chosen) < wanted:
        raise InputError(
            f"found only {len(chosen)} of {wanted} distinct questions by drawing",
            hint="Ask for fewer problems, raise max_operand or allow more terms.",
        )
    return chosen
