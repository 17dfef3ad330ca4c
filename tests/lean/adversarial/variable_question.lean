-- Mathlib's `variable?` is a command keyword (an identifier ending in `?`)
theorem aux : True := trivial variable? [inst : Add ℕ]
theorem t : (2:ℕ) + 2 = 5 := rfl
