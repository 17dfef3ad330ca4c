"""Model backends: a local transformers model, an OpenAI-compatible server, the portfolio.

- :mod:`.local` — :class:`~.local.LocalProver` (transformers; imports torch);
- :mod:`.openai` — the served-model path: :mod:`.openai.protocol` (the API's messages),
  :mod:`.openai.client` (:class:`~.openai.client.OpenAIProver`) and :mod:`.openai.server`
  (``proofsmith serve``);
- :mod:`.portfolio` — the model-free :class:`~.portfolio.PortfolioProver`.

Nothing is imported here: ``proofsmith.provers.load.load_prover`` imports the one it needs.
"""
