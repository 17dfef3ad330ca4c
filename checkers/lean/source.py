"""Lean source text: comments, the header block, declarations, and proof assembly.

Pure text functions the checker and the soundness rules share. Nothing here runs Lean.

- :func:`blank_comments` replaces comments and string literals by spaces (positions kept),
  so keyword scans never match inside them.
- :func:`split_header` separates the leading ``import``/``open``/``set_option`` block from
  the declarations (the header is elaborated once per REPL process).
- :func:`theorem_head` is a theorem without its proof (``theorem n (x : ℕ) : P``).
- :func:`assemble` turns a candidate (a whole file, a theorem, or just a proof) into the
  text sent to Lean and the line offset that maps Lean's positions back to the user's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from proofsmith.errors import InputError

__all__ = [
    "Assembled",
    "assemble",
    "blank_comments",
    "declaration_names",
    "find_theorem",
    "normalise",
    "proof_text",
    "split_header",
    "theorem_head",
    "theorem_name",
]

_DECL = re.compile(
    r"(?m)^[ \t]*(?:@\[[^\]]*\][ \t\n]*)?(?:(?:private|protected|noncomputable|nonrec)\s+)*"
    r"(theorem|lemma|def|abbrev|example|instance|opaque)\b[ \t]*([^\s(:{\[⦃]*)"
)
_HEADER_LINE = re.compile(r"^\s*(import|open|set_option|universe)\b|^\s*$")
_OPEN = "([{⟨⦃"
_CLOSE = ")]}⟩⦄"


def blank_comments(text: str) -> str:
    """``text`` with comments (``--``, nested ``/- -/``) and string literals blanked out."""
    out = list(text)
    i, n = 0, len(text)

    def blank(start: int, end: int) -> None:
        for k in range(start, min(end, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        if text.startswith("--", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif text.startswith("/-", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/-", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("-/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            i = j
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            blank(i, j + 1)
            i = j + 1
        elif (
            text[i] == "'"
            and i + 2 < n
            and (text[i + 2] == "'" or text[i + 1] == "\\")
            and not (i and (text[i - 1].isalnum() or text[i - 1] in "_'.!?"))
        ):
            end = text.find("'", i + 2 if text[i + 1] == "\\" else i + 1)
            end = i + 2 if end < 0 else end
            blank(i, end + 1)
            i = end + 1
        else:
            i += 1
    return "".join(out)


def normalise(text: str) -> str:
    """Comments dropped and every whitespace run collapsed to one space."""
    return " ".join(blank_comments(text).split())


def split_header(text: str) -> tuple[str, str, int]:
    """``(header, body, header_line_count)``: leading import/open/set_option/blank lines.

    A ``set_option … in`` line belongs to the declaration after it, so it ends the header.
    """
    lines = text.split("\n")
    clean = blank_comments(text).split("\n")
    count = 0
    for line in clean:
        if not _HEADER_LINE.match(line) or re.search(r"\bin\s*$", line):
            break
        count += 1
    while count and not clean[count - 1].strip():
        count -= 1  # trailing blank lines go with the body, so line numbers stay exact
    header = "\n".join(lines[:count])
    body = "\n".join(lines[count:])
    return (header + "\n" if header else ""), body, count


def declaration_names(text: str) -> list[tuple[str, str, int]]:
    """``(kind, name, offset)`` of each declaration in ``text`` (comments ignored)."""
    clean = blank_comments(text)
    return [(m.group(1), m.group(2), m.start(1)) for m in _DECL.finditer(clean)]


def theorem_name(statement: str) -> str:
    """The name declared by a theorem statement ('' for ``example``)."""
    for kind, name, _ in declaration_names(statement):
        if kind in ("theorem", "lemma", "example"):
            return name
    raise InputError(
        f"no theorem in the statement: {statement.strip()[:120]!r}",
        hint="A Lean problem's statement starts with `theorem NAME … : …`.",
    )


def find_theorem(text: str, name: str) -> int:
    """Offset of the declaration keyword of theorem/lemma ``name`` in ``text`` (-1 if none)."""
    for kind, found, offset in declaration_names(text):
        if kind in ("theorem", "lemma") and found == name:
            return offset
    return -1


def _top_level_assign(clean: str, start: int) -> int:
    depth = 0
    for i in range(start, len(clean)):
        ch = clean[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and clean.startswith(":=", i):
            return i
        elif depth == 0 and ch == "|" and clean[i - 1] == "\n":
            return i  # equation-compiler style proof
    return -1


def theorem_head(text: str, start: int = 0) -> str:
    """The declaration starting at ``start`` up to its top-level ``:=`` (proof dropped)."""
    clean = blank_comments(text)
    end = _top_level_assign(clean, start)
    return text[start : end if end >= 0 else len(text)].rstrip()


def proof_text(text: str, start: int = 0) -> str:
    """What follows the top-level ``:=`` of the declaration at ``start`` ('' if none)."""
    clean = blank_comments(text)
    end = _top_level_assign(clean, start)
    return text[end + 2 :].strip() if end >= 0 else ""


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
    header, body, header_lines = split_header(candidate)
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
    return Assembled(text, -head_lines, name or "")
