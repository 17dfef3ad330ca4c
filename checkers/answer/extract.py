"""Find the final answer inside a whole model solution.

Tried in order, the first that finds something wins: the last ``\\boxed{…}``/``\\fbox{…}``
(nested boxes unwrapped); the last "final answer is …" phrase in one of several
languages; the last display math (``\\[…\\]``, ``$$…$$``); the whole text when it is
short enough to be a bare answer; the last inline math; and — only when the caller says
the gold is a plain number — the last number in the text.
"""

from __future__ import annotations

import re

__all__ = ["MAX_SOLUTION_CHARS", "extract_answer"]

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
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
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


def extract_answer(
    text: str, *, number_fallback: bool = False, allow_bare: bool = True
) -> tuple[str, str]:
    """Return (answer text, how it was found) for a bare answer or a whole solution.

    ``allow_bare=False`` skips the bare-answer reading (used after it failed to parse).
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
    if number_fallback:
        numbers = _NUMBER.findall(text)
        if numbers:
            return numbers[-1].rstrip(","), "last number"
    return text, "whole"
