"""Soundness rules for Lean candidates (DESIGN.md): what is rejected, and why.

Before Lean runs, :func:`precheck` rejects candidate text that could make a wrong proof
look right: ``sorry``/``admit``, new ``axiom``s, ``@[implemented_by]``/``@[extern]``,
``unsafe``, ``#eval``/``run_cmd``/IO and other meta-level commands, new syntax or
notation, kernel-skipping options, imports beyond the problem's header, a changed
statement, and commands before the theorem that could change what its statement means
(``open``, ``variable``, ``instance``, …, or a helper named like something the statement
mentions).

After Lean runs, :func:`sorry_reasons` and :func:`axiom_reasons` inspect the reply: the
``declaration uses 'sorry'`` warning in both quote styles, the sorries list, and the
``#print axioms`` output (only ``propext``, ``Classical.choice``, ``Quot.sound``; plus
``Lean.ofReduceBool`` when native_decide is allowed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from proofsmith.checkers.lean.protocol import Message, Sorry
from proofsmith.checkers.lean.source import (
    blank_comments,
    declaration_names,
    find_theorem,
    normalise,
    theorem_head,
)

__all__ = [
    "NATIVE_AXIOMS",
    "STANDARD_AXIOMS",
    "axiom_reasons",
    "forbidden_constructs",
    "parse_axioms",
    "precheck",
    "same_statement",
    "sorry_reasons",
]

STANDARD_AXIOMS = frozenset({"propext", "Classical.choice", "Quot.sound"})
NATIVE_AXIOMS = frozenset({"Lean.ofReduceBool", "Lean.trustCompiler"})

# (pattern on comment-free text, reason)
_FORBIDDEN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), why)
    for p, why in (
        (r"\bsorry\b", "uses `sorry`"),
        (r"\badmit\b", "uses `admit`"),
        (r"\baxiom\b", "declares an `axiom`"),
        (r"\bimplemented_by\b", "uses `@[implemented_by]`"),
        (r"\bextern\b", "uses `@[extern]`"),
        (r"\bunsafe\b", "uses `unsafe`"),
        (r"#eval\b|#exit\b|#guard_msgs\b|#print\b|#exec\b", "runs a `#` command"),
        (r"\brun_cmd\b|\brun_tac\b|\brun_elab\b|\brun_meta\b", "runs meta code (`run_cmd`)"),
        (r"\bIO\b|\bunsafeIO\b|\bunsafeBaseIO\b", "uses IO"),
        (r"\bimport\b", "imports a module outside the header"),
        (
            r"(?m)^\s*(?:(?:local|scoped)\s+)?(?:syntax|macro|macro_rules|elab|elab_rules|"
            r"notation|infix|infixl|infixr|prefix|postfix|declare_syntax_cat)\b",
            "defines new syntax or notation",
        ),
        (r"\bset_option\s+debug\.", "sets a `debug.` option (may skip kernel checks)"),
        (r"\bLean\.Elab\b|\bLean\.Meta\.|\bLean\.Environment\b", "uses Lean meta-programming"),
        (r"\bprivate_decl%|\bdecl_name%", "uses a declaration-name elaborator"),
    )
)

# commands that may change a statement's meaning when they come before it
_BEFORE_MAIN = re.compile(
    r"(?m)^\s*(?:(?:local|scoped)\s+)?(open|namespace|section|variable|include|omit|"
    r"instance|attribute|universe|export|set_option|class|structure|inductive|deriving)\b"
)
_HARMLESS_OPTION = re.compile(
    r"set_option\s+(maxHeartbeats|maxRecDepth|synthInstance\.maxHeartbeats|"
    r"synthInstance\.maxSize|linter\.[\w.]+|pp\.[\w.]+)\s+\S+\s+in\b"
)
_SORRY_WARNING = re.compile(r"declaration uses ['`‘]sorry['`’]")
_AXIOMS_LIST = re.compile(r"'([^']*)' depends on axioms: \[([^\]]*)\]")
_NO_AXIOMS = re.compile(r"'([^']*)' does not depend on any axioms")


def forbidden_constructs(text: str) -> list[str]:
    """Reasons ``text`` must not reach Lean, each with the line it is on."""
    clean = blank_comments(text)
    reasons = []
    for pattern, why in _FORBIDDEN:
        for match in pattern.finditer(clean):
            line = clean.count("\n", 0, match.start()) + 1
            reasons.append(f"line {line}: {why}")
            break
    return reasons


def same_statement(expected: str, got: str) -> bool:
    """True when two theorem heads are the same text up to comments and whitespace.

    The declaration keyword (``theorem``/``lemma``) may differ.
    """

    def key(head: str) -> str:
        return re.sub(r"^\s*(theorem|lemma)\b", "", normalise(head)).strip()

    return key(expected) == key(got)


def precheck(
    statement: str, body: str, name: str, *, header: str = "", problem_header: str = ""
) -> list[str]:
    """Every reason to reject ``body`` (the text sent to Lean) before running it.

    ``header`` is the candidate's own import/open block (it is not sent: the problem's
    header env is used), so each of its lines must already be in ``problem_header``.
    """
    reasons = forbidden_constructs(body)
    reasons += _header_reasons(header, problem_header)
    if not name:
        return reasons
    start = find_theorem(body, name)
    if start < 0:
        return [*reasons, f"the theorem `{name}` is not declared in the candidate"]
    if statement.strip() and not same_statement(theorem_head(statement), theorem_head(body, start)):
        reasons.append(
            f"the statement of `{name}` differs from the problem's: "
            f"{normalise(theorem_head(body, start))[:200]!r}"
        )
    prefix = blank_comments(body[:start])
    for match in _BEFORE_MAIN.finditer(prefix):
        if match.group(1) == "set_option" and _HARMLESS_OPTION.match(prefix, match.start(1)):
            continue
        line = prefix.count("\n", 0, match.start(1)) + 1
        reasons.append(f"line {line}: `{match.group(1)}` before the theorem may change its meaning")
    mentioned = set(
        re.findall(r"[^\s()\[\]{}:,.⟨⟩]+", normalise(statement or theorem_head(body, start)))
    )
    for _, helper, offset in declaration_names(body[:start]):
        short = helper.rsplit(".", 1)[-1]
        if short and short in mentioned:
            line = body.count("\n", 0, offset) + 1
            reasons.append(f"line {line}: `{helper}` shadows a name used in the statement")
    return reasons


def _header_reasons(header: str, problem_header: str) -> list[str]:
    known = {" ".join(line.split()) for line in blank_comments(problem_header).split("\n")}
    reasons = []
    for line in blank_comments(header).split("\n"):
        line = " ".join(line.split())
        if line and line not in known and not line.startswith("set_option maxHeartbeats"):
            reasons.append(f"candidate header line `{line}` is not in the problem's header")
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


def parse_axioms(messages: Iterable[Message], name: str) -> list[str] | None:
    """The axioms ``#print axioms name`` reported, or None when its output is missing."""
    for m in messages:
        if (match := _AXIOMS_LIST.search(m.data)) and match.group(1).endswith(name):
            return [a.strip() for a in match.group(2).split(",") if a.strip()]
        if (match := _NO_AXIOMS.search(m.data)) and match.group(1).endswith(name):
            return []
    return None


def axiom_reasons(axioms: Iterable[str], *, allow_native_decide: bool = False) -> list[str]:
    """Axioms outside the allowed set, each as a reason."""
    allowed = STANDARD_AXIOMS | (NATIVE_AXIOMS if allow_native_decide else frozenset())
    bad = sorted(set(axioms) - allowed)
    reasons = [f"uses axiom `{a}`" for a in bad]
    if any(a in NATIVE_AXIOMS for a in bad):
        reasons.append("native_decide trusts the compiler; allow it explicitly if intended")
    return reasons
