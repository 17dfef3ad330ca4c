unif_hint (a : ℕ) where a =?= 5 ⊢ a + 0 =?= 5
theorem t : (2:ℕ) + 2 = 5 := rfl
