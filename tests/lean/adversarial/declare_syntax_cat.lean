declare_syntax_cat evil
theorem t : (2:ℕ) + 2 = 5 := rfl
