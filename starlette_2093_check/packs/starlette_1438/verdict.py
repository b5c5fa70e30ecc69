"""How the starlette#1438 checks are read (in the bot's process, from the scenario's measurements).

``reproduced``: the background job was cancelled, or the app call ended without the background tasks
having run. ``not_reproduced``: both jobs ran to completion, and the first one was still running
when the client disconnected, so the disconnect really was exercised.
"""

from __future__ import annotations

from typing import Any

from starlette_2093_check.repro.verdict import Reader, Reading, exchange_failed, http_and_asgi

EXPECTED_STATUS = 200


def _read(check: dict[str, Any], name: str) -> Reading:
    failed = exchange_failed(check, name, EXPECTED_STATUS)
    if failed is not None:
        return failed
    left = check.get("disconnect_ms")
    if left is None:
        return None, f"in the {name} check the client never had the whole response"
    job = check.get("job") or {}
    ended = job.get("finished_ms")
    when = "before" if ended is not None and ended < left else "after"
    if job.get("outcome") == "cancelled":
        return True, f"the background job was cancelled {when} the client disconnected ({name})"
    if not job.get("completed"):
        if job.get("started_ms") is None and check.get("app_returned_ms") is not None:
            return True, f"the app finished without running its background tasks ({name})"
        if str(job.get("outcome") or "").startswith("error"):
            return None, f"the background job in the {name} check failed: {job['outcome']}"
        return None, f"the background job in the {name} check did not end"
    if job["finished_ms"] < left:
        return None, f"in the {name} check the job ended before the client disconnected: nothing was tested"
    if check.get("second_task_ms") is None:
        return None, f"in the {name} check the second background task did not run after the first"
    return False, f"both background tasks ran to completion after the client disconnected ({name})"


READERS: dict[str, Reader] = http_and_asgi(_read)


def measure(evidence: dict[str, Any]) -> str:
    """What happened to the background job once the client had gone (HTTP check)."""
    job = (evidence.get("http") or {}).get("job") or {}
    outcome = job.get("outcome")
    if outcome == "cancelled":
        return "job cancelled"
    if outcome == "completed":
        return "job completed"
    if job.get("started_ms") is None and (evidence.get("http") or {}).get("app_returned_ms") is not None:
        return "job never started"
    return "n/a"
