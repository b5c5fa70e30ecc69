from __future__ import annotations

from starlette_2093_check.pipeline import resolution_python
from starlette_2093_check.repro.sandbox import Interpreter


def interp(requested: str | None, note: str = "") -> Interpreter:
    return Interpreter(
        path="/usr/bin/python3", implementation="cpython", version="3.11.7", requested=requested, note=note
    )


def test_the_running_interpreter_when_the_request_was_met() -> None:
    assert resolution_python(interp(None)) == "3.11.7"
    assert resolution_python(interp(">=3.9")) == "3.11.7"


def test_the_requested_version_when_it_is_not_available() -> None:
    missing = "not available here"
    assert resolution_python(interp("3.12", missing)) == "3.12"
    assert resolution_python(interp("3.13.1", missing)) == "3.13.1"
    assert resolution_python(interp(">=3.12,<3.14", missing)) == "3.12"
    assert resolution_python(interp("~=3.8", missing)) == "3.8"
    assert resolution_python(interp("pypy3.10", missing)) == "3.11.7"  # not a version we can resolve for
