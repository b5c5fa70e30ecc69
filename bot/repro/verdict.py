"""Turn a harness record into a verdict. Pure: the rules of DESIGN.md, nothing else.

``reproduced`` needs positive evidence from BOTH checks; ``not_reproduced`` needs both checks to
have exercised the scenario successfully (201 + expected body, every background job completed)
and to have seen the response finish while the job was still holding. Everything else is
``inconclusive`` with a reason a person can act on.
"""

from __future__ import annotations

from typing import Any

from bot.model import VerdictStatus

EXPECTED_STATUS = 201

# One check's reading: True = the connection/response waited for the job, False = it did not.
Reading = tuple[bool | None, str]


def _http_reading(http: dict[str, Any]) -> Reading:
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


def _asgi_reading(asgi: dict[str, Any]) -> Reading:
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


def interpret(record: dict[str, Any]) -> tuple[VerdictStatus, str]:
    """Apply the verdict rules to one harness record (the JSON the harness printed)."""
    if "import_error" in record:
        versions = record.get("versions") or {}
        return (
            VerdictStatus.INCONCLUSIVE,
            f"starlette {versions.get('starlette')} could not be imported on Python "
            f"{versions.get('python')}: {record['import_error']}",
        )
    http, why_http = _http_reading(record.get("http") or {"error": "no HTTP result"})
    asgi, why_asgi = _asgi_reading(record.get("asgi") or {"error": "no ASGI result"})
    if http is None or asgi is None:
        # The ASGI check calls the app directly, so its error is the app's own; when the app
        # crashes the HTTP check only sees a reset connection. Lead with the more direct one.
        failed = [why for reading, why in ((asgi, why_asgi), (http, why_http)) if reading is None]
        versions = record.get("versions") or {}
        return (
            VerdictStatus.INCONCLUSIVE,
            f"on starlette {versions.get('starlette')} / Python {versions.get('python')}: "
            + "; ".join(failed),
        )
    if http != asgi:
        return VerdictStatus.INCONCLUSIVE, f"the checks disagree: {why_http}, but {why_asgi}"
    status = VerdictStatus.REPRODUCED if http else VerdictStatus.NOT_REPRODUCED
    return status, f"{why_http}; {why_asgi}"


def second_request_ms(evidence: dict[str, Any]) -> float | None:
    """The measured latency of the second request on the shared connection, if there is one."""
    requests = (evidence.get("http") or {}).get("requests") or []
    return requests[1]["latency_ms"] if len(requests) > 1 else None
