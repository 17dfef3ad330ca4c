"""The foundation: package layout, exported names, errors, the limited worker pool, the CLI root."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pool_workers import allocate_mb, fail, sleep_then_echo

import proofsmith
from proofsmith.checkers.limits import LimitedPool, Limits
from proofsmith.datasets.problem import Problem
from proofsmith.errors import CheckerCrashed, CheckerError, CheckerTimeout, InputError


@pytest.mark.parametrize(
    "package",
    [
        "proofsmith",
        "proofsmith.checkers",
        "proofsmith.provers",
        "proofsmith.datasets",
        "proofsmith.service",
        "proofsmith.rewards",
    ],
)
def test_exported_members_exist_and_are_public(package):
    module = importlib.import_module(package)
    assert module.__all__, f"{package} must declare __all__"
    for name in module.__all__:
        assert hasattr(module, name), f"{package}.__all__ names missing {name}"


def test_hf_datasets_is_not_shadowed(tmp_path):
    code = "import datasets, proofsmith.datasets as p; print(datasets.__file__); print(p.__file__)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    hf, ours = done.stdout.splitlines()
    assert "site-packages" in hf and hf != ours


def test_dependencies_point_one_way(repo_root):
    # each may import only those before it
    order = ["text", "datasets", "checkers", "service", "rewards", "provers", "cli"]
    for rank, package in enumerate(order):
        forbidden = [f"proofsmith.{p}" for p in order[rank + 1 :]]
        for path in (repo_root / package).rglob("*.py"):
            text = path.read_text()
            for name in forbidden:
                assert f"import {name}" not in text and f"from {name}" not in text, (
                    f"{path.relative_to(repo_root)} imports {name}"
                )


def test_provers_rooms_point_one_way(repo_root):
    """Inside provers/: backends → formats → search → runs → training, each importing only
    the rooms before it (and base/load); nothing below imports the prover loader."""
    rooms = ["backends", "formats", "search", "runs", "training"]
    for rank, room in enumerate(rooms):
        forbidden = [f"proofsmith.provers.{r}" for r in rooms[rank + 1 :]]
        if rank < rooms.index("runs"):
            forbidden.append("proofsmith.provers.load")
        paths = list((repo_root / "provers" / room).rglob("*.py"))
        assert paths, f"provers/{room} is empty"
        for path in paths:
            text = path.read_text()
            for name in forbidden:
                assert f"import {name}" not in text and f"from {name}" not in text, (
                    f"{path.relative_to(repo_root)} imports {name}"
                )
    loose = sorted(p.name for p in (repo_root / "provers").glob("*.py"))
    assert loose == ["__init__.py", "base.py", "load.py"], loose  # everything else has a room


def test_problem_round_trips_and_rejects_bad_records():
    problem = Problem(id="p1", domain="answer", statement="1+1?", reference="2", metadata={"k": 1})
    assert Problem.from_dict(problem.to_dict()) == problem
    with pytest.raises(InputError, match="unknown domain"):
        Problem(id="p", domain="chess", statement="")
    with pytest.raises(InputError, match="lacks"):
        Problem.from_dict({"id": "x"})
    assert Problem.from_dict({"id": 3, "domain": "smt", "statement": "s", "extra": 5}).metadata == {
        "extra": 5
    }


def test_pool_kills_overrunning_call_and_serves_the_next():
    with LimitedPool(sleep_then_echo, jobs=1, limits=Limits(timeout_s=0.5)) as pool:
        start = time.monotonic()
        with pytest.raises(CheckerTimeout):
            pool.run((30, "never"))
        assert time.monotonic() - start < 10
        assert pool.run((0, "next")) == "next"
        pids = [w.process.pid for w in pool._all]
    for pid in pids:
        assert not _alive(pid)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); treat it as dead
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().split()[2] != "Z"


def test_pool_memory_limit_is_an_error_not_a_dead_machine():
    with LimitedPool(allocate_mb, limits=Limits(timeout_s=20, memory_mb=300)) as pool:
        with pytest.raises(CheckerCrashed):
            pool.run(2000)
        assert pool.run(10) == 10 * 1024 * 1024


def test_pool_map_keeps_order_and_reports_errors_in_place():
    items = [(0.2 if i % 3 == 0 else 0, i) for i in range(12)]
    with LimitedPool(sleep_then_echo, jobs=2, limits=Limits(timeout_s=5)) as pool:
        assert list(pool.map(items)) == list(range(12))
    with LimitedPool(fail, jobs=2) as pool:
        results = list(pool.map([1, 2]))
    assert all(isinstance(r, CheckerError) and "bad input" in str(r) for r in results)


def test_cli_version(cli):
    result = cli(["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"proofsmith {proofsmith.__version__}"


def test_workers_never_rerun_a_script_without_main_guard(tmp_path):
    script = tmp_path / "plain_script.py"
    script.write_text(
        "import sys\n"
        "print('top-level ran', flush=True)\n"
        "from proofsmith.checkers.limits import LimitedPool\n"
        "with LimitedPool(abs, jobs=2) as pool:\n"
        "    print(list(pool.map([-1, -2, 3])), flush=True)\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["top-level ran", "[1, 2, 3]"]


def test_a_function_from_main_is_refused_with_a_hint():
    def local(x):
        return x

    local.__module__ = "__main__"
    with pytest.raises(InputError, match="importable module"):
        LimitedPool(local)


def _public_definitions(path) -> set[str]:
    """Top-level functions and classes a module file defines without a leading _."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {n.name for n in tree.body if isinstance(n, kinds) and not n.name.startswith("_")}


def _modules(repo_root, *rooms):
    for room in rooms:
        for path in sorted((repo_root / room).rglob("*.py")):
            parts = path.relative_to(repo_root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield "proofsmith." + ".".join(parts)


def test_all_is_honest(repo_root):
    """Every module of the package root and provers/ declares ``__all__``; every function or
    class it defines publicly is listed there and every listed name exists."""
    for name in ["proofsmith", "proofsmith.api", *_modules(repo_root, "provers")]:
        module = importlib.import_module(name)
        assert hasattr(module, "__all__") or not _public_definitions(Path(module.__file__)), (
            f"{name} has public definitions and no __all__"
        )
        exported = set(getattr(module, "__all__", ()))
        missing = [n for n in exported if not hasattr(module, n)]
        assert not missing, f"{name}.__all__ names missing {missing}"
        unlisted = _public_definitions(Path(module.__file__)) - exported
        assert not unlisted, f"{name} defines {sorted(unlisted)} outside __all__"


def test_top_level_api_is_lazy_and_works(tmp_path):
    code = "import sys, proofsmith; print(sorted(m for m in sys.modules if 'proofsmith.' in m))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['proofsmith.errors']"
    from proofsmith import Problem, Status, check, prove

    problem = Problem(id="p", domain="answer", statement="What is 2+3?", reference="5")
    assert check(problem, "5").status is Status.PROVED
    assert check(problem, "6").status is Status.REFUTED
    summary = prove([problem], out=tmp_path / "run.db", n=2)
    assert summary.solved == 1 and summary.outcomes[0].attempt.dataset == "problems"
