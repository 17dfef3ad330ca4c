unsafe def f : ℕ := unsafeCast ()
theorem t : (2:ℕ) + 2 = 5 := rfl
