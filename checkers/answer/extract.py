"""Find the final answer inside a whole model solution.

Tried in order, the first that finds something wins: the last ``\\boxed{…}``/``\\fbox{…}``
(nested boxes unwrapped); the last "final answer is …" phrase in one of several
languages; the last display math (``\\[…\\]``, ``$$…$$``); the whole text when it is
short enough to be a bare answer; the last inline math; and — only when the caller says
the gold is a plain number — the last number in the text. :func:`sentence_tail` reads
the answer out of one short sentence ("So there are 5 apples.") when the caller found
that the sentence itself does not parse.
"""

from __future__ import annotations

import re

from proofsmith.checkers.answer.vocab import CONSTS, FUNCS, SEP_WORDS

__all__ = ["MAX_SOLUTION_CHARS", "extract_answer", "sentence_tail"]

MAX_SOLUTION_CHARS = 50_000  # only the tail of longer solutions is searched

_BOX = re.compile(r"\\(?:boxed|fbox|framebox)\s*")
_PHRASES = re.compile(
    r"(?:final\s+answer\s*(?:is|:)|the\s+answer\s+is|answer\s*(?:is|:)|"
    r"the\s+(?:final\s+)?result\s+is|"
    r"r[ée]ponse\s+(?:finale\s+)?(?:est|:)|r[ée]ponse\s*:|"  # French
    r"respuesta\s+(?:final\s+)?es|respuesta\s*(?:final\s*)?:|"  # Spanish
    r"antwort\s+(?:ist|lautet)|antwort\s*:|ergebnis\s+(?:ist|lautet)|"  # German
    r"risposta\s+(?:finale\s+)?[èe]|risposta\s*:|"  # Italian
    r"resposta\s+(?:final\s+)?[ée]|resposta\s*:|"  # Portuguese
    r"ответ\s*(?::|—|-|равен)|"  # Russian
    r"最终答案\s*(?:是|为|[:：])?|答案\s*(?:是|为|[:：])|答えは|答え\s*[:：]|"  # Chinese, Japanese
    r"정답은|답은|답\s*:)",  # Korean
    re.IGNORECASE,
)
_DISPLAY = re.compile(r"\\\[(.+?)\\\]|\$\$(.+?)\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<![\\$])\$([^$]+?)\$|\\\((.+?)\\\)", re.DOTALL)
# a number, or a simple fraction/power of numbers taken whole ("3/4" is never read as "4")
_NUMBER = re.compile(r"(?<![\w.^/])-?\d[\d,]*(?:\.\d+)?(?:\s*[/^]\s*\d+(?:\.\d+)?)*")
_PROSE = re.compile(r"(?:[^\W\d_]{2,}|[aAI])[,:;!?]*")  # one whitespace-separated prose word
_MATH_WORDS = {w.lower() for w in (*FUNCS, *CONSTS, *SEP_WORDS)}
MAX_SENTENCE_CHARS = 200
_SENTENCE_END = re.compile(r"(?:\.\s|\.$|\n|。|;\s)")


def _braced(text: str, start: int) -> tuple[str, int] | None:
    """The content of the brace group opening at ``start`` and the index after it."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for j in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[start + 1 : j], j + 1
    return None


def _last_boxed(text: str) -> str | None:
    found = None
    for match in _BOX.finditer(text):
        group = _braced(text, match.end())
        if group is not None:
            found = group[0]
        else:  # \boxed 5
            tail = re.match(r"[^\s$]+", text[match.end() :])
            if tail:
                found = tail.group()
    if found is not None:
        inner = _last_boxed(found)
        return inner if inner is not None and found.strip().startswith("\\") else found
    return None


def _after_phrase(text: str) -> str | None:
    matches = list(_PHRASES.finditer(text))
    if not matches:
        return None
    rest = text[matches[-1].end() :].lstrip(" :：*\t")
    maths = _DISPLAY.match(rest) or _INLINE.match(rest)
    if maths:
        return next(g for g in maths.groups() if g is not None)
    end = _SENTENCE_END.search(rest)
    answer = (rest[: end.start()] if end else rest).strip().rstrip(".。").strip("*")
    return answer or None


def _is_bare(text: str) -> bool:
    words = re.findall(r"[^\W\d_]{3,}", re.sub(r"\\[A-Za-z]+", " ", text))
    return "\n" not in text.strip() and len(text) <= 200 and len(words) <= 2


def _prose(word: str) -> bool:
    return bool(_PROSE.fullmatch(word)) and word.rstrip(",:;!?").lower() not in _MATH_WORDS


def sentence_tail(text: str) -> str | None:
    """The answer inside one short sentence: leading prose words dropped, units kept.

    "There are 5 apples." → ``5 apples``; "We get x = 2." → ``x = 2``; "The value of x is
    5" → ``5`` (a lone variable name followed by prose is skipped once). None when the
    text is not one short line, nothing was dropped, or prose follows the mathematics.
    """
    line = text.strip()
    if "\n" in line or len(line) > MAX_SENTENCE_CHARS:
        return None
    words = line.rstrip(".!。 ").split()
    start = next((k for k, w in enumerate(words) if not _prose(w)), len(words))
    if not 0 < start < len(words):
        return None
    for _ in range(2):
        rest = words[start:]
        end = next((k for k, w in enumerate(rest) if _prose(w)), len(rest))
        if all(_prose(w) for w in rest[end:]):
            return " ".join(rest)
        if end != 1 or not re.fullmatch(r"[A-Za-z]", rest[0]):
            return None
        start = next((k for k in range(start + 1, len(words)) if not _prose(words[k])), 0)
        if not start:
            return None
    return None


def extract_answer(
    text: str, *, number_fallback: bool = False, allow_bare: bool = True
) -> tuple[str, str]:
    """Return (answer text, how it was found) for a bare answer or a whole solution.

    ``allow_bare=False`` skips the bare-answer and one-sentence readings (used after they
    failed to parse).
    """
    text = text[-MAX_SOLUTION_CHARS:].strip()
    boxed = _last_boxed(text)
    if boxed is not None:
        return boxed.strip(), "boxed"
    phrase = _after_phrase(text)
    if phrase is not None:
        return phrase, "phrase"
    displays = _DISPLAY.findall(text)
    if displays:
        return next(g for g in displays[-1] if g).strip(), "display"
    if allow_bare and _is_bare(text):
        return text, "bare"
    inline = _INLINE.findall(text)
    if inline:
        return next(g for g in inline[-1] if g).strip(), "inline"
    tail = sentence_tail(text) if allow_bare else None
    if tail is not None:
        return tail, "sentence"
    if number_fallback:
        numbers = _NUMBER.findall(text)
        if numbers:
            return numbers[-1].rstrip(",").strip(), "last number"
    return text, "whole"
