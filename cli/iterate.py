"""Commands: iterate (filled by its issue)."""
