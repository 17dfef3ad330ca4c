"""Commands: serve (filled by its issue)."""
