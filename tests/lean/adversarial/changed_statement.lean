theorem t : (2:ℕ) + 2 = 4 := rfl
