"""The OpenAI-compatible completions API: :mod:`.protocol` (typed messages),
:mod:`.client` (a prover served over HTTP) and :mod:`.server` (``proofsmith serve``)."""
