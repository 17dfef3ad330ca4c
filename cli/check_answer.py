"""Commands: check_answer (filled by its issue)."""
