@[extern "c_true"] opaque g : Bool
theorem t : (2:ℕ) + 2 = 5 := rfl
