-- `stop` discards the rest of the proof (`repeat sorry`)
theorem t : (2:ℕ) + 2 = 5 := by
  stop
  simp
