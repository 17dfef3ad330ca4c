variable (h : False)
include h
theorem t : (2:ℕ) + 2 = 5 := h.elim
