"""SMT-LIB text as data: tokens, s-expressions, commands, and the assertion stack.

Pure text handling, no z3: the parent process splits a script into commands here and
ships only the declarations and assertions in scope at each ``check-sat`` to a z3 worker
(:mod:`proofsmith.checkers.smt.runner`).

- :func:`parse_commands` reads a script into :class:`Command` values (one balanced
  s-expression each, comments dropped). Rendering a command back (:attr:`Command.text`)
  joins its tokens again, so what reaches z3 is exactly what was parsed here: no
  unbalanced parenthesis or comment trick can smuggle in a second command.
- :func:`check_points` interprets ``push``/``pop``/``reset``/``check-sat`` and returns, per
  ``check-sat``, the declarations and assertions in scope (:class:`CheckPoint`).

Lexical rules follow SMT-LIB 2.6 §3.1: ``"…"`` strings with ``""`` as the escaped quote,
``|…|`` quoted symbols, ``;`` comments to the end of the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from proofsmith.errors import InputError

__all__ = [
    "DECLARING",
    "bare",
    "CheckPoint",
    "Command",
    "SExpr",
    "check_points",
    "decode_script",
    "parse_commands",
    "parse_sexprs",
    "render",
]

SExpr = str | list["SExpr"]

# commands that introduce a symbol, and where the symbol's name sits in them
DECLARING = {
    "declare-const",
    "declare-fun",
    "define-fun",
    "define-fun-rec",
    "declare-sort",
    "define-sort",
    "define-const",
}
# commands that only shape the context a check-sat runs in
_CONTEXT = DECLARING | {"declare-datatypes", "declare-datatype", "define-funs-rec", "assert"}
# commands without effect on satisfiability: accepted in problems and ignored
_IGNORED = {
    "set-option",
    "set-info",
    "set-logic",
    "get-model",
    "get-value",
    "get-info",
    "get-option",
    "get-assertions",
    "get-proof",
    "get-unsat-core",
    "get-assignment",
    "echo",
}


def decode_script(data: bytes) -> str:
    """The text of a script file. Bytes that are not UTF-8 are kept as surrogates
    (``surrogateescape``): z3 skips them in comments, and so do we; anywhere else
    :func:`parse_commands` refuses them."""
    return data.decode("utf-8", errors="surrogateescape")


def _plain(token: str, line: int) -> tuple[str, int]:
    bad = [ch for ch in token if "\udc80" <= ch <= "\udcff"]
    if bad:
        raise InputError(
            f"line {line}: not UTF-8 text outside a comment (byte 0x{ord(bad[0]) - 0xDC00:02x})",
            hint="Save the script as UTF-8 (non-UTF-8 bytes are accepted only in comments).",
        )
    return token, line


def _tokens(text: str) -> list[tuple[str, int]]:
    """Split ``text`` into (token, line) pairs; parentheses are tokens of their own."""
    out: list[tuple[str, int]] = []
    i, n, line = 0, len(text), 1
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
            i += 1
        elif ch.isspace():
            i += 1
        elif ch == ";":
            while i < n and text[i] != "\n":
                i += 1
        elif ch in "()":
            out.append((ch, line))
            i += 1
        elif ch == '"':
            j = i + 1
            while True:
                j = text.find('"', j)
                if j < 0:
                    raise InputError(f"unterminated string literal starting on line {line}")
                if j + 1 < n and text[j + 1] == '"':
                    j += 2
                    continue
                break
            out.append((text[i : j + 1], line))
            line += text.count("\n", i, j + 1)
            i = j + 1
        elif ch == "|":
            j = text.find("|", i + 1)
            if j < 0:
                raise InputError(f"unterminated |quoted symbol| starting on line {line}")
            if "\\" in text[i:j]:
                raise InputError(f"backslash inside a |quoted symbol| on line {line}")
            out.append((text[i : j + 1], line))
            line += text.count("\n", i, j + 1)
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '();"|':
                j += 1
            out.append((text[i:j], line))
            i = j
    return out


def parse_sexprs(text: str) -> list[tuple[SExpr, int]]:
    """Parse ``text`` into top-level s-expressions with the line each starts on."""
    stack: list[list[SExpr]] = []
    starts: list[int] = []
    top: list[tuple[SExpr, int]] = []
    for token, line in (_plain(*t) for t in _tokens(text)):
        if token == "(":
            stack.append([])
            starts.append(line)
        elif token == ")":
            if not stack:
                raise InputError(f"unbalanced ')' on line {line}", hint="Check the parentheses.")
            done = stack.pop()
            start = starts.pop()
            if stack:
                stack[-1].append(done)
            else:
                top.append((done, start))
        elif stack:
            stack[-1].append(token)
        else:
            top.append((token, line))
    if stack:
        raise InputError(
            f"unbalanced '(' opened on line {starts[-1]}", hint="Check the parentheses."
        )
    return top


def render(expr: SExpr) -> str:
    """The SMT-LIB text of an s-expression (single spaces, no comments).

    Iterative: deeply nested terms (long let chains are common) cannot exhaust Python's
    recursion limit.
    """
    parts: list[str] = []
    todo: list[SExpr | None] = [expr]  # None closes a list
    while todo:
        item = todo.pop()
        if item is None:
            parts.append(")")
        elif isinstance(item, str):
            if parts and parts[-1] != "(":
                parts.append(" ")
            parts.append(item)
        else:
            if parts and parts[-1] != "(":
                parts.append(" ")
            parts.append("(")
            todo.append(None)
            todo.extend(reversed(item))
    return "".join(parts)


@dataclass(frozen=True)
class Command:
    """One top-level command: ``head`` is its name (``assert``, ``check-sat`` …)."""

    head: str
    args: tuple[SExpr, ...]
    line: int

    @property
    def text(self) -> str:
        return render([self.head, *self.args])

    @property
    def symbol(self) -> str | None:
        """The symbol a declaring command introduces (``x`` in ``(declare-const x Int)``)."""
        if self.head in DECLARING and self.args and isinstance(self.args[0], str):
            return bare(self.args[0])
        return None

    def declared(self) -> list[str]:
        """Every symbol the command introduces (datatypes add sorts, constructors, selectors)."""
        if self.symbol is not None:
            return [self.symbol]
        names: list[str] = []
        if self.head in ("declare-datatypes", "declare-datatype", "define-funs-rec"):
            _collect_heads(list(self.args), names)
        return names


def bare(symbol: str) -> str:
    """A symbol's name: ``|x|`` and ``x`` are one symbol in SMT-LIB (§3.1), so a
    candidate's ``(declare-const |x| Int)`` redeclares the problem's ``x``."""
    if len(symbol) >= 2 and symbol[0] == "|" and symbol[-1] == "|":
        return symbol[1:-1]
    return symbol


def _collect_heads(exprs: list[SExpr], names: list[str]) -> None:
    todo = list(reversed(exprs))
    while todo:
        e = todo.pop()
        if isinstance(e, list) and e:
            if isinstance(e[0], str):
                names.append(bare(e[0]))
                todo.extend(reversed(e[1:]))
            else:  # ((D 0)) or ((f ((x Int)) Int) …): the names sit one level down
                todo.extend(reversed(e))


def parse_commands(text: str) -> list[Command]:
    """Parse a script into commands; a bare atom at top level is an InputError."""
    commands = []
    for expr, line in parse_sexprs(text):
        if not isinstance(expr, list) or not expr or not isinstance(expr[0], str):
            raise InputError(
                f"line {line}: expected a command like (assert …), got {render(expr)[:60]!r}"
            )
        commands.append(Command(expr[0], tuple(expr[1:]), line))
    return commands


@dataclass(frozen=True)
class CheckPoint:
    """The context of one ``check-sat``: declarations and assertions in scope, in order."""

    index: int  # 0-based position among the script's check-sat commands
    line: int  # source line of the check-sat
    context: tuple[Command, ...]  # declarations, definitions and assertions in scope
    assumptions: tuple[SExpr, ...] = ()  # literals of check-sat-assuming

    @property
    def text(self) -> str:
        """The SMT-LIB text z3 parses for this check (no commands besides the context)."""
        lines = [c.text for c in self.context]
        lines += [f"(assert {render(a)})" for a in self.assumptions]
        return "\n".join(lines)

    @property
    def symbols(self) -> set[str]:
        return {name for c in self.context for name in c.declared()}


@dataclass
class _Stack:
    """The assertion stack: ``frames[0]`` is level 0; a ``(push n)`` adds one frame that
    stands for ``n`` levels (``depths``), so a huge ``n`` allocates nothing."""

    frames: list[list[Command]] = field(default_factory=lambda: [[]])
    depths: list[int] = field(default_factory=lambda: [0])

    def flat(self) -> tuple[Command, ...]:
        return tuple(c for frame in self.frames for c in frame)

    def push(self, n: int) -> None:
        if n:
            self.frames.append([])
            self.depths.append(n)

    def pop(self, n: int, line: int) -> None:
        open_levels = sum(self.depths)
        if n > open_levels:
            raise InputError(f"line {line}: (pop {n}) with only {open_levels} push(es) open")
        while n:
            if self.depths[-1] <= n:  # the whole group goes
                n -= self.depths.pop()
                self.frames.pop()
            else:  # its innermost levels go: everything in it was added at the innermost
                self.depths[-1] -= n
                self.frames[-1] = []
                n = 0


def _count(cmd: Command) -> int:
    if not cmd.args:
        return 1
    arg = cmd.args[0]
    if not isinstance(arg, str) or not arg.isdigit():
        raise InputError(f"line {cmd.line}: ({cmd.head} …) needs a numeral, got {render(arg)!r}")
    return int(arg)


def check_points(commands: list[Command], *, final: bool = False) -> list[CheckPoint]:
    """Interpret the scoping commands and return one CheckPoint per ``check-sat``.

    With ``final=True`` and no ``check-sat`` in the script, the context at the end of the
    script is returned as a single check point (a problem stated without ``check-sat``).
    """
    stack = _Stack()
    points: list[CheckPoint] = []
    for cmd in commands:
        head = cmd.head
        if head in _CONTEXT:
            stack.frames[-1].append(cmd)
        elif head == "push":
            stack.push(_count(cmd))
        elif head == "pop":
            stack.pop(_count(cmd), cmd.line)
        elif head == "reset":
            stack = _Stack()
        elif head == "reset-assertions":
            kept = [c for c in stack.flat() if c.head != "assert"]
            stack = _Stack([kept], [0])
        elif head in ("check-sat", "check-sat-assuming"):
            assumptions: tuple[SExpr, ...] = ()
            if head == "check-sat-assuming":
                lits = cmd.args[0] if cmd.args else []
                assumptions = tuple(lits) if isinstance(lits, list) else (lits,)
            points.append(CheckPoint(len(points), cmd.line, stack.flat(), assumptions))
        elif head == "exit":
            break
        elif head in _IGNORED:
            continue
        else:
            raise InputError(
                f"line {cmd.line}: unsupported SMT-LIB command ({head} …)",
                hint="Supported: declarations, assert, push/pop, reset, check-sat[-assuming].",
            )
    if final and not points:
        points.append(CheckPoint(0, commands[-1].line if commands else 0, stack.flat()))
    return points
