"""Prompt formats: every built-in file loads, renders and parses; user files work."""

from __future__ import annotations

import json

import pytest

from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError
from proofsmith.provers.formats import builtin_formats, get_format, parse_completion

LEAN = Problem(
    id="mathd_algebra_10",
    domain="lean",
    statement="theorem mathd_algebra_10 : abs ((120 : ℝ) / 100 * 30 - 130 / 100 * 20) = 10 := by sorry",
    header="import Mathlib\nopen Real",
)
STATE = "x : ℝ\nh : 2 * x = 4\n⊢ x = 2"
REQUIRED = {
    "deepseek-prover-v1.5",
    "bfs-prover",
    "internlm-stepprover",
    "reprover",
    "chat-whole-proof",
    "answer-cot",
    "smt-lemmas",
    "code-invariants",
    "portfolio",
}


def test_required_formats_exist_and_load():
    assert REQUIRED <= set(builtin_formats())
    for name in builtin_formats():
        fmt = get_format(name)
        assert fmt.name == name
        assert fmt.template


def test_deepseek_continues_the_statement():
    fmt = get_format("deepseek-prover-v1.5")
    prompt = fmt.render(problem=LEAN)
    assert prompt == (
        "Complete the following Lean 4 code:\n\n```lean4\nimport Mathlib\nopen Real\n"
        "theorem mathd_algebra_10 : abs ((120 : ℝ) / 100 * 30 - 130 / 100 * 20) = 10 := by\n"
    )
    completion = "  norm_num [abs_of_nonneg]\n```\nextra prose"
    proof = fmt.parse(completion)
    assert proof == "norm_num [abs_of_nonneg]"
    whole = fmt.assemble(LEAN, proof)
    assert whole.startswith("theorem mathd_algebra_10") and "sorry" not in whole
    assert whole.endswith(":= by\nnorm_num [abs_of_nonneg]")


def test_state_tactic_formats():
    assert get_format("bfs-prover").render(problem=LEAN, state=STATE) == STATE + ":::"
    assert get_format("reprover").render(state=STATE) == STATE
    internlm = get_format("internlm-stepprover")
    prompt = internlm.render(problem=LEAN, state=STATE)
    assert prompt.startswith("<|im_start|>user\nDECL mathd_algebra_10\nGOAL x : ℝ\n")
    assert prompt.endswith("<|im_start|>assistant\nPROOFSTEP ")
    assert internlm.parse(" linarith<|im_end|>junk") == "linarith"
    with pytest.raises(InputError, match="tactic state"):
        get_format("bfs-prover").render(problem=LEAN)


def test_chat_whole_proof_takes_the_last_lean_block():
    fmt = get_format("chat-whole-proof")
    prompt = fmt.render(problem=LEAN)
    assert prompt.startswith("<|im_start|>system\nYou are an expert")
    assert "10 := by sorry\n```" in prompt and prompt.endswith("<|im_start|>assistant\n")
    seen = []
    assert fmt.render(problem=LEAN, chat_template=lambda m: seen.append(m) or "X") == "X"
    assert [m["role"] for m in seen[0]] == ["system", "user"]
    reply = "Plan: ...\n```lean4\ntheorem a : 1 = 1 := by sorry\n```\nBetter:\n```lean4\ntheorem a : 1 = 1 := by rfl\n```\n"
    assert fmt.parse(reply) == "theorem a : 1 = 1 := by rfl"
    assert (
        fmt.parse("```lean4\ntheorem a : 1 = 1 := by\n  simp") == "theorem a : 1 = 1 := by\n  simp"
    )
    assert fmt.parse("no code here") is None
    assert fmt.parse("```python\nx = 1\n```") is None


def test_answer_and_other_domains():
    fmt = get_format("answer-cot")
    q = Problem(id="q", domain="answer", statement="What is 6*7?", reference="42")
    assert fmt.render(problem=q).endswith("within \\boxed{}.")
    assert fmt.parse("so \\boxed{\\frac{1}{2}} then \\boxed{4{2}}") == "4{2}"
    assert fmt.parse("no box") is None
    smt = get_format("smt-lemmas")
    assert smt.parse("```smt2\n(assert (> x 0))\n```") == "(assert (> x 0))"
    code = get_format("code-invariants")
    assert code.parse("```python\n0 <= i <= n\n```") == "0 <= i <= n"


def test_portfolio_format_round_trips_the_problem():
    prompt = get_format("portfolio").render(problem=LEAN, state=STATE)
    payload = json.loads(prompt.split(" ", 1)[1])
    assert Problem.from_dict({k: v for k, v in payload.items() if k != "state"}) == LEAN
    assert payload["state"] == STATE


def test_user_format_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'name = "mine"\ntemplate = "[STATE]{state}[/STATE][TAC]"\nstop = ["[/TAC]"]\n'
        '[parse]\nmode = "regex"\npattern = "^\\\\s*(\\\\S.*)$"\n',
        encoding="utf-8",
    )
    fmt = get_format(str(path))
    assert fmt.render(state="⊢ {a}") == "[STATE]⊢ {a}[/STATE][TAC]"
    assert fmt.parse("  simp [h]\n[/TAC]") == "simp [h]"
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n', encoding="utf-8")
    with pytest.raises(InputError, match="lacks template"):
        get_format(str(bad))
    with pytest.raises(InputError, match="unknown prompt format"):
        get_format("no-such-format")


def test_parse_modes():
    assert parse_completion("\n\n  first \nsecond", mode="first-line") == "first"
    assert parse_completion("   ", mode="raw") is None
    with pytest.raises(InputError):
        parse_completion("x", mode="telepathy")


@pytest.mark.parametrize("name", ["deepseek-prover-v1.5", "bfs-prover", "answer-cot", "portfolio"])
def test_every_format_is_the_one_prompt_format_type(name):
    from proofsmith.provers.formats import PromptFormat
    from proofsmith.provers.search import PlainFormat

    fmt = get_format(name)
    assert isinstance(fmt, PromptFormat) and isinstance(PlainFormat(), PromptFormat)
    assert isinstance(fmt.stop, tuple)
    problem = Problem(id="p", domain="answer", statement="What is 1+1?", reference="2")
    assert PlainFormat().assemble(problem, "2") == "2"
