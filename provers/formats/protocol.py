"""The one prompt-format type: what sampling, search, training and the run layer use."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from proofsmith.datasets.problem import Problem

__all__ = ["PromptFormat"]


@runtime_checkable
class PromptFormat(Protocol):
    """Turns a problem (and a proof state) into a prompt, and a completion into a candidate.

    Built-in and user formats are :class:`~.template.TemplateFormat` files; the fallback
    when none is named is :class:`~proofsmith.provers.search.prompting.PlainFormat`.
    """

    name: str
    stop: tuple[str, ...]  # sample with these stop strings

    def render(self, *, problem: Problem, state: str | None = None) -> str:
        """The prompt for ``problem`` (with ``state`` for a tactic prompt)."""
        ...

    def parse(self, text: str) -> str | None:
        """The candidate in a completion; None when there is none."""
        ...

    def assemble(self, problem: Problem, parsed: str) -> str:
        """The text the checker sees for a parsed candidate (e.g. statement + proof)."""
        ...
