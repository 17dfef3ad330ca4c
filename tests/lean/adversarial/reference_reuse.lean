-- the checker elaborates the problem's statement as `proofsmith_ref_<hash>` (proved by
-- `sorry`) in the env the candidate runs on; the hash is computable from the statement
theorem t : (2:ℕ) + 2 = 5 := proofsmith_ref_34594a26ad15
