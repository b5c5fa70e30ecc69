"""The verdict rules of DESIGN.md, applied to harness records."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from starlette_2093_check.model import VerdictStatus
from starlette_2093_check.packs.starlette_2093.verdict import READERS
from starlette_2093_check.repro.verdict import interpret as interpret_with
from starlette_2093_check.repro.verdict import second_request_ms


def interpret(record: dict[str, Any]) -> tuple[VerdictStatus, str]:
    """The headline pack's readers under the shared rules."""
    return interpret_with(record, READERS)


def record(blocked: bool) -> dict[str, Any]:
    """A well-formed harness record: the connection either waited for the job or did not."""
    released = "deadline" if blocked else "event"
    second_received = 1010.0 if blocked else 12.0
    return {
        "harness_version": "1",
        "hold_s": 1.0,
        "versions": {"python": "3.11.7", "starlette": "0.27.0", "anyio": "4.16.0", "uvicorn": "0.32.1"},
        "http": {
            "requests": [
                {"status": 201, "body_ok": True, "latency_ms": 5.0, "received_ms": 6.0, "local_port": 5000},
                {
                    "status": 201,
                    "body_ok": True,
                    "latency_ms": second_received - 7.0,
                    "received_ms": second_received,
                    "local_port": 5000,
                },
            ],
            "same_connection": True,
            "jobs": [
                {
                    "started_ms": 5.5,
                    "finished_ms": 1005.5 if blocked else 12.5,
                    "released_by": released,
                    "completed": True,
                },
                {"started_ms": 1011.0, "finished_ms": 1011.1, "released_by": "event", "completed": True},
            ],
        },
        "asgi": {
            "status": 201,
            "final_body_ms": 1003.0 if blocked else 3.0,
            "job": {
                "started_ms": 2.0,
                "finished_ms": 1002.0 if blocked else 3.1,
                "released_by": released,
                "completed": True,
            },
        },
    }


def test_both_checks_blocked_is_reproduced() -> None:
    status, reason = interpret(record(blocked=True))
    assert status is VerdictStatus.REPRODUCED
    assert "only after the first background job ended" in reason


def test_both_checks_free_is_not_reproduced() -> None:
    status, _ = interpret(record(blocked=False))
    assert status is VerdictStatus.NOT_REPRODUCED


def test_checks_that_disagree_are_inconclusive() -> None:
    rec = record(blocked=True)
    rec["asgi"] = record(blocked=False)["asgi"]
    status, reason = interpret(rec)
    assert status is VerdictStatus.INCONCLUSIVE
    assert reason.startswith("the checks disagree")


def _mutated(path: list[Any], value: Any, blocked: bool = False) -> dict[str, Any]:
    rec = copy.deepcopy(record(blocked))
    node = rec
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return rec


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["http", "requests", 1, "status"], 500, "HTTP request 2 answered 500"),
        (["http", "requests", 0, "body_ok"], False, "unexpected body"),
        (["http", "same_connection"], False, "did not share one connection"),
        (["http", "jobs", 0, "completed"], False, "did not run to completion"),
        (["asgi", "status"], 500, "ASGI check got status 500"),
        (["asgi", "final_body_ms"], None, "never sent its final response body"),
        (["asgi", "job", "completed"], False, "did not run to completion in the ASGI check"),
        (["http"], {"error": "ConnectionResetError: reset"}, "HTTP check failed"),
    ],
)
def test_anything_but_a_clean_run_is_inconclusive(path: list[Any], value: Any, expected: str) -> None:
    for blocked in (False, True):  # never "not affected", and never "affected" either
        status, reason = interpret(_mutated(path, value, blocked))
        assert status is VerdictStatus.INCONCLUSIVE
        assert expected in reason


def test_a_single_response_on_a_closed_connection_is_inconclusive() -> None:
    rec = record(blocked=False)
    rec["http"]["requests"] = rec["http"]["requests"][:1]
    status, reason = interpret(rec)
    assert status is VerdictStatus.INCONCLUSIVE
    assert "keep-alive was not exercised" in reason


def test_app_crash_reason_leads_with_the_app_error() -> None:
    rec = record(blocked=False)
    rec["http"] = {"error": "ConnectionResetError: [Errno 104] Connection reset by peer"}
    rec["asgi"] = {"error": "TypeError: Passing coroutines is forbidden, use tasks explicitly."}
    status, reason = interpret(rec)
    assert status is VerdictStatus.INCONCLUSIVE
    assert reason.index("TypeError") < reason.index("ConnectionResetError")
    assert "Python 3.11.7" in reason


def test_import_error_is_inconclusive() -> None:
    status, reason = interpret(
        {
            "versions": {"starlette": "0.13.8", "python": "3.13.0"},
            "import_error": "ModuleNotFoundError: No module named 'cgi'",
        }
    )
    assert status is VerdictStatus.INCONCLUSIVE
    assert "could not be imported on Python 3.13.0" in reason


def test_released_by_deadline_but_response_earlier_is_ambiguous() -> None:
    rec = record(blocked=True)
    rec["http"]["requests"][1]["received_ms"] = 500.0  # before the job finished: not a clean reading
    status, reason = interpret(rec)
    assert status is VerdictStatus.INCONCLUSIVE
    assert "ambiguous" in reason


def test_second_request_ms() -> None:
    assert second_request_ms(record(blocked=True)) == 1003.0
    assert second_request_ms({"http": {"error": "x"}}) is None


# -- custom packs: the scenario reports its own readings; the rules are the same ---------------------


def custom(**checks: Any) -> dict[str, Any]:
    return {"versions": {"starlette": "0.27.0", "python": "3.11.7"}, "checks": list(checks), **checks}


def test_custom_checks_that_all_observe_the_bug_reproduce() -> None:
    rec = custom(a={"observed": True, "why": "job cancelled"}, b={"observed": True, "why": "also here"})
    assert interpret_with(rec, None) == (VerdictStatus.REPRODUCED, "job cancelled; also here")


def test_custom_checks_that_all_pass_are_not_reproduced() -> None:
    rec = custom(a={"observed": False, "why": "ran"}, b={"observed": False})
    status, reason = interpret_with(rec, None)
    assert status is VerdictStatus.NOT_REPRODUCED
    assert reason == "ran; the b check did not see the bug"


@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        ({"a": {"observed": True}, "b": {"observed": False}}, "the checks disagree"),
        ({"a": {"observed": "yes"}}, "did not report what it observed"),
        ({"a": {"why": "forgot"}}, "did not report what it observed"),
        ({"a": {"error": "RuntimeError: boom"}}, "the a check failed: RuntimeError: boom"),
        ({}, "the scenario defines no checks"),
    ],
)
def test_custom_checks_that_say_nothing_definite_are_inconclusive(
    checks: dict[str, Any], expected: str
) -> None:
    status, reason = interpret_with(custom(**checks), None)
    assert status is VerdictStatus.INCONCLUSIVE
    assert expected in reason


def test_a_check_missing_from_the_record_is_inconclusive() -> None:
    rec = record(blocked=True)
    del rec["asgi"]
    status, reason = interpret(rec)
    assert status is VerdictStatus.INCONCLUSIVE
    assert "no asgi result" in reason
