"""`proofsmith check code`: exit codes and --json reports."""

from __future__ import annotations

import json


def test_verified_file_exits_0_with_one_line_per_function(cli, repo_root):
    path = repo_root / "tests/data/code/arith.py"
    result = cli(["check", "code", str(path), "--json"])
    assert result.exit_code == 0, result.stdout
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["function"] for r in reports} >= {"sum_to", "gcd", "isqrt"}
    assert {r["status"] for r in reports} == {"verified"}


def test_counterexample_exit_1_unsupported_exit_2(cli, tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f(x: int) -> int:\n    ensures(result > x)\n    return x\n")
    result = cli(["check", "code", str(bad), "--function", "f"])
    assert result.exit_code == 1
    assert "postcondition" in result.stdout and "counterexample" in result.stdout
    odd = tmp_path / "odd.py"
    odd.write_text("def f(x: int) -> int:\n    return x / 2\n")
    assert cli(["check", "code", str(odd)]).exit_code == 2
    alias = tmp_path / "alias.py"
    alias.write_text("def f(a: list[int]) -> list[int]:\n    return a\n")
    assert cli(["check", "code", str(alias)]).exit_code == 2
    assert cli(["check", "code", str(bad), "--function", "nope"]).exit_code == 2


def test_readme_example(cli, repo_root):
    path = repo_root / "tests/data/code/lists.py"
    result = cli(["check", "code", str(path), "--function", "binary_search"])
    assert result.exit_code == 0 and "binary_search: verified" in result.stdout


def test_a_byte_order_mark_is_read_as_cpython_reads_it(cli, tmp_path):
    """CPython skips a UTF-8 byte-order mark at the start of a source file; so do we (the
    file and its batch form), instead of refusing the file."""
    src = "def f(x: int) -> int:\n    ensures(result > x)\n    return x + 1\n"
    path = tmp_path / "bom.py"
    path.write_bytes(b"\xef\xbb\xbf" + src.encode())
    result = cli(["check", "code", str(path), "--function", "f"])
    assert result.exit_code == 0 and "f: verified" in result.stdout
    batch = cli(["check", "code", str(path), str(path), "--function", "f"])
    assert [json.loads(line)["status"] for line in batch.stdout.splitlines()] == ["proved"] * 2
