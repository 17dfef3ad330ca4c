"""Answer text → tokens: LaTeX/plain-text clean-up and a regex tokenizer.

:func:`normalize` removes presentation (``$``, ``\\left``, spacing, ``\\text{}`` wrappers,
degree signs, currency) and rewrites number formats (thousands separators, decimal
commas) when the whole answer is one number. :func:`tokenize` splits the result into
:class:`Token` values for :mod:`proofsmith.checkers.answer.parse`. Nothing here evaluates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from proofsmith.errors import InputError

__all__ = ["MAX_ANSWER_CHARS", "Token", "normalize", "tokenize", "unwrap_command"]

MAX_ANSWER_CHARS = 2000  # longer extracted answers are refused (unknown), not parsed


@dataclass(frozen=True)
class Token:
    kind: str  # num | cmd | word | op | eof
    text: str


_UNICODE = {
    "−": "-",
    "–": "-",
    "×": r"\times ",
    "·": r"\cdot ",
    "÷": r"\div ",
    "π": r"\pi ",
    "√": r"\sqrt ",
    "∞": r"\infty ",
    "≤": r"\le ",
    "≥": r"\ge ",
    "≠": r"\ne ",
    "∪": r"\cup ",
    "±": r"\pm ",
    "≈": r"\approx ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "∈": r"\in ",
    "％": "%",
    "²": "^2",
    "³": "^3",
    "€": " ",
    "£": " ",
    "¥": " ",
    "，": ",",
    "：": ":",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}
# wrappers whose content is kept as plain text
_TEXT_WRAPPERS = (
    "text",
    "textbf",
    "textit",
    "textrm",
    "textnormal",
    "mathrm",
    "mathbf",
    "mathit",
    "mbox",
    "operatorname",
    "boldsymbol",
    "mathsf",
    "hbox",
)
_DROP = re.compile(
    r"\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|displaystyle|textstyle|"
    r"quad|qquad|limits|nolimits)(?![A-Za-z])|(?<!\\)\\[,;:! ]|~|\\\$|\$|\\\(|\\\)|\\\[|\\\]"
)
_DEGREE = re.compile(r"\^\s*\{?\s*\\circ\s*\}?|\\circ|°|\\degree")
_FRAC_ALIASES = re.compile(r"\\[dtc]frac(?![A-Za-z])")
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_SPACED_THOUSANDS = re.compile(r"^-?\d{1,3}(?: \d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
_ESCAPED = re.compile(r"\\\\(?=[A-Za-z])")  # "\\frac" from a doubly escaped string
_PERCENT_WORD = re.compile(r"\s*\b(?:percent|per\s+cent|pct)\b", re.IGNORECASE)
_MULTIPLIER = re.compile(r"(?<=[\d}])\s*(hundred|thousand|million|billion|trillion)s?\b", re.I)
_POWERS = {"hundred": 2, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_QUAD = re.compile(r"\\q?quad(?![A-Za-z])")
_MIXED = re.compile(
    r"^([-+]?)(\d+)[ \t]*(?:\\frac\s*(?:\{(\d+)\}|(\d))\s*(?:\{(\d+)\}|(\d))|[ \t](\d+)/(\d+))"
    r"[ \t]*(%?)$"
)
_BASE_N = re.compile(r"(?<![\w\\])([0-9][0-9A-F]*)_\{?\(?(\d{1,2})\)?\}?(?![\w}])")


def _mixed(text: str) -> str:
    """``3\\frac14`` / ``3 1/4`` (a whole answer) → ``(3+1/4)``: the mixed-number convention."""
    match = _MIXED.match(text)
    if not match:
        return text
    sign, whole, *parts, percent = match.groups()
    num, den = [p for p in parts if p is not None]
    return f"{sign}({whole}+{num}/{den}){percent}"


def _base_n(match: re.Match) -> str:
    digits, base = match.group(1), int(match.group(2))
    try:
        value = int(digits, base) if 2 <= base <= 16 else None
    except ValueError:
        value = None
    return match.group() if value is None else f"{digits}_{{base{base}}}"


def unwrap_command(text: str, name: str, keep: bool = True) -> str:
    """Replace every ``\\name{...}`` by its (brace-balanced) content, or drop it."""
    out: list[str] = []
    i = 0
    pattern = re.compile(r"\\" + name + r"(?![A-Za-z])\s*\{")
    while True:
        match = pattern.search(text, i)
        if not match:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i : match.start()])
        depth, j = 1, match.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        inner = text[match.end() : j - 1] if depth == 0 else text[match.end() :]
        out.append(f" {inner} " if keep else " ")
        i = j


def normalize(text: str, *, commas: str = "auto") -> str:
    """Strip presentation from an answer and canonicalise number formats.

    ``commas`` says how to read a lone ``3,5``: ``"auto"`` (decimal comma unless exactly
    three digits follow, which reads as thousands), ``"decimal"`` or ``"list"`` (leave it).
    """
    if len(text) > MAX_ANSWER_CHARS:
        raise InputError(f"answer of {len(text)} characters exceeds {MAX_ANSWER_CHARS}")
    for src, dst in _UNICODE.items():
        text = text.replace(src, dst)
    text = _ESCAPED.sub(r"\\", text)
    text = text.replace("{,}", "").replace("\\%", "%").replace("\\\\!", "")
    text = text[:-1] if text.endswith("\\") and not text.endswith("\\\\") else text
    text = _PERCENT_WORD.sub("%", text)
    text = _QUAD.sub(",", text)
    text = _BASE_N.sub(_base_n, text)
    text = _DEGREE.sub(r" \\degree ", text)
    for name in _TEXT_WRAPPERS:
        if "\\" + name in text:
            text = unwrap_command(text, name)
    text = _FRAC_ALIASES.sub(r"\\frac", text)
    text = _MULTIPLIER.sub(lambda m: f" \\cdot 10^{{{_POWERS[m[1].lower()]}}}", text)
    text = _DROP.sub(" ", text)
    text = text.strip().rstrip(".").strip()
    compact = text.replace(" ", "") if _SPACED_THOUSANDS.match(text) else text
    joined = re.sub(r",\s+", ",", compact)
    compact = joined if _THOUSANDS.match(joined) else compact
    compact = _mixed(compact)
    if commas == "list":
        return compact
    if _THOUSANDS.match(compact) and not compact.lstrip("-").startswith("0"):
        return compact.replace(",", "")  # "3,500" is 3500, never 3.5
    if commas == "gold":  # a gold "3,4" is a list; "0,25" (a leading zero) is a decimal
        return compact.replace(",", ".") if re.match(r"^-?0,\d+$", compact) else compact
    if _DECIMAL_COMMA.match(compact) and (commas == "decimal" or len(compact.split(",")[1]) != 3):
        return compact.replace(",", ".")
    return compact


_TOKEN = re.compile(
    r"(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+(?![\d.]))?)"
    r"|(?P<cmd>\\[A-Za-z]+|\\[{}|%])"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<op><=|>=|!=|=<|=>|\*\*|\\\\|[-+*/^_()\[\]{},;:=<>!|&%])"
    r"|(?P<space>\s+)"
)


def tokenize(text: str) -> list[Token]:
    """Split normalised answer text into tokens; unknown characters raise InputError."""
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        match = _TOKEN.match(text, i)
        if not match:
            raise InputError(f"unexpected character {text[i]!r} in answer")
        kind = match.lastgroup or "space"
        if kind != "space":
            value = match.group()
            if kind == "op":
                value = {"=<": "<=", "=>": ">=", "**": "^"}.get(value, value)
            tokens.append(Token(kind, value))
        i = match.end()
    tokens.append(Token("eof", ""))
    return tokens
