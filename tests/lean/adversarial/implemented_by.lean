def f : Bool := false
@[implemented_by f] def g : Bool := true
theorem t : (2:ℕ) + 2 = 5 := rfl
