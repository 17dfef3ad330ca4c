"""Commands: prove (filled by its issue)."""
