"""Scenario for the regression fixed by Kludex/starlette#2688. Runs inside the sandbox through
``starlette_2093_check/repro/harness.py``.

A ``BaseHTTPMiddleware`` gets the response from ``call_next`` and attaches a background task to it
(``response.background = BackgroundTask(...)``), the way audit, metrics and cache middleware do. The
task must run once the response has been sent. Background tasks run inside the application call, so
once the server's call into the app has returned, a task that has not run never will: no waiting on
a deadline is needed to see it dropped.

http  uvicorn; one GET; the connection stays open. The server's call into the app is watched.
asgi  the app called directly, in memory; ``receive`` blocks until the response is complete, as a
      server's does.
"""

from __future__ import annotations

from typing import Any

BODY = b"hello"


def build_app(kit: Any, task: Any) -> Any:
    from starlette.background import BackgroundTask
    from starlette.middleware.base import BaseHTTPMiddleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    class AuditMiddleware(BaseHTTPMiddleware):
        async def dispatch(self, request: Any, call_next: Any) -> Any:
            response = await call_next(request)
            response.background = BackgroundTask(task.arun)
            return response

    async def endpoint(request: Any) -> Any:
        return PlainTextResponse(BODY.decode())

    return kit.starlette_app([Route("/", endpoint=endpoint)], [(AuditMiddleware, {})])


def _outcome(kit: Any, origin: float, task: Any, recorder: Any, timeout: float) -> dict[str, Any]:
    recorder.returned.wait(timeout)
    return {
        "task_ran_ms": kit.rel_ms(task.ran_at, origin),
        "app_returned_ms": kit.rel_ms(recorder.returned_at, origin),
        "app_ended": recorder.how,
    }


def http_check(kit: Any, hold: float, timeout: float) -> dict[str, Any]:
    import http.client

    task = kit.Mark()
    recorder = kit.Recorder(build_app(kit, task))
    origin = kit.now()
    with kit.serve(recorder, timeout) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", "/")
        response = conn.getresponse()
        body = response.read()
        received = kit.now()
        result = _outcome(kit, origin, task, recorder, timeout)  # the connection is still open
        conn.close()
    result.update(status=response.status, body_ok=body == BODY, received_ms=kit.rel_ms(received, origin))
    return result


def asgi_check(kit: Any, hold: float, timeout: float) -> dict[str, Any]:
    task = kit.Mark()
    recorder = kit.Recorder(build_app(kit, task))
    origin = kit.now()
    seen = kit.asgi_exchange(recorder, "GET", "/", timeout)
    result = _outcome(kit, origin, task, recorder, timeout)
    result.update(
        status=seen["status"],
        body_ok=seen["body"] == BODY,
        response_complete_ms=kit.rel_ms(seen["left_at"], origin),
    )
    if "error" in seen:
        result["error"] = seen["error"]
    return result


CHECKS = {"http": http_check, "asgi": asgi_check}
