"""``python -m proofsmith``."""

from proofsmith.cli.main import main

main()
