local notation "(2:ℕ)" => (3 : ℕ)
theorem t : (2:ℕ) + 2 = 5 := rfl
