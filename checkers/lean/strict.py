"""Strict mode: a second, out-of-process verdict for ``proved`` (comparator or lean4checker).

The REPL verdict trusts the REPL process the candidate's code ran in. Strict mode writes
the problem as two modules in a scratch folder of the Lake project — ``Challenge.lean``
(header + the statement ``:= by sorry``) and ``Solution.lean`` (header + the candidate) —
compiles them with ``lake env lean -o``, then asks an independent checker:

- ``comparator`` (leanprover/comparator; needs ``landrun`` and ``lean4export`` on PATH):
  run on a config naming both modules, the theorem and the permitted axioms; it exports
  both environments, compares the statement and replays the solution through the kernel;
- ``lean4checker`` / ``leanchecker``: replay the compiled ``Solution`` module through the
  kernel (catches environment hacks; the statement was already compared by Lean).

:func:`find_strict_tool` picks the first available; when none is, ToolNotFound says what
to install — strict mode never silently falls back to the REPL verdict alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from proofsmith.errors import ToolNotFound

__all__ = ["StrictTool", "find_strict_tool", "strict_check"]

STRICT_HINT = (
    "Strict mode needs leanprover/comparator (with landrun and lean4export on PATH; use its "
    "tag for this toolchain) or lean4checker/leanchecker on PATH. Without --strict, proved "
    "means the REPL verdict (see checkers/lean/THREATS.md)."
)


@dataclass(frozen=True)
class StrictTool:
    """An independent checker: ``kind`` is comparator, lean4checker or leanchecker."""

    kind: str
    path: str


def find_strict_tool() -> StrictTool:
    """The first independent checker on PATH; ToolNotFound naming what is missing."""
    comparator = shutil.which("comparator")
    if comparator:
        missing = [t for t in ("landrun", "lean4export") if not shutil.which(t)]
        if missing:
            raise ToolNotFound(
                f"comparator is on PATH but needs {' and '.join(missing)} too", hint=STRICT_HINT
            )
        return StrictTool("comparator", comparator)
    for kind in ("lean4checker", "leanchecker"):
        found = shutil.which(kind)
        if found:
            return StrictTool(kind, found)
    raise ToolNotFound(
        "strict mode: no comparator, lean4checker or leanchecker on PATH", hint=STRICT_HINT
    )


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout_s: float) -> tuple[int, str]:
    try:
        done = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout_s
        )
    except subprocess.TimeoutExpired:
        return 124, f"{Path(command[0]).name} did not finish within {timeout_s:g} s"
    return done.returncode, (done.stdout + done.stderr).strip()[-2000:]


def strict_check(
    tool: StrictTool,
    *,
    project: Path,
    lake: str,
    header: str,
    statement_head: str,
    solution: str,
    name: str,
    axioms: list[str],
    timeout_s: float = 600.0,
) -> tuple[bool, str]:
    """``(passed, detail)`` of the independent check of ``solution`` for the statement."""
    with tempfile.TemporaryDirectory(prefix="proofsmith-strict-", dir=project) as scratch:
        folder = Path(scratch)
        (folder / "Challenge.lean").write_text(
            f"{header}\n{statement_head} := by sorry\n", encoding="utf-8"
        )
        (folder / "Solution.lean").write_text(f"{header}\n{solution}\n", encoding="utf-8")
        env = dict(os.environ)
        env["LEAN_PATH"] = os.pathsep.join(p for p in (str(folder), env.get("LEAN_PATH")) if p)
        for module in ("Challenge", "Solution"):
            rc, out = _run(
                [lake, "env", "lean", "-o", f"{module}.olean", f"{module}.lean"],
                folder,
                env,
                timeout_s,
            )
            if rc != 0:
                return False, f"compiling {module}.lean failed: {out}"
        if tool.kind == "comparator":
            config = {
                "challenge_module": "Challenge",
                "solution_module": "Solution",
                "theorem_names": [name],
                "permitted_axioms": axioms,
            }
            (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
            command = [lake, "env", tool.path, "config.json"]
        else:
            command = [lake, "env", tool.path, "Solution"]
        rc, out = _run(command, folder, env, timeout_s)
        return rc == 0, f"{tool.kind}: {out or 'ok'}"
