"""Model backends, prompt formats, search and expert iteration."""

from proofsmith.provers.backends.local import LocalProver
from proofsmith.provers.backends.openai.client import OpenAIProver
from proofsmith.provers.backends.portfolio import PortfolioProver
from proofsmith.provers.base import Candidate, Prover, SamplingParams
from proofsmith.provers.formats import PromptFormat, get_format
from proofsmith.provers.load import load_prover

__all__ = [
    "Candidate",
    "LocalProver",
    "OpenAIProver",
    "PortfolioProver",
    "PromptFormat",
    "Prover",
    "SamplingParams",
    "get_format",
    "load_prover",
]
