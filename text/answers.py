"""Answer text utilities: find the committed final answer inside a model's solution.

The one home for ``\\boxed{}``/``\\fbox{}`` extraction (balanced braces), answer markers
(GSM8K ``#### 17``, "The final answer is …" in several languages), ``<think>…</think>``
stripping and the last display/inline math. Pure text: no SymPy, no other proofsmith
package.

Every search here is linear in the input length: :class:`Scan` finds the positions of
braces and math delimiters in one regex pass over fixed alternatives, matches braces with
a stack, and counts its work in ``steps`` (tests assert ``steps`` stays proportional to the
input, e.g. for 25,000 unclosed ``\\[``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "ANSWER_PHRASES",
    "Scan",
    "all_boxed",
    "last_boxed",
    "gsm8k_answer",
    "phrase_answer",
    "strip_think",
]

# a box command (also doubly escaped, "\\boxed" from a JSON string), braces, delimiters
_MARKS = re.compile(r"\\\\?(?:boxed|fbox|framebox)\b\s*|\\\\|\\[{}$()\[\]]|[{}]|\$\$|\$")
_BOX_NAMES = ("boxed", "fbox", "framebox")
ANSWER_PHRASES = re.compile(
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
_GSM8K = re.compile(r"^[ \t]*####[ \t]*(\S.*?)[ \t]*$", re.MULTILINE)
_SPACE = re.compile(r"\s*")
_SENTENCE_END = re.compile(r"\.\s|\.$|\n|。|;\s")


@dataclass
class Box:
    """One ``\\boxed{…}``: its content and where it sits in the text."""

    content: str
    start: int
    end: int


@dataclass
class Scan:
    """The marks of one text (braces, boxes, math delimiters) found in one linear pass."""

    text: str
    steps: int = 0
    marks: list[tuple[int, int, str]] = field(default_factory=list)
    closing: dict[int, int] = field(default_factory=dict)  # '{' position → its '}' position

    def __post_init__(self) -> None:
        stack: list[int] = []
        for match in _MARKS.finditer(self.text):
            self.steps += 1
            mark = match.group()
            self.marks.append((match.start(), match.end(), mark))
            if mark == "{":
                stack.append(match.start())
            elif mark == "}" and stack:
                self.closing[stack.pop()] = match.start()

    def boxes(self) -> list[Box]:
        """Every outermost box in order, nested boxes unwrapped; ``\\boxed 5`` takes the next word."""
        starts = {start: end for start, end, mark in self.marks if mark.startswith("\\")}
        out: list[Box] = []
        reach = -1  # boxes inside an earlier box are part of it
        for start, end, mark in self.marks:
            self.steps += 1
            if not mark.lstrip("\\").startswith(_BOX_NAMES) or start < reach:
                continue
            if end < len(self.text) and self.text[end] == "{":
                close = self.closing.get(end)
                if close is None:
                    continue  # unbalanced: not an answer
                inner, inner_close = end + 1, close
                while True:  # \boxed{\boxed{5}}: each level is visited once
                    self.steps += 1
                    lead = _SPACE.match(self.text, inner, inner_close).end()
                    nested_end = starts.get(lead)
                    if nested_end is None or self.text[lead : lead + 2] not in ("\\b", "\\f"):
                        break
                    nested_close = self.closing.get(nested_end)
                    if nested_close is None or not _SPACE.fullmatch(
                        self.text, nested_close + 1, inner_close
                    ):
                        break
                    inner, inner_close = nested_end + 1, nested_close
                out.append(Box(self.text[inner:inner_close].strip(), start, close + 1))
                reach = close + 1
            else:
                word = re.match(r"[^\s$]+", self.text[end : end + 200])
                if word:
                    out.append(Box(word.group(), start, end + word.end()))
        return out

    def last_pair(self, opener: str, closer: str, *, pair: bool = False) -> tuple[int, int] | None:
        """Content bounds of the last ``opener … closer`` span, or None.

        ``pair=True`` is for a delimiter that opens and closes (``$``, ``$$``): marks are
        paired left to right. Otherwise the last closer and the nearest opener before it.
        """
        if pair:
            last, opened = None, None
            for _, end, mark in self.marks:
                self.steps += 1
                if mark != opener:
                    continue
                if opened is None:
                    opened = end
                else:
                    last, opened = (opened, end - len(mark)), None
            return last
        close_at = None
        for start, end, mark in reversed(self.marks):
            self.steps += 1
            if close_at is None:
                if mark == closer:
                    close_at = start
                continue
            if mark == opener:
                return end, close_at
        return None


def strip_think(text: str) -> str:
    """The text after the last ``</think>``; an unclosed ``<think>`` leaves nothing."""
    cut = text.rfind("</think>")
    if cut >= 0:
        return text[cut + len("</think>") :]
    if "<think>" in text:
        return ""
    return text


def all_boxed(text: str) -> list[Box]:
    """Every outermost ``\\boxed{…}``/``\\fbox{…}`` in order (nested boxes unwrapped)."""
    return Scan(text).boxes()


def last_boxed(text: str) -> str | None:
    """The content of the last box, or None."""
    boxes = all_boxed(text)
    return boxes[-1].content if boxes else None


def gsm8k_answer(text: str) -> str | None:
    """The answer after the last GSM8K ``#### `` marker line, or None."""
    found = _GSM8K.findall(text)
    return found[-1].strip() if found else None


def phrase_answer(text: str) -> tuple[str, int] | None:
    """The answer after the last "final answer is …" phrase and where the phrase ends."""
    matches = list(ANSWER_PHRASES.finditer(text))
    if not matches:
        return None
    at = matches[-1].end()
    rest = text[at:].lstrip(" :：*\t")
    scan = Scan(rest[:2000])
    if rest.startswith(("$", "\\[", "\\(")):
        opener = {"$$": "$$", "\\[": "\\[", "\\(": "\\("}.get(rest[:2], "$")
        closer = {"$$": "$$", "\\[": "\\]", "\\(": "\\)", "$": "$"}[opener]
        end = next((s for s, _, m in scan.marks if m == closer and s >= len(opener)), None)
        if end is not None:
            return rest[len(opener) : end].strip(), at
    boxes = scan.boxes()
    if boxes and boxes[0].start == 0:
        return boxes[0].content.strip(), at
    end_match = _SENTENCE_END.search(rest)
    answer = (rest[: end_match.start()] if end_match else rest).strip().rstrip(".。").strip("*")
    return (answer, at) if answer else None
