"""The Verdict a checker returns, and its status values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = ["Status", "Verdict"]


class Status(str, Enum):
    """What a checker concluded about one candidate."""

    PROVED = "proved"  # checked and correct (for answers: equal to the gold)
    REFUTED = "refuted"  # checked and wrong (for answers: not equal)
    REJECTED = (
        "rejected"  # unsound or ill-formed: sorry, new axioms, changed statement, parse error
    )
    TIMEOUT = "timeout"  # the time or memory limit ran out: undecided
    ERROR = "error"  # the checker could not run: undecided

    @property
    def decided(self) -> bool:
        """True for proved/refuted/rejected, False for the undecided timeout/error."""
        return self in (Status.PROVED, Status.REFUTED, Status.REJECTED)

    @property
    def exit_code(self) -> int:
        """The CLI exit code: 0 proved, 1 refuted or rejected, 3 undecided."""
        if self is Status.PROVED:
            return 0
        return 1 if self.decided else 3

    @classmethod
    def overall(cls, statuses: Iterable[Status]) -> Status:
        """The status that stands for many checks (for one exit code): the first refuted or
        rejected one, else the first undecided one, else proved (also when there are none)."""
        seen = list(statuses)
        wrong = [s for s in seen if s.decided and s is not cls.PROVED]
        undecided = [s for s in seen if not s.decided]
        return (wrong or undecided or [cls.PROVED])[0]


@dataclass(frozen=True)
class Verdict:
    """A checker's answer about one candidate.

    ``checked_text`` is the exact text that was checked (after assembling a proof with its
    header, or extracting an answer), so a verdict can be audited and replayed.
    ``details`` holds domain extras: a counterexample, one result per ``check-sat``,
    the extracted answers, the axioms a proof uses.
    """

    status: Status
    messages: tuple[str, ...] = ()
    seconds: float = 0.0
    checked_text: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def proved(self) -> bool:
        return self.status is Status.PROVED

    @property
    def reason(self) -> str:
        """The messages joined into one line-separated string."""
        return "\n".join(self.messages)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "messages": list(self.messages),
            "seconds": round(self.seconds, 6),
            "checked_text": self.checked_text,
            "details": dict(self.details),
        }
