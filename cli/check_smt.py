"""Commands: check_smt (filled by its issue)."""
