theorem t (h : False) : (2:ℕ) + 2 = 5 := h.elim
