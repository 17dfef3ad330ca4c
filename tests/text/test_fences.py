"""text/fences.py: the one reader of Markdown code fences (prompt formats, checked code)."""

from __future__ import annotations

from proofsmith.text.fences import fenced_blocks, unfence


def test_blocks_in_order_with_languages_and_an_open_last_block():
    text = "a\n```lean4\nsimp\n```\nb\n```\nrfl\n```\n```python\ncut off"
    assert fenced_blocks(text) == [("lean4", "simp\n"), ("", "rfl\n"), ("python", "cut off")]
    assert fenced_blocks("no fence here") == []


def test_unfence_only_a_fence_around_the_whole_text():
    assert unfence("```python\ndef f():\n    return 1\n```") == "def f():\n    return 1"
    inner = "x = 1\n```python\ny = 2\n```"
    assert unfence(inner) == inner  # a fence inside the text is not around it
    assert unfence("```python\nopen") == "```python\nopen"  # not closed: as given
