-- `logInfo` here is an ordinary function, so Lean reads a plain string "{" and the
-- instance is code; a lexer that reads every string after `logInfo` as interpolated
-- would see one string running to "}".
def logInfo (s : String) : Nat := s.length
def aux := logInfo "{" instance zz : Add ℕ := ⟨fun _ _ => 5⟩ def aux2 := "}"
theorem t : (2:ℕ) + 2 = 5 := rfl
