class Add (α : Type) where add : α → α → α
theorem t : (2:ℕ) + 2 = 5 := rfl
