theorem t' : (2:ℕ) + 2 = 5 := by native_decide
