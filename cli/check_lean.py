"""Commands: check_lean (filled by its issue)."""
