attribute [-instance] instAddNat
theorem t : (2:ℕ) + 2 = 5 := rfl
