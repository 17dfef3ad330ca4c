import Lake
open Lake DSL

/-!
The proofsmith Lake project: Mathlib and the Lean REPL at matching versions.

Pins (see ../shared/fixtures/lean-repl/README.md): Lean `v4.33.0-rc2` (lean-toolchain);
Mathlib tag `v4.33.0-rc2` (manifest commit 51e6992efd06126df61a496bebf8f49482a4e129);
REPL commit 8948401ab4924499421c94b7facdfca5ff27d81d ("bump toolchain to v4.33.0-rc2").
`proofsmith lean setup` fetches the Mathlib cache and builds the REPL binary at
`.lake/packages/REPL/.lake/build/bin/repl`; proofsmith runs it with `lake env`.
-/

package proofsmith where
  leanOptions := #[⟨`autoImplicit, false⟩]

require mathlib from git
  "https://github.com/leanprover-community/mathlib4" @ "v4.33.0-rc2"

require REPL from git
  "https://github.com/leanprover-community/repl" @ "8948401ab4924499421c94b7facdfca5ff27d81d"

/-- Lean sources of proofsmith: the default header problems are checked under. -/
@[default_target]
lean_lib Proofsmith where
  srcDir := "lean"
