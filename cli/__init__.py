"""The Typer app ``proofsmith``: thin commands that parse, call the library and render."""
