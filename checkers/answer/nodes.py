"""The parsed form of an answer: SymPy expressions inside a few structural nodes.

Structure is kept in our own frozen dataclasses rather than SymPy containers so that an
ordered pair, a set, an interval and a bare list of solutions stay distinct and nothing
is evaluated or re-sorted behind our back. Leaves are SymPy expressions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Answer", "Inter", "Ival", "Mat", "Node", "Rel", "Seq", "Text", "UnionOf"]


@dataclass(frozen=True)
class Seq:
    """Several answers: ``tuple`` (ordered), ``set`` (``\\{…\\}``) or ``list`` (bare, unordered)."""

    kind: str
    items: tuple[Any, ...]
    maybe_interval: bool = False  # "(a, b)": an ordered pair that may also be an open interval


@dataclass(frozen=True)
class Ival:
    """An interval with SymPy endpoints (±oo allowed)."""

    lo: Any
    hi: Any
    lo_open: bool
    hi_open: bool


@dataclass(frozen=True)
class UnionOf:
    """A union of intervals or sets (``\\cup``)."""

    parts: tuple[Any, ...]


@dataclass(frozen=True)
class Inter:
    """Inequalities joined by "and": the intersection of what each allows."""

    parts: tuple[Any, ...]


@dataclass(frozen=True)
class Rel:
    """A relation chain ``terms[0] ops[0] terms[1] …`` with ops in = < <= > >= !=."""

    ops: tuple[str, ...]
    terms: tuple[Any, ...]


@dataclass(frozen=True)
class Mat:
    """A matrix, row by row."""

    rows: tuple[tuple[Any, ...], ...]

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.rows), len(self.rows[0]) if self.rows else 0)


@dataclass(frozen=True)
class Text:
    """A non-mathematical answer (a word, a name), compared as normalised text."""

    text: str


Node = Any  # a SymPy expression or one of the dataclasses above


@dataclass(frozen=True)
class Answer:
    """One parsed answer and what the comparison needs to know about how it was written."""

    node: Node
    source: str  # the normalised text it was parsed from
    percent: bool = False  # written with a % sign (the node holds the number without /100)
    decimals: int | None = None  # most decimal places of any decimal literal, None if none
    sig_digits: int | None = None  # fewest significant digits of any decimal literal
    huge: bool = False  # holds unevaluated huge numbers (towers, big factorials)
    units: tuple[str, ...] = ()  # unit or text words written after the value (normalised)
    approx: bool = False  # written as an approximation (``\\approx 3.14``, "about 5")
    conditions: tuple = ()  # (kind, expr) where the written form is defined: see domain.py
    members: frozenset = frozenset()  # the names an "x \\in S" answer is about
