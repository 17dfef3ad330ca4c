"""Does the text around an extracted answer commit to it? Negations, qualifiers, embedding.

Pure text rules used by :mod:`.extract` and the checker (no SymPy). :func:`hedged` finds
the word that keeps an answer from being a commitment: a negation or hedge in the answer
or its clause ("not 5", "5, or maybe 7"), a bound ("at least 5", "over 5", "5 at
minimum"), a condition ("5 if n is even", "5 when n is even"). :func:`embedded` says when a
box is only part of a larger expression (``-\\boxed{5}``, ``\\boxed{5}^2``, ``\\boxed{5}0``,
``\\frac{\\boxed{5}}{2}``) or asked as a question (``\\boxed{5}?``): the box is then no
answer. :func:`approximate` finds the words that make a value an approximation
("about 5", ``\\approx 5``), which the comparison accepts only through its rounding rule.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "CONDITIONALS",
    "CONTRAST",
    "HEDGES",
    "OPERATOR_WORDS",
    "approximate",
    "disowned",
    "embedded",
    "hedged",
    "qualifier",
]

# words that negate, bound or condition an answer anywhere in its clause
HEDGES = frozenset(
    "not cannot can't isn't aren't never no neither nor except wrong incorrect impossible "
    "false unless otherwise else if maybe perhaps possibly probably likely unlikely either "
    "than exceed exceeds assuming depends whether nicht kein pas jamais mistake unsure "
    "fails fail extraneous invalid rejected reject discard discarded excluded nobody guess "
    "guessing guessed placeholder unverified uncertain excluding besides tentative "
    "tentatively unconfirmed unchecked estimate "
    # other languages: negations and "maybe" (es, pt, it, fr, de, ru)
    "nunca não non nie niemals keine keinen keiner kein quizás quizá talvez forse peut-être "
    "vielleicht möglicherweise не нет никогда возможно может наверное".split()
)
# words that bound or condition the answer when they follow it ("5 when n is even", "5 is
# a lower bound"): "the minimum is 5" commits
TRAILING = frozenset("when bound bounds exceeding fewer".split())
# conditions and doubts reach over the rest of the sentence after the answer ("5, if n is
# even", "5; otherwise 7", "5, though it might be 7"); a plain "not" there negates another
# value ("5, not 7") and is read in the answer's clause only
SENTENCE_AFTER = frozenset(
    "if unless assuming otherwise else maybe perhaps possibly probably whether though "
    "although might could or think guess guessing unsure uncertain unverified placeholder "
    "when whenever provided".split()
)
# bounds and scopes as the very next word ("5 minimum", "5 (for even n)"); "5 is the
# minimum" and "5 ways for him" commit
NEXT = frozenset("minimum maximum max for".split())
# bounds right before the answer ("over 5", "almost 5"); elsewhere they are prose ("5, as
# shown above", "we are almost done: 5")
LEADING = frozenset(
    "over under below above beyond nearly almost hardly barely scarcely within near".split()
)
# conditions and hedges reach over a whole sentence ("If n is even, \boxed{5}.")
CONDITIONALS = frozenset(
    "if unless assuming suppose maybe perhaps possibly probably whether".split()
)
# words that change the value next to them: "negative 5", "twice 5", "half of 5", "5 squared",
# "5 factorial", "5 tenths" are not 5 (never dropped as prose or units)
OPERATOR_WORDS = frozenset(
    "negative minus twice halves squared cubed factorial thirds quarters fourths fifths "
    "sixths sevenths eighths ninths tenths hundredths thousandths millionths dozen dozens "
    "score gross".split()
)
_OPERATOR_PHRASE = re.compile(
    r"(?<![\w-])(?:(?:square|cube)\s+(?:of|root)|(?:half|double|reciprocal|inverse|opposite|"
    r"negative)\s+of)\b|\b(?:times|plus|minus|over|divided\s+by|mod|modulo|less|to\s+the|"
    r"base\s+\d+\s+of|log\w*(?:\s+base)?|"
    r"multiplied\s+by|to\s+the\s+power(?:\s+of)?)\s+-?\d",
    re.I,
)
APPROXIMATE = frozenset(
    "approximately approx about around roughly circa estimated aproximadamente alrededor "
    "ungefähr etwa environ approximativement cerca примерно около".split()
)
_BOUNDS = re.compile(
    r"\b(?:or\s+(?:more|less|fewer|greater|higher|lower|so)|at\s+(?:least|most|minimum|maximum)|"
    r"up\s+to|as\s+long\s+as|only\s+if|in\s+most\s+cases|(?:all|anything)\s+but|apart\s+from|"
    r"instead\s+of|close\s+to|vicinity|ish|(?:worst|best)\s+case|"
    r"to\s+be\s+(?:checked|verified|confirmed)|needs?\s+(?:verification|checking))\b",
    re.I,
)
_CJK_HEDGES = (
    "不是", "不能", "不可能", "非", "没有", "아니", "또는", "ではない", "または", "约", "大约",
    "可能", "也许", "大概", "たぶん", "多分", "およそ", "約", "아마",
)  # fmt: skip
_DISOWN = re.compile(
    r"\b(?:wrong|incorrect|mistake|not\s+(?:correct|right|the\s+answer)|wait|actually|"
    r"kidding|oops|correction|reconsider|placeholder|guess)\b|[✗✘❌✕✖]",
    re.I,
)
# a box is part of a larger expression when one of these touches it
_BEFORE_OPERATOR = re.compile(
    r"(?:[-+/^_\d]|(?<!\*)\*|\\(?:cdot|times|div|pm|mp|sqrt|frac|dfrac|tfrac|neg|not|lnot))[ \t]*$"
)
_AFTER_OPERATOR = re.compile(
    r"[\d(\[']|\.\d|[^\S\n]*(?:[\d^_/!+<>?]|\*(?!\*)|-\S|\\(?:cdot|times|div|pm|mp|sqrt|frac|ne|neq|"
    r"not|le|leq|ge|geq|lt|gt|sim|ldots|cdots|dots)(?![A-Za-z])|[≠≤≥…])"
)
# "5, not 7", "5 (not 7)": a negation of another value, written in mathematics only
CONTRAST = re.compile(r"\s*(?:,|\(|;)\s*(?:but\s+)?not\s+\$?-?[\d\\][^A-Za-z\n]*?\$?\)?\s*$")
_THIN = re.compile(r"^(?:[ \t]*(?:\\[,;:! ]|~|\{\}))+")  # thin spaces, an empty group
_THIN_END = re.compile(r"(?:(?:\\[,;:! ]|~|\{\})[ \t]*)+$")
# a word; hyphenated compounds stay one word ("non-negative", "double-check", "peut-être")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*(?:'[a-z])?")
_TEXT_GROUP = re.compile(r"\\(?:text\w*|mathrm|mathbf|mbox|textbf|boxed|fbox)\s*$")


def _words(text: str) -> set[str]:
    text = text.replace("\u2019", "'")
    text = re.sub(r"\\(?:text|mathrm|textbf|mbox)\s*\{([^{}]*)\}", r" \1 ", text)
    text = re.sub(r"\\[A-Za-z]+", " ", text)
    return {w.lower() for w in _WORD.findall(text)}


def _last_word(text: str) -> set[str]:
    words = _WORD.findall(re.sub(r"\\[A-Za-z]+", " ", text.replace("\u2019", "'")))
    return {words[-1].lower()} if words else set()


def _last_words(text: str, count: int) -> set[str]:
    words = _WORD.findall(re.sub(r"\\[A-Za-z]+", " ", text.replace("\u2019", "'")))
    return {w.lower() for w in words[-count:]}


def _first_word(text: str) -> set[str]:
    words = _WORD.findall(re.sub(r"\\[A-Za-z]+", " ", text.replace("\u2019", "'")))
    return {words[0].lower()} if words else set()


def qualifier(word: str) -> bool:
    """A word that hedges, bounds or conditions (never a unit written after a box)."""
    low = word.lower()
    groups = (HEDGES, TRAILING, NEXT, LEADING, SENTENCE_AFTER, APPROXIMATE, OPERATOR_WORDS)
    return any(low in group for group in groups)


def hedged(
    answer: str, before: str, after: str, sentence: str, gold: str, rest: str = ""
) -> str | None:
    """The word that keeps ``answer`` from being committed (not one the gold uses), or None.

    ``before``/``after`` are the answer's clause on either side, ``sentence`` the sentence
    that leads up to it, ``rest`` the rest of the sentence after it.
    """
    after = CONTRAST.sub("", after)
    in_answer, in_after = _words(answer), _words(after)
    clause = in_answer | _words(before) | in_after
    last, first = _last_words(before, 2), _first_word(after)
    found = clause & HEDGES | {w for w in clause if w.endswith("n't")}
    found |= (in_answer | in_after | _last_word(before)) & TRAILING
    found |= (in_answer | _last_word(before)) & LEADING
    found |= (first | in_answer) & NEXT
    found |= (in_answer | last | first) & OPERATOR_WORDS
    # "\\times 10" is no "times 1"; "\\text{ plus } 3" is "plus 3"
    prose = re.sub(r"\\[A-Za-z]+|[{}]", " ", before + " " + answer)
    found |= {" ".join(m.group().lower().split()) for m in _OPERATOR_PHRASE.finditer(prose)}
    found |= _words(rest) & SENTENCE_AFTER  # "5 (or 7)"; in the answer "x=2 or x=3" is a list
    found |= _words(sentence) & CONDITIONALS
    found -= _words(gold)
    text = before + answer + after
    found |= {w for w in _CJK_HEDGES if w in answer + after and w not in gold}
    found |= {m.group().lower() for m in _BOUNDS.finditer(text)}
    return min(found) if found else None


def approximate(answer: str, before: str, after: str) -> bool:
    """Is the answer written as an approximation ("about 5", "5 (approx.)", ``\\approx``)?"""
    words = _words(answer) | _words(after) | _last_word(before)
    tilde = re.match(r"\s*~\s*[-+.\d]", answer)  # "~5" ("get~$5$" is LaTeX's tie)
    return (
        bool(words & APPROXIMATE)
        or bool(tilde)
        or any(m in answer for m in ("\\approx", "≈", "\\sim"))
    )


def disowned(tail: str) -> bool:
    """Does the text after the last answer take it back ("wrong", "wait, actually …", ✗)?"""
    return bool(_DISOWN.search(tail))


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me", "Cf")


def embedded(text: str, start: int, end: int, groups: dict[int, int]) -> str | None:
    """Why the box at ``text[start:end]`` is no answer on its own, or None.

    It is an operand (an operator, digit or combining mark touches it on either side, on
    the same line), sits inside another command's argument (``\\frac{\\boxed{5}}{2}``;
    ``groups`` maps each ``{`` to its ``}``), or is followed by a question mark.
    """
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    if after[:1] and _invisible(after[0]):  # U+0338 "not" overlay, a bidi override
        return "an invisible or combining mark touches the box"
    if re.match(r"[^\S\n]*\$?[^\S\n]*\?", after):
        return "the box is asked as a question"
    after = _THIN.sub(
        "", after.lstrip("$")
    )  # "\\boxed{5}\\,7", "\\boxed{5}{}7": spacing hides nothing
    before = _THIN_END.sub("", before).rstrip("$ \t")
    before = before[:-2] if before.endswith("**") else before  # Markdown bold, not a product
    if _BEFORE_OPERATOR.search(before) or _AFTER_OPERATOR.match(after):
        return "the box is an operand of a larger expression"
    enclosing = [open_at for open_at, close in groups.items() if open_at < start and close >= end]
    for open_at in enclosing:  # "\\frac{\\boxed{5}}{2}", "x^{\\boxed{5}}": an argument
        lead = text[max(0, open_at - 40) : open_at].rstrip()
        if _TEXT_GROUP.search(lead):
            continue
        if re.search(r"(?:\\[A-Za-z]+|[\^_}\]])$", lead):
            return "the box is inside another command's argument"
    return None
