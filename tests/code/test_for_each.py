"""for v in xs: an index loop with a hidden counter that invariants read as index(v)."""

from __future__ import annotations

import pytest

from proofsmith.checkers.code import loops


@pytest.fixture(scope="module")
def source(repo_root):
    return (repo_root / "tests/data/code/for_each.py").read_text()


def _only(source, old, new):
    assert source.count(old) == 1, old
    return source.replace(old, new)


def test_every_for_each_program_verifies(checker, source):
    reports = checker.verify_source(source)
    assert len(reports) >= 5
    assert {r["status"] for r in reports} == {"verified"}, [(r["function"], r) for r in reports]


# (function, (old, new) making an invariant or the code wrong, failing obligation kind)
WRONG = [
    (
        "max_of",
        ("range(index(v))))\n        invariant(m", "range(index(v) + 1)))\n        invariant(m"),
        "invariant",
    ),
    ("max_of", ("if v > m:", "if v < m:"), "invariant preserved"),
    ("contains", ("            return True", "            return False"), "postcondition"),
    ("positives", ("if v > 0:", "if v >= 0:"), "invariant preserved"),
    ("count_negative_tail", ("decreases(len(a) - index(v))", "decreases(index(v))"), "termination"),
    ("last_or", ("    v = d\n", "    v = 0\n"), "postcondition"),
]


@pytest.mark.parametrize("function, change, kind", WRONG, ids=[f"{w[0]}-{w[2]}" for w in WRONG])
def test_wrong_invariants_and_code_get_counterexamples(checker, source, function, change, kind):
    (report,) = checker.verify_source(_only(source, *change), function)
    assert report["status"] == "counterexample", report
    failed = [o for o in report["obligations"] if o["status"] == "failed"]
    assert any(kind in o["kind"] for o in failed), failed


def test_counterexamples_show_the_hidden_index(checker, source):
    wrong = _only(source, "invariant(m in a)", "invariant(m == a[0])")
    (report,) = checker.verify_source(wrong, "max_of")
    ob = next(o for o in report["obligations"] if o["status"] == "failed")
    assert ob["kind"] == "invariant preserved"
    ce = ob["counterexample"]
    assert 0 <= ce["index(v)"] <= len(ce["a"]) and ce["m"] != ce["a"][0]


def test_changing_the_iterated_list_is_unsupported(checker):
    source = "def f(a: list[int]) -> int:\n    b = list(a)\n    for v in b:\n        b.append(v)\n    return 0\n"
    (report,) = checker.verify_source(source)
    assert report["status"] == "unsupported" and "inside a loop over it" in report["message"]


@pytest.mark.parametrize(
    "source, reason",
    [
        # v is unbound after the loop when a may be empty (Python raises NameError)
        (
            "def f(a: list[int]) -> int:\n    for v in a:\n        pass\n    return v\n",
            "'v' is not defined",
        ),
        (
            "def f(a: list[int]) -> int:\n    for v in a:\n        assert index(v) >= 0\n    return 0\n",
            "index(v) outside",
        ),
        (
            "def f(x: int) -> int:\n    for v in x:\n        pass\n    return 0\n",
            "is an int where a list is needed",
        ),
        (
            "def f(a: list[int]) -> int:\n    for v in a:\n        invariant(v > 0)\n    return 0\n",
            "'v' is not defined",
        ),
    ],
)
def test_refusals_name_the_problem(checker, source, reason):
    (report,) = checker.verify_source(source)
    assert report["status"] == "unsupported" and reason in report["message"], report


def test_loops_helper_lists_for_each_sites(source):
    sites = loops(source, "max_of")
    assert [(s.kind, s.header) for s in sites] == [("for", "for v in a")]
    assert sites[0].invariants == ("all((a[k] <= m for k in range(index(v))))", "m in a")
