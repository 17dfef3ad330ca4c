"""Lean commands from tokens: where each command starts, its prefixes, attributes, keyword.

Built on :mod:`.lean_lex`: a command starts at its keyword token wherever it is (Lean
needs no line break between commands), never inside a comment, string or ``«»`` name.
:func:`split_commands` attaches ``open … in`` / ``set_option … in`` prefixes to the
command they scope; an unclosed ``@[`` ends where Lean resumes after its error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from proofsmith.text.lean_lex import Token, line_col, tokenize

__all__ = [
    "COMMAND_KEYWORDS",
    "DECL_KEYWORDS",
    "MODIFIERS",
    "LeanCommand",
    "is_command_start",
    "position",
    "split_commands",
]

DECL_KEYWORDS = frozenset(
    {
        "theorem",
        "lemma",
        "def",
        "abbrev",
        "example",
        "instance",
        "opaque",
        "axiom",
        "structure",
        "class",
        "inductive",
        "irreducible_def",
    }
)
MODIFIERS = frozenset(
    {
        "private",
        "protected",
        "noncomputable",
        "partial",
        "unsafe",
        "nonrec",
        "local",
        "scoped",
        "public",
        "meta",
    }
)
# tokens that start a command in core Lean, Batteries or Mathlib (one that is missed would
# run as part of the previous declaration's text; see THREATS.md)
COMMAND_KEYWORDS = DECL_KEYWORDS | frozenset(
    {
        "import",
        "prelude",
        "open",
        "export",
        "namespace",
        "section",
        "end",
        "variable",
        "universe",
        "include",
        "omit",
        "set_option",
        "attribute",
        "mutual",
        "deriving",
        "notation",
        "notation3",
        "infix",
        "infixl",
        "infixr",
        "prefix",
        "postfix",
        "macro",
        "macro_rules",
        "syntax",
        "elab",
        "elab_rules",
        "declare_syntax_cat",
        "initialize",
        "builtin_initialize",
        "run_cmd",
        "run_elab",
        "run_meta",
        "add_decl_doc",
        "unif_hint",
        "alias",
        "simproc",
        "dsimproc",
        "simproc_decl",
        "dsimproc_decl",
        "register_simp_attr",
        "register_option",
        "register_builtin_option",
        "binder_predicate",
        "grind_pattern",
        "suppress_compilation",
        "unseal",
        "seal",
        "assert_not_exists",
        "recall",
        "proof_wanted",
        "library_note",
        "initialize_simps_projections",
        "declare_aesop_rule_sets",
        "add_aesop_rules",
        "erase_aesop_rules",
        "declare_config_elab",
        "register_label_attr",
        "compile_inductive%",
        "scoped[",
        "irreducible_def",
        "noncomputable",
        "private",
        "protected",
        "partial",
        "unsafe",
        "nonrec",
        "local",
        "scoped",
        "builtin_simproc",
        "declare_simp_like_tactic",
        "elab_stx_quot",
        "open_locale",
        "lemma",
        # more core, Batteries, Mathlib, Aesop, ProofWidgets commands (found in review,
        # checked against a generated list of Mathlib's commands: `#help command`)
        "module",
        "coinductive",
        "variable?",
        "with_weak_namespace",
        "count_heartbeats",
        "count_heartbeats!",
        "whatsnew",
        "test_extern",
        "gen_injective_theorems",
        "compile_inductive",
        "compile_def",
        "show_panel_widgets",
        "declare_command_config_elab",
        "register_error_explanation",
        "recommended_spelling",
        "register_linter_set",
        "register_tactic_tag",
        "tactic_extension",
        "builtin_dsimproc",
        "builtin_simproc_decl",
        "builtin_dsimproc_decl",
        "simproc_pattern",
        "builtin_simproc_pattern",
        "init_grind_norm",
        "grind_propagator",
        "builtin_grind_propagator",
        "assert_not_imported",
        "unsuppress_compilation",
        "initialize_simps_projections?",
        "mk_iff_of_inductive_prop",
        "deprecated_module",
        "register_hint",
        "extend_docs",
        "declare_uint_theorems",
        "declare_bitwise_int_theorems",
        "assert_exists",
        "assert_no_sorry",
        "declare_bitwise_uint_theorems",
        "declare_uint_simprocs",
        "deprecate",
        "init_quot",
        "lrat_proof",
        "norm_cast_add_elim",
        "sudo",
        "unset_option",
        "set_library_suggestions",
        "syntax_rules",
        "variables",
    }
)
_SCOPING = ("open", "set_option")
# command keywords that are also attribute names or attribute modifiers
_ATTRIBUTE_KEYWORDS = frozenset({"instance", "local", "scoped", "macro", "export", "class"})


@dataclass
class LeanCommand:
    """One top-level command: its code tokens and what they declare.

    ``prefixes`` are the ``open … in`` / ``set_option … in`` commands scoping it;
    ``attributes`` the ``@[…]`` entries (text, token); ``keyword`` the command token
    (``theorem``, ``#eval``, ``open``, …, or the first token when there is none).
    """

    start: int
    end: int
    tokens: list[Token]
    keyword: str = ""
    keyword_index: int = 0
    modifiers: list[str] = field(default_factory=list)
    attributes: list[tuple[str, Token]] = field(default_factory=list)
    prefixes: list[LeanCommand] = field(default_factory=list)
    in_suffix: bool = False

    @property
    def name_token(self) -> Token | None:
        """The declared name's token (None for ``example``, ``instance`` without a name…)."""
        if self.keyword not in DECL_KEYWORDS or self.keyword == "example":
            return None
        rest = self.tokens[self.keyword_index + 1 :]
        return rest[0] if rest and rest[0].kind == "ident" else None

    @property
    def name(self) -> str:
        tok = self.name_token
        name = tok.name if tok else ""
        return name[len("_root_.") :] if name.startswith("_root_.") else name

    def tokens_text(self) -> list[str]:
        """The code tokens' texts (for comparing commands up to spacing and comments)."""
        return [t.text for t in self.tokens]

    @property
    def keyword_token(self) -> Token:
        return self.tokens[self.keyword_index]


def is_command_start(tok: Token) -> bool:
    if tok.kind == "doc":
        return True
    if tok.kind == "symbol":
        return tok.text == "@[" or (tok.text.startswith("#") and len(tok.text) > 1)
    return tok.kind == "ident" and tok.text in COMMAND_KEYWORDS


def _bracket_end(tokens: list[Token], i: int) -> int:
    """Index past the ``]`` closing the bracket token at ``i`` (``@[`` or ``[``)."""
    depth = 0
    for k in range(i, len(tokens)):
        tok = tokens[k]
        if k > i and _ends_attributes(tok):
            return k  # an unclosed bracket: Lean resumes at this command (after an error)
        if tok.text in ("[", "@[", "%[", "scoped["):
            depth += 1
        elif tok.text == "]":
            depth -= 1
            if depth == 0:
                return k + 1
    return len(tokens)


def _ends_attributes(tok: Token) -> bool:
    """A command start that cannot be part of an attribute list (``instance`` can)."""
    return is_command_start(tok) and tok.text not in _ATTRIBUTE_KEYWORDS


def _attribute_entries(tokens: list[Token]) -> list[tuple[str, Token]]:
    """``@[a, b c]`` → ``[("a", tok), ("b c", tok)]`` (inner tokens of one bracket)."""
    entries, current = [], []
    for tok in tokens[1:-1] if tokens and tokens[-1].text == "]" else tokens[1:]:
        if tok.text == "," and current:
            entries.append(current)
            current = []
        else:
            current.append(tok)
    if current:
        entries.append(current)
    return [(" ".join(t.name for t in e), e[0]) for e in entries]


# `#`-commands of core Lean, Batteries, Mathlib and friends: always a command start
HASH_COMMANDS = frozenset(
    "#eval #exit #print #check #check_failure #reduce #synth #guard #guard_msgs #guard_expr "
    "#where #version #help #lint #find #find_home #explode #simp #norm_num #conv #whnf "
    "#push_neg #min_imports #count_heartbeats #leansearch #moogle #loogle #adaptation_note "
    "#html #test #sample #time #instances #redundant_imports #kerneltc #info_trees #long_names "
    "#unfold? #help_tactic #parse #trans_imports #import_path #defeq_abuse #show_deriving".split()
)
# tokens after which a term must follow: Mathlib's `#s` (`Finset.card`) is a term there
_TERM_CONTINUES = frozenset(
    "( [ { ⟨ , = ≠ < > ≤ ≥ + - * / ∣ ^ ∈ ∉ ⊆ ⊂ ∩ ∪ : := ↑ ¬ ∧ ∨ → ↔ ∑ ∏ | • ∘ % "
    "show from exact refine apply use calc if then else".split()
)


def _card_notation(tok: Token, before: Token) -> bool:
    """``#s`` after a symbol that needs a term: a (short) term, not an unknown command."""
    return (
        tok.kind == "symbol"
        and tok.text.startswith("#")
        and tok.text not in HASH_COMMANDS
        and len(tok.text) <= 4
        and before.text in _TERM_CONTINUES
    )


def _raw_commands(code: list[Token]) -> list[list[Token]]:
    """Code tokens cut at command starts (attribute brackets kept whole)."""
    groups: list[list[Token]] = []
    i, leading = 0, False  # leading: only doc/attributes/modifiers seen in the current group
    while i < len(code):
        tok = code[i]
        after_open = i > 0 and code[i - 1].text == "open" and tok.text == "scoped"
        card = i > 0 and _card_notation(tok, code[i - 1])
        if is_command_start(tok) and not leading and not after_open and not card:
            groups.append([])
        elif not groups:
            groups.append([])
        if tok.text == "@[" or (
            tok.text == "attribute" and i + 1 < len(code) and code[i + 1].text == "["
        ):
            end = _bracket_end(code, i if tok.text == "@[" else i + 1)
            groups[-1].extend(code[i:end])
            leading = tok.text == "@["
            i = end
            continue
        groups[-1].append(tok)
        leading = tok.kind == "doc" or (tok.kind == "ident" and tok.text in MODIFIERS)
        i += 1
    return groups


def split_commands(text: str) -> list[LeanCommand]:
    """The top-level commands of ``text``, each with its prefixes, attributes and keyword."""
    code = [t for t in tokenize(text) if t.code]
    groups = _raw_commands(code)
    commands: list[LeanCommand] = []
    pending: list[LeanCommand] = []
    for group in groups:
        cmd = LeanCommand(group[0].start, group[-1].end, group)
        attr_end = 0  # tokens before it are inside an `@[…]` (linear: no rescans)
        for k, tok in enumerate(group):
            if tok.text == "@[":
                end = _bracket_end(group, k)
                attr_end = max(attr_end, end)
                cmd.attributes += _attribute_entries(group[k:end])
            elif tok.kind == "ident" and tok.text in MODIFIERS and not cmd.keyword:
                cmd.modifiers.append(tok.text)
            elif tok.kind != "doc" and not cmd.keyword and k >= attr_end:
                cmd.keyword, cmd.keyword_index = tok.text, k
                break
        if not cmd.keyword:
            cmd.keyword = group[0].text
        cmd.in_suffix = cmd.keyword in _SCOPING and group[-1].text == "in" and len(group) > 1
        nested = cmd.keyword in _SCOPING and any(t.text == "in" for t in group[:-1])
        if nested and commands and not pending:  # `open X in tac` inside a proof
            commands[-1].tokens.extend(group)
            commands[-1].end = cmd.end
            continue
        if cmd.in_suffix:
            pending.append(cmd)
            continue
        cmd.prefixes, pending = pending, []
        if cmd.prefixes:
            cmd.start = cmd.prefixes[0].start
        commands.append(cmd)
    commands.extend(pending)  # `open X in` with nothing after: a command of its own
    return commands


def position(text: str, tok: Token) -> str:
    """``line:column`` of a token, as Lean reports positions."""
    line, col = line_col(text, tok.start)
    return f"{line}:{col}"
