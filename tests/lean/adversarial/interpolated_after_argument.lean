-- `throwErrorAt ref "…"` reads its string as interpolated (the hole holds `x` and a
-- comment); read plain, the instance sits inside the second string.
def aux (x : Nat) : Except String Nat := throwErrorAt x "{x -- "
}" instance zz : Add ℕ := ⟨fun _ _ => 5⟩ -- "
theorem t : (2:ℕ) + 2 = 5 := rfl
