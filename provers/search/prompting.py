"""What search and sampling need from a prompt format, and a plain fallback.

The prompt formats of known prover models live in ``proofsmith.provers.formats``; search
only needs ``render(problem=…, state=goals_text) -> str`` and ``parse(text) -> str | None``
(plus, optionally, ``assemble(problem, parsed)`` turning a parsed whole proof into the text
to check, and ``stop``), so any object with those will do (:class:`PromptFormat`). :class:`PlainFormat` is
the fallback when no format is named: header + statement (+ state) in, text out.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from proofsmith.checkers.verdict import Verdict
from proofsmith.datasets.problem import Problem

__all__ = ["PlainFormat", "PromptFormat", "assemble", "repair_prompt"]


@runtime_checkable
class PromptFormat(Protocol):
    """Turns a problem (and a proof state) into a prompt, and a completion into a candidate."""

    def render(self, *, problem: Problem, state: str | None = None) -> str: ...

    def parse(self, text: str) -> str | None: ...


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


def repair_prompt(fmt: Any, problem: Problem, candidate: str, verdict: Verdict) -> str:
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


def assemble(fmt: Any, problem: Problem, parsed: str) -> str:
    """The text the checker sees for a parsed candidate (the format may add the statement)."""
    join = getattr(fmt, "assemble", None)
    return str(join(problem, parsed)) if callable(join) else parsed
