"""``budget``: what is left, whose budget ran out, and what uv and a subprocess are given."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from starlette_2093_check.budget import Budget, TimeBudgetSpent, parse_seconds, run
from starlette_2093_check.scan import ScanOptions


class Clock:
    """Time as the test says (the clock is the budget's only input from outside)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_root_budget_counts_only_while_its_work_runs_and_never_outlasts_the_run() -> None:
    clock = Clock()
    run_budget = Budget(100, "for the run", "--time-budget raises it", clock=clock)
    root = run_budget.child(30, "for the root api", "--root-budget raises it")
    clock.now += 50  # other roots' work: not the root's
    assert root.spent == 0
    assert root.remaining() == 30
    with root.running():
        clock.now += 20
        with root.paused():  # waiting for a reproduction: the run's time, not the root's
            clock.now += 5
        assert root.spent == 20
    assert root.remaining() == 10
    assert root.reason("x") == "time budget of 30 s for the root api spent before x (--root-budget raises it)"
    clock.now += 20  # the run has 5 s left, the root 10: the run's is the one that binds
    assert root.remaining() == 5
    clock.now += 5
    assert root.expired
    with pytest.raises(TimeBudgetSpent, match=r"^time budget of 100 s for the run spent before uv ran"):
        root.check("uv ran")


def test_two_threads_share_a_root_budget_without_counting_twice() -> None:
    clock = Clock()
    root = Budget(60, "for the root api", running=False, clock=clock)
    with root.running():
        clock.now += 5
        with root.running():  # a second target of the same root advised at the same time
            clock.now += 5
        clock.now += 5
    assert root.spent == 15


def test_uv_is_given_an_http_timeout_no_longer_than_what_is_left() -> None:
    clock = Clock()
    budget = Budget(7.2, "for the run", clock=clock)
    assert budget.uv_env({"PATH": "/bin"}) == {"PATH": "/bin", "UV_HTTP_TIMEOUT": "8"}
    assert budget.uv_env({"UV_HTTP_TIMEOUT": "5"}) == {"UV_HTTP_TIMEOUT": "5"}  # the caller's is less
    roomy = Budget(600, "for the run", clock=clock)
    assert roomy.uv_env({}) == {}  # uv's own default (30 s) is less than what is left
    assert budget.timeout(300, "x") == pytest.approx(7.2)
    assert budget.timeout(2, "x") == 2


def test_a_command_the_budget_cuts_short_raises_the_budget_reason() -> None:
    budget = Budget(1, "for the run", "--time-budget raises it")
    started = time.monotonic()
    with pytest.raises(TimeBudgetSpent, match="time budget of 1 s for the run spent before the sleep ended"):
        run(
            [sys.executable, "-c", "import time; time.sleep(60)"],
            timeout=300,
            budget=budget,
            before="the sleep ended",
            env={},
        )
    assert time.monotonic() - started < 30
    # Nothing left: the command is not started at all.
    with pytest.raises(TimeBudgetSpent):
        run([sys.executable, "-c", "raise SystemExit(3)"], timeout=300, budget=budget, before="x", env={})


def test_a_command_that_outlasts_its_own_timeout_is_a_plain_timeout() -> None:
    budget = Budget(600, "for the run")
    with pytest.raises(subprocess.TimeoutExpired):
        run(
            [sys.executable, "-c", "import time; time.sleep(60)"],
            timeout=0.5,
            budget=budget,
            before="x",
            env={},
        )
    done = run([sys.executable, "-c", "print('ok')"], timeout=60, budget=budget, before="x", env={})
    assert done.stdout == "ok\n"


@pytest.mark.parametrize(("text", "expected"), [("8", 8.0), ("1.5", 1.5), ("0", None), ("1e3", 1000.0)])
def test_budgets_are_read_as_seconds_and_zero_turns_them_off(text: str, expected: float | None) -> None:
    assert parse_seconds(text, "time-budget") == expected


@pytest.mark.parametrize("text", ["-1", "ten", "nan", "inf", ""])
def test_a_budget_that_is_not_a_number_of_seconds_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="time-budget must be a number of seconds"):
        parse_seconds(text, "time-budget")


def test_without_a_root_budget_each_root_still_has_the_runs() -> None:
    run_budget, roots = ScanOptions(cache_dir=Path("/nonexistent"), root_budget=None).budgets(["a", "b"])
    assert run_budget is not None and roots == {"a": run_budget, "b": run_budget}
    with roots["a"].running(), roots["a"].paused():  # a root's work nests inside the run's clock
        assert run_budget.remaining() <= run_budget.seconds
    none, unbounded = ScanOptions(cache_dir=Path("/nonexistent"), time_budget=None, root_budget=None).budgets(
        ["a"]
    )
    assert none is None and unbounded == {}
    none, alone = ScanOptions(cache_dir=Path("/nonexistent"), time_budget=None, root_budget=5).budgets(["a"])
    assert none is None and alone["a"].remaining() == 5  # not running until the root's work starts
