"""Markdown code fences in model output: the one home for reading them.

- :func:`fenced_blocks` lists every ```` ```lang ```` block as ``(language, body)``, a block
  left open at the end of the text included (a completion cut by its token limit).
- :func:`unfence` is the text inside one fence that wraps the whole text, or the text as given.
"""

from __future__ import annotations

import re

__all__ = ["fenced_blocks", "unfence"]

_BLOCK = re.compile(r"```([A-Za-z0-9_+-]*)[ \t]*\n(.*?)(?:```|\Z)", re.DOTALL)
_WHOLE = re.compile(r"^```[a-zA-Z]*\s*\n(.*?)\n```\s*$", re.S)


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """``(language, body)`` of each fenced block in order (the language may be '')."""
    return _BLOCK.findall(text)


def unfence(text: str) -> str:
    """The body of a fence around the whole of ``text``; ``text`` itself when there is none."""
    match = _WHOLE.match(text)
    return match.group(1) if match else text
