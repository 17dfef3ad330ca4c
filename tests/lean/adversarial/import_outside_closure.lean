import Mathlib
import Evil.Tactic
theorem t : (2:ℕ) + 2 = 5 := rfl
