"""The model-free portfolio prover and its per-domain strategies."""

from proofsmith.provers.backends.portfolio.prover import (
    MARKER,
    PortfolioConfig,
    PortfolioProver,
    decode_prompt,
)

__all__ = ["MARKER", "PortfolioConfig", "PortfolioProver", "decode_prompt"]
