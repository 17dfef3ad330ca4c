example : (2:ℕ) + 2 = 5 := rfl
