partial def loop (n : ℕ) : ℕ := loop n
theorem t : (2:ℕ) + 2 = 5 := rfl
