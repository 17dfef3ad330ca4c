"""Lean source structure: the header block, declarations, statements, printed names.

Built on :mod:`.lean_commands` (commands from tokens of :mod:`.lean_lex`), whose names are
re-exported here, so a keyword inside a comment, string, raw string or guillemet
identifier is never mistaken for code.

- :func:`split_header` separates the leading ``import``/``open``/``set_option``/``universe``
  commands (whole lines) from the rest.
- :func:`theorem_name`, :func:`declaration_names`, :func:`find_theorem`,
  :func:`theorem_head`, :func:`proof_text` read declarations.
- :func:`statement_key` compares statements up to whitespace, comments and ASCII/Unicode
  spellings of the same notation (``->``/``→``, ``>=``/``≥``, ``fun``/``λ``).
- :func:`printed_name` is a name as Lean prints it (``«»`` where needed);
  :func:`source_name` spells it for Lean's input (every part in ``«»``).
"""

from __future__ import annotations

from proofsmith.text.lean_commands import (
    COMMAND_KEYWORDS,
    DECL_KEYWORDS,
    LeanCommand,
    is_command_start,
    position,
    split_commands,
)
from proofsmith.text.lean_lex import Token, is_id_first, is_id_rest, tokenize

__all__ = [
    "COMMAND_KEYWORDS",
    "DECL_KEYWORDS",
    "LeanCommand",
    "name_example",
    "blank_comments",
    "declaration_names",
    "find_theorem",
    "is_command_start",
    "normalise",
    "position",
    "printed_name",
    "source_name",
    "proof_text",
    "split_commands",
    "split_header",
    "statement_key",
    "theorem_head",
    "theorem_name",
]

_OPEN = {"(": ")", "[": "]", "{": "}", "⟨": "⟩", "⦃": "⦄"}
_ASCII = (
    ("<->", "↔"),
    ("->", "→"),
    (">=", "≥"),
    ("<=", "≤"),
    ("!=", "≠"),
    ("/\\", "∧"),
    ("\\/", "∨"),
    ("↦", "=>"),
)
_WORDS = {"forall": "∀", "exists": "∃", "fun": "λ"}  # keyword spellings of a symbol


def blank_comments(text: str) -> str:
    """``text`` with comments and string/char literals replaced by spaces (positions kept)."""
    out = list(text)
    for tok in tokenize(text):
        if tok.kind in ("comment", "doc", "string", "char"):
            for k in range(tok.start, tok.end):
                if out[k] != "\n":
                    out[k] = " "
    return "".join(out)


def normalise(text: str) -> str:
    """Comments dropped and every whitespace run collapsed to one space."""
    return " ".join(blank_comments(text).split()) if text else ""


def split_header(text: str) -> tuple[str, str, int]:
    """``(header, body, header_line_count)``: the leading header commands, as whole lines.

    Header commands are ``import``, ``open`` and ``set_option`` (without ``in``: a
    ``set_option … in`` scopes the declaration after it, so it belongs to the body) and
    ``universe``. The cut is at the start of the line of the first other command.
    """
    cut = len(text)
    for cmd in split_commands(text):
        if cmd.prefixes or cmd.keyword not in ("import", "open", "set_option", "universe"):
            cut = text.rfind("\n", 0, cmd.start) + 1
            break
    while cut > 0 and text[cut - 1] == "\n":  # blank lines before the body go with it
        line_start = text.rfind("\n", 0, cut - 1) + 1
        if text[line_start:cut].strip():
            break
        cut = line_start
    count = text.count("\n", 0, cut)
    header, body = text[:cut], text[cut:]
    if cut == len(text) and header and not header.endswith("\n"):
        header, body, count = header + "\n", "", count + 1
    return header, body, count


def declaration_names(text: str) -> list[tuple[str, str, int]]:
    """``(keyword, name, offset of the keyword)`` of each declaration in ``text``."""
    return [
        (c.keyword, c.name, c.keyword_token.start)
        for c in split_commands(text)
        if c.keyword in DECL_KEYWORDS
    ]


def theorem_name(statement: str) -> str:
    """The name declared by a theorem statement ('' for ``example``); ValueError if none."""
    for kind, name, _ in declaration_names(statement):
        if kind in ("theorem", "lemma", "example"):
            return name
    raise ValueError(f"no theorem in the statement: {statement.strip()[:120]!r}")


def find_theorem(text: str, name: str) -> int:
    """Offset of the keyword of theorem/lemma ``name`` in ``text`` (-1 if none)."""
    for kind, found, offset in declaration_names(text):
        if kind in ("theorem", "lemma") and found == name:
            return offset
    return -1


