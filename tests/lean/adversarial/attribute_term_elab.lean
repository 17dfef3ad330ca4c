@[term_elab num] def cheat : Nat := 0
theorem t : (2:ℕ) + 2 = 5 := rfl
