"""LeanChecker verdicts, pooling, limits and stepping against the scripted fake REPL."""

from __future__ import annotations

import psutil
import pytest
from lean_helpers import script_command, sent

from proofsmith.checkers.base import Proved, State, StepError, SteppingChecker
from proofsmith.checkers.lean import LeanChecker, goals_key
from proofsmith.checkers.verdict import Status
from proofsmith.datasets.problem import Problem

HEADER = "import Mathlib\nopen Real\n"
STATEMENT = "theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by sorry"
PROBLEM = Problem(id="foo", domain="lean", statement=STATEMENT, header=HEADER)


def _error(line, text="linarith failed"):
    return {"severity": "error", "pos": {"line": line, "column": 2}, "data": text}


@pytest.fixture
def make(tmp_path):
    made = []

    def build(script=None, **options):
        options.setdefault("timeout_s", 10)
        checker = LeanChecker(repl_command=script_command(tmp_path, script or {}), **options)
        made.append(checker)
        return checker

    yield build
    for checker in made:
        checker.close()


def test_a_clean_proof_is_proved_and_the_header_env_is_reused(make, tmp_path):
    checker = make()
    assert isinstance(checker, SteppingChecker)
    first = checker.check(PROBLEM, "simp [h]")
    second = checker.check(PROBLEM, "by simp [h]")
    assert first.status is Status.PROVED and second.status is Status.PROVED
    assert first.details["axioms"] == ["propext", "Classical.choice", "Quot.sound"]
    assert first.checked_text == "theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by\n  simp [h]"
    requests = sent(tmp_path)
    assert requests[0] == {"cmd": HEADER}  # the header, once, without env
    # the reference statement, elaborated alone on the header env (once per process)
    ref = requests[1]["cmd"]
    assert requests[1]["env"] == 0 and ref.startswith("theorem proofsmith_ref_")
    assert ref.endswith("(x : ℕ) (h : x = 2) : x + 0 = 2 := sorry")
    ref_name = ref.split()[1]
    assert requests[2] == {"cmd": first.checked_text, "env": 1}  # on top of the reference
    same = f"example : type_of% @_root_.{ref_name} := @_root_.«foo»"
    assert requests[3] == {"cmd": same, "env": 2}  # the statement check, in the final env
    assert requests[4] == {"cmd": "#print axioms _root_.«foo»", "env": 2}
    assert requests[5]["env"] == 1 and "simp [h]" in requests[5]["cmd"]  # reference reused
    assert sum("env" not in r for r in requests) == 1
    assert checker.pool.started == 1


def test_lean_errors_refute_with_positions_in_the_users_lines(make):
    script = {"commands": [{"contains": "nlinarith", "reply": {"messages": [_error(3)]}}]}
    checker = make(script)
    verdict = checker.check(PROBLEM, "intro\nnlinarith")  # proof lines 1-2 are Lean lines 2-3
    assert verdict.status is Status.REFUTED
    assert verdict.details["messages"][0]["line"] == 2
    assert verdict.messages == ("2:2: error: linarith failed",)
    whole = HEADER + "\n" + "theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by\n  nlinarith\n"
    verdict = checker.check(PROBLEM, whole)  # 2 header lines split off: Lean line 3 is line 5
    assert verdict.status is Status.REFUTED
    assert verdict.details["messages"][0]["line"] == 5


@pytest.mark.parametrize(
    "reply",
    [
        {"messages": [{"severity": "warning", "data": "declaration uses `sorry`"}]},
        {"messages": [{"severity": "warning", "data": "declaration uses 'sorry'"}]},
        {"sorries": [{"proofState": 0, "goal": "⊢ False"}]},
    ],
    ids=["backtick", "quote", "sorries-list"],
)
def test_a_sorry_in_the_reply_is_rejected(make, reply):
    checker = make({"commands": [{"contains": "my_tac", "reply": reply}]})
    verdict = checker.check(PROBLEM, "my_tac")
    assert verdict.status is Status.REJECTED
    assert "sorry" in verdict.reason


