axiom cheat : (2:ℕ) + 2 = 5
theorem t : (2:ℕ) + 2 = 5 := cheat
