"""A Lean 4 lexer: the text split into tokens the way Lean's own tokenizer splits it.

:func:`tokenize` covers what decides *where code is*: whitespace, line comments, nested
block comments and doc comments (``/--``, ``/-!``), string literals with escapes, raw
strings (``r"…"``, ``r#"…"#`` with any number of ``#``), interpolated strings after
``s!``/``m!``/``f!``/``throwError`` (``{…}`` holes hold terms with their own strings and
braces), char literals (``'a'``, ``'\\n'``) versus primes inside identifiers (``h'``),
guillemet identifier parts (``«…»``), dotted identifiers, numeric literals and symbols.

A token never spans less than Lean's: a text the lexer cannot close (an unterminated
comment or string) yields one ``error`` token running to the end, so callers refuse it.
Token ``start``/``end`` are offsets into the text; :func:`line_col` maps them to Lean's
1-based line and 0-based column.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Token",
    "code_tokens",
    "ident_parts",
    "is_id_first",
    "is_id_rest",
    "line_col",
    "tokenize",
]

# tokens after which a string literal is always interpolated (core syntax: ``s!"…"``, …);
# elsewhere a string whose plain and interpolated readings end apart is refused (some
# syntax, e.g. ``throwErrorAt ref "…"``, reads it interpolated, a function call plain)
INTERPOLATING = frozenset({"s!", "m!", "f!", "throwError", "dbg_trace"})
# Lean's whitespace (``Char.isWhitespace``); other spaces are symbols Lean refuses
WHITESPACE = frozenset(" \t\r\n")
# characters a multi-character Lean token cannot continue from into ``--``/``/-``
_SAFE_BEFORE_COMMENT = frozenset(')]}⟩»"')
_SAFE_BEFORE_RAW = frozenset("([{⟨,")
MAX_NESTING = 32  # interpolated strings inside interpolation holes, deeper is refused


@dataclass(frozen=True)
class Token:
    """One token: ``kind`` is ws, comment, doc, string, char, ident, number, symbol or error.

    A string that Lean may read as interpolated keeps the code tokens of its holes in
    ``holes`` (they are code: callers that vet identifiers must walk them too).
    """

    kind: str
    start: int
    end: int
    text: str
    holes: tuple[Token, ...] = ()  # code tokens of the ``{…}`` holes of an interpolated string

    @property
    def code(self) -> bool:
        """Whether the token is code (not whitespace or a comment)."""
        return self.kind not in ("ws", "comment")

    @property
    def name(self) -> str:
        """An identifier's name with ``«»`` escapes removed (``«Lean».Elab`` → ``Lean.Elab``)."""
        return ".".join(ident_parts(self.text)) if self.kind == "ident" else self.text


def _letter_like(c: str) -> bool:
    o = ord(c)
    return (
        (0x3B1 <= o <= 0x3C9 and o != 0x3BB)  # α-ω except λ
        or (0x391 <= o <= 0x3A9 and o not in (0x3A0, 0x3A3))  # Α-Ω except Π Σ
        or 0x3CA <= o <= 0x3FB  # Coptic
        or 0x1F00 <= o <= 0x1FFE  # polytonic Greek
        or 0x2100 <= o <= 0x214F  # letter-like block (ℕ ℤ ℝ …)
        or 0x1D49C <= o <= 0x1D59F  # script, double-struck, fraktur
    )


def _subscript(c: str) -> bool:
    o = ord(c)
    return 0x2080 <= o <= 0x2089 or 0x2090 <= o <= 0x209C or 0x1D62 <= o <= 0x1D6A or c == "ⱼ"


def is_id_first(c: str) -> bool:
    """Lean's ``isIdFirst``: ASCII letters, ``_`` and letter-like Unicode."""
    return len(c) == 1 and ((c.isascii() and c.isalpha()) or c == "_" or _letter_like(c))


def is_id_rest(c: str) -> bool:
    """Lean's ``isIdRest``: ``isIdFirst``, digits, ``'``, ``!``, ``?`` and subscripts."""
    return len(c) == 1 and (
        is_id_first(c) or (c.isascii() and c.isdigit()) or c in "'!?" or _subscript(c)
    )


def ident_parts(text: str) -> list[str]:
    """The parts of an identifier token, ``«»`` removed."""
    parts, i = [], 0
    while i < len(text):
        if text[i] == "«":
            j = text.find("»", i + 1)
            j = len(text) if j < 0 else j
            parts.append(text[i + 1 : j])
            i = j + 2
        else:
            j = i
            while j < len(text) and text[j] != ".":
                j += 1
            parts.append(text[i:j])
            i = j + 1
    return parts


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Lean's position of ``offset``: 1-based line, 0-based column in code points."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1)


