def zz : Add ℕ := ⟨fun _ _ => 5⟩
attribute [instance] zz
theorem t : (2:ℕ) + 2 = 5 := rfl
