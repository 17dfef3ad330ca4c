import Mathlib
open Nat renaming pred → succ
-- reads `succ 2 = 1` (false); real Lean elaborates `Nat.pred 2 = 1` here, and the
-- reference of `check lean FILE --statement …` is elaborated on this same header
theorem t : succ 2 = 1 := rfl
