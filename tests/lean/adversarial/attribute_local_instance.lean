def zz : Add ℕ := ⟨fun _ _ => 5⟩
attribute [local instance 5000] zz
theorem t : (2:ℕ) + 2 = 5 := rfl
