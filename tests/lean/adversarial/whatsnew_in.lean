theorem aux : True := trivial whatsnew in
theorem t : (2:ℕ) + 2 = 5 := rfl
