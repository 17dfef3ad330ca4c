"""Lean source structure from tokens: commands, the header block, declarations, statements.

Built on :mod:`.lean_lex`, so a keyword inside a comment, string, raw string or guillemet
identifier is never mistaken for code, and a command starts wherever its keyword token is
(Lean needs no line break between commands).

- :func:`split_commands` cuts the text into :class:`LeanCommand` s; ``open … in`` and
  ``set_option … in`` prefixes are attached to the command they scope.
- :func:`split_header` separates the leading ``import``/``open``/``set_option``/``universe``
  commands (whole lines) from the rest.
- :func:`theorem_name`, :func:`declaration_names`, :func:`find_theorem`,
  :func:`theorem_head`, :func:`proof_text` read declarations.
- :func:`statement_key` compares statements up to whitespace, comments and ASCII/Unicode
  spellings of the same notation (``->``/``→``, ``>=``/``≥``, ``fun``/``λ``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from proofsmith.text.lean_lex import Token, is_id_first, is_id_rest, line_col, tokenize

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
    "proof_text",
    "split_commands",
    "split_header",
    "statement_key",
    "theorem_head",
    "theorem_name",
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
    }
)
_SCOPING = ("open", "set_option")
# command keywords that are also attribute names or attribute modifiers
_ATTRIBUTE_KEYWORDS = frozenset({"instance", "local", "scoped", "macro", "export", "class"})
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


def _raw_commands(code: list[Token]) -> list[list[Token]]:
    """Code tokens cut at command starts (attribute brackets kept whole)."""
    groups: list[list[Token]] = []
    i, leading = 0, False  # leading: only doc/attributes/modifiers seen in the current group
    while i < len(code):
        tok = code[i]
        if is_command_start(tok) and not leading:
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
        for k, tok in enumerate(group):
            if tok.text == "@[":
                cmd.attributes += _attribute_entries(group[k : _bracket_end(group, k)])
            elif tok.kind == "ident" and tok.text in MODIFIERS and not cmd.keyword:
                cmd.modifiers.append(tok.text)
            elif tok.kind != "doc" and not cmd.keyword and not _inside_attr(group, k):
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


def _inside_attr(group: list[Token], k: int) -> bool:
    for j in range(k):
        if group[j].text == "@[" and _bracket_end(group, j) > k:
            return True
    return False


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
        elif depth == 0 and (t == ":=" or t == "|" or t == "where"):
            return k
    return -1


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
    """A name (dotted, or its parts) as Lean prints it: parts needing escapes in ``«»``."""
    parts = name.split(".") if isinstance(name, str) else name

    def part(p: str) -> str:
        ok = p and (is_id_first(p[0])) and all(is_id_rest(c) for c in p[1:])
        ok = ok and p not in COMMAND_KEYWORDS | {
            "fun",
            "by",
            "at",
            "have",
            "show",
            "from",
            "let",
            "if",
            "then",
            "else",
            "do",
            "match",
            "with",
            "in",
            "Type",
            "Sort",
            "Prop",
        }
        return p if ok else f"«{p}»"

    return ".".join(part(p) for p in parts)


def position(text: str, tok: Token) -> str:
    """``line:column`` of a token, as Lean reports positions."""
    line, col = line_col(text, tok.start)
    return f"{line}:{col}"
