"""Fixtures of the fine-tuning and expert-iteration tests: a tiny char-level model on disk."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    """A randomly initialised tiny Llama with a character tokenizer, saved to a directory."""
    from transformers.utils import logging as hf_logging

    from proofsmith.provers.training.tiny import TinyModelConfig, build_tiny_model

    hf_logging.disable_progress_bar()
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "base", TinyModelConfig(seed=1))
