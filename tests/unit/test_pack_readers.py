"""How the neighbouring packs read their checks: records shaped like the scenarios' own output.

The records here are the shapes measured on real releases (see the integration tests and
``bench/sweep_versions.py``); each reader must say ``reproduced`` only on positive evidence, and
``not_reproduced`` only when the scenario was really exercised.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from starlette_2093_check.model import VerdictStatus
from starlette_2093_check.packs import measure
from starlette_2093_check.packs.starlette_1438.verdict import READERS as READERS_1438
from starlette_2093_check.packs.starlette_2688.verdict import READERS as READERS_2688
from starlette_2093_check.packs.starlette_3458.verdict import READERS as READERS_3458
from starlette_2093_check.repro.verdict import Reader, interpret

VERSIONS = {"python": "3.11.7", "starlette": "0.20.4"}


def both(check: dict[str, Any]) -> dict[str, Any]:
    """A record whose HTTP and ASGI checks saw the same thing."""
    return {"versions": VERSIONS, "http": copy.deepcopy(check), "asgi": copy.deepcopy(check)}


def run(readers: dict[str, Reader], record: dict[str, Any]) -> tuple[VerdictStatus, str]:
    return interpret(record, readers)


# -- starlette-1438: background tasks cancelled on disconnect ---------------------------------------


def check_1438(
    outcome: str | None, finished: float | None = 12.0, second: float | None = 12.5
) -> dict[str, Any]:
    return {
        "status": 200,
        "body_ok": True,
        "disconnect_ms": 5.0,
        "job": {
            "started_ms": 3.0,
            "finished_ms": finished,
            "released_by": "event",
            "outcome": outcome,
            "completed": outcome == "completed",
        },
        "second_task_ms": second,
        "app_returned_ms": 13.0,
        "app_ended": "returned",
    }


def test_1438_a_cancelled_job_reproduces() -> None:
    status, reason = run(READERS_1438, both(check_1438("cancelled", finished=6.0, second=None)))
    assert status is VerdictStatus.REPRODUCED
    assert "cancelled after the client disconnected (ASGI)" in reason


def test_1438_a_job_cancelled_before_the_client_left_still_reproduces() -> None:
    status, reason = run(READERS_1438, both(check_1438("cancelled", finished=4.0, second=None)))
    assert status is VerdictStatus.REPRODUCED and "cancelled before the client disconnected" in reason


def test_1438_an_app_that_returns_without_starting_its_tasks_reproduces() -> None:
    check = check_1438(None, finished=None, second=None)
    check["job"]["started_ms"] = None
    status, reason = run(READERS_1438, both(check))
    assert status is VerdictStatus.REPRODUCED and "without running its background tasks" in reason


def test_1438_both_tasks_finishing_after_the_disconnect_is_not_reproduced() -> None:
    status, reason = run(READERS_1438, both(check_1438("completed")))
    assert status is VerdictStatus.NOT_REPRODUCED
    assert "ran to completion after the client disconnected" in reason
    assert measure("starlette-1438", both(check_1438("completed"))) == "job completed"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"finished": 4.0}, "ended before the client disconnected"),  # the disconnect was never exercised
        ({"second": None}, "second background task did not run"),
    ],
)
def test_1438_a_completed_job_that_proves_nothing_is_inconclusive(
    change: dict[str, Any], expected: str
) -> None:
    status, reason = run(READERS_1438, both(check_1438("completed", **change)))
    assert status is VerdictStatus.INCONCLUSIVE and expected in reason


def test_1438_checks_that_disagree_are_inconclusive() -> None:
    record = both(check_1438("completed"))
    record["asgi"] = check_1438("cancelled", finished=6.0, second=None)
    status, reason = run(READERS_1438, record)
    assert status is VerdictStatus.INCONCLUSIVE and reason.startswith("the checks disagree")


def test_1438_a_500_or_a_missing_disconnect_is_inconclusive() -> None:
    broken = check_1438("cancelled")
    broken["status"] = 500
    assert run(READERS_1438, both(broken))[0] is VerdictStatus.INCONCLUSIVE
    never_left = check_1438("completed")
    never_left["disconnect_ms"] = None
    status, reason = run(READERS_1438, both(never_left))
    assert status is VerdictStatus.INCONCLUSIVE and "never had the whole response" in reason


# -- starlette-2688: background attached in dispatch dropped ----------------------------------------


def check_2688(ran: bool, ended: str = "returned") -> dict[str, Any]:
    return {
        "status": 200,
        "body_ok": True,
        "task_ran_ms": 4.0 if ran else None,
        "app_returned_ms": 5.0,
        "app_ended": ended,
    }


def test_2688_the_app_returning_without_the_task_reproduces() -> None:
    status, reason = run(READERS_2688, both(check_2688(ran=False)))
    assert status is VerdictStatus.REPRODUCED and "never ran" in reason
    assert measure("starlette-2688", both(check_2688(ran=False))) == "task dropped"


def test_2688_the_task_running_is_not_reproduced() -> None:
    assert run(READERS_2688, both(check_2688(ran=True)))[0] is VerdictStatus.NOT_REPRODUCED


def test_2688_an_app_that_crashed_proves_nothing_about_the_task() -> None:
    status, reason = run(READERS_2688, both(check_2688(ran=False, ended="raised RuntimeError: boom")))
    assert status is VerdictStatus.INCONCLUSIVE and "raised RuntimeError" in reason
    hung = check_2688(ran=False)
    hung["app_returned_ms"] = None
    assert run(READERS_2688, both(hung))[0] is VerdictStatus.INCONCLUSIVE


# -- starlette-3458: background task before the response is sent -----------------------------------


def check_3458(early: bool) -> dict[str, Any]:
    if early:  # the task started while the last send waited; the client was released by it
        return {
            "status": 200,
            "body_ok": True,
            "client_released_by": "task",
            "client_read_ms": 88.4,
            "final_send_began_ms": 87.4,
            "final_send_returned_ms": 99.9,
            "task_started_ms": 88.3,
        }
    return {
        "status": 200,
        "body_ok": True,
        "client_released_by": "deadline",
        "client_read_ms": 347.2,
        "final_send_began_ms": 114.4,
        "final_send_returned_ms": 373.6,
        "task_started_ms": 373.7,
    }


def test_3458_a_task_started_during_the_last_send_reproduces() -> None:
    status, reason = run(READERS_3458, both(check_3458(early=True)))
    assert status is VerdictStatus.REPRODUCED and "still sending the end of the response" in reason
    assert measure("starlette-3458", both(check_3458(early=True))) == "task 12 ms before the last send"


def test_3458_a_task_after_a_send_that_waited_is_not_reproduced() -> None:
    status, _ = run(READERS_3458, both(check_3458(early=False)))
    assert status is VerdictStatus.NOT_REPRODUCED
    assert measure("starlette-3458", both(check_3458(early=False))) == "task after the last send"


def test_3458_a_send_that_never_waited_for_the_client_proves_nothing() -> None:
    # The buffers took the whole body: the server was done before the client read anything.
    check = check_3458(early=False)
    check["final_send_returned_ms"] = 120.0
    check["task_started_ms"] = 120.1
    status, reason = run(READERS_3458, both(check))
    assert status is VerdictStatus.INCONCLUSIVE and "did not wait for the slow client" in reason


def test_3458_a_task_that_never_started_or_a_short_body_is_inconclusive() -> None:
    never = check_3458(early=False)
    never["task_started_ms"] = None
    assert "never started" in run(READERS_3458, both(never))[1]
    short = check_3458(early=True)
    short["body_ok"] = False
    assert run(READERS_3458, both(short))[0] is VerdictStatus.INCONCLUSIVE
