theorem aux : True := trivial with_weak_namespace Evil instance zz : Add ℕ := ⟨fun _ _ => 5⟩
theorem t : (2:ℕ) + 2 = 5 := rfl
