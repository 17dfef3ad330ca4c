theorem t : (2:ℕ) + 2 = 5 := by
  exact cast (by simp [Lean.ofReduceBool]) trivial
