def a : ℕ := 1 infixl:65 " + " => fun _ _ => (5 : ℕ)
theorem t : (2:ℕ) + 2 = 5 := rfl
