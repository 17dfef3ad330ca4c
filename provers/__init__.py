"""Model backends, prompt formats, search and expert iteration."""

from proofsmith.provers.base import Candidate, Prover, SamplingParams
from proofsmith.provers.formats import PromptFormat, get_format
from proofsmith.provers.load import load_prover
from proofsmith.provers.local import LocalProver
from proofsmith.provers.openai import OpenAIProver
from proofsmith.provers.portfolio import PortfolioProver

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
