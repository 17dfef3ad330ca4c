"""Fine-tuning: label masking, full and LoRA training, atomic output, loading the result."""

from __future__ import annotations

import json

import pytest

from proofsmith.errors import InputError
from proofsmith.provers.backends.local import LocalProver
from proofsmith.provers.base import SamplingParams
from proofsmith.provers.load import load_prover
from proofsmith.provers.training.finetune import (
    FinetuneConfig,
    SftExample,
    finetune,
    tokenize_examples,
)
from proofsmith.provers.training.tiny import build_char_tokenizer

PAIRS = [SftExample("Q: 2+2\nA: ", "4"), SftExample("Q: 3+5\nA: ", "8")]
FAST = FinetuneConfig(epochs=40, learning_rate=1e-2, batch_size=2, logging_steps=1000)


def test_prompt_is_masked_and_completion_ends_with_eos():
    tok = build_char_tokenizer()
    (row,) = tokenize_examples([SftExample("ab", "cd")], tok, max_length=64)
    ids, labels = row["input_ids"], row["labels"]
    assert tok.decode(ids) == "<s>abcd</s>"
    assert labels[:3] == [-100, -100, -100]  # <s> a b
    assert labels[3:] == ids[3:] and labels[-1] == tok.eos_token_id


def test_overlong_prompt_loses_its_left_end_and_empty_completions_are_dropped():
    tok = build_char_tokenizer()
    rows = tokenize_examples([SftExample("x" * 50 + "yz", "ok"), SftExample("p", " ")], tok, 6)
    assert len(rows) == 1
    assert tok.decode(rows[0]["input_ids"]) == "xyzok</s>"
    assert rows[0]["labels"][:3] == [-100] * 3


def _greedy(model_dir, prompts):
    prover = LocalProver(str(model_dir), seed=0)
    try:
        return [
            c[0].text
            for c in prover.generate(prompts, SamplingParams(n=1, max_tokens=4, temperature=0))
        ]
    finally:
        prover.close()


def test_full_finetune_learns_the_pairs_and_loads_in_the_local_backend(tiny_model, tmp_path):
    prompts = [p.prompt for p in PAIRS]
    assert _greedy(tiny_model, prompts) != ["4", "8"]
    result = finetune(tiny_model, PAIRS * 4, tmp_path / "ft", FAST)
    assert result.examples == 8 and result.steps == 160 and not result.merged
    assert _greedy(result.out_dir, prompts) == ["4", "8"]
    meta = json.loads((result.out_dir / "finetune.json").read_text())
    assert meta["config"]["epochs"] == 40 and meta["base_model"] == str(tiny_model.resolve())
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "ft"]
    assert leftovers == []  # no temporary or work directory is left behind


def test_lora_adapter_and_merged_model(tiny_model, tmp_path):
    from transformers import AutoModelForCausalLM

    config = FinetuneConfig(**{**FAST.__dict__, "lora": True, "lora_r": 8})
    adapter = finetune(tiny_model, PAIRS * 4, tmp_path / "adapter", config)
    assert (adapter.out_dir / "adapter_config.json").is_file()
    assert not (adapter.out_dir / "model.safetensors").exists()
    loaded = AutoModelForCausalLM.from_pretrained(str(adapter.out_dir))
    assert hasattr(loaded, "peft_config")  # transformers applied the adapter to the base
    # the local backend loads the unmerged adapter too: base model + adapter
    assert _greedy(adapter.out_dir, [p.prompt for p in PAIRS]) == ["4", "8"]
    prover = load_prover(str(adapter.out_dir), seed=0)  # and so does a prover spec
    assert isinstance(prover, LocalProver)
    prover.close()

    merged_config = FinetuneConfig(**{**config.__dict__, "merge_lora": True})
    merged = finetune(tiny_model, PAIRS * 4, tmp_path / "merged", merged_config)
    assert merged.merged and (merged.out_dir / "model.safetensors").is_file()
    assert not (merged.out_dir / "adapter_config.json").exists()
    assert _greedy(merged.out_dir, [p.prompt for p in PAIRS]) == ["4", "8"]


def test_rerun_replaces_output_and_failure_keeps_the_old_one(tiny_model, tmp_path):
    out = tmp_path / "ft"
    short = FinetuneConfig(max_steps=2, batch_size=2, logging_steps=1000)
    first = finetune(tiny_model, PAIRS, out, short)
    stamp = (first.out_dir / "finetune.json").read_text()
    with pytest.raises(InputError, match="no fine-tuning examples"):
        finetune(tiny_model, [], out, short)
    assert (out / "finetune.json").read_text() == stamp
    finetune(tiny_model, PAIRS, out, FinetuneConfig(max_steps=3, batch_size=2))
    assert json.loads((out / "finetune.json").read_text())["steps"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ft"]


class _Steps:
    """A Trainer callback recording steps; optionally crashing after one (a killed run)."""

    def __init__(self, crash_after: int | None = None) -> None:
        self.seen: list[int] = []
        self.crash_after = crash_after

    def __getattr__(self, name):  # every other TrainerCallback hook does nothing
        if name.startswith("on_"):
            return lambda *args, **kwargs: None
        raise AttributeError(name)

    def on_step_end(self, args, state, control, **kwargs):
        self.seen.append(state.global_step)
        if state.global_step == self.crash_after:
            raise KeyboardInterrupt


def test_resume_continues_from_the_last_trainer_checkpoint(tiny_model, tmp_path):
    out = tmp_path / "ft"
    config = FinetuneConfig(max_steps=4, batch_size=2, save_steps=2, logging_steps=1000)
    crashed = _Steps(crash_after=3)
    with pytest.raises(KeyboardInterrupt):
        finetune(tiny_model, PAIRS, out, config, callbacks=[crashed])
    assert not out.exists() and (tmp_path / ".ft.work" / "checkpoint-2").is_dir()
    resumed = _Steps()
    result = finetune(tiny_model, PAIRS, out, config, resume=True, callbacks=[resumed])
    assert resumed.seen == [3, 4] and result.steps == 4
    assert (out / "model.safetensors").is_file() and not (tmp_path / ".ft.work").exists()


def test_adapter_without_tokenizer_or_base_name(tiny_model, tmp_path):
    config = FinetuneConfig(**{**FAST.__dict__, "lora": True, "lora_r": 8})
    adapter = finetune(tiny_model, PAIRS * 4, tmp_path / "adapter", config).out_dir
    for name in ("tokenizer.json", "tokenizer_config.json"):
        (adapter / name).unlink()  # an adapter saved without its tokenizer uses the base's
    assert _greedy(adapter, [p.prompt for p in PAIRS]) == ["4", "8"]
    settings = json.loads((adapter / "adapter_config.json").read_text())
    settings["base_model_name_or_path"] = None
    (adapter / "adapter_config.json").write_text(json.dumps(settings))
    with pytest.raises(InputError, match="does not name its base model"):
        LocalProver(str(adapter))


def test_min_steps_gives_a_small_set_more_passes(tiny_model, tmp_path):
    config = FinetuneConfig(epochs=1, min_steps=5, batch_size=2, logging_steps=1000)
    assert finetune(tiny_model, PAIRS, tmp_path / "small", config).steps == 5
    assert finetune(tiny_model, PAIRS * 8, tmp_path / "large", config).steps == 8  # epochs rule
