"""Commands: lean (filled by its issue)."""
