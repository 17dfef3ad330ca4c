"""The Lean lexer and command splitter (proofsmith.text): properties and tricky texts.

Property tests (hypothesis): tokens cover the text exactly, and a text assembled from
known tokens lexes back into exactly those tokens. Tricky texts pin down where code is
(raw strings, guillemets, nested and doc comments, chars vs primes, interpolation).
The differential tests in test_real_lean.py hold the same texts against real Lean.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofsmith.text.lean_lex import tokenize
from proofsmith.text.lean_source import (
    printed_name,
    source_name,
    split_commands,
    split_header,
    statement_key,
    theorem_name,
)

TRICKY = "\"'\\/-#r{}«»!s- \n\tλ→ℕ_a1.`(:=[@"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=60))
def test_tokens_cover_any_text_exactly_and_in_order(text):
    tokens = tokenize(text)
    assert "".join(t.text for t in tokens) == text
    assert all(t.end > t.start for t in tokens)
    assert all(a.end == b.start for a, b in zip(tokens, tokens[1:], strict=False))


_IDENT = st.from_regex(r"[a-zA-Zα-κμ-ω_][a-zA-Z0-9_'?ₐ₁]{0,6}", fullmatch=True)
_GUILLEMET = st.text(alphabet="ab /-\"'#{}.", min_size=1, max_size=6).map(lambda s: f"«{s}»")
_STRING_BODY = st.lists(
    # braces balanced: a lone `{` makes a string Lean may read as interpolated (refused)
    st.sampled_from(["a", " ", "'", "-/", "/-", "{a}", "{}", "\\\\", '\\"', "\\n", "\\x41", "#"]),
    max_size=6,
).map("".join)


@st.composite
def _raw_string(draw):
    hashes = "#" * draw(st.integers(0, 3))
    body = draw(st.text(alphabet='ab"#\\ -/', max_size=8))
    if '"' + hashes in body:
        body = body.replace('"', "")
    if hashes == "" and body.endswith("\\"):
        body += "a"
    if body.endswith('"') or (hashes and body.endswith('"' + hashes[:-1])):
        body += "a"
    return f'r{hashes}"{body}"{hashes}'


_COMMENT_BODY = st.text(alphabet="ab \"'«\n", max_size=8)
_ATOMS = st.one_of(
    _IDENT.map(lambda s: ("ident", s)),
    _GUILLEMET.map(lambda s: ("ident", s)),
    _STRING_BODY.map(lambda s: ("string", f'"{s}"')),
    _raw_string().map(lambda s: ("string", s)),
    st.sampled_from(["'a'", "'\"'", "'\\''", "'\\n'", "'λ'", "'\\x41'"]).map(lambda s: ("char", s)),
    _COMMENT_BODY.map(lambda s: ("comment", f"/- {s} /- {s} -/ -/")),
    _COMMENT_BODY.map(lambda s: ("doc", f"/-- {s} -/")),
    _COMMENT_BODY.filter(lambda s: "\n" not in s).map(lambda s: ("comment", f"-- {s}\n")),
    st.sampled_from(["0", "42", "0x1F", "3.14", "1e10", "2.5e-3"]).map(lambda s: ("number", s)),
    st.sampled_from(["(", ")", ":=", "@[", "+", ","]).map(lambda s: ("symbol", s)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ATOMS, min_size=1, max_size=12))
def test_a_text_of_known_tokens_lexes_back_into_them(atoms):
    text = " ".join(s for _, s in atoms)
    got = [(t.kind, t.text) for t in tokenize(text) if t.kind != "ws"]
    assert got == [
        (k, s.rstrip("\n") if k == "comment" and s.startswith("--") else s) for k, s in atoms
    ]


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        ('def s := r"\\" #print axioms a -- "', ["def", "#print"]),
        ('def s := r#"a"b"# #print axioms a -- "#', ["def", "#print"]),
        ("def «/-» := 1 #eval 2 def «-/» := 3", ["def", "#eval", "def"]),
        ('def «"» := 1 instance : Add ℕ := ⟨fun _ _ => 5⟩', ["def", "instance"]),
        ("def c := '\"' instance : X := y -- \"", ["def", "instance"]),
        ("theorem h' : P := h'' instance : X := y", ["theorem", "instance"]),
        ('def s := s!"{\'"\'}" instance : X := y -- "', ["def", "instance"]),
        ('def s := s!"a{"}"}b" #eval 1 -- "', ["def", "#eval"]),
        ("/- /- -/ instance : X := y -/ def a := 1", ["def"]),
        ("/-- doc /- nested -/ still doc -/ theorem x : P := a", ["theorem"]),
        ('def q := "a\\"b instance"', ["def"]),
        ("-- instance\ndef a := 1", ["def"]),
        (
            "theorem a : True := trivial instance : X := y theorem b : P := q",
            ["theorem", "instance", "theorem"],
        ),
        (
            "open Real in\nset_option maxHeartbeats 400 in\ntheorem a : P := by\n  open Nat in simp",
            ["theorem"],
        ),
        ("attribute [local instance] foo\ndef a := 1", ["attribute", "def"]),
        ("@[simp, instance 10] def zz := 1", ["def"]),
        ("theorem c (h : #s = 3) : #s ≤ (#t) := h", ["theorem"]),  # Mathlib's card `#s`
        ("theorem c : P := by\n  rw [show #s = 3 from h]\n  exact #t", ["theorem"]),
        ("theorem a : x = #eval 1", ["theorem", "#eval"]),  # a known command stays one
        ("theorem a : True := trivial #s", ["theorem", "#s"]),
        ("theorem a : True := trivial variable? [G]", ["theorem", "variable?"]),
    ],
)
def test_commands_start_at_their_keyword_tokens(text, keywords):
    assert [c.keyword for c in split_commands(text)] == keywords


def test_prefixes_attributes_and_names_are_read():
    (cmd,) = split_commands("open Real in\n@[simp] private theorem «odd name» : P := q")
    assert [p.keyword for p in cmd.prefixes] == ["open"]
    assert [a for a, _ in cmd.attributes] == ["simp"] and cmd.modifiers == ["private"]
    assert cmd.name == "odd name"
    assert theorem_name("theorem foo' (x : ℕ) : x = x := rfl") == "foo'"
    assert theorem_name("/-- doc -/ example : True := trivial") == ""
    with pytest.raises(ValueError):
        theorem_name("def x := 1")


def test_unterminated_text_is_one_error_token():
    for text in ('def s := "open', "/- never closed", 'def s := r#"x"', "«abc"):
        assert tokenize(text)[-1].kind == "error", text


def test_the_header_ends_before_a_scoping_prefix():
    text = "import Mathlib\nopen Real\n\nset_option maxHeartbeats 400000 in\ntheorem x : 1 = 1 := rfl\n"
    header, body, lines = split_header(text)
    assert header == "import Mathlib\nopen Real\n" and lines == 2
    assert body.lstrip().startswith("set_option")
    header, body, _ = split_header("import Mathlib\nopen scoped BigOperators\ntheorem x : P := q")
    assert header == "import Mathlib\nopen scoped BigOperators\n" and body == "theorem x : P := q"
    header, body, _ = split_header("import Mathlib -- the library\n/- doc -/ theorem x : P := q")
    assert header == "import Mathlib -- the library\n" and body.startswith("/- doc -/")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            "theorem f (x : ℕ) (h : x >= 2) : x -> x+0=2",
            "lemma f (x : ℕ)\n  (h : x ≥ 2) :\n  x → x + 0 = 2",
            True,
        ),
        ("theorem f : ∀ n, n <= n + 1", "theorem f : forall n, n ≤ n + 1", True),
        ("theorem f : (fun x => x) 1 = 1", "theorem f : (λ x ↦ x) 1 = 1", True),
        ("theorem f : a /\\ b <-> c \\/ d", "theorem f : a ∧ b ↔ c ∨ d", True),
        ("theorem f : a b = c", "theorem f : ab = c", False),
        ("theorem f : 2 + 2 = 4", "theorem f : 2 + 2 = 5", False),
        ("theorem f (h : P) : Q", "theorem f : Q", False),
        ('theorem f : "a b" = s', 'theorem f : "ab" = s', False),
    ],
)
def test_statement_keys_ignore_spelling_not_meaning(a, b, same):
    assert (statement_key(a) == statement_key(b)) is same


def test_printed_names_escape_like_lean():
    assert printed_name("foo'") == "foo'"
    assert printed_name("mathd numbertheory 188") == "«mathd numbertheory 188»"
    assert printed_name(["Nat", "succ_le"]) == "Nat.succ_le"
    assert printed_name(["a.b"]) == "«a.b»"
    assert printed_name("theorem") == "theorem"  # Lean does not escape keywords in messages
    assert printed_name(["x", "end"]) == "x.end"
    assert source_name(["x", "end"]) == "«x».«end»" and source_name("foo'") == "«foo'»"


@pytest.mark.parametrize(
    "text",
    [
        "x <-- y",  # Lean: `<-` then `-`
        "{ x // -x }",
        "{ x //-x }",
        "p \\/-q",
        "a :=/- c -/ b",
        'logInfo "{" instance : X := y def z := "}"',  # plain to Lean, holes if interpolated
        'throwErrorAt r "{x -- "\n}" instance -- "',  # interpolated to Lean
        's!"{' * 40 + "1" + '}"' * 40,  # deeper than MAX_NESTING
    ],
)
def test_texts_lean_may_read_otherwise_are_refused(text):
    tokens = tokenize(text)
    if text == "{ x // -x }":  # spaced: nothing glued
        assert all(t.kind != "error" for t in tokens)
    else:
        assert any(t.kind == "error" for t in tokens), text


@pytest.mark.parametrize(
    "text",
    [
        "f ⁻¹' s = t",  # Mathlib's preimage token ends in a prime
        "rfl)-- done",
        "h.2]-- done",
        "x⟩/- c -/",
        's!"{x} and {y}" = "{plain}"',
        "a /- c -/-- d",
        '"{}"',
    ],
)
def test_honest_texts_near_those_rules_still_lex(text):
    assert all(t.kind != "error" for t in tokenize(text)), text


def test_interpolation_holes_are_code_tokens():
    from proofsmith.text.lean_lex import code_tokens

    (string,) = [
        t for t in tokenize('def s := s!"a{by_elab x}b{"{Lean.c}"}"') if t.kind == "string"
    ]
    names = [t.text for t in code_tokens([string]) if t.kind == "ident"]
    assert names == ["by_elab", "x", "Lean.c"]
    assert [t.kind for t in tokenize("a\u00a0b")] == ["ident", "symbol", "ident"]  # not Lean ws
