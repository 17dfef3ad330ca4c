universe u
variable {α : Sort u}
theorem t : (2:ℕ) + 2 = 5 := rfl
