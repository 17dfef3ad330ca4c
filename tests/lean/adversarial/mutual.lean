mutual
def a : ℕ := 1
end
theorem t : (2:ℕ) + 2 = 5 := rfl
