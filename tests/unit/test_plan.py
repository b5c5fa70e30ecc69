"""starlette_2093_check.plan: work done once, on one pool, without waiting work starving what it waits for."""

from __future__ import annotations

import threading

import pytest

from starlette_2093_check.plan import Cell, Plan


def test_a_keyed_cell_is_done_once_whoever_asks() -> None:
    calls: list[int] = []
    with Plan(4) as plan:
        cells = [plan.cell("k", lambda: calls.append(1) or len(calls)) for _ in range(20)]
        values = {c.get() for c in cells}
    assert calls == [1]
    assert values == {1}
    assert len({id(c) for c in cells}) == 1


def test_work_waiting_for_work_does_not_starve_a_pool_of_one() -> None:
    """With one pool thread, a cell that waits for another queued behind it does that one itself
    (a plain executor would wait forever)."""
    with Plan(1) as plan:
        inner = plan.cell("inner", lambda: threading.current_thread().name, start=False)
        outer = plan.cell("outer", lambda: (threading.current_thread().name, inner.get()))
        plan.start(inner)  # queued behind "outer" on the only thread
        outer_ran_on, inner_ran_on = outer.get()
    assert inner_ran_on == outer_ran_on  # done by the thread that needed it, not left waiting


def test_a_chain_deeper_than_the_pool_finishes() -> None:
    with Plan(2) as plan:
        cells: list[Cell[int]] = []
        for n in range(50):
            below = cells[-1] if cells else None
            cells.append(plan.cell(n, lambda below=below: (below.get() if below else 0) + 1))
        assert cells[-1].get() == 50


def test_after_starts_once_every_need_is_done() -> None:
    gate = threading.Event()
    order: list[str] = []
    with Plan(3) as plan:
        first = plan.cell("a", lambda: gate.wait(5) and order.append("a"))
        second = plan.cell("b", lambda: order.append("b"))
        then = plan.after([first, second], lambda: order.append("then") or list(order))
        second.get()
        assert not then.finished  # "a" is still held
        gate.set()
        seen = then.get()
    assert seen[-1] == "then" and set(seen[:-1]) == {"a", "b"}


def test_an_error_reaches_every_asker_and_is_raised_once_per_get() -> None:
    calls: list[int] = []

    def broken() -> int:
        calls.append(1)
        raise ValueError("no answer")

    with Plan(2) as plan:
        cell = plan.cell("x", broken)
        for _ in range(3):
            with pytest.raises(ValueError, match="no answer"):
                cell.get()
    assert calls == [1]


def test_a_cell_asked_after_the_plan_closed_is_done_by_the_asker() -> None:
    plan = Plan(1)
    with plan:
        pass
    late = plan.after([Cell.done(1)], lambda: 2)  # the pool refuses it; the asker does it
    assert late.get() == 2


def test_a_cell_started_after_the_plan_closed_is_done_by_whoever_needs_it() -> None:
    plan = Plan(1)
    with plan:
        pass
    late = plan.start(Cell(lambda: 3))  # early advice starting a run as the scan ends
    assert late.get() == 3