@pytest.mark.parametrize(
    ("axioms", "allow", "status"),
    [
        (["propext", "sorryAx"], False, Status.REJECTED),
        (["propext", "Classical.choice", "Lean.ofReduceBool"], False, Status.REJECTED),
        (["propext", "Classical.choice", "Lean.ofReduceBool"], True, Status.PROVED),
        ([], False, Status.PROVED),
    ],
)
def test_axioms_outside_the_standard_three_are_rejected(make, axioms, allow, status):
    checker = make({"axioms": axioms}, allow_native_decide=allow)
    verdict = checker.check(PROBLEM, "native_decide")
    assert verdict.status is status
    assert verdict.details["axioms"] == axioms


@pytest.mark.parametrize(
    ("candidate", "why"),
    [
        ("sorry", "sorry"),
        ("  admit", "admit"),
        ("axiom cheat : False\ntheorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := cheat.elim", "axiom"),
        (
            "@[implemented_by f] def g : Nat := 0\n" + STATEMENT.replace("sorry", "rfl"),
            "implemented_by",
        ),
        ('@[extern "c"] opaque g : Nat\n' + STATEMENT.replace("sorry", "rfl"), "extern"),
        ("#eval 1\n" + STATEMENT.replace("sorry", "rfl"), "1:0: `#eval` is not allowed"),
        ("run_cmd pure ()\n" + STATEMENT.replace("sorry", "rfl"), "run_cmd"),
        ("def f : IO Unit := pure ()\n" + STATEMENT.replace("sorry", "rfl"), "IO"),
        ("theorem foo (x : ℕ) (h : x = 3) : x + 0 = 3 := by simp [h]", "differs"),
        (
            "open Nat\ntheorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by simp [h]",
            "not in the problem",
        ),
        (
            "lemma aux : True := trivial\nopen Nat\ntheorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by simp [h]",
            "`open` without `in`",
        ),
        ("import Foo\ntheorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by simp [h]", "header"),
        ('notation "ℕ" => Int\n' + STATEMENT.replace("sorry", "rfl"), "notation"),
        ("set_option debug.skipKernelTC true in\n" + STATEMENT.replace("sorry", "rfl"), "debug"),
        ("unsafe def f : Nat := 0\n" + STATEMENT.replace("sorry", "rfl"), "unsafe"),
    ],
)
def test_unsound_text_is_rejected_before_lean_runs(make, tmp_path, candidate, why):
    checker = make()
    verdict = checker.check(PROBLEM, candidate)
    assert verdict.status is Status.REJECTED, verdict
    assert why in verdict.reason
    assert verdict.details["stage"] == "precheck"
    assert sent(tmp_path) == []  # no process was even started


def test_comments_and_strings_do_not_trigger_the_rules(make):
    checker = make()
    candidate = "-- no sorry here\n/- axiom? #eval -/ simp [h] -- IO"
    assert checker.check(PROBLEM, candidate).status is Status.PROVED


def test_harmless_set_option_and_helper_lemmas_are_allowed(make):
    checker = make()
    text = (
        "lemma helper : 2 = 2 := rfl\n"
        "set_option maxHeartbeats 400000 in\n"
        "theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by\n  simp [h]"
    )
    assert checker.check(PROBLEM, text).status is Status.PROVED


def test_timeout_kills_the_process_and_the_next_check_is_served(make):
    checker = make({"commands": [{"contains": "slow_tac", "sleep_s": 60}]})
    assert checker.check(PROBLEM, "simp").status is Status.PROVED
    [pid] = checker.pool.pids()
    verdict = checker.check(PROBLEM, "slow_tac", timeout_s=0.5)
    assert verdict.status is Status.TIMEOUT
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert checker.check(PROBLEM, "simp").status is Status.PROVED
    assert checker.pool.started == 2


def test_a_crash_is_an_error_verdict_with_the_stderr_tail(make):
    checker = make({"commands": [{"contains": "boom", "exit": 7}]})
    verdict = checker.check(PROBLEM, "boom")
    assert verdict.status is Status.ERROR
    assert "exit code 7" in verdict.reason and "scripted crash" in verdict.reason
    assert checker.check(PROBLEM, "simp").status is Status.PROVED


