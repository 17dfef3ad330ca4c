-- Mathlib's `lrat_proof NAME "cnf" "lrat"` is a command: read as part of `aux`'s proof
-- by a splitter that does not know it, it would run unchecked by the allowlist
theorem aux : True := trivial lrat_proof aux2
  "p cnf 1 1  1 0" "1 0"
theorem t : (2:ℕ) + 2 = 5 := rfl
