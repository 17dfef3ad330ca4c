"""Parser rules for answers with structure: tuples, intervals, sets and matrices.

Brackets become an ordered tuple, an interval (``[a, b)``, ``(a, ∞)``) or an ordered
pair that may be read as an open interval; ``\\{…\\}`` becomes a set; matrices come from
LaTeX environments (``pmatrix``, ``bmatrix`` …), plain-text nested lists
(``[[1,2],[3,4]]``) and ``Matrix([[1,2],[3,4]])`` — the last is read as text by these
rules, never evaluated, and keeps SymPy's meaning (a flat list is a column). Shapes are
kept in :class:`~proofsmith.checkers.answer.nodes.Mat`.
"""

from __future__ import annotations

import sympy as sp

from proofsmith.checkers.answer.cursor import Cursor, Malformed, ParseFailure
from proofsmith.checkers.answer.nodes import Ival, Mat, Node, Seq
from proofsmith.checkers.answer.vocab import MATRIX_ENVS

_INFINITE = (sp.oo, -sp.oo, sp.zoo)

__all__ = ["MATRIX_WORDS", "MAX_MATRIX_CELLS", "StructureRules"]

MATRIX_WORDS = {"Matrix", "matrix", "ImmutableMatrix"}  # plain-text constructor names
MAX_MATRIX_CELLS = 400  # larger matrices are refused rather than compared cell by cell


def _matrix(rows: list[list[sp.Expr]], what: str) -> Mat:
    rows = [r for r in rows if r]
    if not rows or len({len(r) for r in rows}) != 1:
        raise Malformed(f"{what} rows have different lengths")
    if len(rows) * len(rows[0]) > MAX_MATRIX_CELLS:
        raise ParseFailure(f"{what} of {len(rows)}x{len(rows[0])} is too large")
    return Mat(tuple(tuple(r) for r in rows))


class StructureRules(Cursor):
    """Brackets, sets and matrices; the expression rules come from the parser."""

    def brackets(self, opener: str) -> Node:
        """After ``(`` or ``[``: a grouped expression, tuple, interval or nested-list matrix."""
        if opener == "[" and self.at("op", "["):
            return self.nested_rows("]")
        items = self.sequence({")", "]"})
        closer = self.take().text
        if closer not in (")", "]"):
            raise ParseFailure(f"bracket {opener!r} is not closed")
        same = (opener, closer) in (("(", ")"), ("[", "]"))
        if len(items) == 1 and same:
            return items[0]
        if len(items) == 2 and (opener, closer) != ("(", ")"):
            lo, hi = (self.expr_only(x) for x in items)
            if (opener == "[" and lo in _INFINITE) or (closer == "]" and hi in _INFINITE):
                raise Malformed("an interval cannot be closed at an infinite end")
            return Ival(lo, hi, opener == "(", closer == ")")
        if len(items) == 2:
            if any(x in (sp.oo, -sp.oo) for x in items):
                return Ival(items[0], items[1], True, True)
            return Seq("tuple", tuple(items), maybe_interval=True)
        if not same:
            raise ParseFailure(f"mismatched brackets {opener}…{closer}")
        return Seq("tuple", tuple(items))

    def braced_set(self) -> Seq:
        """After ``\\{``: the items up to ``\\}``."""
        if self.at("cmd", r"\}"):
            self.take()
            return Seq("set", ())
        items = self.sequence({r"\}"})
        self.expect("cmd", r"\}")
        return Seq("set", tuple(items))

    # -- plain-text matrices ---------------------------------------------------------
    def row(self) -> list[sp.Expr]:
        """``[a, b, …]`` (the ``[`` not yet taken): one row of expressions."""
        self.expect("op", "[")
        cells = [self.expr_only(self.expr())]
        while self.at("op", ","):
            self.take()
            cells.append(self.expr_only(self.expr()))
        self.expect("op", "]")
        return cells

    def nested_rows(self, closer: str) -> Mat:
        """After the outer ``[``: ``[row], [row], …]`` as a matrix, row by row."""
        self.enter()
        rows = [self.row()]
        while self.at("op", ","):
            self.take()
            if self.at("op", closer):
                break
            rows.append(self.row())
        self.expect("op", closer)
        self.leave()
        return _matrix(rows, "matrix")

    def matrix_call(self) -> Mat:
        """After the word ``Matrix``: ``([[…], …])`` by rows, or ``([a, b, …])`` as a column."""
        self.expect("op", "(")
        self.expect("op", "[")
        if self.at("op", "["):
            mat = self.nested_rows("]")
        else:
            self.i -= 1
            mat = _matrix([[cell] for cell in self.row()], "matrix")
        self.expect("op", ")")
        return mat

    # -- LaTeX matrices ----------------------------------------------------------------
    def environment(self) -> Node:
        """After ``\\begin``: a matrix environment up to its ``\\end``."""
        self.expect("op", "{")
        env = self.take().text
        self.expect("op", "}")
        if env not in MATRIX_ENVS:
            raise ParseFailure(f"unsupported environment {env!r}")
        if env == "array" and self.at("op", "{"):
            while not self.at("op", "}") and not self.at("eof"):
                self.take()
            self.take()
        rows: list[list[sp.Expr]] = [[]]
        cell_open = True  # a cell is due: "&" or "\\\\" right after a separator is an empty cell
        while not self.at("cmd", r"\end"):
            if self.at("eof"):
                raise ParseFailure(f"unterminated {env} environment")
            if self.at("op", "&", "\\\\"):
                if cell_open and (rows[-1] or self.at("op", "&")):
                    raise Malformed(f"empty cell in {env}")
                if self.take().text != "&":
                    rows.append([])
                cell_open = True
            else:
                rows[-1].append(self.expr_only(self.expr()))
                cell_open = False
        self.take()
        self.expect("op", "{")
        self.take()
        self.expect("op", "}")
        mat = _matrix(rows, "matrix")
        if env == "vmatrix":  # |…|: the determinant
            if mat.shape[0] != mat.shape[1]:
                raise ParseFailure("a determinant needs a square matrix")
            return sp.Matrix([list(r) for r in mat.rows]).det()
        return mat