class _TooDeep(Exception):
    """Interpolation holes nested deeper than :data:`MAX_NESTING`."""


class _Lexer:
    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)
        self.depth = 0

    def at(self, i: int) -> str:
        return self.s[i] if i < self.n else ""

    def block_comment(self, i: int) -> int:
        """End of the (nested) block comment opening at ``i``; -1 if it never closes."""
        depth, j = 1, i + 2
        while j < self.n:
            if self.s.startswith("/-", j):
                depth, j = depth + 1, j + 2
            elif self.s.startswith("-/", j):
                depth, j = depth - 1, j + 2
                if depth == 0:
                    return j
            else:
                j += 1
        return -1

    def escape(self, j: int) -> int:
        """End of the escape sequence whose backslash is at ``j`` (-1: invalid)."""
        c = self.at(j + 1)
        if c in ("\\", '"', "'", "n", "t", "r", "{", "}"):
            return j + 2
        if c == "x":
            return j + 4
        if c == "u":
            return j + 6
        if c == "\n":  # a line continuation: the newline and the next line's indent
            k = j + 2
            while k < self.n and self.s[k] in " \t\r\n":
                k += 1
            return k
        return -1

    def string(self, i: int, interpolated: bool) -> tuple[int, list[Token]]:
        """End of the string literal at ``i`` (-1: unterminated, bad escape) and hole tokens."""
        j, holes = i + 1, []
        while j < self.n:
            c = self.s[j]
            if c == '"':
                return j + 1, holes
            if c == "\\":
                j = self.escape(j)
                if j < 0:
                    return -1, []
            elif c == "{" and interpolated:
                j = self.term_until_brace(j + 1, holes)
                if j < 0:
                    return -1, []
            else:
                j += 1
        return -1, []

    def term_until_brace(self, j: int, out: list[Token]) -> int:
        """Past the ``}`` closing an interpolation hole whose term starts at ``j``."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise _TooDeep
        try:
            depth, prev, last = 0, None, None
            while j < self.n:
                tok = self.token(j, prev, last)
                if tok.kind == "error":
                    return -1
                if tok.kind == "symbol" and tok.text == "{":
                    depth += 1
                elif tok.kind == "symbol" and tok.text == "}":
                    if depth == 0:
                        return tok.end
                    depth -= 1
                if tok.code:
                    prev = tok
                    out.append(tok)
                last, j = tok, tok.end
            return -1
        finally:
            self.depth -= 1

    def string_token(self, i: int, prev: Token | None) -> Token:
        """The string literal at ``i``: interpolated after ``s!`` & co.; refused if unsure.

        Elsewhere Lean may read it either way (it depends on the syntax around it), so a
        text whose plain and interpolated readings end at different places is an error,
        and the holes of the interpolated reading are kept as code.
        """
        if prev is not None and prev.kind == "ident" and prev.text in INTERPOLATING:
            end, holes = self.string(i, True)
        else:
            plain, _ = self.string(i, False)
            end, holes = self.string(i, True)
            if end < 0:
                end, holes = plain, []
            elif plain >= 0 and plain != end:
                end = -1  # ambiguous: refused
        if end < 0:
            return Token("error", i, self.n, self.s[i:])
        return Token("string", i, end, self.s[i:end], tuple(holes))

    def raw_string(self, i: int) -> int:
        """End of a raw string at ``i`` (``r`` then ``#``* then ``"``); 0 if not one."""
        j = i + 1
        while self.at(j) == "#":
            j += 1
        if self.at(j) != '"':
            return 0
        closer = '"' + "#" * (j - i - 1)
        end = self.s.find(closer, j + 1)
        return -1 if end < 0 else end + len(closer)

    def ident(self, i: int) -> int:
        j = i
        while True:
            if self.at(j) == "«":
                k = self.s.find("»", j + 1)
                if k < 0:
                    return -1
                j = k + 1
            else:
                j += 1
                while j < self.n and is_id_rest(self.s[j]):
                    j += 1
            nxt = self.at(j + 1)
            if self.at(j) == "." and nxt and (is_id_first(nxt) or nxt == "«"):
                j += 1
                continue
            return j

    def number(self, i: int) -> int:
        j = i + 1
        if self.s[i] == "0" and self.at(j) in ("x", "X", "b", "B", "o", "O"):
            j += 1
            while j < self.n and (self.s[j].isascii() and self.s[j].isalnum() or self.s[j] == "_"):
                j += 1
            return j
        while j < self.n and (self.s[j].isascii() and self.s[j].isdigit() or self.s[j] == "_"):
            j += 1
        if self.at(j) == "." and self.at(j + 1).isascii() and self.at(j + 1).isdigit():
            j += 2
            while j < self.n and self.s[j].isascii() and self.s[j].isdigit():
                j += 1
        if self.at(j) in ("e", "E"):
            k = j + 1 + (self.at(j + 1) in ("+", "-"))
            if self.at(k).isascii() and self.at(k).isdigit():
                j = k
                while j < self.n and self.s[j].isascii() and self.s[j].isdigit():
                    j += 1
        return j

    def token(self, i: int, prev: Token | None, last: Token | None) -> Token:
        """The token at ``i``; ``prev`` is the last code token, ``last`` the last token."""
        s, c = self.s, self.s[i]

        def make(kind: str, end: int) -> Token:
            if end < 0:
                return Token("error", i, self.n, s[i:])
            return Token(kind, i, end, s[i:end])

        if c in WHITESPACE:
            j = i + 1
            while j < self.n and s[j] in WHITESPACE:
                j += 1
            return make("ws", j)
        if s.startswith(("--", "/-"), i) and _glued(last, i):
            # Lean may read the symbol before and this dash as one token (`<-`, `//`, `\\/`)
            # and the rest as code: refused rather than guessed
            return make("error", -1)
        if s.startswith("--", i):
            j = s.find("\n", i)
            return make("comment", self.n if j < 0 else j)
        if s.startswith("/-", i):
            doc = s.startswith(("/--", "/-!"), i) and not s.startswith("/--/", i)
            return make("doc" if doc else "comment", self.block_comment(i))
        if c == '"':
            return self.string_token(i, prev)
        if c == "r":
            end = self.raw_string(i)
            if end and _glued(last, i, _SAFE_BEFORE_RAW):
                return make("error", -1)  # a symbol token ending in `r` could swallow it
            if end:
                return make("string", end)
        if c == "'" and self.at(i + 1) != "'":
            if self.at(i + 1) == "\\":
                j = self.escape(i + 1)
            else:
                j = i + 2 if i + 1 < self.n else -1
            if j >= 0 and self.at(j) == "'":
                return make("char", j + 1)
            # not a char literal: part of a symbol such as Mathlib's `⁻¹'`, or Lean's error
        if is_id_first(c) or c == "«":
            return make("ident", self.ident(i))
        if c.isascii() and c.isdigit():
            return make("number", self.number(i))
        for sym in ("@[", ":=", "''", "%["):
            if s.startswith(sym, i):
                return make("symbol", i + len(sym))
        if c == "#" and is_id_first(self.at(i + 1)):  # #print, #eval, … : one command token
            j = i + 2
            while j < self.n and is_id_rest(s[j]):
                j += 1
            return make("symbol", j)
        return make("symbol", i + 1)


def _glued(last: Token | None, i: int, safe: frozenset[str] = frozenset()) -> bool:
    """Whether the token at ``i`` directly follows a symbol a Lean token could extend."""
    return (
        last is not None
        and last.end == i
        and last.kind == "symbol"
        and last.text[-1] not in _SAFE_BEFORE_COMMENT | safe
    )


def tokenize(text: str) -> list[Token]:
    """Every token of ``text`` in order (whitespace and comments included).

    Interpolation holes nested deeper than :data:`MAX_NESTING` end the text in an error token.
    """
    lexer = _Lexer(text)
    tokens: list[Token] = []
    prev: Token | None = None
    i = 0
    while i < len(text):
        try:
            tok = lexer.token(i, prev, tokens[-1] if tokens else None)
        except _TooDeep:
            lexer.depth = 0
            tok = Token("error", i, len(text), text[i:])
        tokens.append(tok)
        if tok.code:
            prev = tok
        i = tok.end
    return tokens


def code_tokens(tokens: list[Token]) -> list[Token]:
    """The code tokens, each string's interpolation-hole tokens following it (flattened)."""
    out: list[Token] = []
    for tok in tokens:
        if tok.code:
            out.append(tok)
            if tok.holes:
                out.extend(code_tokens(list(tok.holes)))
    return out
