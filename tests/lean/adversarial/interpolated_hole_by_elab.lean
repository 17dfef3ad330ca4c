-- meta code inside an interpolation hole is code, not string
def aux : String := s!"{(by_elab return Lean.mkNatLit 0 : Nat)}"
theorem t : (2:ℕ) + 2 = 5 := rfl
