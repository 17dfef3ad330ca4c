"""Proof assembly: a candidate (file, theorem or proof) into the text sent to Lean.

The Lean text utilities (lexer, header/command splitting, declarations) live in
:mod:`proofsmith.text.lean_source` and are re-exported here for the checker's callers.
:func:`assemble` turns a candidate (a whole file, a theorem, or just a proof) into the
  text sent to Lean and the line offset that maps Lean's positions back to the user's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from proofsmith.errors import InputError
from proofsmith.text.lean_lex import tokenize
from proofsmith.text.lean_source import (
    blank_comments,
    declaration_names,
    find_theorem,
    name_example,
    normalise,
    proof_text,
    source_name,
    split_header,
    statement_key,
    theorem_head,
)
from proofsmith.text.lean_source import theorem_name as _theorem_name

__all__ = [
    "Assembled",
    "assemble",
    "example_name",
    "reference",
    "blank_comments",
    "declaration_names",
    "find_theorem",
    "name_example",
    "normalise",
    "proof_text",
    "split_header",
    "theorem_head",
    "theorem_name",
]


def theorem_name(statement: str) -> str:
    """The name declared by a theorem statement ('' for ``example``)."""
    try:
        return _theorem_name(statement)
    except ValueError as exc:
        raise InputError(
            str(exc), hint="A Lean problem's statement starts with `theorem NAME … : …`."
        ) from exc


@dataclass(frozen=True)
class Assembled:
    """The text sent to Lean for one candidate.

    ``body`` runs on top of the header env; Lean's line ``L`` is the user's line
    ``L + line_offset``. ``extra_header`` holds header lines of the candidate itself.
    """

    body: str
    line_offset: int
    name: str
    candidate_header: str = ""
    proof_only: bool = False  # the candidate was a proof, appended to the statement


def _indent(proof: str) -> str:
    lines = proof.strip("\n").split("\n")
    if all(not ln.strip() or ln.startswith((" ", "\t")) for ln in lines):
        return "\n".join(lines)
    return "\n".join(("  " + ln) if ln.strip() else ln for ln in lines)


def assemble(statement: str, candidate: str) -> Assembled:
    """The Lean text for ``candidate`` (whole file, theorem, or proof) of ``statement``.

    - a candidate that declares the problem's theorem is used as is (its own leading
      import/open block split off, positions shifted back by its line count);
    - otherwise it is a proof: appended to the statement's head after ``:= by`` (or ``:=``
      when it starts with ``by``/``:=``), positions shifted so line 1 is its first line.
    """
    name = theorem_name(statement) if statement.strip() else ""
    candidate = candidate.removeprefix("\ufeff")  # a byte-order mark from an editor
    header, body, header_lines = split_header(candidate)
    if statement.strip() and not name:  # an `example`: the target gets a fresh name
        name = example_name(statement)
        statement = name_example(statement, name)
        key = statement_key(theorem_head(statement))
        for kind, _, offset in declaration_names(body):
            if kind == "example" and statement_key(theorem_head(body, offset)) == key:
                body = name_example(body, name, offset)
                break
    declared = [n for k, n, _ in declaration_names(body) if k in ("theorem", "lemma")]
    if not statement.strip():
        if not declared:
            raise InputError(
                "the Lean text declares no named theorem to check",
                hint="Write `theorem NAME … := …` or pass --statement.",
            )
        return Assembled(body, header_lines, declared[-1], header)
    if name and name in declared:
        return Assembled(body, header_lines, name, header)
    head = theorem_head(statement)
    proof = candidate.strip("\n")
    stripped = proof.lstrip()
    if stripped.startswith(":="):
        joined, sep = head + " ", ""
    elif stripped.startswith("by") and not stripped[2:3].isalnum():
        joined, sep = head + " := ", ""
    else:
        joined, sep = head + " := by\n", ""
        proof = _indent(proof)
    text = joined + sep + (proof.lstrip() if not joined.endswith("\n") else proof)
    # the proof's first line sits on line `head_lines` (or after it when we inserted "\n")
    head_lines = joined.count("\n")
    return Assembled(text, -head_lines, name or "", proof_only=True)


def example_name(statement: str) -> str:
    """The fresh theorem name an ``example`` target is checked under."""
    digest = hashlib.sha256(normalise(theorem_head(statement)).encode()).hexdigest()[:12]
    return f"proofsmith_example_{digest}"


def reference(statement: str, name: str) -> tuple[str, str]:
    """``(ref_name, text)``: the problem's statement as its own theorem (proof ``sorry``).

    It is elaborated on the clean header env before the candidate runs, so its type is
    fixed on its own terms; the checker then asks Lean whether the candidate's theorem
    has that type. A dotted target ``N.t`` gets the reference ``N.proofsmith_ref_<hash>``:
    Lean reads ``theorem N.t : good`` inside namespace ``N`` (``good`` is ``N.good`` when
    that exists, checked against real Lean), so the reference must be read there too.
    """
    head = theorem_head(statement)
    digest = hashlib.sha256(head.encode()).hexdigest()[:12]
    space = name.split(".")[:-1]
    ref = f"{source_name(space) + '.' if space else ''}proofsmith_ref_{digest}"
    code = [t for t in tokenize(head) if t.code]
    k = next(i for i, t in enumerate(code) if t.text in ("theorem", "lemma", "example"))
    end = code[k].end if code[k].text == "example" else code[k + 1].end
    text = f"{head[: code[k].start]}theorem {ref}{head[end:]} := sorry"
    return ref, text
