import Mathlib
open Real Nat hiding sqrt
theorem t : sqrt 8 = 2 := rfl
