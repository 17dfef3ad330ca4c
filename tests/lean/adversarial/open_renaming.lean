open Nat renaming add → mul
theorem t : (2:ℕ) + 2 = 5 := rfl
