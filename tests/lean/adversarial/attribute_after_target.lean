theorem t : (2:ℕ) + 2 = 5 := rfl
attribute [simp] Nat.add_comm
