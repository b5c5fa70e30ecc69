"""Scenario for Kludex/starlette#1438. Runs inside the sandbox through ``repro/harness.py``.

The app is the one from the upstream report: a pass-through ``BaseHTTPMiddleware`` (given as a
``dispatch`` function) in front of an endpoint whose response carries two background tasks, an
``async`` one that is still running when the client goes away, and a second one after it. The client
reads the whole response and closes the connection, as many HTTP clients do. The first job holds
until the disconnect has happened and the event loop has had time to act on it; if the middleware
cancels the app when it sees the disconnect, the job is cancelled on the way and the second task
never runs.

http  uvicorn; the client reads the response (Content-Length bytes) and closes the socket.
asgi  the app called directly, in memory; once the client has Content-Length bytes it leaves, and
      ``receive`` answers ``http.disconnect``, as a server does when the peer has gone.
"""

from __future__ import annotations

import threading
from typing import Any

BODY = b"accepted"


def build_app(kit: Any, job: Any, mark: Any) -> Any:
    from starlette.background import BackgroundTasks
    from starlette.middleware.base import BaseHTTPMiddleware
    from starlette.responses import Response
    from starlette.routing import Route

    async def passthrough(request: Any, call_next: Any) -> Any:
        return await call_next(request)

    async def endpoint(request: Any) -> Any:
        tasks = BackgroundTasks()
        tasks.add_task(job.run)
        tasks.add_task(mark.run)
        return Response(BODY, media_type="text/plain", background=tasks)

    routes = [Route("/task", endpoint=endpoint)]
    return kit.starlette_app(routes, [(BaseHTTPMiddleware, {"dispatch": passthrough})])


def _outcome(kit: Any, origin: float, job: Any, mark: Any, recorder: Any, timeout: float) -> dict[str, Any]:
    """Wait until the job has ended (or the app returned without starting it), then record it all."""
    # Background tasks run inside the app call, so it returns once they have ended or been cancelled.
    recorder.returned.wait(job.hold + timeout)
    # A task of the app's own (releases before 0.15) may start the job after the call returned.
    if job.started.wait(min(job.hold, 0.25)):
        job.done.wait(job.hold + timeout)
    if job.outcome == "completed":
        mark.done.wait(timeout)  # runs right after the first job, in the thread pool
    return {
        "job": job.as_dict(origin),
        "second_task_ms": kit.rel_ms(mark.ran_at, origin),
        "app_returned_ms": kit.rel_ms(recorder.returned_at, origin),
        "app_ended": recorder.how,
    }


def http_check(kit: Any, hold: float, timeout: float) -> dict[str, Any]:
    """One GET to a real uvicorn server; the client closes the connection once it has the body."""
    import http.client

    closed = threading.Event()
    job, mark = kit.AsyncJob(closed, hold), kit.Mark()
    recorder = kit.Recorder(build_app(kit, job, mark))
    origin = kit.now()
    with kit.serve(recorder, timeout) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=hold + timeout)
        conn.request("GET", "/task")
        response = conn.getresponse()
        body = response.read()
        received = kit.now()
        conn.close()
        disconnected = kit.now()
        closed.set()
        result = _outcome(kit, origin, job, mark, recorder, timeout)
    result.update(
        status=response.status,
        body_ok=body == BODY,
        received_ms=kit.rel_ms(received, origin),
        disconnect_ms=kit.rel_ms(disconnected, origin),
    )
    return result


def asgi_check(kit: Any, hold: float, timeout: float) -> dict[str, Any]:
    """Call the app directly; the client leaves as soon as it has Content-Length bytes."""
    gone = threading.Event()
    job, mark = kit.AsyncJob(gone, hold), kit.Mark()
    recorder = kit.Recorder(build_app(kit, job, mark))
    origin = kit.now()
    seen = kit.asgi_exchange(
        recorder,
        "GET",
        "/task",
        hold + timeout,
        leave_at_length=True,
        on_leave=gone.set,
        # Releases before 0.15 run the app in a task of its own, which outlives the middleware's call.
        linger=lambda: job.started.is_set() and not job.done.is_set(),
        settle=job.settle,
    )
    result = _outcome(kit, origin, job, mark, recorder, timeout)
    result.update(
        status=seen["status"],
        body_ok=seen["body"] == BODY,
        disconnect_ms=kit.rel_ms(seen["left_at"], origin),
        disconnect_delivered_ms=kit.rel_ms(seen["disconnect_delivered_at"], origin),
    )
    if "error" in seen:
        result["error"] = seen["error"]
    return result


CHECKS = {"http": http_check, "asgi": asgi_check}
