"""Map the root folders into the ``proofsmith`` package (see DESIGN.md, Layout).

The repository root *is* the ``proofsmith`` package: ``provers/`` installs as
``proofsmith.provers`` and so on, so nothing shadows Hugging Face's ``datasets``.
"""

from setuptools import find_packages, setup

LAYERS = ["text", "datasets", "checkers", "service", "rewards", "provers", "cli"]
SUBPACKAGES = find_packages(".", include=[f"{name}*" for name in LAYERS])

setup(
    packages=["proofsmith", *(f"proofsmith.{name}" for name in SUBPACKAGES)],
    package_dir={"proofsmith": "."},
    package_data={
        "proofsmith": ["lakefile.lean", "lean-toolchain", "lean/*.lean", "lean/**/*.lean"],
        "proofsmith.datasets": ["bundled/*", "bundled/**/*"],
        "proofsmith.provers": ["formats/*.toml"],
    },
)
