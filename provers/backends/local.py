"""Local transformers backend: a causal or seq2seq model on this machine.

:class:`LocalProver` loads a Hugging Face model id or local directory (optionally a
``gguf_file=`` inside it), places it on CUDA when present else CPU, and samples
candidates in left-padded batches.

Log-probabilities follow vLLM's default: each generated token's log-probability is the
``log_softmax`` of the model's *raw* logits (before temperature and top-p), and a
candidate's ``logprob`` is their sum. The tokens counted are those needed to produce the
text: up to and including an end-of-sequence token, or up to the token that completed a
stop string (the stop string itself is cut from ``text``). ``temperature == 0`` is greedy.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proofsmith.errors import InputError, ProverError
from proofsmith.provers.base import DEFAULT_SAMPLING, Candidate, SamplingParams

__all__ = ["LocalProver", "Trace", "pick_device", "resolve_dtype"]

_DTYPES = ("auto", "float32", "float16", "bfloat16")


@dataclass(frozen=True)
class Trace:
    """A candidate with its tokens: what a server needs to report per-token log-probs."""

    candidate: Candidate
    token_ids: tuple[int, ...]  # the ``num_tokens`` counted tokens
    token_logprobs: tuple[float, ...]  # raw-model log-prob of each
    prompt_tokens: int  # tokens of the prompt (special tokens included)


def pick_device(device: str | None = None) -> str:
    """``device`` if given, else ``"cuda"`` when a GPU is visible, else ``"cpu"``."""
    if device:
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def _configure_attention(device: str) -> None:
    """On CUDA, keep PyTorch's SDPA off its cuDNN backend (process-wide).

    cuDNN attention builds an execution plan for every new (batch, length) shape, and
    decoding makes a new shape at each step: measured on an H200 (bench/cuda_check.py), a
    bf16 batch of 256 sequences took 4.4 s on first call and 0.7 s after, against 0.44 s
    and 0.42 s with the flash / memory-efficient kernels that need no plan.
    """
    if device.startswith("cuda"):
        import torch

        torch.backends.cuda.enable_cudnn_sdp(False)


def resolve_dtype(dtype: str, device: str) -> Any:
    """Map a dtype name to a torch dtype; ``auto`` = bfloat16 on a capable GPU, else float32."""
    import torch

    if dtype not in _DTYPES:
        raise InputError(f"unknown dtype {dtype!r}", hint=f"Use one of: {', '.join(_DTYPES)}.")
    if dtype == "auto":
        if device.startswith("cuda") and torch.cuda.is_bf16_supported():
            return torch.bfloat16
        return torch.float32
    return getattr(torch, dtype)


class LocalProver:
    """Sample from a transformers model loaded in this process (thread-safe, one call at a time)."""

    def __init__(
        self,
        model: str | Path | Any,
        *,
        tokenizer: Any | None = None,
        dtype: str = "auto",
        device: str | None = None,
        gguf_file: str | None = None,
        batch_size: int = 16,
        seed: int | None = None,
        name: str | None = None,
    ) -> None:
        """Load ``model`` (id, path, or an already built model with ``tokenizer``).

        ``batch_size`` caps the rows (prompt × sample) decoded together; ``seed`` seeds torch
        once here so a fresh prover samples reproducibly.
        """
        import torch

        if batch_size < 1:
            raise InputError(f"batch_size must be >= 1, got {batch_size}")
        self.device = pick_device(device)
        _configure_attention(self.device)
        self.batch_size = batch_size
        self._lock = threading.Lock()
        if seed is not None:
            torch.manual_seed(seed)
        if isinstance(model, (str, Path)):
            self.name = name or str(model)
            self.model, self.tokenizer = _load(str(model), gguf_file, dtype, self.device)
        else:
            if tokenizer is None:
                raise InputError("a model object needs its tokenizer= as well")
            self.name = name or getattr(model.config, "name_or_path", "") or "local"
            self.model = model.to(self.device)
            self.tokenizer = tokenizer
        self.model.eval()
        self.is_seq2seq = bool(getattr(self.model.config, "is_encoder_decoder", False))
        if self.tokenizer.pad_token_id is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        if not self.is_seq2seq:
            self.tokenizer.padding_side = "left"
        eos = self.model.generation_config.eos_token_id
        if eos is None:
            eos = self.tokenizer.eos_token_id
        self.eos_ids = set(eos if isinstance(eos, list) else [eos]) - {None}

    # -- the Prover interface ---------------------------------------------------------------

    def generate(
        self, prompts: Sequence[str], params: SamplingParams = DEFAULT_SAMPLING
    ) -> list[list[Candidate]]:
        """Return ``params.n`` candidates for each prompt, in prompt order."""
        traces = self.generate_traces(prompts, params)
        return [[t.candidate for t in row] for row in traces]

    def generate_traces(
        self, prompts: Sequence[str], params: SamplingParams = DEFAULT_SAMPLING
    ) -> list[list[Trace]]:
        """Like :meth:`generate`, keeping each candidate's tokens and their log-probs."""
        n = params.n
        rows = [p for p in prompts for _ in range(n)]
        flat: list[Trace] = []
        with self._lock:
            for start in range(0, len(rows), self.batch_size):
                chunk = rows[start : start + self.batch_size]
                flat.extend(
                    self._generate_batch(
                        chunk, params.max_tokens, params.temperature, params.top_p, params.stop
                    )
                )
        return [flat[i * n : (i + 1) * n] for i in range(len(prompts))]

    def token_text(self, token_id: int) -> str:
        """The text one token decodes to (how OpenAI-style replies list ``tokens``)."""
        return self.tokenizer.decode([token_id])

    def close(self) -> None:
        """Drop the model so its memory can be freed."""
        self.model = None
        try:
            import torch

            if torch.cuda.is_available():
                torch.cuda.empty_cache()
        except ImportError:  # pragma: no cover - torch is there if we loaded a model
            pass

    def __enter__(self) -> LocalProver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` under this model's tokenizer (no special tokens)."""
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    # -- internals ------------------------------------------------------------------------

    def _generate_batch(
        self,
        prompts: list[str],
        max_tokens: int,
        temperature: float,
        top_p: float,
        stop: Sequence[str],
    ) -> list[Trace]:
        import torch

        if self.model is None:
            raise ProverError(f"prover {self.name!r} is closed", hint="Create a new LocalProver.")
        enc = self.tokenizer(list(prompts), return_tensors="pt", padding=True)
        enc = {k: v.to(self.device) for k, v in enc.items()}
        greedy = temperature == 0
        kwargs: dict[str, Any] = {
            "max_new_tokens": max_tokens,
            "do_sample": not greedy,
            "pad_token_id": self.tokenizer.pad_token_id,
            "eos_token_id": sorted(self.eos_ids) or None,
            "return_dict_in_generate": True,
            "output_logits": True,
            "num_beams": 1,
            "top_k": 0,
            "repetition_penalty": 1.0,
        }
        if not greedy:
            kwargs.update(temperature=temperature, top_p=top_p)
        else:
            kwargs.update(temperature=None, top_p=None)
        if stop:
            kwargs["stopping_criteria"] = _stop_criteria(self.tokenizer, list(stop))
        try:
            with torch.inference_mode():
                out = self.model.generate(**enc, **kwargs)
        except (RuntimeError, ValueError) as exc:
            raise ProverError(
                f"generation with {self.name!r} failed: {exc}",
                hint="Check the model, dtype and device; lower batch_size if memory ran out.",
            ) from exc
        start = 1 if self.is_seq2seq else enc["input_ids"].shape[1]
        gen = out.sequences[:, start:]
        steps = len(out.logits)
        gen = gen[:, :steps]
        logits = torch.stack(out.logits, dim=1).float()  # (rows, steps, vocab), raw
        token_lp = torch.log_softmax(logits, dim=-1).gather(-1, gen.unsqueeze(-1)).squeeze(-1)
        results = []
        for row, prompt in enumerate(prompts):
            ids = gen[row].tolist()
            length, reason = self._cut(ids, max_tokens, stop)
            text = self.tokenizer.decode(ids[:length], skip_special_tokens=True)
            text, hit = _truncate(text, stop)
            if hit:
                reason = "stop"
            lps = [float(x) for x in token_lp[row, :length]]
            lp = sum(lps)
            cand = Candidate(
                text=text,
                logprob=lp if math.isfinite(lp) else -math.inf,
                num_tokens=length,
                prompt=prompt,
                finish_reason=reason,
            )
            prompt_len = int(enc["attention_mask"][row].sum()) if "attention_mask" in enc else 0
            results.append(Trace(cand, tuple(ids[:length]), tuple(lps), prompt_len))
        return results

    def _cut(self, ids: list[int], max_tokens: int, stop: Sequence[str]) -> tuple[int, str]:
        """Tokens that make up the candidate and why it ended."""
        end = len(ids)
        reason = "length"
        for i, tok in enumerate(ids):
            if tok in self.eos_ids:
                end, reason = i + 1, "stop"
                break
        if stop:
            full = self.tokenizer.decode(ids[:end], skip_special_tokens=True)
            if any(s in full for s in stop):
                # smallest prefix whose decoded text already contains a stop string
                lo, hi = 1, end
                while lo < hi:
                    mid = (lo + hi) // 2
                    text = self.tokenizer.decode(ids[:mid], skip_special_tokens=True)
                    if any(s in text for s in stop):
                        hi = mid
                    else:
                        lo = mid + 1
                return lo, "stop"
        if reason == "length" and end < max_tokens:
            reason = "stop"  # ended early by a stopping rule we did not see (e.g. padding eos)
        return end, reason


def _truncate(text: str, stop: Sequence[str]) -> tuple[str, bool]:
    """Cut ``text`` before the earliest stop string; say whether one was found."""
    cut = min((i for i in (text.find(s) for s in stop if s) if i >= 0), default=-1)
    if cut < 0:
        return text, False
    return text[:cut], True


def _stop_criteria(tokenizer: Any, stop: list[str]) -> Any:
    """A StoppingCriteriaList that ends each row once its recent text holds a stop string."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    window = max(len(s) for s in stop) + 8  # tokens are at least one character, mostly

    class _StopStrings(StoppingCriteria):
        def __init__(self) -> None:
            self.start: int | None = None

        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            if self.start is None:  # first call: the prompt plus one new token
                self.start = input_ids.shape[1] - 1
            tails = input_ids[:, max(self.start, input_ids.shape[1] - window) :]
            texts = tokenizer.batch_decode(tails, skip_special_tokens=True)
            done = [any(s in t for s in stop) for t in texts]
            return torch.tensor(done, dtype=torch.bool, device=input_ids.device)

    return StoppingCriteriaList([_StopStrings()])


def _load(model: str, gguf_file: str | None, dtype: str, device: str) -> tuple[Any, Any]:
    """Load tokenizer and model, choosing seq2seq or causal from the config.

    A PEFT adapter directory (``adapter_config.json``) loads the base model it names and
    merges the adapter into it.
    """
    from transformers import (
        AutoConfig,
        AutoModelForCausalLM,
        AutoModelForSeq2SeqLM,
    )

    extra = {"gguf_file": gguf_file} if gguf_file else {}
    torch_dtype = resolve_dtype(dtype, device)
    adapter = _adapter_base(model)  # a PEFT adapter dir: the base model it was trained on
    weights = adapter or model
    try:
        config = AutoConfig.from_pretrained(weights, **extra)
        cls = AutoModelForSeq2SeqLM if config.is_encoder_decoder else AutoModelForCausalLM
        tokenizer = _tokenizer(model, weights, extra)
        loaded = cls.from_pretrained(weights, dtype=torch_dtype, **extra)
        if adapter:
            from peft import PeftModel

            loaded = PeftModel.from_pretrained(loaded, model).merge_and_unload()
        loaded = loaded.to(device)
    except OSError as exc:
        raise InputError(
            f"cannot load model {model!r}: {exc}",
            hint="Give a local model directory or a Hugging Face id that is in the local cache "
            "(downloads need network; set HF_HUB_OFFLINE=0 if you have it).",
        ) from exc
    return loaded, tokenizer


def _adapter_base(model: str) -> str | None:
    """The base model named by ``model/adapter_config.json`` (a PEFT adapter dir), else None."""
    import json

    path = Path(model) / "adapter_config.json"
    if not path.is_file():
        return None
    try:
        base = json.loads(path.read_text()).get("base_model_name_or_path")
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the adapter config {path}: {exc}") from exc
    if not base:
        raise InputError(
            f"adapter {model!r} does not name its base model",
            hint="Set base_model_name_or_path in adapter_config.json.",
        )
    return str(base)


def _tokenizer(model: str, weights: str, extra: dict[str, Any]) -> Any:
    """The tokenizer saved with ``model``; an adapter without one uses its base's."""
    from transformers import AutoTokenizer

    if model != weights and not (Path(model) / "tokenizer_config.json").is_file():
        return AutoTokenizer.from_pretrained(weights, **extra)
    return AutoTokenizer.from_pretrained(model, **extra)
