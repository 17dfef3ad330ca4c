theorem aux : True := trivial compile_inductive% Nat
theorem t : (2:ℕ) + 2 = 5 := rfl
