import Mathlib
-- `//` is one token (subtype notation): Lean reads `//` `-x`, then the instance is code;
-- a lexer that sees `/-` opens a block comment up to the `-/` Lean reads inside `--`.
def S := { x : ℤ //-x = 1 } instance zz : Add ℕ := ⟨fun _ _ => 5⟩ -- -/
theorem t : (2:ℕ) + 2 = 5 := rfl
