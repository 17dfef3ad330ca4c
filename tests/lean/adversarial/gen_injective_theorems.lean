theorem aux : True := trivial gen_injective_theorems% Nat
theorem t : (2:ℕ) + 2 = 5 := rfl
