theorem aux : True := trivial count_heartbeats in
theorem t : (2:ℕ) + 2 = 5 := rfl
