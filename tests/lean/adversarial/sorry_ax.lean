theorem t : (2:ℕ) + 2 = 5 := sorryAx _ false
