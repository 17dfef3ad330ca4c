def f : IO Unit := IO.println "hi"
theorem t : (2:ℕ) + 2 = 5 := rfl
