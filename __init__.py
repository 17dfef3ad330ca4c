"""proofsmith: prove and check with models and verifiers (Lean 4, Z3, SymPy).

Subpackages, imports pointing one way: ``cli`` → ``provers`` → ``checkers`` → ``datasets`` → ``text``.
"""

from proofsmith.errors import ProofsmithError

__version__ = "0.1.0"
__all__ = ["ProofsmithError", "__version__"]
