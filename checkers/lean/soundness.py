"""Soundness rules for Lean candidates (DESIGN.md, THREATS.md): what is rejected, and why.

Before Lean runs, :func:`precheck` holds the candidate to an **allowlist** read from Lean
tokens (:mod:`proofsmith.text.lean_source`): besides header lines already in the problem's
header (or imports inside its import closure), only ``theorem``/``lemma``/``def``/
``abbrev``/``example`` declarations, with the attributes in :data:`ALLOWED_ATTRIBUTES`,
the modifiers in :data:`ALLOWED_MODIFIERS`, and ``open X in`` /
``set_option <harmless> N in`` prefixes. Every other command (instances, attributes,
notation, macros, ``variable``, ``namespace``, ``#``-commands, …) is rejected with its
line:column. Inside declarations, :func:`forbidden_constructs` rejects ``sorry``/``admit``,
meta-code hooks (``by_elab``, ``run_tac``, ``Lean.*`` names however spelled), IO and
``unsafe`` names, and options outside :data:`HARMLESS_OPTIONS`.

After Lean runs, :func:`sorry_reasons` and :func:`axiom_reasons` inspect the reply: the
``declaration uses 'sorry'`` warning in both quote styles, the sorries list, and the
``#print axioms`` output read by :func:`parse_axioms` for the exact printed name
(only ``propext``, ``Classical.choice``, ``Quot.sound``; plus ``Lean.ofReduceBool`` when
native_decide is allowed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from proofsmith.checkers.lean.protocol import Message, Sorry
from proofsmith.text.lean_lex import Token, code_tokens, tokenize
from proofsmith.text.lean_source import (
    LeanCommand,
    is_command_start,
    position,
    split_commands,
    statement_key,
    theorem_head,
)

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "HARMLESS_OPTIONS",
    "NATIVE_AXIOMS",
    "STANDARD_AXIOMS",
    "axiom_reasons",
    "forbidden_constructs",
    "header_reasons",
    "lexing_reasons",
    "parse_axioms",
    "precheck",
    "same_statement",
    "sorry_reasons",
]

STANDARD_AXIOMS = frozenset({"propext", "Classical.choice", "Quot.sound"})
NATIVE_AXIOMS = frozenset({"Lean.ofReduceBool", "Lean.trustCompiler"})
ALLOWED_DECLS = frozenset({"theorem", "lemma", "def", "abbrev", "example"})
ALLOWED_ATTRIBUTES = frozenset({"simp", "reducible", "irreducible", "inline"})
ALLOWED_MODIFIERS = frozenset({"private", "protected", "noncomputable", "nonrec"})
HARMLESS_OPTIONS = re.compile(
    r"maxHeartbeats|maxRecDepth|synthInstance\.maxHeartbeats|synthInstance\.maxSize"
    r"|linter\.[\w.]+|pp\.[\w.]+"
)
# identifiers that run or reach meta code, IO or unchecked code (names compared «»-free)
_FORBIDDEN_WORDS = {
    "sorry": "uses `sorry`",
    "sorryAx": "uses `sorryAx`",
    "admit": "uses `admit`",
    "stop": "uses `stop` (the rest of the proof is `sorry`)",
    "by_elab": "runs meta code (`by_elab`)",
    "run_tac": "runs meta code (`run_tac`)",
    "run_elab": "runs meta code (`run_elab`)",
    "run_meta": "runs meta code (`run_meta`)",
    "run_cmd": "runs meta code (`run_cmd`)",
    "decl_name": "uses a declaration-name elaborator",
    "private_decl": "uses a declaration-name elaborator",
    "implemented_by": "uses `implemented_by`",
    "extern": "uses `extern`",
}
_FORBIDDEN_ROOTS = {
    "Lean": "uses Lean meta-programming (`Lean.…`)",
    "IO": "uses IO",
    "EIO": "uses IO",
    "BaseIO": "uses IO",
    "System": "uses IO",
}
# modules inside the import closure of a header module (importing them again changes nothing)
_CLOSURE = {
    "Mathlib": (
        "Mathlib",
        "Aesop",
        "Batteries",
        "Qq",
        "Plausible",
        "ProofWidgets",
        "ImportGraph",
        "LeanSearchClient",
        "Lean",
        "Init",
        "Std",
    ),
}
_SORRY_WARNING = re.compile(r"declaration uses ['`‘]sorry['`’]")


def _word_reason(tok: Token, nxt: Token | None) -> str | None:
    if tok.kind != "ident":
        return None
    parts = tok.name.split(".")
    for part in parts:
        if part in _FORBIDDEN_WORDS and (
            part not in ("decl_name", "private_decl") or (nxt is not None and nxt.text == "%")
        ):
            return _FORBIDDEN_WORDS[part]
        if part.startswith("unsafe"):
            return "uses `unsafe` code"
        if part.startswith("proofsmith_ref_"):  # elaborated with `sorry` before the candidate
            return "uses the checker's reference statement"
    root = parts[1] if parts[0] == "_root_" and len(parts) > 1 else parts[0]
    return _FORBIDDEN_ROOTS.get(root)


def _option_reason(tokens: list[Token], k: int) -> str | None:
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if nxt is None or nxt.kind != "ident" or not HARMLESS_OPTIONS.fullmatch(nxt.name):
        return f"sets option `{nxt.name if nxt else ''}` (only {HARMLESS_OPTIONS.pattern})"
    return None


def _open_reason(tokens: list[Token], k: int, *, header: bool = False) -> str | None:
    """Why the ``open`` at ``k`` may change name resolution beyond opening namespaces.

    In a body only ``open [scoped] A B in`` is allowed; in a header (a ``check lean``
    file's own text) ``open [scoped] A B`` up to the command's end. ``renaming``/``hiding``
    are refused in both: ``open N renaming bad → good`` makes a statement's ``good`` mean
    ``N.bad`` (checked against real Lean), and in a header it changes the meaning of the
    reference statement too, so Lean's type check cannot see it.
    """
    for tok in tokens[k + 1 :]:
        if tok.text == "in" and not header:
            return None
        if tok.text == "scoped" and tok is tokens[k + 1]:
            continue  # `open scoped X in`: X's scoped notation, for that declaration only
        if is_command_start(tok):
            break
        if tok.kind != "ident":
            return f"`open` with `{tok.text}` (only `open A B in`)"
        if tok.name.split(".")[0] in ("Lean", "_root_") or tok.text in ("renaming", "hiding"):
            return f"opens `{tok.name}`"
    return None if header else "`open` without `in`"


def _lex_error(tokens: list[Token], k: int) -> str:
    """Why the lexer refused the text at error token ``k`` ("unterminated" for callers)."""
    tok = tokens[k]
    if tok.text.startswith(("--", "/-")) and k > 0 and tokens[k - 1].end == tok.start:
        return (
            f"unterminated reading: a comment opener glued to `{tokens[k - 1].text}` "
            f"(Lean may read them as one token and the rest as code)"
        )
    if tok.text.startswith('"'):
        return (
            "unterminated or ambiguous string (its plain and interpolated readings end "
            "apart, or interpolation nests too deep)"
        )
    return "unterminated comment, string or name"


def _token_reasons(text: str, tokens: list[Token]) -> list[str]:
    reasons = []
    for k, tok in enumerate(tokens):
        why = _word_reason(tok, tokens[k + 1] if k + 1 < len(tokens) else None)
        if why is None and tok.kind == "ident" and tok.text == "set_option":
            why = _option_reason(tokens, k)
        if why is None and tok.kind == "ident" and tok.text == "open":
            why = _open_reason(tokens, k)
        if why is not None:
            reasons.append(f"{position(text, tok)}: {why}")
    return reasons


def lexing_reasons(text: str) -> list[str]:
    """Why ``text`` cannot be split the way Lean will (unterminated or ambiguous), if so."""
    tokens = tokenize(text)
    bad = [k for k, t in enumerate(tokens) if t.kind == "error"]
    return [f"{position(text, tokens[bad[0]])}: {_lex_error(tokens, bad[0])}"] if bad else []


def forbidden_constructs(text: str) -> list[str]:
    """Reasons code in ``text`` (a proof or tactic) must not reach Lean, with line:column."""
    return lexing_reasons(text) or _token_reasons(text, code_tokens(tokenize(text)))


def _command_reasons(text: str, cmd: LeanCommand) -> list[str]:
    if all(t.kind == "doc" for t in cmd.tokens) and not cmd.prefixes:
        return []  # a module doc comment (`/-! … -/`) on its own
    where = position(text, cmd.keyword_token)
    reasons = []
    for prefix in cmd.prefixes:
        if prefix.keyword not in ("open", "set_option"):
            reasons.append(f"{position(text, prefix.keyword_token)}: `{prefix.keyword}` prefix")
    if cmd.keyword not in ALLOWED_DECLS:
        what = cmd.keyword_token.text
        return [
            *reasons,
            f"{where}: `{what}` is not allowed in a candidate (only "
            f"theorem/lemma/def/abbrev/example declarations)",
        ]
    for modifier in cmd.modifiers:
        if modifier not in ALLOWED_MODIFIERS:
            reasons.append(f"{where}: the `{modifier}` modifier is not allowed")
    for entry, tok in cmd.attributes:
        if entry not in ALLOWED_ATTRIBUTES:
            reasons.append(f"{position(text, tok)}: attribute `@[{entry}]` is not allowed")
    if "=>" in [t.text for t in cmd.tokens[: cmd.keyword_index]]:
        reasons.append(f"{where}: unexpected tokens before `{cmd.keyword}`")
    return reasons


def _shadowing_reasons(
    body: str, commands: list[LeanCommand], statement: str, name: str, opened: list[str]
) -> list[str]:
    """Declarations that could change what the statement's names resolve to.

    Lean's type check catches a changed meaning too; this keeps the candidate from trying:
    an auxiliary declaration named like an identifier of the statement (``def sqrt`` under
    the header's ``open Real``), or ``open N in`` over its own ``N.sqrt``.
    """
    used = {
        t.name
        for t in tokenize(theorem_head(statement) if statement.strip() else "")
        if t.kind == "ident"
    }
    declared = [c for c in commands if c.keyword in ALLOWED_DECLS and c.name]
    # `theorem A.B.t : x` reads `x` inside `A.B` and `A` too: `A.B.x`, `A.x` answer to it;
    # so does `N.x` for a namespace `N` the header opens (declared after the `open`)
    parts = name.split(".")[:-1]
    spaces = [".".join(parts[:k]) + "." for k in range(1, len(parts) + 1)]
    spaces += [space + "." for space in opened]
    shadows = used | {space + u for space in spaces for u in used}
    reasons = []
    for cmd in declared:
        if cmd.name != name and cmd.name in shadows:
            reasons.append(
                f"{position(body, cmd.keyword_token)}: `{cmd.name}` is a name the problem's "
                f"statement uses; give the auxiliary declaration another name"
            )
    for cmd in commands:
        for prefix in cmd.prefixes:
            for tok in prefix.tokens[1:]:
                # `open N in` makes the candidate's `N.x` answer to a statement's `x`
                space = tok.name + "."
                hit = [
                    c.name
                    for c in declared
                    if c.name.startswith(space) and c.name[len(space) :] in used
                ]
                if tok.kind == "ident" and hit:
                    reasons.append(
                        f"{position(body, tok)}: `open {tok.name}` would let the candidate's "
                        f"`{hit[0]}` answer to a name of the problem's statement"
                    )
    return reasons


def same_statement(expected: str, got: str) -> bool:
    """True when two theorem heads say the same up to spacing, comments, ASCII notation.

    The declaration keyword (``theorem``/``lemma``) and the name are not compared.
    """
    return statement_key(expected) == statement_key(got)


def precheck(statement: str, body: str, name: str, *, problem_header: str = "") -> list[str]:
    """Every reason to reject ``body`` (the text sent to Lean) before running it.

    The candidate's own import/open block is judged apart by :func:`header_reasons` (its
    positions are the file's own, the body's are shifted by the caller).
    """
    reasons: list[str] = []
    header_commands = split_commands(problem_header)
    for cmd in header_commands:  # a header from a user's file is not trusted
        if cmd.keyword == "set_option" and (why := _option_reason(cmd.tokens, 0)):
            reasons.append(f"header {position(problem_header, cmd.keyword_token)}: {why}")
        for tok in cmd.tokens[1:] if cmd.keyword == "open" else []:
            if why := _word_reason(tok, None):  # `open Lean`/`open IO` would hide the roots
                reasons.append(f"header {position(problem_header, tok)}: opening it {why}")
        if cmd.keyword == "open" and (why := _open_reason(cmd.tokens, 0, header=True)):
            where = position(problem_header, cmd.keyword_token)
            reasons.append(f"header {where}: {why} (only `open [scoped] A B …`)")
    reasons += forbidden_constructs(body)
    if any("unterminated" in r for r in reasons):
        return reasons
    commands = split_commands(body)
    for cmd in commands:
        reasons += _command_reasons(body, cmd)
    opened = [
        t.name
        for c in header_commands
        if c.keyword == "open"
        for t in c.tokens[1:]
        if t.kind == "ident"
    ]
    reasons += _shadowing_reasons(body, commands, statement, name, opened)
    if not name:
        return reasons
    targets = [c for c in commands if c.keyword in ("theorem", "lemma") and c.name == name]
    if not targets:
        return [*reasons, f"the theorem `{name}` is not declared in the candidate"]
    if len(targets) > 1:
        reasons.append(f"the theorem `{name}` is declared {len(targets)} times")
    target = targets[-1]
    if "private" in target.modifiers:
        reasons.append(f"{position(body, target.keyword_token)}: the theorem `{name}` is private")
    got = theorem_head(body, target.keyword_token.start)
    if statement.strip() and not same_statement(theorem_head(statement), got):
        reasons.append(
            f"{position(body, target.keyword_token)}: the statement of `{name}` differs from "
            f"the problem's: {' '.join(got.split())[:200]!r}"
        )
    return reasons


def _in_closure(module: str, header_modules: list[str]) -> bool:
    if module == "Init" or module.startswith("Init."):
        return True
    for h in header_modules:
        roots = _CLOSURE.get(h, (h,)) if h in _CLOSURE else (h,)
        for root in roots:
            if module == root or (h in _CLOSURE and module.startswith(root + ".")):
                return True
    return False


def header_reasons(header: str, problem_header: str) -> list[str]:
    """Candidate header lines that are neither in the problem's header nor no-op imports."""
    trusted = split_commands(problem_header)
    known = {" ".join(c.tokens_text()) for c in trusted}
    modules = [c.tokens[1].name for c in trusted if c.keyword == "import" and len(c.tokens) > 1]
    reasons = []
    for cmd in split_commands(header):
        line = " ".join(cmd.tokens_text())
        if line in known:
            continue
        if cmd.keyword == "import" and all(
            t.kind == "ident" and _in_closure(t.name, modules) for t in cmd.tokens[1:]
        ):
            continue
        if (
            cmd.keyword == "set_option"
            and len(cmd.tokens) > 1
            and (cmd.tokens[1].name.startswith("maxHeartbeats"))
        ):
            continue
        reasons.append(
            f"{position(header, cmd.keyword_token)}: candidate header line `{line}` is not in "
            f"the problem's header (nor an import inside its closure)"
        )
    return reasons


def sorry_reasons(messages: Iterable[Message], sorries: Iterable[Sorry]) -> list[str]:
    """Why a REPL reply shows a sorry: the warning (either quote style) or the sorries list."""
    reasons = []
    for m in messages:
        if _SORRY_WARNING.search(m.data):
            line = m.pos.line if m.pos else 0
            reasons.append(f"line {line}: {m.data.strip()}")
    found = list(sorries)
    if found:
        reasons.append(f"{len(found)} sorry left in the proof")
    return reasons


def parse_axioms(messages: Iterable[Message], printed: str) -> list[str] | None:
    """The axioms ``#print axioms`` reported for the constant Lean prints as ``printed``.

    Exactly one message must name it (``'X' depends on axioms: […]`` or ``'X' does not
    depend on any axioms``) with ``X == printed``; otherwise None.
    """
    found = []
    for m in messages:
        text = m.data.strip()
        if text == f"'{printed}' does not depend on any axioms":
            found.append([])
        elif text.startswith(f"'{printed}' depends on axioms: [") and text.endswith("]"):
            inner = text[len(f"'{printed}' depends on axioms: [") : -1]
            found.append([a.strip() for a in inner.split(",") if a.strip()])
    return found[0] if len(found) == 1 else None


def axiom_reasons(axioms: Iterable[str], *, allow_native_decide: bool = False) -> list[str]:
    """Axioms outside the allowed set, each as a reason."""
    allowed = STANDARD_AXIOMS | (NATIVE_AXIOMS if allow_native_decide else frozenset())
    bad = sorted(set(axioms) - allowed)
    reasons = [f"uses axiom `{a}`" for a in bad]
    if any(a in NATIVE_AXIOMS for a in bad):
        reasons.append("native_decide trusts the compiler; allow it explicitly if intended")
    return reasons