def test_processes_are_pooled_by_header_and_recycled(make, tmp_path):
    checker = make(max_uses=2, max_processes=2)
    other = Problem(id="foo", domain="lean", statement=STATEMENT, header="import Other\n")
    for problem in (PROBLEM, other, PROBLEM, other, PROBLEM):
        assert checker.check(problem, "simp [h]").status is Status.PROVED
    headers = [r["cmd"] for r in sent(tmp_path) if "env" not in r]
    # each header is elaborated once per process; a process serves max_uses=2 checks
    assert headers == [HEADER, "import Other\n", HEADER]
    assert checker.pool.started == 3
    pids = checker.pool.pids()
    checker.close()
    assert pids and not any(_alive(p) for p in pids)


def test_a_header_that_fails_is_an_error_verdict(make):
    script = {
        "commands": [
            {"contains": "import Missing", "reply": {"messages": [_error(1, "unknown module")]}}
        ]
    }
    checker = make(script)
    problem = Problem(id="foo", domain="lean", statement=STATEMENT, header="import Missing\n")
    verdict = checker.check(problem, "simp")
    assert verdict.status is Status.ERROR and "unknown module" in verdict.reason


def test_a_failed_header_frees_its_slot_and_process(make):
    """With one process allowed, a header that fails must not keep the slot or the process."""
    script = {
        "commands": [
            {"contains": "import Missing", "reply": {"messages": [_error(1, "unknown module")]}}
        ]
    }
    checker = make(script, max_processes=1)
    broken = Problem(id="foo", domain="lean", statement=STATEMENT, header="import Missing\n")
    for _ in range(2):
        assert checker.check(broken, "simp").status is Status.ERROR
    assert checker.pool.pids() == []
    assert checker.check(PROBLEM, "simp [h]").status is Status.PROVED  # no deadlock
    assert checker.pool.started == 3


# ------------------------------------------------------------------ stepping

TREE = {
    "goal": "x : ℕ\nh : x = 2\n⊢ x + 0 = 2",
    "tactics": {
        "0": {
            "rw [h]": {"proofState": 1, "goals": []},
            "subst h": {"proofState": 2, "goals": ["⊢ 2 + 0 = 2"]},
            "cases h": {"proofState": 3, "goals": ["case refl\n⊢ 2 + 0 = 2"]},
            "exact foo": {
                "proofState": 4,
                "goals": [],
                "proofStatus": "Error: kernel type check failed",
            },
            "exact?": {"message": "Lean error:\n`exact?` could not close the goal."},
            "slow": {"proofState": 9, "goals": ["⊢ False"], "sleep_s": 60},
        },
        "2": {
            "rfl": {"proofState": 5, "goals": []},
            "oops": {
                "proofState": 6,
                "goals": ["⊢ False"],
                "proofStatus": "Incomplete: contains sorry",
                "messages": [_error(0, "unknown identifier 'oops'")],
            },
        },
    },
}


def test_start_and_step_walk_a_scripted_proof_tree(make, tmp_path):
    checker = make(TREE)
    root = checker.start(PROBLEM)
    assert root.goals == ("x : ℕ\nh : x = 2\n⊢ x + 0 = 2",) and root.steps == ()
    assert root.handle.proof_state == 0
    assert sent(tmp_path)[1] == {
        "cmd": "theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by sorry",
        "env": 0,
    }
    child = checker.step(root, "subst h")
    assert (
        isinstance(child, State) and child.steps == ("subst h",) and child.goals == ("⊢ 2 + 0 = 2",)
    )
    tagged = checker.step(root, "cases h")
    assert tagged.key == child.key == goals_key(["⊢ 2 + 0 = 2"])  # duplicates merge
    done = checker.step(child, "rfl")
    assert isinstance(done, Proved) and done.verdict.status is Status.PROVED
    assert done.proof == "theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by\n  subst h\n  rfl"
    *_, ref, whole, same, axioms = sent(tmp_path)  # re-checked whole, on the reference env
    assert ref["env"] == 0 and ref["cmd"].startswith("theorem proofsmith_ref_")
    assert whole["cmd"] == done.proof and whole["env"] not in (None, 0)
    assert same["cmd"].startswith("example : type_of%") and axioms["cmd"].startswith("#print")


