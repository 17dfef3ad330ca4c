import Mathlib
import Aesop

/-!
The default header: problems without their own import block are checked under this text.
proofsmith sends it to the REPL once per process (`open` and `set_option` do not carry over
through `import`, so the text itself is the header, not this module).
The same opens as the miniF2F Lean 4 lineages use.
-/

set_option maxHeartbeats 400000

open BigOperators Real Nat Topology Rat
