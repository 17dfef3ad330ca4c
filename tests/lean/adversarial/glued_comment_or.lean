-- `\/` (ASCII `∨`) is one token: `\/-` is not a comment opener to Lean
theorem aux (p : Prop) (h : p) : p \/-1 = (1:ℤ) := Or.inl h
instance zz : Add ℕ := ⟨fun _ _ => 5⟩ -- -/
theorem t : (2:ℕ) + 2 = 5 := rfl