def test_step_failures_are_step_errors(make):
    checker = make(TREE)
    root = checker.start(PROBLEM)
    assert isinstance(checker.step(root, "nonsense"), StepError)
    assert "could not close" in checker.step(root, "exact?").message
    self_proof = checker.step(root, "exact foo")  # goals == [] but status Error
    assert isinstance(self_proof, StepError) and "kernel" in self_proof.message
    child = checker.step(root, "subst h")
    assert "unknown identifier" in checker.step(child, "oops").message
    rejected = checker.step(root, "sorry")
    assert isinstance(rejected, StepError) and rejected.details["status"] == "rejected"


def test_completed_step_whose_recheck_fails_is_not_proved(make):
    script = {**TREE, "commands": [{"contains": "rw [h]", "reply": {"messages": [_error(2)]}}]}
    checker = make(script)
    result = checker.step(checker.start(PROBLEM), "rw [h]")
    assert isinstance(result, StepError) and result.details["status"] == "refuted"


def test_step_timeout_then_replay_on_a_fresh_process(make):
    checker = make(TREE)
    root = checker.start(PROBLEM)
    child = checker.step(root, "subst h")
    timed_out = checker.step(root, "slow", timeout_s=0.5)
    assert isinstance(timed_out, StepError) and timed_out.details["status"] == "timeout"
    done = checker.step(child, "rfl")  # child's process is gone: replayed from the start
    assert isinstance(done, Proved)


def _alive(pid):
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_parallel_checks_share_a_bounded_pool(make):
    from concurrent.futures import ThreadPoolExecutor

    checker = make(max_processes=2)
    with ThreadPoolExecutor(4) as threads:
        verdicts = list(threads.map(lambda _: checker.check(PROBLEM, "simp [h]"), range(8)))
    assert all(v.status is Status.PROVED for v in verdicts)
    assert 1 <= checker.pool.started <= 2


def test_memory_limit_is_set_on_the_repl_process(tmp_path):
    import resource

    from proofsmith.checkers.lean import Command, ReplProcess

    with ReplProcess(script_command(tmp_path, {}), memory_mb=1024) as repl:
        # once it answers, the REPL runs (a wrapper may still be starting right after spawn;
        # the cap before the first request is tested in test_launch.py)
        repl.send(Command(cmd="x"), timeout_s=10)
        soft, hard = resource.prlimit(repl.pid, resource.RLIMIT_AS)
        assert soft == hard == 1024 * 2**20


def test_repl_processes_are_memory_capped_by_default(make):
    import resource

    from proofsmith.checkers.lean.repl import DEFAULT_MEMORY_MB

    checker = make()
    assert checker.check(PROBLEM, "simp [h]").status is Status.PROVED
    (pid,) = checker.pool.pids()
    soft, hard = resource.prlimit(pid, resource.RLIMIT_AS)
    assert soft == hard == DEFAULT_MEMORY_MB * 2**20


def test_a_statement_that_does_not_elaborate_is_an_error_not_a_verdict_on_the_proof(make):
    bad = _error(1, "unknown identifier 'Real.foo'")
    checker = make({"commands": [{"contains": "proofsmith_ref_", "reply": {"messages": [bad]}}]})
    verdict = checker.check(PROBLEM, "simp [h]")
    assert verdict.status is Status.ERROR
    assert "statement does not elaborate" in verdict.reason and "Real.foo" in verdict.reason


@pytest.mark.parametrize(
    ("name", "prefix"),
    [("t", "theorem proofsmith_ref_"), ("N.M.t", "theorem «N».«M».proofsmith_ref_")],
)
def test_the_reference_is_declared_in_the_targets_namespace(name, prefix):
    """Lean reads `theorem N.t : x` inside `N` (test_real_lean.py shows it); so is the reference."""
    from proofsmith.checkers.lean.source import reference

    ref, text = reference(f"theorem {name} : x = x := by sorry", name)
    assert text.startswith(prefix) and text.endswith(" : x = x := sorry")
    assert text.startswith(f"theorem {ref} :")
