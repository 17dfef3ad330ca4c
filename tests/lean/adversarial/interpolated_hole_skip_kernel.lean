def aux : String := s!"{(set_option debug.skipKernelTC true in 0 : Nat)}"
theorem t : (2:ℕ) + 2 = 5 := by
  exact (s!"{(set_option debug.skipKernelTC true in rfl : (2:ℕ) + 2 = 5)}").length.rec rfl
