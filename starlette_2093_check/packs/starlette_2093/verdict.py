"""How the starlette#2093 checks are read (in the bot's process, from the scenario's measurements).

``reproduced`` needs both checks to show the response waiting for the job; ``not_reproduced`` needs
both to have run the scenario cleanly (201 + the expected body, every job completed) and to have
seen the response finish while the job was still holding.
"""

from __future__ import annotations

from typing import Any

from starlette_2093_check.repro.verdict import Reader, Reading, second_request_ms

EXPECTED_STATUS = 201


def read_http(http: dict[str, Any]) -> Reading:
    """True when the second request on the connection had to wait for the first request's job."""
    if "error" in http:
        return None, f"the HTTP check failed: {http['error']}"
    requests = http.get("requests") or []
    for n, req in enumerate(requests, start=1):
        if req.get("status") != EXPECTED_STATUS:
            return None, f"HTTP request {n} answered {req.get('status')}, expected {EXPECTED_STATUS}"
        if not req.get("body_ok"):
            return None, f"HTTP request {n} returned an unexpected body"
    if len(requests) != 2:
        return None, "the server closed the connection after the first request; keep-alive was not exercised"
    if not http.get("same_connection"):
        return None, "the two requests did not share one connection"
    jobs = http.get("jobs") or []
    if len(jobs) != 2 or not all(j.get("completed") for j in jobs):
        return None, "a background job did not run to completion in the HTTP check"
    first = jobs[0]
    if first.get("released_by") == "event":
        return False, "the second response arrived while the first background job was still running"
    if first.get("released_by") == "deadline" and requests[1]["received_ms"] >= first["finished_ms"]:
        return True, "the second response arrived only after the first background job ended"
    return None, "the HTTP check gave an ambiguous timing"


def read_asgi(asgi: dict[str, Any]) -> Reading:
    """True when the final body message went out only after the job ended."""
    if "error" in asgi:
        return None, f"the ASGI check failed: {asgi['error']}"
    if asgi.get("status") != EXPECTED_STATUS:
        return None, f"the ASGI check got status {asgi.get('status')}, expected {EXPECTED_STATUS}"
    job = asgi.get("job") or {}
    if not job.get("completed"):
        return None, "the background job did not run to completion in the ASGI check"
    final = asgi.get("final_body_ms")
    if final is None:
        return None, "the app never sent its final response body message"
    if job.get("released_by") == "event":
        return False, "the final body message went out while the background job was still running"
    if job.get("released_by") == "deadline" and final >= job["finished_ms"]:
        return True, "the final body message went out only after the background job ended"
    return None, "the ASGI check gave an ambiguous timing"


# Order matters for messages only: the ASGI check calls the app directly, so when the app crashes its
# error is the app's own, while the HTTP check only sees a reset connection. It leads.
READERS: dict[str, Reader] = {"asgi": read_asgi, "http": read_http}


def measure(evidence: dict[str, Any]) -> str:
    """The second request's latency on the shared connection."""
    value = second_request_ms(evidence)
    if value is None:
        return "n/a"
    return f"second request {value / 1000:.2f} s" if value >= 1000 else f"second request {value:.0f} ms"
