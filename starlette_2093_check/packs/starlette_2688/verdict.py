"""How the checks of the starlette#2688 regression are read (in the bot's process).

Background tasks run inside the application call. ``reproduced``: the server's call into the app
returned and the task attached in ``dispatch`` had not run. ``not_reproduced``: it ran, after the
response.
"""

from __future__ import annotations

from typing import Any

from starlette_2093_check.repro.verdict import Reader, Reading, exchange_failed, http_and_asgi

EXPECTED_STATUS = 200


def _read(check: dict[str, Any], name: str) -> Reading:
    failed = exchange_failed(check, name, EXPECTED_STATUS)
    if failed is not None:
        return failed
    if check.get("app_returned_ms") is None:
        return None, f"in the {name} check the app call did not return"
    if check.get("app_ended") != "returned":
        return None, f"in the {name} check the app call {check.get('app_ended')}"
    if check.get("task_ran_ms") is None:
        return True, f"the app call ended and the background task set in dispatch never ran ({name})"
    return False, f"the background task set in dispatch ran ({name})"


READERS: dict[str, Reader] = http_and_asgi(_read)


def measure(evidence: dict[str, Any]) -> str:
    """Whether the task attached in dispatch ran (HTTP check)."""
    http = evidence.get("http") or {}
    if http.get("app_returned_ms") is None:
        return "n/a"
    return "task ran" if http.get("task_ran_ms") is not None else "task dropped"
