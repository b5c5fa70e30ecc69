"""How the starlette#3458 checks are read (in the bot's process, from the scenario's measurements).

``reproduced``: the background task started while the server's send of the end of the response was
still waiting for the slow client. ``not_reproduced``: that send really waited for the client (the
scenario was exercised) and the task started only after it returned.
"""

from __future__ import annotations

from typing import Any

from starlette_2093_check.repro.verdict import Reader, Reading, exchange_failed, http_and_asgi

EXPECTED_STATUS = 200


def _ms(value: float) -> str:
    if value < 1:
        return "under 1 ms"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def _read(check: dict[str, Any], name: str) -> Reading:
    failed = exchange_failed(check, name, EXPECTED_STATUS)
    if failed is not None:
        return failed
    began, returned = check.get("final_send_began_ms"), check.get("final_send_returned_ms")
    started = check.get("task_started_ms")
    if began is None or returned is None:
        return None, f"in the {name} check the server never sent the end of the response"
    if started is None:
        return None, f"in the {name} check the background task never started"
    if started < returned:
        if check.get("client_released_by") != "task":
            return None, f"the {name} check gave an ambiguous timing"
        return True, (
            f"the background task started while the server was still sending the end of the response "
            f"to the slow client ({name})"
        )
    waited_from = check.get("client_read_ms", began)
    if check.get("client_released_by") != "deadline" or returned < waited_from:
        # The server finished sending before the client started to read: nothing made it wait.
        return None, f"in the {name} check the end of the response did not wait for the slow client"
    return False, f"the background task started only after the response had been sent ({name})"


READERS: dict[str, Reader] = http_and_asgi(_read)


def measure(evidence: dict[str, Any]) -> str:
    """When the task started relative to the server's last send returning (HTTP check)."""
    http = evidence.get("http") or {}
    started, returned = http.get("task_started_ms"), http.get("final_send_returned_ms")
    if started is None or returned is None:
        return "n/a"
    if started < returned:
        return f"task {_ms(returned - started)} before the last send"
    return "task after the last send"
