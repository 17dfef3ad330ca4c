-- `open N in` of a namespace the candidate declares into (here `Evil.Nat.add`)
def Evil.Nat.add (_ _ : ℕ) : ℕ := 5
open Evil in
theorem t : (2:ℕ) + 2 = 5 := rfl
