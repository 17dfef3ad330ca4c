"""Find the committed final answer inside a whole model solution (or a bare answer).

Built on :mod:`proofsmith.text.answers` (boxes, markers, ``<think>``), which is linear in
the input length. In order, the first that finds something wins: the last group of
adjacent ``\\boxed{…}`` (``\\boxed{3}, \\boxed{4}`` is one answer ``3, 4``) — unless an
answer phrase or a GSM8K ``####`` line comes after it; the last "final answer is …"
phrase; the last display math; the whole text when it is short enough to be a bare
answer; the last inline math; one short sentence's tail; and — only when the caller says
the gold is a plain number — the last number of the last concluding sentence ("Therefore
…", "So …", "In total …"), else the last number. :class:`Extraction` also carries every
earlier box group that differs (the caller must find all of them equal) and
:func:`hedged` finds negations and qualifiers around the answer ("not 5", "at least 5",
"5 if n is even"), which make a prediction no committed answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from proofsmith.checkers.answer.hedges import (
    CONTRAST,
    approximate,
    disowned,
    embedded,
    hedged,
    qualifier,
)
from proofsmith.text.answers import Scan, gsm8k_answer, last_boxed, phrase_answer, strip_think

__all__ = [
    "MAX_SOLUTION_CHARS",
    "Extraction",
    "extract",
    "extract_answer",
    "hedged",
    "sentence_tail",
]

MAX_SOLUTION_CHARS = 50_000  # only the tail of longer solutions is searched

# a number, or a simple fraction/power of numbers taken whole ("3/4" is never read as "4")
# (never a digit inside a LaTeX group: the 2 of \frac{1}{2} is no answer)
_NUMBER = re.compile(r"(?<![\w.^/{_])-?\d[\d,]*(?:\.\d+)?(?:\s*[/^]\s*\d+(?:\.\d+)?)*(?![\d}])")
_PROSE = re.compile(r"(?:[^\W\d_]{2,}|[aAI])[,:;!?]*")  # one whitespace-separated prose word
MAX_SENTENCE_CHARS = 200
_GLUE = re.compile(
    r"(?:\s|[,;&$]|\\quad|\\qquad|\\\\|\\[,;! ]|\\text\{\s*(?:and|or|,)?\s*\}|\band\b|\bor\b)*"
)
_CLAUSE_END = re.compile(r"[.;!?\n,]")
_MATHY = re.compile(r"[\d\\]")
_BOXED = re.compile(r"\\(?:boxed|fbox|framebox)\b")
_CONCLUSION = re.compile(
    r"(?:^|(?<=[.!?\n]))[ \t]*(?:therefore|thus|hence|so|in total|altogether|finally)\b[^.!?\n]*",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.;!?\n](?:\s|$)")
_SENTENCE_END = re.compile(r"[.!?\n](?:\s|$)")
# what belongs to a boxed value: "\boxed{5}\%", "\boxed{5}^\circ", "\boxed{5}\,\text{cm}", "$5$ km"
_AFTER_BOX = re.compile(
    r"[ \t]*(?:\\[,;: ]|~)*[ \t]*(\\?%|\^\s*\{?\s*\\circ\s*\}?|°|"
    r"\\(?:text|mathrm|textrm|mbox)\s*\{\s*[A-Za-z]+\s*\}(?:\^\{?\d\}?)?)"
)
_CHAIN_AFTER = re.compile(
    r"[^\S\n]*((?:=|\\approx(?![A-Za-z])|≈)[^$\n]*?)(?=\$|\\\]|\\\)|\n|\.\s|\.?$)"
)
_VERDICT_WORDS = re.compile(
    r"(?:(?:indeed|definitely|surely|also)\s+)?(?:correct|right|valid|true|verified|confirmed)\W*",
    re.I,
)
_UNIT_AFTER = re.compile(r"\$?[ \t]*([A-Za-z]+)\b(?:\^\{?\d\}?|[²³])?")


@dataclass
class Extraction:
    """The committed answer, how it was found, and what else must agree with it."""

    answer: str
    how: str
    others: list[str] = field(default_factory=list)  # earlier, different boxed answers
    before: str = ""  # the clause leading up to the answer, searched for hedges
    after: str = ""  # the clause after it (plus a disowning word found further on)
    rest: str = ""  # the rest of the sentence after it, searched for conditions and doubts
    sentence: str = ""  # the sentence before the answer, searched for conditions
    flag: str | None = None  # why the answer is no commitment at all (a box inside an expression)

    def hedge(self, gold: str) -> str | None:
        """The flag, or the word that negates, bounds or conditions the answer, or None."""
        return self.flag or hedged(
            self.answer, self.before, self.after, self.sentence, gold, self.rest
        )

    @property
    def approximate(self) -> bool:
        math = self.how in ("boxed", "display", "inline")  # there ~ is LaTeX's space
        return approximate(
            self.answer.lstrip("~ ") if math else self.answer, self.before, self.after
        )


def _clause(text: str, start: int, end: int) -> dict[str, str]:
    """The clause around the answer, and the rest of its sentence after ``end``."""
    before = text[max(0, start - 200) : start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    after = text[end : end + 200]
    stop = _CLAUSE_END.search(after)
    rest = _SENTENCE_END.search(after)
    taken_back = " wrong" if disowned(text[end:]) else ""  # "… $5$. This is wrong."
    return {
        "before": before[cut:],
        "after": (after[: stop.start()] if stop else after) + taken_back,
        "rest": after[: rest.start()] if rest else after,
    }


def _sentence_before(text: str, start: int) -> str:
    before = text[max(0, start - 300) : start]
    cut = max((m.end() for m in _SENTENCE_BREAK.finditer(before)), default=0)
    return before[cut:]


def _box_groups(scan: Scan) -> list[tuple[str, int, int]]:
    """Adjacent boxes joined into one answer: (content, start, end) per group.

    A group of identical boxes (``\\boxed{5}`` written twice) is that one answer.
    """
    text = scan.text
    groups: list[tuple[list[str], int, int]] = []
    for box in scan.boxes():
        if groups and _GLUE.fullmatch(text[groups[-1][2] : box.start]):
            groups[-1][0].append(box.content)
            groups[-1] = (groups[-1][0], groups[-1][1], box.end)
        else:
            groups.append(([box.content], box.start, box.end))
    return [
        (", ".join(dict.fromkeys(c.strip() for c in parts if c.strip())), s, e)
        for parts, s, e in groups
    ]


def _with_unit(text: str, answer: str, end: int) -> tuple[str, int]:
    """The answer with the percent sign, degree or unit written right after it."""
    suffix = _AFTER_BOX.match(text, end)
    if suffix and not qualifier(re.sub(r"\\[A-Za-z]+|[^A-Za-z]", "", suffix.group(1))):
        return answer + " " + suffix.group(1), suffix.end()
    unit = _UNIT_AFTER.match(text, end)
    if unit and _unit_word(unit.group(1)):  # "\\boxed{5} cm", "$5$ meters", "$5$ million"
        return answer + " \\text{" + unit.group().lstrip("$ \t") + "}", unit.end()
    return answer, end


def _is_bare(text: str) -> bool:
    words = re.findall(r"[^\W\d_]{3,}", re.sub(r"\\[A-Za-z]+", " ", text))
    return "\n" not in text.strip() and len(text) <= 200 and len(words) <= 2


@cache
def _math_words() -> frozenset[str]:
    from proofsmith.checkers.answer.vocab import CONSTS, FUNCS, SEP_WORDS  # imports SymPy

    return frozenset(w.lower() for w in (*FUNCS, *CONSTS, *SEP_WORDS))


@cache
def _unit_words() -> frozenset[str]:
    from proofsmith.checkers.answer.vocab import UNIT_NAMES, UNIT_WORDS

    scale = {"hundred", "thousand", "million", "billion", "trillion", "percent", "pct"}
    return (frozenset(UNIT_WORDS) | frozenset(UNIT_NAMES) | scale) - {"in"}


def _unit_word(word: str) -> bool:
    """A unit, scale or percent word (plural or not); "in" is too often a preposition."""
    low = word.lower()
    return any(w in _unit_words() for w in (low, low[:-1], low[:-2]) if w)


def _prose(word: str) -> bool:
    return bool(_PROSE.fullmatch(word)) and word.rstrip(",:;!?").lower() not in _math_words()


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


def _math_span(scan: Scan) -> tuple[str, int, int] | None:
    """The last display math, else None."""
    spans = [scan.last_pair("\\[", "\\]"), scan.last_pair("$$", "$$", pair=True)]
    spans = [s for s in spans if s is not None]
    if not spans:
        return None
    start, end = max(spans, key=lambda s: s[1])
    return scan.text[start:end].strip(), start, end


# Markdown strikethrough ~~5~~ around a number or word, outside $…$ (in LaTeX ~ is a space)
_STRUCK = re.compile(r"~~(?=[^\s~])[^~\n]*?[A-Za-z0-9][^~\n]*?(?<=[^\s~])~~")


def _strike_out(text: str) -> str:
    """Struck-through text is taken back: ``~~5~~ 7`` answers 7, ``~~5~~`` nothing."""
    if "~~" not in text:
        return text
    out, last = [], 0
    for match in _STRUCK.finditer(text):
        if text.count("$", 0, match.start()) % 2 == 0:  # not inside inline math
            out.append(text[last : match.start()] + " ")
            last = match.end()
    return "".join(out) + text[last:]


def extract(text: str, *, number_fallback: bool = False, allow_bare: bool = True) -> Extraction:
    """The committed answer of a bare answer or a whole solution.

    ``allow_bare=False`` skips the bare-answer and one-sentence readings (used after they
    failed to parse).
    """
    text = _strike_out(strip_think(text[-MAX_SOLUTION_CHARS:])).strip()
    if text.endswith("\\") and not text.endswith("\\\\"):
        text = text[:-1].rstrip()  # a trailing backslash is a typo, not LaTeX
    scan = Scan(text)
    groups = _box_groups(scan)
    phrase = phrase_answer(text)
    marker = gsm8k_answer(text)
    if marker is not None and last_boxed(marker) is not None:
        marker = last_boxed(marker)  # "#### \\boxed{5}"
    if marker is not None and (not groups or text.rfind("####") > groups[-1][2]):
        at = text.rfind("####")
        end = text.find("\n", at)
        end = len(text) if end < 0 else end  # "#### 5\nWait, actually it is 7.": taken back
        return Extraction(marker, "gsm8k marker", **_clause(text, at, end))
    if phrase is not None and _VERDICT_WORDS.fullmatch(phrase[0]):
        phrase = None  # "\\boxed{5}. I believe this answer is correct.": no new answer
    if groups and not (phrase and phrase[1] > groups[-1][2]):
        answer, start, end = groups[-1]
        others = [g[0] for g in groups[:-1] if g[0] != answer]
        earlier = phrase and start - 300 < phrase[1] < start and not _BOXED.search(phrase[0])
        if earlier and _MATHY.search(phrase[0]):
            others.append(phrase[0])  # "The answer is 7. \boxed{5}": both must agree
        if marker is not None and text.rfind("####") < start:
            others.append(marker)
        others = [o for o in dict.fromkeys(others) if o.strip() != answer.strip()]
        chain = _CHAIN_AFTER.match(text, end)  # "\\boxed{\\frac13} \\approx 0.333": one chain
        if chain:
            answer, end = answer + " " + chain.group(1), chain.end()
        answer, end = _with_unit(text, answer, end)
        clause = _clause(text, start, end)
        sentence = _sentence_before(text, start)
        flag = embedded(text, start, end, scan.closing)
        return Extraction(answer.strip(), "boxed", others, **clause, sentence=sentence, flag=flag)
    if phrase is not None:
        answer, at = phrase
        answer = CONTRAST.sub("", answer)  # "The answer is 5, not 7."
        sentence = _sentence_before(text, at)
        found = text.find(answer, at)
        if found >= 0:  # "The answer is $5$ cm.": the unit after the mathematics counts
            answer, _ = _with_unit(text, answer, found + len(answer))
        return Extraction(answer, "phrase", **_clause(text, at, at), sentence=sentence)
    display = _math_span(scan)
    if display is not None:
        return Extraction(display[0], "display", **_clause(text, display[1], display[2]))
    if allow_bare and _is_bare(text):
        return Extraction(text, "bare")
    inline = scan.last_pair("\\(", "\\)")
    dollars = scan.last_pair("$", "$", pair=True)
    spans = [s for s in (inline, dollars) if s is not None]
    if spans:
        start, end = max(spans, key=lambda s: s[1])
        return Extraction(text[start:end].strip(), "inline", **_clause(text, start, end))
    tail = sentence_tail(text) if allow_bare else None
    if tail is not None:
        return Extraction(tail, "sentence", before=text)
    if number_fallback:
        conclusions = list(_CONCLUSION.finditer(text))  # "Therefore she makes $18 a day."
        for sentence in reversed(conclusions):
            numbers = list(_NUMBER.finditer(text, sentence.start(), sentence.end()))
            if numbers:
                last = numbers[-1]
                clause = _clause(text, last.start(), last.end())
                return Extraction(last.group().rstrip(",").strip(), "conclusion", **clause)
        numbers = list(_NUMBER.finditer(text))
        if numbers:
            last = numbers[-1]
            clause = _clause(text, last.start(), last.end())
            return Extraction(last.group().rstrip(",").strip(), "last number", **clause)
    return Extraction(text, "whole")


def extract_answer(
    text: str, *, number_fallback: bool = False, allow_bare: bool = True
) -> tuple[str, str]:
    """(answer text, how it was found): :func:`extract` without the extra evidence."""
    found = extract(text, number_fallback=number_fallback, allow_bare=allow_bare)
    return found.answer, found.how
