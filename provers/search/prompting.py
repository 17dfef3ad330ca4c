"""The plain fallback prompt format and the repair prompt.

Search and sampling take any :class:`~proofsmith.provers.formats.PromptFormat` (re-exported
here); :class:`PlainFormat` is the fallback when no format is named: header + statement
(+ state) in, text out. :func:`repair_prompt` shows a failed candidate and the checker's
messages before the format's prompt.
"""

from __future__ import annotations

from proofsmith.checkers.verdict import Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.provers.formats.protocol import PromptFormat

__all__ = ["PlainFormat", "PromptFormat", "repair_prompt"]


class PlainFormat:
    """Header, statement and (for tactic prompts) the goals; the completion is the candidate."""

    name = "plain"
    stop: tuple[str, ...] = ()

    def render(self, *, problem: Problem, state: str | None = None) -> str:
        parts = [problem.header.strip(), problem.statement.strip()]
        if state is not None:
            parts.append(f"Goals:\n{state}\nNext tactic:")
        return "\n\n".join(p for p in parts if p) + "\n"

    def parse(self, text: str) -> str | None:
        text = text.strip()
        return text or None

    def assemble(self, problem: Problem, parsed: str) -> str:
        return parsed


def repair_prompt(fmt: PromptFormat, problem: Problem, candidate: str, verdict: Verdict) -> str:
    """A prompt that shows a failed candidate and the checker's messages, then asks again.

    A format with its own ``render_repair(problem=, candidate=, messages=)`` is used as is;
    otherwise the feedback is put before the format's normal prompt, so the completion
    still continues that prompt.
    """
    messages = verdict.reason.strip() or verdict.status.value
    custom = getattr(fmt, "render_repair", None)
    if callable(custom):
        return str(custom(problem=problem, candidate=candidate, messages=messages))
    return (
        f"A previous attempt:\n{candidate.strip()}\n\n"
        f"The checker said ({verdict.status.value}):\n{messages[:2000]}\n\n"
        f"Write a corrected attempt.\n\n{fmt.render(problem=problem)}"
    )
