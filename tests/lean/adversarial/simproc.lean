simproc cheat ((2:ℕ) + 2) := fun _ => pure .continue
theorem t : (2:ℕ) + 2 = 5 := rfl
