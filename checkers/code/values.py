"""Values of checked Python as z3 terms, and the helpers that build and compare them.

``int`` is a z3 Int, ``bool`` a z3 Bool, ``str`` a z3 String, a list of ints a
:class:`ListV`, a read-only 2-D list parameter a :class:`GridV`, a tuple a :class:`TupleV`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import z3

__all__ = [
    "GridV",
    "ListV",
    "TupleV",
    "Value",
    "clamp_index",
    "fresh",
    "kind_of",
    "list_eq",
    "python_string",
    "same_value",
    "string_val",
    "truth",
]


@dataclass(frozen=True)
class ListV:
    """A list of ints: elements ``arr[0 .. n-1]``."""

    arr: Any  # z3 ArrayRef Int -> Int
    n: Any  # z3 ArithRef, >= 0


@dataclass(frozen=True)
class GridV:
    """A read-only ``list[list[int]]`` parameter: row ``i`` is ``rows[i]`` (an array) of
    length ``lens[i]``. It is never bound to another name and no row is, so no row can
    be changed through an alias."""

    rows: Any  # z3 Array Int -> (Array Int -> Int)
    lens: Any  # z3 Array Int -> Int
    n: Any

    def row(self, i: Any) -> ListV:
        return ListV(self.rows[i], self.lens[i])

    @property
    def parts(self) -> tuple[Any, Any, Any]:
        return self.rows, self.lens, self.n


@dataclass(frozen=True)
class TupleV:
    """A tuple of ints, bools and strs (no lists: a tuple cannot alias a list)."""

    items: tuple[Any, ...]


Value = Any  # z3.ArithRef | z3.BoolRef | z3.SeqRef | ListV | TupleV


def kind_of(value: Value) -> str:
    if isinstance(value, ListV):
        return "list"
    if isinstance(value, GridV):
        return "grid"
    if isinstance(value, TupleV):
        return f"tuple[{','.join(kind_of(v) for v in value.items)}]"
    if value is None:
        return "none"
    if isinstance(value, z3.SeqRef) and value.is_string():
        return "str"
    return "bool" if z3.is_bool(value) else "int"


def truth(value: Value) -> Any:
    """Python truthiness as a z3 Bool."""
    kind = kind_of(value)
    if kind == "bool":
        return value
    if kind == "int":
        return value != 0
    if kind in ("list", "grid"):
        return value.n > 0
    if kind == "str":
        return z3.Length(value) > 0
    if kind.startswith("tuple["):
        return z3.BoolVal(True)  # never empty
    raise TypeError("None has no truth value here")


_COUNTER = itertools.count()


def fresh(name: str, kind: str) -> Value:
    """A new unconstrained value of ``kind``, named after the variable it stands for."""
    tag = f"{name}@{next(_COUNTER)}"
    if kind == "int":
        return z3.Int(tag)
    if kind == "bool":
        return z3.Bool(tag)
    if kind == "str":
        return z3.String(tag)
    if kind == "list":
        return ListV(z3.Array(tag, z3.IntSort(), z3.IntSort()), z3.Int(f"len({tag})"))
    if kind == "grid":
        ints = z3.ArraySort(z3.IntSort(), z3.IntSort())
        rows = z3.Array(tag, z3.IntSort(), ints)
        return GridV(
            rows, z3.Array(f"lens({tag})", z3.IntSort(), z3.IntSort()), z3.Int(f"len({tag})")
        )
    if kind.startswith("tuple["):
        return TupleV(tuple(fresh(f"{name}[{i}]", k) for i, k in enumerate(kind[6:-1].split(","))))
    raise ValueError(kind)


def same_value(a: Value, b: Value) -> Any:
    """Python ``==`` of two values of one kind, as a z3 Bool."""
    if isinstance(a, ListV):
        return list_eq(a, b)
    if isinstance(a, TupleV):
        return z3.And(*[same_value(x, y) for x, y in zip(a.items, b.items, strict=True)])
    return a == b


def list_eq(a: ListV, b: ListV) -> Any:
    k = z3.FreshInt("k")
    same = z3.ForAll([k], z3.Implies(z3.And(0 <= k, k < a.n), a.arr[k] == b.arr[k]))
    return z3.And(a.n == b.n, same)


def string_val(text: str) -> Any:
    """The z3 string of a Python ``str``, character by character.

    ``z3.StringVal`` reads escape sequences: ``StringVal("\\u{41}")`` is the one-character
    string ``A``, while the Python literal ``"\\u{41}"`` has six characters. Writing every
    character as its own ``\\u{…}`` escape makes z3's string exactly Python's."""
    return z3.StringVal("".join(f"\\u{{{ord(ch):x}}}" for ch in text))


_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]{1,5})\}")


def python_string(value: Any) -> str:
    """A z3 string value (from a model) as the Python ``str`` it stands for."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value.as_string())


def clamp_index(i: Any, n: Any) -> Any:
    """Python slice bound semantics: negative from the end, clamped to [0, n]."""
    neg = z3.If(i + n < 0, 0, i + n)
    return z3.If(i < 0, neg, z3.If(i > n, n, i))
