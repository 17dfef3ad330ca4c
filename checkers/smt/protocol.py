"""The exchange with a z3 worker: one :class:`SmtQuery` in, one :class:`SmtAnswer` out.

A query is a self-contained piece of SMT-LIB holding only declarations, definitions and
assertions (the context of one ``check-sat``, assembled by :mod:`.script`); the worker
(:mod:`.runner`) parses it with z3, checks it under z3's own ``timeout``/``rlimit``, and
validates a ``sat`` answer by evaluating every assertion under the model.

Answer statuses:

- ``sat``: z3 found a model and every assertion evaluates to true under it;
- ``unsat``: z3 proved the assertions inconsistent;
- ``unknown``: undecided (z3 timeout, resource limit, incompleteness; ``reason`` says which);
- ``error``: the query could not be checked (does not parse, or a ``sat`` model fails
  validation: a solver bug is reported, never passed on as ``sat``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["SmtAnswer", "SmtQuery", "SmtStatus"]

SmtStatus = Literal["sat", "unsat", "unknown", "error"]


class SmtQuery(BaseModel):
    """A request to decide one set of assertions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    script: str
    """SMT-LIB declarations, definitions and ``assert``s; no other commands."""
    timeout_s: float = Field(10.0, gt=0)
    """z3's own time limit in seconds (the worker is killed a little later regardless)."""
    rlimit: int = Field(0, ge=0)
    """z3's deterministic resource limit (0 = none)."""
    memory_mb: int = Field(0, ge=0)
    """z3's ``memory_max_size`` in MiB (0 = none); the worker also has a hard RLIMIT_AS."""
    want_model: bool = True
    """Return the model of a ``sat`` answer."""


class SmtAnswer(BaseModel):
    """The worker's reply; tolerant of fields a newer worker adds."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    status: SmtStatus
    reason: str = ""
    """Why the answer is unknown/error (z3's reason_unknown, the parse error …)."""
    model: dict[str, str] = Field(default_factory=dict)
    """symbol -> value as SMT-LIB text (a ``define-fun`` for functions), for ``sat``."""
    seconds: float = 0.0
    """Time z3 spent parsing, solving and validating."""