def _assign_index(tokens: list[Token], start: int) -> int:
    """Index of the top-level ``:=`` (or equation ``|``/``where``) after ``start``; -1."""
    depth = 0
    for k in range(start, len(tokens)):
        t = tokens[k].text
        if t in _OPEN or t in ("@[", "%["):
            depth += 1
        elif t in _OPEN.values():
            depth = max(0, depth - 1)
        elif depth == 0 and (t == ":=" or t == "where" or (t == "|" and _equation_bar(tokens, k))):
            return k
    return -1


def _equation_bar(tokens: list[Token], k: int) -> bool:
    """Whether the top-level ``|`` at ``k`` starts an equation (``| pat => …``), not ``|x|``.

    An equation's bar reaches ``=>`` (or ``↦``) before another top-level ``|`` or ``:=``.
    """
    depth = 0
    for j in range(k + 1, len(tokens)):
        t = tokens[j].text
        if t in _OPEN or t in ("@[", "%["):
            depth += 1
        elif t in _OPEN.values():
            depth = max(0, depth - 1)
        elif depth == 0 and t in ("|", ":="):
            return False
        elif depth == 0 and (t == "↦" or (t == "=" and _glued_next(tokens, j, ">"))):
            return True
    return False


def _glued_next(tokens: list[Token], j: int, text: str) -> bool:
    return (
        j + 1 < len(tokens) and tokens[j + 1].start == tokens[j].end and tokens[j + 1].text == text
    )


def _decl_at(text: str, start: int) -> tuple[list[Token], int]:
    code = [t for t in tokenize(text[start:]) if t.code]
    return code, _assign_index(code, 0)


def theorem_head(text: str, start: int = 0) -> str:
    """The declaration starting at ``start`` up to its top-level ``:=`` (proof dropped)."""
    code, k = _decl_at(text, start)
    end = start + code[k].start if k >= 0 else len(text)
    return text[start:end].rstrip()


def proof_text(text: str, start: int = 0) -> str:
    """What follows the top-level ``:=`` of the declaration at ``start`` ('' if none)."""
    code, k = _decl_at(text, start)
    if k < 0 or code[k].text != ":=":
        return ""
    return text[start + code[k].end :].strip()


def name_example(text: str, name: str, offset: int | None = None) -> str:
    """``text`` with the ``example`` at ``offset`` (default: the first) made ``theorem name``."""
    if offset is None:
        offset = next((o for k, _, o in declaration_names(text) if k == "example"), -1)
    if offset < 0 or not text.startswith("example", offset):
        return text
    return f"{text[:offset]}theorem {name}{text[offset + len('example') :]}"


def statement_key(head: str) -> str:
    """A theorem head without keyword and name, up to spacing, comments and ASCII notation."""
    code = [t for t in tokenize(head) if t.code]
    start = next((k for k, t in enumerate(code) if t.text in ("theorem", "lemma", "example")), -1)
    if start >= 0:  # `open … in` / `set_option … in` prefixes and the name are not compared
        code = code[start + 1 :] if code[start].text == "example" else code[start + 2 :]
    pieces: list[list[str]] = []  # [kind, text]
    prev: Token | None = None
    for tok in code:
        kind, text = tok.kind, tok.name if tok.kind == "ident" else tok.text
        if kind == "ident" and text in _WORDS:
            kind, text = "symbol", _WORDS[text]
        glued = prev is not None and prev.end == tok.start
        if kind == "symbol" and pieces and pieces[-1][0] == "symbol" and glued:
            pieces[-1][1] += text
        else:
            pieces.append([kind, text])
        prev = tok
    out = []
    for kind, text in pieces:
        if kind == "symbol":
            for ascii_form, uni in _ASCII:
                text = text.replace(ascii_form, uni)
        if out and kind in ("ident", "number") and out[-1][0] in ("ident", "number"):
            text = " " + text
        out.append((kind, text))
    return "".join(text for _, text in out)


def printed_name(name: str | list[str]) -> str:
    """A name (dotted, or its parts) as Lean's ``Name.toString`` prints it in messages.

    A part is put in ``«»`` only when it is not identifier-shaped; keywords are not
    escaped (``'x.end' depends on axioms``, checked against real Lean), and nothing is
    escaped when the root starts with ``#`` or ``?`` (Lean's pseudo-syntax rule).
    """
    parts = name.split(".") if isinstance(name, str) else name
    if parts and parts[0][:1] in ("#", "?"):
        return ".".join(parts)

    def part(p: str) -> str:
        ok = p and is_id_first(p[0]) and all(is_id_rest(c) for c in p[1:])
        return p if ok else f"«{p}»"

    return ".".join(part(p) for p in parts)


def source_name(name: str | list[str]) -> str:
    """A name spelled for Lean's input: every part in ``«»``, so no part reads as a keyword.

    (``_root_.«end»`` names the constant ``end``, whatever tokens the environment has.)
    """
    parts = name.split(".") if isinstance(name, str) else name
    if any("»" in p for p in parts):
        raise ValueError(f"a name part with `»` cannot be written in Lean: {name!r}")
    return ".".join(f"«{p}»" for p in parts)
